//! `cargo bench --bench scale`: a repository of profiles checked in one run, and the parse
//! floor of a large catalogue. Not a test: nothing here fails on a slow machine. The results
//! are written up in docs/benchmarks.md ("Many profiles, and the parse floor").
//!
//! - **Many profiles**: 1, 10, 100 and 300 copies of examples/integrationsplattform.yaml (three
//!   built-in catalogues each), each in its own folder with a declared Markdown output, timed
//!   with `kravkat check` and `kravkat build --check` over all of them in one process.
//! - **A profile's parse**: the bare parser and kravkat's reading of the example profile, in
//!   this process: what each added profile costs at the least.
//! - **The parse floor**: the benchmark's 2,000-requirement catalogue (benches/common): the bare
//!   parser (serde-saphyr into kravkat's catalogue type, nothing else) and kravkat's reading of
//!   it (parse, texts, validation), in this process; `kravkat check` of its profile; and the
//!   DOCX build of it beside pandoc converting the same Markdown.
//!
//! Every process is timed from spawn to exit (wall) and by the CPU time the kernel charged it
//! (user + system, from `getrusage`), which other work on the machine disturbs less. The load
//! average is recorded with each row.
//!
//! ```console
//! $ cargo bench --bench scale
//! $ cargo bench --bench scale -- --reps 5 --baseline /path/to/older/kravkat
//! ```

mod common;
use common::*;

use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const KRAVKAT: &str = env!("CARGO_BIN_EXE_kravkat");
const COUNTS: &[usize] = &[1, 10, 100, 300];
const REQUIREMENTS: usize = 2_000;

struct Args {
    reps: usize,
    pandoc_reps: usize,
    /// Another kravkat binary, timed beside this one (before and after a change).
    baseline: Option<String>,
}

fn args() -> Args {
    let mut a = Args {
        reps: 9,
        pandoc_reps: 3,
        baseline: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().unwrap_or_else(|| panic!("{name} needs a value"));
        match arg.as_str() {
            "--reps" => a.reps = value("--reps").parse().expect("--reps: a whole number"),
            "--pandoc-reps" => a.pandoc_reps = value("--pandoc-reps").parse().expect("a whole number"),
            "--baseline" => a.baseline = Some(value("--baseline")),
            // `cargo bench` passes `--bench`; a filter word may follow. Neither means anything here.
            _ => {}
        }
    }
    a.reps = a.reps.max(1);
    a.pandoc_reps = a.pandoc_reps.max(1);
    a
}

/// One command's times: wall and CPU (user + system), median and minimum.
struct Times {
    wall: Duration,
    wall_min: Duration,
    cpu: Duration,
    cpu_min: Duration,
    /// The 1-minute load average when the runs ended.
    load: String,
}

/// The CPU time (user + system) of all children waited for so far.
fn children_cpu() -> Duration {
    // SAFETY: getrusage only writes the struct it is given.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut u) };
    assert_eq!(rc, 0, "getrusage");
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(u.ru_utime) + tv(u.ru_stime)
}

/// Runs `argv` (program first) in `dir` once untimed, which must succeed with exit status
/// `ok`, then `reps` times.
fn time(dir: &Path, argv: &[OsString], ok: i32, reps: usize) -> Times {
    let run = || {
        let mut c = Command::new(&argv[0]);
        c.args(&argv[1..])
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        c
    };
    let first = run().stderr(Stdio::piped()).output().expect("spawn");
    if first.status.code() != Some(ok) {
        eprintln!("{argv:?} exited with {:?}:", first.status.code());
        eprintln!("{}", String::from_utf8_lossy(&first.stderr));
        std::process::exit(1);
    }
    let mut wall = Vec::with_capacity(reps);
    let mut cpu = Vec::with_capacity(reps);
    for _ in 0..reps {
        let before = children_cpu();
        let start = Instant::now();
        let status = run().status().expect("spawn");
        wall.push(start.elapsed());
        cpu.push(children_cpu() - before);
        assert_eq!(status.code(), Some(ok), "{argv:?}");
    }
    wall.sort();
    cpu.sort();
    Times {
        wall: wall[reps / 2],
        wall_min: wall[0],
        cpu: cpu[reps / 2],
        cpu_min: cpu[0],
        load: load_average().split(", ").next().unwrap_or("").to_owned(),
    }
}

/// Median and minimum CPU time of `reps` calls of `f`, in this thread: under load, the wall
/// time of a call is mostly time spent waiting for a core.
fn time_here(reps: usize, mut f: impl FnMut()) -> (Duration, Duration) {
    let cpu = || {
        let mut t = libc::timespec { tv_sec: 0, tv_nsec: 0 };
        // SAFETY: clock_gettime only writes the struct it is given.
        let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
        assert_eq!(rc, 0, "clock_gettime");
        Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
    };
    f();
    let mut t: Vec<Duration> = (0..reps)
        .map(|_| {
            let start = cpu();
            f();
            cpu() - start
        })
        .collect();
    t.sort();
    (t[reps / 2], t[0])
}

