//! `cargo bench`: how long `kravkat build` takes, end to end, for catalogues of 100 to 10,000
//! requirements, beside pandoc converting the same Markdown. Not a test: nothing here fails on
//! a slow machine, and `cargo test` never builds it. The results and the method are written up
//! in docs/benchmarks.md.
//!
//! Each size gets a generated catalogue (varied Markdown: paragraphs, emphasis, lists, links,
//! Swedish letters; categories; guidance and specify advice; references) and a profile that
//! selects the whole catalogue with exclusions, level changes, replaced texts, specifications
//! and own requirements. The release `kravkat` binary is then run as a user runs it — a new
//! process per build, the catalogue read from its file, the output written atomically — and
//! timed from spawn to exit. Peak memory (maximum resident set size) comes from one more run
//! under GNU time (`/usr/bin/time -f %M`), so that the timed runs carry no wrapper.
//!
//! ```console
//! $ cargo bench --bench build                           # everything (a few minutes)
//! $ cargo bench --bench build -- --sizes 100,1000 --reps 3 --no-pandoc
//! $ cargo bench --bench build -- --keep /tmp/kravkat-bench   # keep the generated files
//! $ cargo bench --bench build -- --kravkat /path/to/other/kravkat   # time another build
//! ```

#[path = "support/generate.rs"]
mod generate;

use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The binary `cargo bench` builds with the `bench` profile, which inherits `release`.
const KRAVKAT: &str = env!("CARGO_BIN_EXE_kravkat");
const GNU_TIME: &str = "/usr/bin/time";

struct Args {
    sizes: Vec<usize>,
    reps: usize,
    pandoc_reps: usize,
    pandoc: bool,
    keep: Option<PathBuf>,
    /// The binary to time: this build's by default; another to compare versions.
    kravkat: String,
}

