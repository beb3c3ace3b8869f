//! Where `build` writes and how: never a file that can run, never into version-control
//! metadata, never over an input or one output over another, nothing half-written when any
//! output fails, missing folders created, and kravkat's temporary files named so a user can see
//! them and cleaned when a killed run left them.

mod common;
use common::*;

use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::process::Command;

fn build(args: &[&std::ffi::OsStr]) -> assert_cmd::assert::Assert {
    kravkat().arg("build").args(args).assert()
}

/// `kravkat build ARGS` fails with `code`, saying `says`; its message.
fn refused(args: &[&std::ffi::OsStr], code: i32, says: &str) -> String {
    let e = stderr(&build(args).failure().code(code));
    assert!(e.contains(says), "{e}");
    e
}

/// A profile in a fresh folder that declares `outputs` (one `path:` each).
fn declaring(outputs: &[&str]) -> Scratch {
    let list: String = outputs.iter().map(|o| format!("  - path: {o}\n")).collect();
    scratch(&format!("{HEADER}outputs:\n{list}"))
}

/// Every file under `dir`, relative to it, sorted.
fn files(dir: &Path) -> Vec<String> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() && !p.is_symlink() {
                walk(base, &p, out);
            }
            out.push(p.strip_prefix(base).unwrap().display().to_string());
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

fn git(dir: &Path, args: &[&str]) {
    let ok = Command::new("git")
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .args(args)
        .output()
        .unwrap()
        .status
        .success();
    assert!(ok, "git {args:?}");
}

#[test]
fn no_output_goes_into_version_control_metadata() {
    require("git", "--version");
    let s = declaring(&["bilaga.md"]);
    let dir = s.dir.path();
    git(dir, &["init", "-q"]);
    git(dir, &["init", "-q", "--bare", "spegel.git"]);
    let hook = dir.join(".git/hooks/pre-commit");
    std::fs::write(&hook, "#!/bin/sh\nexit 0\n").unwrap();
    std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::os::unix::fs::symlink(dir.join(".git"), dir.join("länk")).unwrap();
    std::fs::create_dir(dir.join("ut")).unwrap();
    let before = |p: &str| std::fs::read(dir.join(p)).unwrap();
    let (hook_text, config) = (before(".git/hooks/pre-commit"), before(".git/config"));
    let listed = files(dir);
    let outputs = [
        ".git/hooks/pre-commit",
        ".git/config",
        "ut/../.git/config",
        ".GIT/hooks/post-merge.md",
        "länk/hooks/pre-push.md",
        "spegel.git/hooks/pre-receive.md",
        ".hg/hgrc.md",
        "ut/.svn/x.md",
    ];
    let text = format!(
        "{HEADER}outputs:\n{}",
        outputs
            .iter()
            .map(|o| format!("  - path: {o}\n    format: md\n"))
            .collect::<String>()
    );
    std::fs::write(&s.profile, text).unwrap();
    let a = build(&[s.profile.as_os_str()]).failure().code(2);
    let e = stderr(&a);
    for (i, o) in outputs.iter().enumerate() {
        assert!(
            e.contains(&format!("profile.yaml:{}:11", 10 + 2 * i))
                && e.contains(&format!("output `{o}` cannot be written")),
            "{o}:\n{e}"
        );
    }
    assert!(e.contains("where version control keeps its metadata"), "{e}");
    assert!(e.contains("spegel.git` is a git repository's metadata"), "{e}");
    kravkat().arg("check").arg(&s.profile).assert().failure().code(1);
    // `-o` is held to the same rule.
    let plain = dir.join("utan-utdata.yaml");
    std::fs::write(&plain, HEADER).unwrap();
    for o in [".git/hooks/pre-commit", "länk/config"] {
        let a = build(&[
            plain.as_os_str(),
            "-f".as_ref(),
            "md".as_ref(),
            "-o".as_ref(),
            dir.join(o).as_os_str(),
        ])
        .failure()
        .code(2);
        assert!(
            stderr(&a).contains("metadata") && stderr(&a).contains("kravkat writes no file there"),
            "{}",
            stderr(&a)
        );
    }
    assert_eq!(before(".git/hooks/pre-commit"), hook_text);
    assert_eq!(before(".git/config"), config);
    let mut listed = listed;
    listed.push("utan-utdata.yaml".into());
    listed.sort();
    assert_eq!(files(dir), listed, "nothing written");
}

