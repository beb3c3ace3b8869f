//! Helpers shared by the CLI tests: a profile in a temporary directory, the binary, and
//! external readers (pandoc …) that CI installs ([`require`] says how their tests are run).
#![allow(dead_code)] // each test binary uses its own subset

pub mod browser;
pub mod lsp;

use std::path::{Path, PathBuf};
use std::process::{Child, Command};

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

/// Every item of a resolved document (as `-f json` prints it), in document order.
pub fn items(doc: &serde_json::Value) -> impl Iterator<Item = &serde_json::Value> {
    doc["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["categories"].as_array().unwrap())
        .flat_map(|g| g["items"].as_array().unwrap())
        .chain(doc["own"].as_array().unwrap())
}

/// A profile for the evaluation tests: a Ska (1.2), a catalogue item turned Bör (1.12) and an
/// own Bör (E-1), then `evaluation:` (on line 17) with the given body.
pub fn evaluation_profile(evaluation: &str) -> String {
    let base = HEADER.replace("[\"1.2\"]", "[\"1.2\", \"1.12\"]");
    format!(
        "{base}changes:\n  \"1.12\":\n    level: Bör\n    reason: Utvärderas.\nown:\n  - id: E-1\n    level: Bör\n    text: Systemet bör gå att prova före köp.\nevaluation:\n{evaluation}"
    )
}

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

/// Makes a named pipe (FIFO) at `path`.
pub fn mkfifo(path: &Path) {
    assert!(Command::new("mkfifo").arg(path).status().unwrap().success());
}

/// The mini fixture catalogue, version 1.0.
pub fn mini_catalogue() -> String {
    read(&root().join("tests/fixtures/catalogs/mini-1.0.yaml"))
}

/// Writes at `path` the catalogue `text` padded with comments to 9 MiB, near the bound of one
/// file (10 MiB): four reads of it pass the bound of one run's reads (32 MiB).
pub fn large_catalogue(path: &Path, mut text: String) {
    text.push_str(&format!("# {}\n", "x".repeat(1022)).repeat(9 * 1024));
    std::fs::write(path, text).unwrap();
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

/// The Nu HTML Checker's jar ($KRAVKAT_VNU_JAR, or where .ci/run installs it); the test fails
/// when it or Java is missing.
pub fn vnu_jar() -> PathBuf {
    let jar = std::env::var_os("KRAVKAT_VNU_JAR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join(".ci/node/node_modules/vnu-jar/build/dist/vnu.jar"));
    let java = Command::new("java")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        java && jar.is_file(),
        "the Nu HTML Checker needs `java` and vnu.jar at {} (KRAVKAT_VNU_JAR; .ci/run installs both)",
        jar.display()
    );
    jar
}

/// Runs the Nu HTML Checker once over `files` (the JVM start is most of its time); the
/// report when it finds an error.
pub fn nu_check(jar: &Path, files: &[PathBuf]) -> Result<(), String> {
    let result = Command::new("java")
        .arg("-jar")
        .arg(jar)
        .args(["--errors-only", "--format", "text"])
        .args(files)
        .output()
        .expect("running java");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
    if result.status.success() && !report.contains("Error:") {
        Ok(())
    } else {
        Err(report)
    }
}

/// A process a test started (a server, a language server, a browser driver), ended when the
/// test is done with it, pass or fail.
pub struct Running(pub Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Fails the test unless python3 can import `module` (a reader from PyPI, such as openpyxl), as
/// [`require`] does for a program.
pub fn require_python_module(module: &str) {
    let ok = Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "python3 cannot import `{module}`, so this check cannot run (.ci/run installs it)"
    );
}

/// Runs a helper of tests/support/ with python3; it must succeed. Returns its standard output.
pub fn python(script: &str, args: &[&std::ffi::OsStr]) -> String {
    let out = Command::new("python3")
        .arg(root().join("tests/support").join(script))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{script} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Converts `file` with headless LibreOffice (`--convert-to FILTER`) into `dir`, with a
/// LibreOffice profile of its own there, so runs in parallel and a LibreOffice the user has open
/// do not get in each other's way. Fails the test when LibreOffice is not installed.
pub fn libreoffice(file: &Path, filter: &str, dir: &Path) {
    require("soffice", "--version");
    let profile = format!("-env:UserInstallation=file://{}", dir.join("lo-profile").display());
    let out = Command::new("soffice")
        .args([&profile, "--headless", "--convert-to", filter, "--outdir"])
        .arg(dir)
        .arg(file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "LibreOffice cannot convert {}: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}