fn args() -> Args {
    let mut a = Args {
        sizes: vec![100, 1_000, 2_000, 10_000],
        reps: 7,
        pandoc_reps: 3,
        pandoc: true,
        keep: None,
        kravkat: KRAVKAT.to_owned(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().unwrap_or_else(|| panic!("{name} needs a value"));
        match arg.as_str() {
            "--sizes" => a.sizes = generate::sizes(&value("--sizes")),
            "--reps" => a.reps = value("--reps").parse().expect("--reps: a whole number"),
            "--pandoc-reps" => a.pandoc_reps = value("--pandoc-reps").parse().expect("a whole number"),
            "--no-pandoc" => a.pandoc = false,
            "--keep" => a.keep = Some(PathBuf::from(value("--keep"))),
            "--kravkat" => a.kravkat = value("--kravkat"),
            // `cargo bench` passes `--bench`; a filter word may follow. Neither means anything here.
            _ => {}
        }
    }
    a.reps = a.reps.max(1);
    a.pandoc_reps = a.pandoc_reps.max(1);
    a
}

fn main() {
    let args = args();
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let dir = match &args.keep {
        Some(d) => {
            std::fs::create_dir_all(d).expect("--keep: cannot create the directory");
            d.clone()
        }
        None => tmp.path().to_path_buf(),
    };
    let pandoc = args.pandoc.then(pandoc_version).flatten();
    let gnu_time = Path::new(GNU_TIME).is_file();

    println!("# kravkat build benchmark\n");
    println!("{}", machine(&args.kravkat, pandoc.as_deref()));
    if !gnu_time {
        println!("{GNU_TIME} is missing (Debian: `apt-get install time`): no peak memory.\n");
    }
    if args.pandoc && pandoc.is_none() {
        println!("pandoc is not installed: its columns are left out.\n");
    }
    println!(
        "Each time is the wall-clock time of one `kravkat build` process, spawn to exit; \
         median and minimum of {} runs after one untimed run (pandoc: {} runs). \
         Peak RSS: one more run under `{GNU_TIME} -f %M`.\n",
        args.reps, args.pandoc_reps
    );

    let mut results: Vec<Result> = Vec::new();
    for &n in &args.sizes {
        let profile = generate::generate(&dir, n);
        let mut runs = vec![("md", "tender"), ("html", "tender"), ("docx", "tender")];
        if n == 2_000 || (args.sizes.len() == 1) {
            runs.extend([("md", "internal"), ("html", "internal"), ("docx", "internal")]);
        }
        for (format, audience) in runs {
            let out = dir.join(format!("bilaga-{n}-{audience}.{format}"));
            let argv = os(
                [args.kravkat.as_str(), "build", "-q", "-f", format, "-a", audience, "-o"],
                [&out, &profile],
            );
            let r = measure(n, "kravkat", format, audience, &argv, args.reps, gnu_time, &out);
            eprintln!("{}", r.line());
            results.push(r);
        }
        if pandoc.is_some() {
            let md = dir.join(format!("bilaga-{n}-tender.md"));
            for (format, standalone) in [("docx", &[][..]), ("html", &["--standalone"][..])] {
                let out = dir.join(format!("pandoc-{n}.{format}"));
                let mut argv = os(["pandoc", "-f", "gfm", "-t", format], []);
                argv.extend(os(standalone.iter().copied(), []));
                // A standalone HTML page needs a title; kravkat's has one too.
                if format == "html" {
                    argv.extend(os(["--metadata", "pagetitle=Kravbilaga"], []));
                }
                argv.extend(os(["-o"], [&out, &md]));
                let r = measure(n, "pandoc", format, "tender", &argv, args.pandoc_reps, gnu_time, &out);
                eprintln!("{}", r.line());
                results.push(r);
            }
        }
    }
    println!("{}", report(&results, &args.sizes));
    println!("Load average at the end (1, 5, 15 min): {}.\n", load_average());
    if let Some(d) = &args.keep {
        println!(
            "The generated catalogues, profiles and outputs are in `{}`.",
            d.display()
        );
    }
}

/// One command measured at one size.
struct Result {
    n: usize,
    tool: &'static str,
    format: &'static str,
    audience: &'static str,
    median: Duration,
    min: Duration,
    /// Peak resident set size in KiB.
    rss: Option<u64>,
    bytes: u64,
}

impl Result {
    fn line(&self) -> String {
        format!(
            "{:>6} {:<7} {:<4} {:<8} median {:>9} min {:>9} rss {:>7}",
            self.n,
            self.tool,
            self.format,
            self.audience,
            ms(self.median),
            ms(self.min),
            self.rss.map_or("–".into(), mib)
        )
    }
}

/// Runs `argv` (program first) `reps` times after one untimed run, which also checks that it
/// succeeds; then once more under GNU time for the peak resident set size.
#[allow(clippy::too_many_arguments)]
fn measure(
    n: usize,
    tool: &'static str,
    format: &'static str,
    audience: &'static str,
    argv: &[OsString],
    reps: usize,
    gnu_time: bool,
    out: &Path,
) -> Result {
    let run = |prefix: &[OsString]| {
        let all: Vec<&OsString> = prefix.iter().chain(argv).collect();
        let mut c = Command::new(all[0]);
        c.args(&all[1..]).stdin(Stdio::null()).stdout(Stdio::null());
        c
    };
    // A failed run ends the benchmark with the tool's own message: its times would mean nothing.
    let checked = |mut c: Command| {
        let output = c.stderr(Stdio::piped()).output().expect("spawn");
        if !output.status.success() {
            eprintln!("{tool} failed at {n} requirements ({format}, {audience}):");
            eprintln!("{}", String::from_utf8_lossy(&output.stderr));
            std::process::exit(1);
        }
    };
    checked(run(&[]));
    let mut times = Vec::with_capacity(reps);
    for _ in 0..reps {
        let mut c = run(&[]);
        c.stderr(Stdio::null());
        let start = Instant::now();
        let status = c.status().expect("spawn");
        times.push(start.elapsed());
        assert!(status.success(), "{tool} failed");
    }
    times.sort();
    let rss = gnu_time.then(|| {
        let file = out.with_extension("rss");
        let prefix: Vec<OsString> = [GNU_TIME, "-f", "%M", "-o"]
            .iter()
            .map(OsString::from)
            .chain([file.clone().into_os_string()])
            .collect();
        checked(run(&prefix));
        let text = std::fs::read_to_string(&file).expect("time's output");
        let _ = std::fs::remove_file(&file);
        // GNU time writes a note before the number when the command fails; it did not here.
        text.trim()
            .lines()
            .last()
            .and_then(|l| l.trim().parse().ok())
            .expect("%M is a number")
    });
    Result {
        n,
        tool,
        format,
        audience,
        median: times[times.len() / 2],
        min: times[0],
        rss,
        bytes: std::fs::metadata(out).map_or(0, |m| m.len()),
    }
}

/// An argument list: words, then paths.
fn os<'a>(words: impl IntoIterator<Item = &'a str>, paths: impl IntoIterator<Item = &'a PathBuf>) -> Vec<OsString> {
    words
        .into_iter()
        .map(OsString::from)
        .chain(paths.into_iter().map(|p| p.clone().into_os_string()))
        .collect()
}

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1e3;
    if ms < 100.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{ms:.0} ms")
    }
}

fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

fn size(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MiB", bytes as f64 / f64::from(1 << 20))
    } else {
        format!("{:.0} KiB", bytes as f64 / 1024.0)
    }
}

