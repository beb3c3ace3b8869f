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

mod common;
use common::*;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The binary `cargo bench` builds with the `bench` profile, which inherits `release`.
const KRAVKAT: &str = env!("CARGO_BIN_EXE_kravkat");

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
            "--sizes" => a.sizes = sizes(&value("--sizes")),
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
        let profile = generate(&dir, n);
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
