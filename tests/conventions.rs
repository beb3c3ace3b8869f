//! Command-line conventions: completions and man pages from the clap definitions, documented
//! exit codes, -q/-v, no colour off a terminal, and diagnostics for CI.

mod common;
use common::*;

#[test]
fn completions_for_every_shell_know_the_commands() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = output(&["completions", shell]);
        for word in ["kravkat", "textconv", "error-format", "check"] {
            assert!(script.contains(word), "{shell}: {word}");
        }
    }
    kravkat().args(["completions", "tcsh"]).assert().failure().code(2);
}

#[test]
fn man_pages_for_kravkat_and_each_command() {
    let page = output(&["man"]);
    assert!(page.contains(".TH kravkat 1 "), "{page}");
    assert!(page.contains(".SH \"EXIT STATUS\"\n.nf\n  0  success"), "{page}");
    for command in [
        "build",
        "diff",
        "textconv",
        "init",
        "schema",
        "completions",
        "man",
        "check",
        "list",
        "show",
        "evaluate",
        "reference-docx",
    ] {
        assert!(
            page.contains(&format!("kravkat\\-{}(1)", command.replace('-', "\\-"))),
            "{command} listed"
        );
        let sub = output(&["man", command]);
        assert!(sub.contains(&format!(".TH kravkat-{command} 1 ")), "{sub}");
        for section in ["DESCRIPTION", "\"EXAMPLES\"", "\"ENVIRONMENT\"", "\"EXIT STATUS\""] {
            assert!(sub.contains(&format!(".SH {section}")), "{command}: {section}");
        }
    }
    let build = output(&["man", "build"]);
    assert!(
        build.contains("\\-\\-check") && build.contains("\\-\\-error\\-format"),
        "{build}"
    );
    assert!(output(&["man", "diff"]).contains(".SH \"EXAMPLES\"\n.nf\n  kravkat diff old.yaml new.yaml\n"));
    // A real description: more than the one line of `--help`'s list.
    let description = build
        .split(".SH DESCRIPTION\n")
        .nth(1)
        .unwrap()
        .split(".SH ")
        .next()
        .unwrap();
    assert!(description.contains("written atomically"), "{description}");
    kravkat().args(["man", "nope"]).assert().failure().code(2);
}

#[test]
fn help_documents_the_exit_codes() {
    let help = output(&["--help"]);
    assert!(help.contains("Exit status:\n  0  success"), "{help}");
    assert!(help.contains("\n  2  trouble"), "{help}");
    // A usage error is exit 2.
    kravkat().args(["build"]).assert().failure().code(2);
    kravkat()
        .args(["build", "-q", "-v", "x.yaml"])
        .assert()
        .failure()
        .code(2);
}