/// The results as Markdown: every measurement, kravkat against pandoc, and cost per requirement.
fn report(results: &[Result], sizes: &[usize]) -> String {
    let mut s = String::new();
    let find = |n: usize, tool: &str, format: &str, audience: &str| {
        results
            .iter()
            .find(|r| r.n == n && r.tool == tool && r.format == format && r.audience == audience)
    };
    s.push_str("## All runs\n\n");
    s.push_str("| requirements | tool | format | audience | median | min | peak RSS | output |\n");
    s.push_str("| ---: | --- | --- | --- | ---: | ---: | ---: | ---: |\n");
    for r in results {
        let what = if r.tool == "pandoc" {
            format!("md → {}", r.format)
        } else {
            r.format.to_owned()
        };
        writeln!(
            s,
            "| {} | {} | {what} | {} | {} | {} | {} | {} |",
            r.n,
            r.tool,
            r.audience,
            ms(r.median),
            ms(r.min),
            r.rss.map_or("–".into(), mib),
            size(r.bytes)
        )
        .unwrap();
    }
    if results.iter().any(|r| r.tool == "pandoc") {
        s.push_str("\n## kravkat against pandoc (medians, tender)\n\n");
        s.push_str(
            "| requirements | kravkat docx | pandoc md → docx | faster | kravkat html | pandoc md → html | faster |\n",
        );
        s.push_str("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for &n in sizes {
            let mut row = format!("| {n} |");
            for format in ["docx", "html"] {
                let (Some(k), Some(p)) = (
                    find(n, "kravkat", format, "tender"),
                    find(n, "pandoc", format, "tender"),
                ) else {
                    row.push_str(" – | – | – |");
                    continue;
                };
                let ratio = p.median.as_secs_f64() / k.median.as_secs_f64();
                write!(row, " {} | {} | {ratio:.0}× |", ms(k.median), ms(p.median)).unwrap();
            }
            s.push_str(&row);
            s.push('\n');
        }
    }
    s.push_str("\n## Cost per requirement (kravkat, tender, median time ÷ requirements)\n\n");
    s.push_str("| requirements | md | html | docx |\n| ---: | ---: | ---: | ---: |\n");
    for &n in sizes {
        let mut row = format!("| {n} |");
        for format in ["md", "html", "docx"] {
            match find(n, "kravkat", format, "tender") {
                Some(r) => write!(row, " {:.1} µs |", r.median.as_secs_f64() * 1e6 / n as f64).unwrap(),
                None => row.push_str(" – |"),
            }
        }
        s.push_str(&row);
        s.push('\n');
    }
    // The marginal cost between consecutive sizes leaves out what every run pays once (process
    // start, built-in catalogues): constant when the cost is linear.
    let mut sorted = sizes.to_vec();
    sorted.sort_unstable();
    if sorted.len() > 1 {
        s.push_str("\n## Marginal cost per added requirement (between consecutive sizes)\n\n");
        s.push_str("| from → to | md | html | docx |\n| --- | ---: | ---: | ---: |\n");
        for w in sorted.windows(2) {
            let (a, b) = (w[0], w[1]);
            let mut row = format!("| {a} → {b} |");
            for format in ["md", "html", "docx"] {
                match (
                    find(a, "kravkat", format, "tender"),
                    find(b, "kravkat", format, "tender"),
                ) {
                    (Some(x), Some(y)) => {
                        let per = (y.median.as_secs_f64() - x.median.as_secs_f64()) * 1e6 / (b - a) as f64;
                        write!(row, " {per:.1} µs |").unwrap();
                    }
                    _ => row.push_str(" – |"),
                }
            }
            s.push_str(&row);
            s.push('\n');
        }
    }
    s
}

/// The machine, as docs/benchmarks.md records it.
fn machine(kravkat: &str, pandoc: Option<&str>) -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find_map(|l| {
            l.strip_prefix("model name")
                .map(|v| v.trim_start_matches([' ', '\t', ':']).to_owned())
        })
        .unwrap_or_else(|| "unknown".into());
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let mem = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
        .map_or_else(
            || "unknown".into(),
            |kib| format!("{:.1} GiB", kib as f64 / (1 << 20) as f64),
        );
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let version = Command::new(kravkat)
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    format!(
        "- CPU: {cpu}, {cpus} available\n- memory: {mem}\n- {}\n- {version} ({kravkat})\n- pandoc: {}\n\
         - load average at the start (1, 5, 15 min): {}\n",
        std::env::consts::OS,
        pandoc.unwrap_or("not run"),
        load_average()
    )
}

/// Other work on the machine slows every run; the load average says how much there was.
fn load_average() -> String {
    let text = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let fields: Vec<&str> = text.split_whitespace().take(3).collect();
    if fields.is_empty() {
        "unknown".into()
    } else {
        fields.join(", ")
    }
}

fn pandoc_version() -> Option<String> {
    let o = Command::new("pandoc").arg("--version").output().ok()?;
    o.status.success().then(|| {
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .next()
            .unwrap_or("")
            .to_owned()
    })
}
