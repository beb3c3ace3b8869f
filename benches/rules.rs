//! `cargo bench --bench rules`: what the procurement rules (`kravkat::rules`) cost, in process,
//! beside loading and resolving the same profile: over each shipped example, and over the
//! generated profile and catalogue of 2,000 requirements that benches/build.rs builds (and
//! other sizes with `--sizes`). Not a test: nothing here fails on a slow machine. The results
//! are written up in docs/benchmarks.md.
//!
//! ```console
//! $ cargo bench --bench rules
//! $ cargo bench --bench rules -- --sizes 2000,10000 --reps 11
//! ```

mod common;

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use kravkat::{catalog, load, resolve, rules};

struct Args {
    sizes: Vec<usize>,
    reps: usize,
}

fn args() -> Args {
    let mut a = Args {
        sizes: vec![2_000],
        reps: 21,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().unwrap_or_else(|| panic!("{name} needs a value"));
        match arg.as_str() {
            "--sizes" => a.sizes = common::sizes(&value("--sizes")),
            "--reps" => a.reps = value("--reps").parse().expect("--reps: a whole number"),
            // `cargo bench` passes `--bench`; a filter word may follow.
            _ => {}
        }
    }
    a.reps = a.reps.max(1);
    a
}

/// The median of `reps` runs of `f`, after one untimed run.
fn median<T>(reps: usize, mut f: impl FnMut() -> T) -> Duration {
    black_box(f());
    let mut times: Vec<Duration> = (0..reps)
        .map(|_| {
            let start = Instant::now();
            black_box(f());
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

/// One row: the profile, its items, what loading and resolving costs, what the rules cost.
fn profile_row(name: &str, path: &Path, reps: usize) -> String {
    let input = load::load(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let doc = resolve::resolve(&input).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let found = rules::check(&input, &doc).len();
    let pipeline = median(reps, || {
        let input = load::load(path).unwrap();
        resolve::resolve(&input).unwrap()
    });
    let rules = median(reps, || rules::check(&input, &doc));
    let share = rules.as_secs_f64() / pipeline.as_secs_f64() * 100.0;
    format!(
        "| {name} | {} | {} | {} | {share:.0} % | {found} |",
        doc.counts.items,
        common::ms(pipeline),
        common::ms(rules)
    )
}

fn main() {
    let args = args();
    let dir = tempfile::tempdir().expect("a temporary directory");
    println!("# Procurement rules benchmark\n");
    println!(
        "Median of {} runs after one untimed run, in process (release build). \"load + resolve\" is \
         reading the profile and its catalogues and resolving them; \"rules\" is `rules::check` over \
         the result, which `check` and `build` add to it.\n",
        args.reps
    );
    println!("| profile | items | load + resolve | rules | rules ÷ load + resolve | findings |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    let mut examples: Vec<_> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples"))
        .expect("examples/")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    examples.sort();
    for path in &examples {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        println!("{}", profile_row(&name, path, args.reps));
    }
    for &n in &args.sizes {
        let profile = common::generate(dir.path(), n);
        println!(
            "{}",
            profile_row(&format!("generated, {n} requirements"), &profile, args.reps)
        );
    }
    println!("\n| catalogue | items | `check_catalog` | findings |");
    println!("| --- | ---: | ---: | ---: |");
    for &n in &args.sizes {
        let path = dir.path().join(format!("bench-{n}.yaml"));
        let loaded = catalog::load_file(&path).expect("the generated catalogue");
        let source = catalog::source(&loaded.origin).expect("its text");
        let found = rules::check_catalog(&loaded, &source).len();
        let time = median(args.reps, || rules::check_catalog(&loaded, &source));
        println!(
            "| generated, {n} requirements | {} | {} | {found} |",
            loaded.catalog.items.len(),
            common::ms(time)
        );
    }
}