/// diff(1)'s convention, the same for every command: 0 nothing found, 1 the answer is "yes,
/// there is something" (an invalid profile for `check`, a stale output for `build --check`, a
/// difference for `diff`), 2 trouble — also for the same unreadable or invalid file everywhere.
#[test]
fn exit_status_follows_diff() {
    let code = |args: &[&std::ffi::OsStr]| kravkat().args(args).output().unwrap().status.code();
    let missing = std::path::Path::new("no-such-profile.yaml").as_os_str();
    let good = scratch(&format!("{HEADER}outputs:\n  - path: a.md\n"));
    let bad = scratch(&HEADER.replace("\"1.2\"", "\"1.99\""));
    let other = scratch(&HEADER.replace("\"1.2\"", "\"1.3\""));
    let (good, bad, other) = (
        good.profile.as_os_str(),
        bad.profile.as_os_str(),
        other.profile.as_os_str(),
    );
    let os = |s: &'static str| std::ffi::OsStr::new(s);
    // Trouble: the file cannot be read, whichever command reads it.
    for args in [
        vec![os("check"), missing],
        vec![os("build"), missing],
        vec![os("diff"), missing, good],
        vec![os("diff"), good, missing],
    ] {
        assert_eq!(code(&args), Some(2), "{args:?}");
    }
    // An invalid profile: what `check` looks for (1); trouble for the others (2).
    assert_eq!(code(&[os("check"), bad]), Some(1));
    assert_eq!(code(&[os("check"), good, bad]), Some(1));
    assert_eq!(
        code(&[os("check"), bad, missing]),
        Some(2),
        "trouble outweighs a finding"
    );
    assert_eq!(code(&[os("build"), bad]), Some(2));
    assert_eq!(code(&[os("build"), os("--check"), bad, os("-o"), os("x.md")]), Some(2));
    assert_eq!(code(&[os("diff"), good, bad]), Some(2), "a side that does not resolve");
    // The answers.
    assert_eq!(code(&[os("check"), good]), Some(0));
    assert_eq!(code(&[os("diff"), good, good]), Some(0));
    assert_eq!(code(&[os("diff"), good, other]), Some(1), "different");
    assert_eq!(code(&[os("build"), os("--check"), good]), Some(1), "a.md is missing");
    assert_eq!(code(&[os("build"), good]), Some(0));
    assert_eq!(code(&[os("build"), os("--check"), good]), Some(0));
}

/// `--help`, every man page and the README give the same table.
#[test]
fn the_exit_status_table_is_the_same_everywhere() {
    let table = kravkat::report::EXIT_CODES;
    let body = table.split_once('\n').unwrap().1;
    assert!(output(&["--help"]).contains(table));
    let readme = read(&root().join("README.md"));
    assert!(
        readme.contains(&format!("```text\n{table}\n```")),
        "README.md's exit status"
    );
    for page in [
        vec!["man"],
        vec!["man", "build"],
        vec!["man", "check"],
        vec!["man", "diff"],
    ] {
        let roff = output(&page);
        let section = roff
            .split(".SH \"EXIT STATUS\"\n.nf\n")
            .nth(1)
            .unwrap_or_else(|| panic!("{page:?}"));
        let text = section
            .split("\n.fi\n")
            .next()
            .unwrap()
            .replace("\\-", "-")
            .replace("\\e", "\\");
        assert_eq!(text, body, "{page:?}");
    }
}

#[test]
fn quiet_and_verbose() {
    let s = scratch(HEADER);
    let ok = output(&["check", s.profile.to_str().unwrap()]);
    assert!(ok.starts_with("ok: "), "{ok}");
    assert_eq!(output(&["check", "-q", s.profile.to_str().unwrap()]), "");
    let s = scratch(&format!("{HEADER}outputs:\n  - path: a.md\n"));
    let p = s.profile.to_str().unwrap();
    kravkat().args(["build", "-q", p]).assert().success().stderr("");
    let a = kravkat().args(["build", "-v", p]).assert().success();
    assert!(stderr(&a).contains("unchanged: "));
    kravkat().args(["build", p]).assert().success().stderr("");
}

#[test]
fn no_colour_off_a_terminal_and_diagnostics_for_ci() {
    let s = scratch(&HEADER.replace("\"1.2\"", "\"1.99\""));
    let p = s.profile.to_str().unwrap();
    let a = kravkat()
        .args(["build", p])
        .env_remove("NO_COLOR")
        .assert()
        .failure()
        .code(2);
    let err = stderr(&a);
    assert!(
        err.starts_with("error: unknown id `1.99`"),
        "plain text when piped: {err:?}"
    );

    let a = kravkat()
        .args(["check", "--error-format", "json", p])
        .assert()
        .failure()
        .code(1);
    let json = stdout(&a);
    let line: serde_json::Value = serde_json::from_str(json.lines().next().unwrap()).unwrap();
    assert_eq!(line["message"], "unknown id `1.99`");
    assert_eq!((line["line"].as_u64(), line["column"].as_u64()), (Some(8), Some(11)));
    assert_eq!(line["file"], p);

    let a = kravkat()
        .args(["build", "--error-format", "github", p])
        .assert()
        .failure()
        .code(2);
    let github = stdout(&a);
    assert!(
        github.starts_with(&format!(
            "::error file={p},line=8,col=11,title=kravkat::unknown id `1.99`%0Ahint: did you mean `1.9`?"
        )),
        "{github}"
    );
}