#[test]
fn a_file_that_can_run_is_never_written_over() {
    let s = declaring(&["bilaga.md", "kör.md"]);
    let plain = scratch(HEADER);
    let program = s.dir.path().join("kör.md");
    std::fs::write(&program, "#!/bin/sh\necho hej\n").unwrap();
    for mode in [0o755, 0o744, 0o654, 0o645] {
        std::fs::set_permissions(&program, std::fs::Permissions::from_mode(mode)).unwrap();
        refused(
            &[s.profile.as_os_str()],
            2,
            "output `kör.md` cannot be written: it is executable",
        );
        assert!(!s.dir.path().join("bilaga.md").exists(), "nothing written");
        refused(
            &[plain.profile.as_os_str(), "-o".as_ref(), program.as_os_str()],
            2,
            "it is executable",
        );
    }
    assert_eq!(read(&program), "#!/bin/sh\necho hej\n");
    // What kravkat writes never has an execute bit, new or replaced.
    std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o640)).unwrap();
    build(&[s.profile.as_os_str()]).success();
    for (file, mode) in [("bilaga.md", 0o644), ("kör.md", 0o640)] {
        let m = std::fs::metadata(s.dir.path().join(file)).unwrap().permissions().mode();
        assert_eq!(m & 0o7777, mode, "{file}");
    }
}

#[test]
fn one_output_that_cannot_be_written_leaves_every_other_as_it_was() {
    // The pipe has no reader, which only writing finds: the Markdown, staged before it, must
    // not be renamed into place, and the folder made for the JSON goes again.
    let s = declaring(&["a.md", "ny/b.json", "pipa.md"]);
    let dir = s.dir.path();
    std::fs::write(dir.join("a.md"), "earlier appendix").unwrap();
    mkfifo(&dir.join("pipa.md"));
    let listed = files(dir);
    kravkat().arg("check").arg(&s.profile).assert().success();
    refused(
        &[s.profile.as_os_str()],
        2,
        "pipa.md`: it is a pipe that no program reads from",
    );
    assert_eq!(read(&dir.join("a.md")), "earlier appendix");
    assert_eq!(files(dir), listed, "no temporary file, no folder left");
    // A folder where an output should be is found before anything is rendered or written.
    std::fs::remove_file(dir.join("pipa.md")).unwrap();
    std::fs::create_dir(dir.join("pipa.md")).unwrap();
    refused(
        &[s.profile.as_os_str()],
        2,
        "output `pipa.md` cannot be written: it is a folder",
    );
    assert_eq!(read(&dir.join("a.md")), "earlier appendix");
}

#[test]
fn one_file_under_two_names_is_one_output() {
    let root = tempfile::tempdir().unwrap();
    let d = root.path().join("d");
    std::fs::create_dir(&d).unwrap();
    let profile = |name: &str, outputs: &str| {
        let p = d.join(name);
        std::fs::write(&p, format!("{HEADER}outputs:\n{outputs}")).unwrap();
        p
    };
    let p1 = profile("p1.yaml", "  - path: ut.md\n");
    let p2 = profile("p2.yaml", "  - path: ./ut.md\n    audience: internal\n");
    let run = |args: &[&str]| {
        kravkat()
            .current_dir(root.path())
            .arg("build")
            .args(args)
            .assert()
            .failure()
            .code(2)
    };
    let a = run(&["d/p1.yaml", "./d/p2.yaml"]);
    assert!(stderr(&a).contains("are the same file"), "{}", stderr(&a));
    let absolute = p2.display().to_string();
    let a = run(&["d/p1.yaml", &absolute, "--check"]);
    assert!(stderr(&a).contains("are the same file"), "{}", stderr(&a));
    assert!(!d.join("ut.md").exists());
    // A link to another output, and a second hard link of it, are that output too.
    std::fs::write(d.join("ut.md"), "x").unwrap();
    std::os::unix::fs::symlink("ut.md", d.join("länk.md")).unwrap();
    std::fs::hard_link(d.join("ut.md"), d.join("hård.md")).unwrap();
    for other in ["länk.md", "hård.md"] {
        std::fs::write(&p2, format!("{HEADER}outputs:\n  - path: {other}\n")).unwrap();
        let a = run(&["d/p1.yaml", "d/p2.yaml"]);
        assert!(stderr(&a).contains("are the same file"), "{other}: {}", stderr(&a));
    }
    assert_eq!(read(&d.join("ut.md")), "x");
    let _ = p1;
}

