//! Declared outputs and `build --check`: what CI runs to fail a merge request whose appendices
//! are stale.

mod common;
use common::*;

/// A profile in a scratch folder declaring a tender Markdown and an internal JSON output.
fn with_outputs() -> Scratch {
    scratch(&format!(
        "{HEADER}outputs:\n  - path: bilaga.md\n  - path: ut/intern.json\n    audience: internal\n"
    ))
}

fn build(args: &[&std::ffi::OsStr]) -> assert_cmd::assert::Assert {
    kravkat().arg("build").args(args).assert()
}

#[test]
fn check_fails_on_a_stale_output_and_passes_after_a_rebuild() {
    let s = with_outputs();
    std::fs::create_dir(s.dir.path().join("ut")).unwrap();
    let p = s.profile.as_os_str();
    let a = build(&[p]).success();
    assert!(stderr(&a).contains("wrote"), "{}", stderr(&a));
    let md = s.dir.path().join("bilaga.md");
    let json = s.dir.path().join("ut/intern.json");
    assert!(read(&md).starts_with("# Test\n"));
    let internal: serde_json::Value = serde_json::from_str(&read(&json)).unwrap();
    assert_eq!(internal["sections"][0]["categories"][0]["items"][0]["id"], "1.2");
    build(&["--check".as_ref(), p]).success().stdout("");

    // The buyer specifies 1.2 and forgets to rebuild.
    let edited = format!(
        "{}changes:\n  \"1.2\":\n    specify: Minst REST och JSON.\n",
        read(&s.profile)
    );
    std::fs::write(&s.profile, edited).unwrap();
    let before = read(&md);
    let a = build(&["--check".as_ref(), p]).failure().code(1);
    let (out, err) = (stdout(&a), stderr(&a));
    assert!(err.contains("bilaga.md` is stale"), "{err}");
    assert!(err.contains("intern.json` is stale"), "{err}");
    assert!(err.contains("regenerate it: `kravkat build "), "{err}");
    assert!(
        out.contains("bilaga.md (on disk)\n+++ ") && out.contains("\n+> Minst REST och JSON.\n"),
        "{out}"
    );
    assert_eq!(read(&md), before, "--check writes nothing");

    // A missing output is named too.
    std::fs::remove_file(&json).unwrap();
    let a = build(&["--check".as_ref(), "-q".as_ref(), p]).failure().code(1);
    assert!(stderr(&a).contains("intern.json` is missing"), "{}", stderr(&a));
    assert_eq!(stdout(&a), "", "-q leaves out the diff");

    build(&[p]).success();
    let a = build(&["--check".as_ref(), p]).success();
    assert!(stderr(&a).contains("up to date: "), "{}", stderr(&a));
    assert!(read(&md).contains("Minst REST och JSON."));
}

#[test]
fn check_works_for_one_output_file_and_not_for_standard_output() {
    let s = scratch(HEADER);
    let out = s.dir.path().join("a.json");
    let args = |extra: &[&str]| {
        let mut v: Vec<std::ffi::OsString> = vec![s.profile.clone().into(), "-f".into(), "json".into(), "-o".into()];
        v.push(out.clone().into());
        v.extend(extra.iter().map(Into::into));
        v
    };
    let a = kravkat()
        .arg("build")
        .args(args(&["--check"]))
        .assert()
        .failure()
        .code(1);
    assert!(stderr(&a).contains("a.json` is missing"), "{}", stderr(&a));
    assert!(
        stderr(&a).contains(" -f json -o "),
        "the hint repeats the options: {}",
        stderr(&a)
    );
    kravkat().arg("build").args(args(&[])).assert().success();
    kravkat().arg("build").args(args(&["--check"])).assert().success();
    let a = build(&["--check".as_ref(), s.profile.as_os_str()]).failure().code(2);
    assert!(stderr(&a).contains("`--check` compares with files"), "{}", stderr(&a));
}

#[test]
fn options_ask_for_one_output_whatever_the_profile_declares() {
    let s = with_outputs();
    let a = build(&[s.profile.as_os_str(), "-a".as_ref(), "tender".as_ref()]).success();
    assert!(stdout(&a).starts_with("# Test\n"));
    assert!(!s.dir.path().join("bilaga.md").exists());
}