#[test]
fn colour_on_a_terminal_unless_no_color() {
    // script(1) runs kravkat on a pseudo-terminal, as a person would.
    require("script", "--version");
    let s = scratch(&HEADER.replace("\"1.2\"", "\"1.99\""));
    let bin = assert_cmd::cargo::cargo_bin("kravkat");
    let on_terminal = |no_color: Option<&str>| {
        let mut cmd = std::process::Command::new("script");
        cmd.args([
            "-qec",
            &format!("{} check {}", bin.display(), s.profile.display()),
            "/dev/null",
        ]);
        match no_color {
            Some(v) => cmd.env("NO_COLOR", v),
            None => cmd.env_remove("NO_COLOR"),
        };
        let out = cmd.output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(
        on_terminal(None).starts_with("\x1b[1;31merror\x1b[0m: unknown id"),
        "{:?}",
        on_terminal(None)
    );
    assert!(
        on_terminal(Some("1")).starts_with("error: unknown id"),
        "{:?}",
        on_terminal(Some("1"))
    );
    // An empty NO_COLOR does not count (no-color.org).
    assert!(on_terminal(Some("")).starts_with("\x1b[1;31merror"));
}

/// `kravkat … | head -1`: a reader that closes the pipe early ends kravkat quietly, exit 0 — for
/// every command that prints, whether the pipe closes before the first byte or after a line.
#[test]
fn a_closed_standard_output_ends_every_command_quietly() {
    use std::io::{BufRead as _, BufReader};
    use std::process::{Command, Stdio};
    let example = root().join("examples/integrationsplattform.yaml");
    let example = example.to_str().unwrap();
    let commands: &[&[&str]] = &[
        &["list"],
        &["list", "skane"],
        &["show", "1.12"],
        &["build", example, "-o", "-"],
        &["build", example, "-f", "html", "-a", "internal", "-o", "-"],
        &["build", example, "-f", "docx", "-o", "-"],
        &["completions", "fish"],
        &["completions", "bash"],
        &["man"],
        &["man", "build"],
        &["schema", "profile"],
        &["textconv", example],
        &["init"],
    ];
    let bin = assert_cmd::cargo::cargo_bin("kravkat");
    for args in commands {
        for run in 0..10 {
            let mut child = Command::new(&bin)
                .args(*args)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            let stdout = child.stdout.take().unwrap();
            // Half the runs close at once, half after the first line, as `head -1` does.
            if run % 2 == 1 {
                let mut line = Vec::new();
                BufReader::new(stdout).read_until(b'\n', &mut line).unwrap();
            } else {
                drop(stdout);
            }
            let out = child.wait_with_output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(0), "{args:?} run {run}: {err}");
            assert!(err.is_empty(), "{args:?} run {run}: {err}");
        }
    }
}

/// The functions of a Rust source file, by name: (name, attributes above it, body). A function
/// ends at the first line after it that is a lone `}` at its own indentation.
fn functions(source: &str) -> Vec<(String, String, String)> {
    let lines: Vec<&str> = source.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let Some(rest) = trimmed.strip_prefix("fn ").or_else(|| trimmed.strip_prefix("pub fn ")) else {
            continue;
        };
        let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        let indent = &line[..line.len() - trimmed.len()];
        let end = (i + 1..lines.len())
            .find(|&j| lines[j] == format!("{indent}}}"))
            .unwrap_or(lines.len() - 1);
        let attrs: Vec<&str> = lines[..i]
            .iter()
            .rev()
            .take_while(|l| l.trim_start().starts_with("#[") || l.trim_start().starts_with("///"))
            .copied()
            .collect();
        out.push((name, attrs.join("\n"), lines[i + 1..=end].join("\n")));
    }
    out
}