#[test]
fn outputs_never_overwrite_the_reference_document_or_a_template() {
    let s = declaring(&["bilaga.md"]);
    let dir = s.dir.path();
    let mall = dir.join("mall.docx");
    kravkat().args(["reference-docx", "-o"]).arg(&mall).assert().success();
    let reference = std::fs::read(&mall).unwrap();
    refused(
        &[
            s.profile.as_os_str(),
            "--reference-docx".as_ref(),
            mall.as_os_str(),
            "-o".as_ref(),
            dir.join("./mall.docx").as_os_str(),
        ],
        2,
        "refusing to write the output over the input",
    );
    assert_eq!(std::fs::read(&mall).unwrap(), reference);
    let mallar = dir.join("mallar");
    std::fs::create_dir(&mallar).unwrap();
    let template = "# {{ doc.procurement.title }}\n";
    std::fs::write(mallar.join("appendix.md"), template).unwrap();
    std::fs::write(&s.profile, format!("{HEADER}outputs:\n  - path: mallar/appendix.md\n")).unwrap();
    refused(
        &[s.profile.as_os_str(), "--templates".as_ref(), mallar.as_os_str()],
        2,
        "refusing to write the output over the input",
    );
    assert_eq!(read(&mallar.join("appendix.md")), template);
}

#[test]
fn missing_folders_are_made_and_check_agrees() {
    let s = declaring(&["bilaga.md", "intern/utkast/arbetskopia.html"]);
    let dir = s.dir.path();
    kravkat().arg("check").arg(&s.profile).assert().success();
    let a = build(&["--check".as_ref(), s.profile.as_os_str()]).failure().code(1);
    let e = stderr(&a);
    assert!(
        e.contains("arbetskopia.html` is missing") && e.contains("regenerate it: `kravkat build "),
        "{e}"
    );
    build(&[s.profile.as_os_str()]).success();
    assert!(read(&dir.join("intern/utkast/arbetskopia.html")).starts_with("<!DOCTYPE html>"));
    build(&["--check".as_ref(), s.profile.as_os_str()]).success();
    // `-o` too.
    let out = dir.join("ny/mapp/bilaga.md");
    build(&[s.profile.as_os_str(), "-o".as_ref(), out.as_os_str()]).success();
    assert!(read(&out).starts_with("# Test"));
    // A file in the way of a folder is found by `check` as by `build`.
    std::fs::write(dir.join("fil"), "").unwrap();
    std::fs::write(&s.profile, format!("{HEADER}outputs:\n  - path: fil/bilaga.md\n")).unwrap();
    let a = kravkat().arg("check").arg(&s.profile).assert().failure().code(1);
    assert!(
        stderr(&a).contains("`fil/bilaga.md` cannot be written"),
        "{}",
        stderr(&a)
    );
    build(&[s.profile.as_os_str()]).failure().code(2);
}

#[test]
fn the_format_of_o_comes_from_its_extension() {
    let s = scratch(HEADER);
    let dir = s.dir.path();
    let p = s.profile.as_os_str();
    for (name, starts) in [
        ("bilaga.docx", &b"PK\x03\x04"[..]),
        ("bilaga.HTML", b"<!DOCTYPE html>"),
        ("bilaga.json", b"{"),
        ("bilaga.md", b"# Test"),
    ] {
        let out = dir.join(name);
        build(&[p, "-o".as_ref(), out.as_os_str()]).success();
        assert!(std::fs::read(&out).unwrap().starts_with(starts), "{name}");
    }
    let txt = dir.join("bilaga.txt");
    let a = build(&[p, "-o".as_ref(), txt.as_os_str()]).failure().code(2);
    assert!(
        stderr(&a).contains("the extension of") && stderr(&a).contains("give `-f`"),
        "{}",
        stderr(&a)
    );
    refused(
        &[
            p,
            "-f".as_ref(),
            "md".as_ref(),
            "-o".as_ref(),
            dir.join("b.docx").as_os_str(),
        ],
        2,
        "`-f md` contradicts the extension",
    );
    assert!(!dir.join("b.docx").exists());
    build(&[p, "-f".as_ref(), "md".as_ref(), "-o".as_ref(), txt.as_os_str()]).success();
    assert!(read(&txt).starts_with("# Test"));
    assert!(stdout(&build(&[p, "-o".as_ref(), "-".as_ref()]).success()).starts_with("# Test"));
    // The format is the one --reference-docx is for.
    refused(
        &[
            p,
            "--reference-docx".as_ref(),
            dir.join("bilaga.docx").as_os_str(),
            "-o".as_ref(),
            dir.join("c.md").as_os_str(),
        ],
        2,
        "--reference-docx",
    );
}

