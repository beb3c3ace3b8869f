//! `cargo bench --bench suggest`: how long "did you mean" makes `kravkat check` take at its
//! worst, against a catalogue of 21,000 items. Not a test: nothing here fails on a slow machine
//! (tests/corpus.rs and the unit tests of `diagnostic` check that the work is bounded). The
//! target is under a second for any input within the Limits; the results are written up in
//! docs/benchmarks.md.
//!
//! Each case is a catalogue file and a profile selecting 50 ids the catalogue does not have:
//! short typos (two digits swapped, as a buyer makes them), ids of 100,000 characters, and ids
//! of 64 characters (the longest that get a suggestion) each a few edits from every one of
//! 21,000 ids of the same length; and, for what the rest of a run costs, 50 ids it has. The
//! release `kravkat check` is run as a user runs it, a new process each time, timed from spawn
//! to exit; it must refuse the profile naming the unknown ids. The processor time of one more
//! run comes from GNU time (`/usr/bin/time -f "%U %S"`): on a busy machine it says more than
//! the wall clock.
//!
//! ```console
//! $ cargo bench --bench suggest
//! $ cargo bench --bench suggest -- --reps 3
//! ```

mod common;
use common::*;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const KRAVKAT: &str = env!("CARGO_BIN_EXE_kravkat");
const ITEMS: usize = 21_000;
const UNKNOWN: usize = 50;

/// A case: its name, the catalogue's ids, the profile's ids (unknown but in the first case).
struct Case {
    name: &'static str,
    known: fn(usize) -> String,
    unknown: fn(usize) -> String,
}

const CASES: &[Case] = &[
    // What reading and checking the catalogue costs without any "did you mean".
    Case {
        name: "none: 50 ids it has",
        known: |i| format!("{i}.{}", i % 7),
        unknown: |i| format!("{i}.{}", i % 7),
    },
    Case {
        name: "short typos (`41.6` for `14.6`)",
        known: |i| format!("{i}.{}", i % 7),
        unknown: |i| {
            let id = format!("{}.{}", 1000 + i, (1000 + i) % 7);
            let mut c: Vec<char> = id.chars().collect();
            c.swap(0, 1);
            c.into_iter().collect()
        },
    },
    Case {
        name: "ids of 100,000 characters",
        known: |i| format!("{i}.{}", i % 7),
        unknown: |i| format!("{}{i}", "9".repeat(100_000)),
    },
    Case {
        name: "ids of 64 characters, a few edits from all 21,000",
        known: |i| format!("{i:0>64}"),
        // Nothing shared at the start or the end, which comparing would skip: every comparison
        // works through the whole band.
        unknown: |i| format!("x{i:0>62}y"),
    },
];

fn main() {
    let mut reps = 5;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--reps" {
            reps = args
                .next()
                .and_then(|v| v.parse().ok())
                .expect("--reps: a whole number");
        }
    }
    let dir = tempfile::tempdir().expect("a temporary directory");
    println!("# kravkat did-you-mean benchmark\n");
    println!("{}", machine(KRAVKAT, None));
    println!(
        "Each time is the wall-clock time of one `kravkat check` process, spawn to exit, refusing a \
         profile with {UNKNOWN} unknown ids against a catalogue of {ITEMS} items; median and minimum \
         of {reps} runs after one untimed run.\n"
    );
    println!("| unknown ids | median | min | processor time (user + system) |\n| --- | ---: | ---: | ---: |");
    for (n, case) in CASES.iter().enumerate() {
        let profile = write_case(&dir.path().join(n.to_string()), case);
        let (median, min) = time(&profile, reps.max(1), n > 0);
        println!("| {} | {} | {} | {} |", case.name, ms(median), ms(min), cpu(&profile));
    }
    println!("\nLoad average at the end (1, 5, 15 min): {}.", load_average());
}

/// Writes the catalogue and profile of `case` into the folder `sub`; the profile's path.
fn write_case(sub: &Path, case: &Case) -> std::path::PathBuf {
    std::fs::create_dir_all(sub).expect("a folder");
    let mut catalogue = String::from(
        "id: big\ntitle: Stor\npublisher: P\nversion: \"1\"\nsource: S\nattribution: { statement: S }\ncategories: [{ name: K }]\nitems:\n",
    );
    for i in 0..ITEMS {
        catalogue.push_str(&format!(
            "  - {{ id: \"{}\", kind: requirement, level: Ska, category: K, text: Krav. }}\n",
            (case.known)(i)
        ));
    }
    std::fs::write(sub.join("katalog.yaml"), catalogue).expect("the catalogue");
    let ids: Vec<String> = (0..UNKNOWN).map(|i| format!("\"{}\"", (case.unknown)(i))).collect();
    let profile = sub.join("profil.yaml");
    std::fs::write(
        &profile,
        format!(
            "procurement:\n  title: Test\n  organisation: Testkommun\ncatalogs:\n  - path: katalog.yaml\nselect:\n  items: [{}]\n",
            ids.join(", ")
        ),
    )
    .expect("the profile");
    profile
}

/// `kravkat check -q profile`, its output unread.
fn check(profile: &Path) -> Command {
    let mut c = Command::new(KRAVKAT);
    c.args(["check", "-q"])
        .arg(profile)
        .stdin(Stdio::null())
        .stdout(Stdio::null());
    c
}

/// The median and minimum of `reps` runs of `kravkat check profile`, after one untimed run that
/// checks it refuses the profile for its unknown ids (or, when there are none, accepts it).
fn time(profile: &Path, reps: usize, unknown: bool) -> (Duration, Duration) {
    let out = check(profile).output().expect("spawn");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let expected = if unknown {
        out.status.code() == Some(1) && stderr.contains("unknown id")
    } else {
        out.status.success()
    };
    assert!(expected, "kravkat check gave another answer:\n{stderr}");
    let mut times: Vec<Duration> = (0..reps)
        .map(|_| {
            let start = Instant::now();
            check(profile).stderr(Stdio::null()).status().expect("spawn");
            start.elapsed()
        })
        .collect();
    times.sort();
    (times[times.len() / 2], times[0])
}

/// The processor time of one run of `kravkat check profile`, from GNU time, or `–` without it.
fn cpu(profile: &Path) -> String {
    if !Path::new(GNU_TIME).is_file() {
        return "–".into();
    }
    let file = profile.with_extension("time");
    Command::new(GNU_TIME)
        .args(["-f", "%U %S", "-o"])
        .arg(&file)
        .args([KRAVKAT, "check", "-q"])
        .arg(profile)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("spawn");
    let text = std::fs::read_to_string(&file).expect("time's output");
    // GNU time writes a note before the numbers when the command fails, as `check` does here.
    let seconds: f64 = text
        .lines()
        .last()
        .unwrap_or_default()
        .split_whitespace()
        .map(|s| s.parse::<f64>().expect("seconds"))
        .sum();
    ms(Duration::from_secs_f64(seconds))
}