#[test]
fn a_failed_render_writes_nothing() {
    let s = scratch(&format!("{HEADER}outputs:\n  - path: a.json\n  - path: b.md\n"));
    let tpl = s.dir.path().join("tpl");
    std::fs::create_dir(&tpl).unwrap();
    std::fs::write(tpl.join("appendix.md"), "{{ doc.no_such_field }}").unwrap();
    build(&[s.profile.as_os_str(), "--templates".as_ref(), tpl.as_os_str()])
        .failure()
        .code(2);
    assert!(
        !s.dir.path().join("a.json").exists(),
        "the JSON rendered, but nothing is written"
    );
}

#[test]
fn declared_outputs_stay_in_the_profile_folder_and_off_the_inputs() {
    let s = scratch(&format!(
        "{HEADER}outputs:\n  - path: ../ut.md\n  - path: /tmp/ut.md\n  - path: profile.yaml\n  - path: a.txt\n  - path: b.md\n    format: pdf\n  - path: c.md\n    audience: suppliers\n  - path: d.md\n  - path: ./d.md\n"
    ));
    let a = build(&[s.profile.as_os_str()]).failure().code(2);
    let e = stderr(&a);
    for (line, col, what) in [
        (10, 11, "output `../ut.md` is outside the profile's folder"),
        (11, 11, "output `/tmp/ut.md` is outside the profile's folder"),
        (12, 11, "output `profile.yaml` is the input"),
        (13, 11, "the extension of `a.txt` names no format"),
        (15, 13, "unknown format `pdf`"),
        (17, 15, "unknown audience `suppliers`"),
        (19, 11, "output `./d.md` is declared twice"),
    ] {
        assert!(e.contains(what), "{what} in:\n{e}");
        assert!(
            e.contains(&format!("profile.yaml:{line}:{col}")),
            "{line}:{col} in:\n{e}"
        );
    }
    assert!(e.contains("7 problems found"), "{e}");
    assert_eq!(std::fs::read_dir(s.dir.path()).unwrap().count(), 1, "nothing written");
    // `check` reports them too.
    kravkat().arg("check").arg(&s.profile).assert().failure().code(1);
}

#[test]
fn several_profiles_build_together_when_each_declares_its_outputs() {
    let a = with_outputs();
    std::fs::create_dir(a.dir.path().join("ut")).unwrap();
    let b = scratch(&format!("{HEADER}outputs:\n  - path: b.md\n"));
    build(&[a.profile.as_os_str(), b.profile.as_os_str()]).success();
    assert!(b.dir.path().join("b.md").exists() && a.dir.path().join("bilaga.md").exists());
    build(&["--check".as_ref(), a.profile.as_os_str(), b.profile.as_os_str()]).success();
    let plain = scratch(HEADER);
    let e = build(&[a.profile.as_os_str(), plain.profile.as_os_str()])
        .failure()
        .code(2);
    assert!(stderr(&e).contains("declares no `outputs`"), "{}", stderr(&e));
}

#[test]
fn github_annotations_name_the_stale_file() {
    let s = with_outputs();
    let a = build(&[
        "--check".as_ref(),
        "--error-format".as_ref(),
        "github".as_ref(),
        "-q".as_ref(),
        s.profile.as_os_str(),
    ])
    .failure()
    .code(1);
    let out = stdout(&a);
    let md = s.dir.path().join("bilaga.md");
    assert!(
        out.lines().any(
            |l| l.starts_with(&format!("::error file={},title=kravkat::", md.display()))
                && l.contains("is missing%0Ahint: regenerate it")
        ),
        "{out}"
    );
}

#[test]
fn the_check_diff_shows_control_characters_and_never_sends_them() {
    let s = scratch(&format!("{HEADER}outputs:\n  - path: bilaga.md\n"));
    build(&[s.profile.as_os_str()]).success();
    let md = s.dir.path().join("bilaga.md");
    let text = read(&md).replacen("# Test\n", "# Test\x1b]0;titel\x07\x1b[2J\rX\r\n", 1);
    std::fs::write(&md, text).unwrap();
    let a = build(&["--check".as_ref(), s.profile.as_os_str()]).failure().code(1);
    let out = stdout(&a);
    assert!(out.contains("-# Test␛]0;titel␇␛[2J␍"), "{out}");
    let all = format!("{out}{}", stderr(&a));
    assert!(!all.chars().any(|c| c.is_control() && c != '\n'), "{all:?}");
}
