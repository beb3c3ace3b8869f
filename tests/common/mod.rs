//! Helpers shared by the CLI tests: a profile in a temporary directory, the binary, and
//! external readers (pandoc …) that CI installs ([`require`] says how their tests are run).
#![allow(dead_code)] // each test binary uses its own subset

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::cargo_bin;

pub fn kravkat() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(cargo_bin("kravkat"));
    cmd.env_remove("SOURCE_DATE_EPOCH");
    cmd
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn examples() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    v.sort();
    v
}

/// A temporary directory holding one profile.
pub struct Scratch {
    pub dir: tempfile::TempDir,
    pub profile: PathBuf,
}

pub fn scratch(profile_text: &str) -> Scratch {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("profile.yaml");
    std::fs::write(&profile, profile_text).unwrap();
    Scratch { dir, profile }
}

/// The usual header of a test profile: 8 lines, so the first line after it is line 9.
pub const HEADER: &str = "procurement:
  title: Test
  organisation: Testkommun
catalogs:
  - id: jonkoping
    version: \"1.0\"
select:
  items: [\"1.2\"]
";

/// Fails the test unless the external program `name` runs (`name version_arg` succeeds). A test
/// that reads kravkat's output with another program (pandoc, python-docx, LibreOffice, the Nu
/// HTML Checker) is marked `#[ignore = "reads … with X"]`: plain `cargo test` lists it as
/// ignored, and `cargo test -- --include-ignored` (the command README.md and CI run) runs it and
/// fails here when X is missing. So no check ever reports "ok" without having run.
pub fn require(name: &str, version_arg: &str) {
    let runs = Command::new(name)
        .arg(version_arg)
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        runs,
        "`{name}` does not run, so this check cannot: install it (.ci/run installs every reader)"
    );
}

/// The text of a list of pandoc's inline elements (its JSON), as a reader sees it. Markdown
/// carries raw HTML as written, and it counts as text.
pub fn pandoc_inline_text(inlines: &serde_json::Value) -> String {
    let mut out = String::new();
    for i in inlines.as_array().unwrap() {
        match i["t"].as_str().unwrap() {
            "Str" => out.push_str(i["c"].as_str().unwrap()),
            "Space" | "SoftBreak" | "LineBreak" => out.push(' '),
            "Emph" | "Strong" | "Underline" | "SmallCaps" | "Strikeout" => out.push_str(&pandoc_inline_text(&i["c"])),
            "Span" | "Link" => out.push_str(&pandoc_inline_text(&i["c"][1])),
            "Code" | "RawInline" => out.push_str(i["c"][1].as_str().unwrap()),
            "Quoted" => out.push_str(&format!("\"{}\"", pandoc_inline_text(&i["c"][1]))),
            _ => {}
        }
    }
    out
}

pub fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap()
}

/// What `kravkat build PROFILE ARGS` printed on standard output; it must succeed.
pub fn build(profile: &Path, args: &[&str]) -> String {
    stdout(&kravkat().arg("build").arg(profile).args(args).assert().success())
}

/// A profile's resolved document, as `kravkat build -f json -a internal` prints it: everything.
pub fn json(profile: &Path) -> serde_json::Value {
    serde_json::from_str(&build(profile, &["-f", "json", "-a", "internal"])).expect("the JSON output parses")
}

/// Every item of a document as `-f json` prints it, in document order: catalogue items, then own.
pub fn items(doc: &serde_json::Value) -> impl Iterator<Item = &serde_json::Value> {
    doc["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["categories"].as_array().unwrap())
        .flat_map(|g| g["items"].as_array().unwrap())
        .chain(doc["own"].as_array().unwrap())
}

/// What `kravkat ARGS` printed on standard output; it must succeed.
pub fn output(args: &[&str]) -> String {
    stdout(&kravkat().args(args).assert().success())
}

/// What a finished command printed on standard output (always UTF-8).
pub fn stdout(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(a.get_output().stdout.clone()).expect("standard output is UTF-8")
}

/// What a finished command printed on standard error (always UTF-8).
pub fn stderr(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(a.get_output().stderr.clone()).expect("standard error is UTF-8")
}