/// A check that cannot run shows in cargo's own summary, never as passed: every test that reads
/// an output with another program (pandoc, python-docx, LibreOffice, pdftotext, Java), drives
/// a real client (Neovim, Chromium) or reads
/// the seed documents — directly or through a helper — is `#[ignore = "…"]`, so plain `cargo
/// test` lists it as ignored, and `cargo test -- --include-ignored` runs it and fails when the
/// program is missing (no test skips itself). README.md names that command as the one that runs
/// every check, and .ci/run runs exactly it.
#[test]
fn a_check_that_needs_a_reader_is_ignored_never_passed() {
    const READERS: &[&str] = &[
        "pandoc",
        "python3",
        "soffice",
        "pdftotext",
        "pdfinfo",
        "java",
        "nvim",
        "chromium",
        "chromedriver",
    ];
    // The helpers of tests/common that run a reader.
    const HELPERS: &[&str] = &[
        "require_python_module(",
        "libreoffice(",
        "python(",
        "vnu_jar(",
        "nu_check(",
    ];
    let mut wrong = Vec::new();
    let mut ignored = 0;
    for entry in std::fs::read_dir(root().join("tests")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let source = read(&path);
        // What a test that skipped itself for a missing reader used to say (this file names them).
        if !path.ends_with("conventions.rs") {
            for quiet in [
                "KRAVKAT_REQUIRE_TOOLS",
                "is not installed; skipping",
                "SKIPPED",
                "skipped:",
            ] {
                assert!(
                    !source.contains(quiet),
                    "{}: a check that skips itself ({quiet})",
                    path.display()
                );
            }
        }
        let fns = functions(&source);
        let mut readers: std::collections::HashSet<&str> = fns
            .iter()
            .filter(|(_, _, body)| {
                body.contains("seeds()")
                    || HELPERS.iter().any(|h| body.contains(h))
                    || READERS
                        .iter()
                        .any(|r| body.contains(&format!("new(\"{r}\")")) || body.contains(&format!("require(\"{r}\"")))
            })
            .map(|(name, _, _)| name.as_str())
            .collect();
        // Through helpers: a function that calls a reader function reads too.
        loop {
            let more: Vec<&str> = fns
                .iter()
                .filter(|(name, _, body)| {
                    !readers.contains(name.as_str()) && readers.iter().any(|r| body.contains(&format!("{r}(")))
                })
                .map(|(name, _, _)| name.as_str())
                .collect();
            if more.is_empty() {
                break;
            }
            readers.extend(more);
        }
        for (name, attrs, _) in &fns {
            if !attrs.contains("#[test]") {
                continue;
            }
            let is_ignored = attrs.contains("#[ignore = \"");
            ignored += usize::from(is_ignored);
            if readers.contains(name.as_str()) != is_ignored {
                wrong.push(format!("{}: {name}", path.file_name().unwrap().to_string_lossy()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "a test that needs a reader must be #[ignore = \"…\"] and no other may be:\n{}",
        wrong.join("\n")
    );
    assert!(ignored >= 10, "only {ignored} reader tests found");
    let command = "cargo test -- --include-ignored";
    let readme = read(&root().join("README.md"));
    assert!(
        readme.contains(&format!("```console\n$ {command}\n```")),
        "README.md's test command"
    );
    let ci = read(&root().join(".ci/run"));
    let runs: Vec<&str> = ci
        .lines()
        .filter(|l| !l.trim_start().starts_with('#') && l.contains("cargo test"))
        .collect();
    assert!(
        !runs.is_empty() && runs.iter().all(|l| l.trim_start().starts_with(command)),
        ".ci/run runs another test command: {runs:?}"
    );
}

/// Every variable the binary reads, and every `KRAVKAT_…` one the tests and CI read, is in the
/// man pages' ENVIRONMENT and in README.md.
#[test]
fn the_environment_is_documented() {
    let mut names = std::collections::BTreeSet::new();
    let mut sources = Vec::new();
    for dir in [
        "src",
        "src/cmd",
        "src/render",
        "src/render/docx",
        "src/yaml",
        "tests",
        "tests/common",
    ] {
        for entry in std::fs::read_dir(root().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            // This file names variables in its checks, not to read them.
            if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("tests/conventions.rs") {
                sources.push(read(&path));
            }
        }
    }
    sources.push(read(&root().join(".ci/run")));
    for text in &sources {
        for pattern in ["env::var(\"", "env::var_os(\""] {
            for rest in text.split(pattern).skip(1) {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_uppercase() || *c == '_')
                    .collect();
                if name.len() > 2 && !name.starts_with("CARGO") {
                    names.insert(name);
                }
            }
        }
        for rest in text.split("KRAVKAT_").skip(1) {
            let tail: String = rest
                .chars()
                .take_while(|c| c.is_ascii_uppercase() || *c == '_')
                .collect();
            if !tail.is_empty() && !tail.ends_with('_') {
                names.insert(format!("KRAVKAT_{tail}"));
            }
        }
    }
    for must in ["SOURCE_DATE_EPOCH", "NO_COLOR", "KRAVKAT_SEEDS", "KRAVKAT_VNU_JAR"] {
        assert!(names.contains(must), "{must} not found: {names:?}");
    }
    let man = output(&["man"]);
    let environment = man
        .split(".SH \"ENVIRONMENT\"")
        .nth(1)
        .unwrap()
        .split(".SH ")
        .next()
        .unwrap();
    let readme = read(&root().join("README.md"));
    for name in &names {
        assert!(
            environment.contains(name.as_str()),
            "{name} is not in kravkat(1)'s ENVIRONMENT"
        );
        assert!(readme.contains(&format!("`{name}`")), "{name} is not in README.md");
    }
}

/// Every `cargo install` the docs give installs the versions of its lock file, as the tests ran
/// with, not the newest its manifest allows.
#[test]
fn every_cargo_install_in_the_docs_is_locked() {
    let mut docs = vec![root().join("README.md")];
    for entry in std::fs::read_dir(root().join("docs")).unwrap() {
        let path = entry.unwrap().path();
        // docs/ holds a screenshot too.
        if path.extension().is_some_and(|e| e == "md") {
            docs.push(path);
        }
    }
    let mut installs = 0;
    for doc in docs {
        for line in read(&doc).lines().filter(|l| l.contains("cargo install")) {
            installs += 1;
            assert!(line.contains("cargo install --locked"), "{}: {line}", doc.display());
        }
    }
    assert!(installs >= 2, "README.md gives `cargo install --locked --path .`");
}

/// A command offers the global options that do something for it: `-v` (what was left unchanged)
/// only on `build`; `-q` on the commands that say more than what they are asked for.
#[test]
fn options_are_offered_where_they_do_something() {
    let help = |command: &str| output(&[command, "--help"]);
    assert!(help("build").contains("--verbose") && help("build").contains("--quiet"));
    for command in ["check", "diff", "evaluate"] {
        assert!(
            help(command).contains("--quiet") && !help(command).contains("--verbose"),
            "{command}"
        );
    }
    for command in [
        "show",
        "list",
        "init",
        "schema",
        "textconv",
        "man",
        "completions",
        "reference-docx",
    ] {
        let h = help(command);
        assert!(!h.contains("--verbose") && !h.contains("--quiet"), "{command}");
        assert!(h.contains("--error-format"), "{command}: every command can fail");
    }
    kravkat().args(["show", "-v", "1.12"]).assert().failure().code(2);
    assert!(
        help("build").contains("Examples:\n  kravkat build profil.yaml"),
        "build --help has examples"
    );
}
