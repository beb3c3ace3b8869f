//! The memory the Limits promise: the largest run within every bound of README's Limits table
//! completes in 1 GiB of address space (`ulimit -v`, so a run that needs more fails instead of
//! being measured), and a document past its bound is refused with a message, not an
//! allocation failure. These runs are the heaviest of the suite (about a minute each in a debug
//! build); the ceiling is the assertion, never the time.

mod common;
use common::*;

use std::path::Path;
use std::process::Command;

/// The ceiling, in KiB, as `ulimit -v` takes it.
const CEILING_KIB: u64 = 1 << 20;

/// One text at kravkat's bound for a value (256 KiB), in words without markup.
fn plain_text() -> String {
    "Ett mycket långt krav. ".repeat(250_000 / 24)
}

/// One text at the bound, all emphasis: what makes Markdown parsing need the most memory.
fn dense_text() -> String {
    "*a* ".repeat(250_000 / 4)
}

fn catalogue(id: &str, items: usize) -> String {
    let text = plain_text();
    let guidance: String = text.chars().take(50_000).collect();
    let mut out = format!(
        "id: {id}\ntitle: T\npublisher: P\nversion: \"1\"\ndate: \"2026\"\nsource: S\nattribution:\n  statement: A\ncategories:\n  - name: K\nitems:\n"
    );
    for i in 0..items {
        out.push_str(&format!(
            "  - id: \"{i}\"\n    kind: requirement\n    level: Ska\n    category: K\n    text: {text}\n    guidance: {guidance}\n"
        ));
    }
    out
}

/// Runs `kravkat build PROFILE` within [`CEILING_KIB`] of address space.
fn build_within_the_ceiling(profile: &Path) -> std::process::Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {CEILING_KIB} && exec \"$0\" build -q \"$1\""))
        .arg(assert_cmd::cargo::cargo_bin("kravkat"))
        .arg(profile)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap()
}

#[test]
fn the_largest_run_within_the_limits_stays_under_one_gib() {
    // Three files of nearly 10 MiB each (the bound for the run is 32 MiB), texts at the bound
    // for one value, one of them dense markup, and every format for both audiences.
    let dir = tempfile::tempdir().unwrap();
    for id in ["vol0", "vol1"] {
        std::fs::write(dir.path().join(format!("{id}.yaml")), catalogue(id, 33)).unwrap();
    }
    let mut profile = String::from(
        "procurement:\n  title: Test\n  organisation: Testkommun\ncatalogs:\n  - path: vol0.yaml\n  - path: vol1.yaml\nselect:\n  catalogs: [vol0, vol1]\nown:\n",
    );
    let plain = plain_text();
    for i in 0..38 {
        profile.push_str(&format!("  - id: E-{i}\n    level: Ska\n    text: {plain}\n"));
    }
    profile.push_str(&format!(
        "  - id: TÄT\n    level: Ska\n    text: \"{}\"\n",
        dense_text()
    ));
    profile.push_str("outputs:\n");
    for format in ["md", "html", "docx", "json"] {
        for audience in ["tender", "internal"] {
            profile.push_str(&format!("  - path: ut/{audience}.{format}\n    audience: {audience}\n"));
        }
    }
    let p = dir.path().join("profil.yaml");
    std::fs::write(&p, profile).unwrap();
    let total: u64 = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum();
    assert!(total > 28 << 20 && total < 32 << 20, "{total} bytes of input");
    let run = build_within_the_ceiling(&p);
    assert!(
        run.status.success(),
        "{:?}: {}",
        run.status,
        String::from_utf8_lossy(&run.stderr)
    );
    let html = read(&dir.path().join("ut/internal.html"));
    assert!(html.len() > 25 << 20 && html.contains("<em>a</em>"));
}

#[test]
fn a_document_past_its_bound_is_refused_in_words() {
    // Ten MiB of dense emphasis makes some 170 MB of WordprocessingML, past the 128 MiB a
    // document may have; the Markdown and HTML before it in the list are rendered and held.
    let dense = dense_text();
    let mut profile = String::from(HEADER);
    profile.push_str("own:\n");
    for i in 0..40 {
        profile.push_str(&format!("  - id: E-{i}\n    level: Ska\n    text: \"{dense}\"\n"));
    }
    profile.push_str("outputs:\n  - path: bilaga.md\n  - path: bilaga.html\n  - path: bilaga.docx\n");
    let s = scratch(&profile);
    let run = build_within_the_ceiling(&s.profile);
    let e = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{e}");
    assert!(e.contains("the docx document would be larger than 128 MiB"), "{e}");
    assert!(!e.contains("memory allocation") && !e.contains("panicked"), "{e}");
    assert_eq!(std::fs::read_dir(s.dir.path()).unwrap().count(), 1, "nothing written");
}