/// `n` copies of the example profile, each in its own folder with a declared output; the
/// profiles' paths, relative to `dir`.
fn repository(dir: &Path, n: usize) -> Vec<PathBuf> {
    let example =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/integrationsplattform.yaml"))
            .expect("the example");
    (0..n)
        .map(|i| {
            let rel = PathBuf::from(format!("upphandling-{i:03}/profil.yaml"));
            std::fs::create_dir_all(dir.join(&rel).parent().unwrap()).unwrap();
            std::fs::write(dir.join(&rel), format!("{example}\noutputs:\n  - path: bilaga.md\n")).unwrap();
            rel
        })
        .collect()
}

fn main() {
    let args = args();
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let dir = tmp.path();
    let pandoc = pandoc_version();
    let mut binaries = vec![("this build", KRAVKAT.to_owned())];
    if let Some(b) = &args.baseline {
        binaries.push(("baseline", b.clone()));
    }

    println!("# kravkat scale benchmark\n");
    println!("{}", machine(KRAVKAT, pandoc.as_deref()));
    println!(
        "Each time is the median (and minimum) of {} runs after one untimed run, wall clock from spawn to \
         exit and CPU time (user + system) charged to the process; load is the 1-minute load average \
         after the runs.\n",
        args.reps
    );

    let repo = dir.join("repo");
    let all = repository(&repo, *COUNTS.last().unwrap());
    let kravkat = |bin: &str, words: &[&str], profiles: &[PathBuf]| -> Vec<OsString> {
        let mut v = vec![OsString::from(bin)];
        v.extend(words.iter().map(OsString::from));
        v.extend(profiles.iter().map(|p| p.clone().into_os_string()));
        v
    };

    let mut s = String::new();
    s.push_str("## Many profiles in one run\n\n");
    s.push_str("| binary | command | profiles | wall | wall min | CPU | CPU min | × one profile (CPU) | load |\n");
    s.push_str("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (name, bin) in &binaries {
        // The outputs as this binary renders them, so that its `build --check` finds them current
        // (another version may render other bytes).
        time(&repo, &kravkat(bin, &["build", "-q"], &all), 0, 1);
        for (command, words) in [
            ("check", &["check", "-q"][..]),
            ("build --check", &["build", "--check", "-q"][..]),
        ] {
            let mut one = None;
            for &n in COUNTS {
                let t = time(&repo, &kravkat(bin, words, &all[..n]), 0, args.reps);
                let base = *one.get_or_insert(t.cpu);
                let line = format!(
                    "| {name} | `{command}` | {n} | {} | {} | {} | {} | {:.1}× | {} |",
                    ms(t.wall),
                    ms(t.wall_min),
                    ms(t.cpu),
                    ms(t.cpu_min),
                    t.cpu.as_secs_f64() / base.as_secs_f64(),
                    t.load
                );
                eprintln!("{line}");
                s.push_str(&line);
                s.push('\n');
            }
        }
    }

    s.push_str("\n## The built-in catalogues in a small build\n\n");
    s.push_str("| what | wall | wall min | CPU | CPU min | load |\n| --- | ---: | ---: | ---: | ---: | ---: |\n");
    let mut parsing = Duration::ZERO;
    for id in ["jonkoping", "skane", "ramverk"] {
        let (t, min) = time_here(args.reps, || {
            kravkat::catalog::builtin_versions(id).expect("a built-in catalogue");
        });
        parsing += t;
        let load = load_average();
        writeln!(
            s,
            "| parsing `{id}`, in process | – | – | {} | {} | {} |",
            ms(t),
            ms(min),
            load.split(", ").next().unwrap_or("")
        )
        .unwrap();
    }
    writeln!(s, "| the three together | – | – | {} | – | – |", ms(parsing)).unwrap();
    // What each added profile costs at the least: parsing it, which no sharing saves.
    let example_text = std::fs::read_to_string(repo.join(&all[0])).expect("the example");
    let (bare, bare_min) = time_here(args.reps.max(99), || {
        let _: kravkat::profile::Profile = serde_saphyr::from_str(&example_text).expect("the bare parser reads it");
    });
    let (read, read_min) = time_here(args.reps.max(99), || {
        kravkat::profile::parse(Path::new("profil.yaml"), example_text.clone()).expect("kravkat reads it");
    });
    let load = load_average();
    let load = load.split(", ").next().unwrap_or("");
    writeln!(
        s,
        "| the bare parser (serde-saphyr into `Profile`) on the example profile, in process | – | – | {} | {} | {load} |",
        ms(bare),
        ms(bare_min)
    )
    .unwrap();
    writeln!(
        s,
        "| kravkat reads the example profile (`profile::parse`), in process | – | – | {} | {} | {load} |",
        ms(read),
        ms(read_min)
    )
    .unwrap();
    let example = repo.join(&all[0]);
    for (what, words) in [
        ("`kravkat --version` (process start)", vec!["--version"]),
        ("`kravkat check` of the example", vec!["check", "-q"]),
        ("`kravkat build -f md` of the example", vec!["build", "-q", "-f", "md"]),
    ] {
        let mut argv = kravkat(KRAVKAT, &words, &[]);
        if words.len() > 1 {
            argv.push(example.clone().into_os_string());
        }
        let t = time(dir, &argv, 0, args.reps);
        writeln!(
            s,
            "| {what} | {} | {} | {} | {} | {} |",
            ms(t.wall),
            ms(t.wall_min),
            ms(t.cpu),
            ms(t.cpu_min),
            t.load
        )
        .unwrap();
    }

    let profile = generate(dir, REQUIREMENTS);
    let catalogue = dir.join(format!("bench-{REQUIREMENTS}.yaml"));
    let text = std::fs::read_to_string(&catalogue).unwrap();
    let (bare, bare_min) = time_here(args.reps, || {
        let c: kravkat::catalog::Catalog = serde_saphyr::from_str(&text).expect("the bare parser reads it");
        assert_eq!(c.items.len(), REQUIREMENTS);
    });
    let (read, read_min) = time_here(args.reps, || {
        let c = kravkat::catalog::parse(&catalogue, &text).expect("kravkat reads it");
        assert_eq!(c.items.len(), REQUIREMENTS);
    });
    writeln!(
        s,
        "\n## The parse floor: {REQUIREMENTS} requirements, a catalogue of {}\n",
        size(text.len() as u64)
    )
    .unwrap();
    s.push_str("| what | binary | wall | wall min | CPU | CPU min | load |\n");
    s.push_str("| --- | --- | ---: | ---: | ---: | ---: | ---: |\n");
    let load = load_average();
    let load = load.split(", ").next().unwrap_or("");
    writeln!(
        s,
        "| the bare parser (serde-saphyr into `Catalog`), in process | – | – | – | {} | {} | {load} |",
        ms(bare),
        ms(bare_min)
    )
    .unwrap();
    writeln!(
        s,
        "| kravkat reads the catalogue (`catalog::parse`), in process | this build | – | – | {} | {} | {load} |",
        ms(read),
        ms(read_min)
    )
    .unwrap();
    let md = dir.join("bilaga.md");
    let docx = dir.join("bilaga.docx");
    let mut docx_times = Vec::new();
    for (name, bin) in &binaries {
        let rows: [(&str, Vec<&str>); 2] = [
            ("`kravkat check`", vec!["check", "-q"]),
            ("`kravkat build -f docx`", vec!["build", "-q", "-f", "docx", "-o"]),
        ];
        for (what, words) in rows {
            let mut argv = kravkat(bin, &words, &[]);
            if what.contains("docx") {
                argv.push(docx.clone().into_os_string());
            }
            argv.push(profile.clone().into_os_string());
            let t = time(dir, &argv, 0, args.reps);
            if what.contains("docx") {
                docx_times.push((*name, t.wall, t.cpu));
            }
            let line = format!(
                "| {what} | {name} | {} | {} | {} | {} | {} |",
                ms(t.wall),
                ms(t.wall_min),
                ms(t.cpu),
                ms(t.cpu_min),
                t.load
            );
            eprintln!("{line}");
            s.push_str(&line);
            s.push('\n');
        }
    }
    if pandoc.is_some() {
        time(
            dir,
            &kravkat(
                KRAVKAT,
                &["build", "-q", "-f", "md", "-o"],
                &[md.clone(), profile.clone()],
            ),
            0,
            1,
        );
        let out = dir.join("pandoc.docx");
        let argv: Vec<OsString> = ["pandoc", "-f", "gfm", "-t", "docx", "-o"]
            .iter()
            .map(OsString::from)
            .chain([out.into_os_string(), md.into_os_string()])
            .collect();
        let p = time(dir, &argv, 0, args.pandoc_reps);
        writeln!(
            s,
            "| pandoc md → docx of the same content | – | {} | {} | {} | {} | {} |",
            ms(p.wall),
            ms(p.wall_min),
            ms(p.cpu),
            ms(p.cpu_min),
            p.load
        )
        .unwrap();
        s.push_str("\n| binary | kravkat docx | pandoc md → docx | faster (wall) | faster (CPU) |\n");
        s.push_str("| --- | ---: | ---: | ---: | ---: |\n");
        for (name, wall, cpu) in docx_times {
            writeln!(
                s,
                "| {name} | {} | {} | {:.0}× | {:.0}× |",
                ms(wall),
                ms(p.wall),
                p.wall.as_secs_f64() / wall.as_secs_f64(),
                p.cpu.as_secs_f64() / cpu.as_secs_f64()
            )
            .unwrap();
        }
    }
    println!("{s}");
    println!("\nLoad average at the end (1, 5, 15 min): {}.", load_average());
}
