//! The fuzz targets' checks (fuzz/harness.rs) in `cargo test`, on stable Rust: every input a
//! fuzzer once failed on (fuzz/regressions/TARGET/) and the seeds the fuzzers start from, so they
//! stay fixed without cargo-fuzz installed. The fuzzing itself is `fuzz/smoke` (in CI) and the
//! long runs in docs/fuzzing.md.

#[path = "../fuzz/harness.rs"]
mod harness;

use std::path::PathBuf;

/// The files of the given folders of the repository, recursively.
fn files(dirs: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo: Vec<PathBuf> = dirs
        .iter()
        .map(|d| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(d))
        .collect();
    while let Some(dir) = todo.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for e in entries {
            let path = e.unwrap().path();
            if path.is_dir() {
                todo.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn replay(dirs: &[&str], target: fn(&[u8])) {
    let inputs = files(dirs);
    assert!(!inputs.is_empty(), "no inputs in {dirs:?}");
    for path in inputs {
        let data = std::fs::read(&path).unwrap();
        // A panic names the input that caused it.
        if std::panic::catch_unwind(|| target(&data)).is_err() {
            panic!("{} fails the fuzz target's checks", path.display());
        }
    }
}

#[test]
fn profile_target() {
    replay(
        &["examples", "tests/fixtures", "tests/corpus", "fuzz/regressions/profile"],
        harness::profile,
    );
}

#[test]
fn catalog_target() {
    replay(
        &["catalog", "tests/corpus", "fuzz/regressions/catalog"],
        harness::catalog,
    );
}

#[test]
fn markup_target() {
    replay(&["docs", "templates", "fuzz/regressions/markup"], harness::markup);
}

#[test]
fn reference_docx_target() {
    replay(
        &["fuzz/seeds/reference_docx", "fuzz/regressions/reference_docx"],
        harness::reference_docx,
    );
}

#[test]
fn sheet_target() {
    replay(&["examples/anbud", "fuzz/regressions/sheet"], harness::sheet);
}
