//! kravkat in a real git repository: the textconv driver makes `git diff` show requirement-level
//! changes, and `kravkat diff --rev` compares a profile with its committed self.

mod common;
use common::*;

use std::path::Path;
use std::process::Command;

/// Runs git in `dir` with a fixed identity and no user or system configuration.
fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_PAGER", "cat")
        .args([
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.org",
            "-c",
            "color.ui=never",
        ])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A repository with `upphandling/profil.kravkat.yaml` (the business-system example) committed.
fn repo() -> (tempfile::TempDir, std::path::PathBuf) {
    require("git", "--version");
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q"]);
    std::fs::create_dir(dir.path().join("upphandling")).unwrap();
    let profile = dir.path().join("upphandling/profil.kravkat.yaml");
    std::fs::write(&profile, read(&root().join("examples/affarssystem.yaml"))).unwrap();
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-qm", "profil"]);
    (dir, profile)
}

fn edit(profile: &Path, from: &str, to: &str) {
    let text = read(profile);
    assert!(text.contains(from), "{from}");
    std::fs::write(profile, text.replace(from, to)).unwrap();
}

#[test]
fn git_diff_through_the_textconv_driver_shows_requirements() {
    let (dir, profile) = repo();
    let bin = assert_cmd::cargo::cargo_bin("kravkat");
    std::fs::write(dir.path().join(".gitattributes"), "*.kravkat.yaml diff=kravkat\n").unwrap();
    git(
        dir.path(),
        &[
            "config",
            "diff.kravkat.textconv",
            &format!("{} textconv", bin.display()),
        ],
    );
    // Selecting the school API requirement by id is one word in the YAML; the textconv diff
    // shows the whole requirement that comes in.
    edit(
        &profile,
        r#"items: ["1.1", "1.14", "1.19"]"#,
        r#"items: ["1.1", "1.11", "1.14", "1.19"]"#,
    );
    edit(&profile, "avses var fjärde timme", "avses varannan timme");
    let diff = git(dir.path(), &["diff"]);
    assert!(
        diff.contains("+[jonkoping:1.11]\n+kind: requirement\n+category: API - Skolverksamhet\n+level: Ska\n"),
        "{diff}"
    );
    assert!(
        diff.contains("-specification: Med löpande export avses var fjärde timme."),
        "{diff}"
    );
    assert!(
        diff.contains("+specification: Med löpande export avses varannan timme."),
        "{diff}"
    );
    assert!(!diff.contains("select:"), "the YAML itself is not shown: {diff}");
    // Without the driver, git shows the YAML as usual.
    let raw = git(dir.path(), &["diff", "--no-textconv"]);
    assert!(raw.contains(r#"+  items: ["1.1", "1.11", "1.14", "1.19"]"#), "{raw}");
}

#[test]
fn textconv_never_fails_on_a_file_it_cannot_resolve() {
    let s = scratch("procurement: [\n");
    let out = kravkat().arg("textconv").arg(&s.profile).assert().success();
    let text = stdout(&out);
    assert!(text.ends_with("procurement: [\n"), "shown as written: {text}");
    // A catalogue file gets the same item-by-item view.
    let out = kravkat()
        .arg("textconv")
        .arg(root().join("tests/fixtures/catalogs/mini-1.0.yaml"))
        .assert()
        .success();
    let text = stdout(&out);
    assert!(
        text.contains("\n[3]\nkind: requirement\ncategory: Drift\nlevel: Ska\n"),
        "{text}"
    );
}

#[test]
fn diff_against_a_revision() {
    let (dir, profile) = repo();
    kravkat()
        .arg("diff")
        .arg(&profile)
        .args(["--rev", "HEAD"])
        .assert()
        .code(0);
    edit(
        &profile,
        "    level: Bör\n    reason: >-\n      Loggning",
        "    specify: Larm skickas som SMS.\n    reason: >-\n      Loggning",
    );
    // A Ska requirement has no value.
    edit(&profile, "    \"1.12\": 150 000\n", "");
    // Run from the repository root with a relative path, as a user or CI would.
    let a = kravkat()
        .current_dir(dir.path())
        .args(["diff", "upphandling/profil.kravkat.yaml", "--rev", "HEAD"])
        .assert()
        .code(1);
    let out = stdout(&a);
    assert!(
        out.starts_with("--- HEAD:upphandling/profil.kravkat.yaml\n+++ upphandling/profil.kravkat.yaml\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "  ~ jonkoping:1.12\n      level: Bör → Ska\n      value: 150\u{a0}000\u{a0}kr → (none)\n      specification: (none) → Larm skickas som SMS.\n"
        ),
        "{out}"
    );
    // Problems in the committed text name the revision.
    git(dir.path(), &["commit", "-qam", "1.12 Ska"]);
    std::fs::write(&profile, "procurement: [\n").unwrap();
    git(dir.path(), &["commit", "-qam", "trasig"]);
    std::fs::write(&profile, read(&root().join("examples/affarssystem.yaml"))).unwrap();
    let a = kravkat()
        .current_dir(dir.path())
        .args(["diff", "upphandling/profil.kravkat.yaml", "--rev", "HEAD"])
        .assert()
        .code(2);
    let err = stderr(&a);
    assert!(err.contains("--> HEAD:upphandling/profil.kravkat.yaml:1:"), "{err}");
    let a = kravkat()
        .current_dir(dir.path())
        .args(["diff", "upphandling/profil.kravkat.yaml", "--rev", "no-such-rev"])
        .assert()
        .code(2);
    assert!(stderr(&a).contains("git cannot show"));
}

#[test]
fn a_revision_is_never_an_option_to_git() {
    let (dir, profile) = repo();
    // git would take `--output=out:./profil.kravkat.yaml` as the file to write, in the profile's
    // folder, where a folder `out:.` is made so that it can.
    let folder = profile.parent().unwrap();
    std::fs::create_dir(folder.join("out:.")).unwrap();
    let written = folder.join("out:./profil.kravkat.yaml");
    // And an absolute one, as in `--rev=--output=/tmp/x`.
    let outside = tempfile::tempdir().unwrap();
    std::fs::create_dir(outside.path().join("x:.")).unwrap();
    let written_outside = outside.path().join("x:./profil.kravkat.yaml");
    for rev in [
        "--output=out".to_owned(),
        format!("--output={}", outside.path().join("x").display()),
        "--pretty=format:procurement: {title: x}".to_owned(),
        "-p".to_owned(),
    ] {
        let a = kravkat()
            .current_dir(dir.path())
            .arg("diff")
            .arg(&profile)
            .arg(format!("--rev={rev}"))
            .assert()
            .code(2);
        let err = stderr(&a);
        assert!(err.contains("is not a git revision"), "{rev}: {err}");
        assert!(
            !written.exists() && !written_outside.exists(),
            "{rev}: git wrote a file"
        );
    }
    // A revision that is no commit is named as such; a real one still works, by any name.
    let a = kravkat()
        .arg("diff")
        .arg(&profile)
        .args(["--rev", "HEAD^{tree}"])
        .assert()
        .code(2);
    assert!(stderr(&a).contains("names no commit"), "{}", stderr(&a));
    let head = git(dir.path(), &["rev-parse", "HEAD"]);
    for rev in ["HEAD", "master~0", head.trim()] {
        let branch = git(dir.path(), &["branch", "--show-current"]);
        let rev = rev.replace("master", branch.trim());
        kravkat()
            .arg("diff")
            .arg(&profile)
            .args(["--rev", &rev])
            .assert()
            .code(0);
    }
}

#[test]
fn the_plain_git_hook_of_docs_ci_md_refuses_a_stale_commit() {
    let (dir, profile) = repo();
    let guide = read(&root().join("docs/ci.md"));
    let hook = guide
        .split("### As a plain git hook")
        .nth(1)
        .and_then(|rest| rest.split("```sh\n").nth(1))
        .and_then(|rest| rest.split("\n```").next())
        .expect("docs/ci.md has the hook");
    let path = dir.path().join(".git/hooks/pre-commit");
    std::fs::write(&path, format!("{hook}\n")).unwrap();
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    // The profile now declares its appendix, which is not built yet.
    std::fs::write(&profile, format!("{}\noutputs:\n  - path: bilaga.md\n", read(&profile))).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("kravkat");
    let search = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let commit = || {
        Command::new("git")
            .current_dir(dir.path())
            .env("PATH", &search)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
            .args(["commit", "-qam", "utdata"])
            .output()
            .unwrap()
    };
    let refused = commit();
    assert!(!refused.status.success(), "the hook let a stale appendix through");
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("kravkat: regenerate the appendices"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    kravkat().arg("build").arg(&profile).assert().success();
    git(dir.path(), &["add", "upphandling/bilaga.md"]);
    let done = commit();
    assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));
    assert_eq!(read(&path), format!("{hook}\n"), "the hook is as the user wrote it");
}