#[test]
fn temporaries_have_a_visible_name_and_stale_ones_go() {
    let s = declaring(&["bilaga.md"]);
    let dir = s.dir.path();
    // What a run killed while writing leaves, with a process id that runs no longer…
    let dead = Command::new("true").spawn().unwrap();
    let gone = dead.id();
    let mut dead = dead;
    dead.wait().unwrap();
    let stale = format!("bilaga.md.Xy3kQ9.{gone}.kravkat-tmp");
    std::fs::write(dir.join(&stale), "half").unwrap();
    // …and what a run still writing has, and names that only look alike.
    let live = format!("bilaga.md.Ab3xZ9.{}.kravkat-tmp", std::process::id());
    let alike = [
        "bilaga.md.kravkat-tmp",
        "anteckning.kravkat-tmp.md",
        "bilaga.md.Xy3kQ.1.kravkat-tmp",
    ];
    for name in alike.iter().copied().chain([live.as_str()]) {
        std::fs::write(dir.join(name), "keep").unwrap();
    }
    build(&[s.profile.as_os_str()]).success();
    assert!(!dir.join(&stale).exists(), "the stale temporary is gone");
    for name in alike.iter().copied().chain([live.as_str()]) {
        assert!(dir.join(name).exists(), "{name} stays");
    }
    // The README gives the pattern to ignore them by.
    assert!(read(&root().join("README.md")).contains("*.kravkat-tmp"));
}

#[test]
fn no_message_shows_a_temporary_file() {
    // /proc takes no new files: staging fails, and the message names the output.
    let a = kravkat()
        .arg("build")
        .arg(root().join("examples/affarssystem.yaml"))
        .args(["-o", "/proc/bilaga.md"])
        .assert()
        .failure()
        .code(2);
    let e = stderr(&a);
    assert!(e.contains("cannot write `/proc/bilaga.md`"), "{e}");
    assert!(!e.contains("kravkat-tmp") && !e.contains(".tmp"), "{e}");
    // A folder where the file should go: once the rename failed, naming the temporary.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("bilaga.md")).unwrap();
    let a = kravkat()
        .current_dir(dir.path())
        .arg("build")
        .arg(root().join("examples/affarssystem.yaml"))
        .args(["-o", "bilaga.md"])
        .assert()
        .failure()
        .code(2);
    let e = stderr(&a);
    assert!(e.contains("cannot write `bilaga.md`: it is a folder"), "{e}");
    assert!(!e.contains("kravkat-"), "{e}");
}

#[test]
fn a_thousand_outputs_need_no_thousand_descriptors() {
    let outputs: Vec<String> = (0..1_200).map(|i| format!("ut/{i}.md")).collect();
    let list: Vec<&str> = outputs.iter().map(String::as_str).collect();
    let s = declaring(&list);
    let bin = assert_cmd::cargo::cargo_bin("kravkat");
    let run = Command::new("sh")
        .arg("-c")
        .arg("ulimit -n 64 && exec \"$0\" build -q \"$1\"")
        .arg(&bin)
        .arg(&s.profile)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let written: Vec<PathBuf> = (0..1_200).map(|i| s.dir.path().join(format!("ut/{i}.md"))).collect();
    assert!(written.iter().all(|p| read(p).starts_with("# Test")));
    assert_eq!(std::fs::read_dir(s.dir.path().join("ut")).unwrap().count(), 1_200);
}
