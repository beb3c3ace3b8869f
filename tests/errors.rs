//! Every class of bad profile: a clear message naming file:line:column and the value, a
//! non-zero exit, nothing written, no panic.

mod common;
use common::*;

/// Runs `build` on the profile with `-o out.md` next to it; returns stderr after checking the
/// failure left nothing behind.
fn fails(profile: &str, code: i32) -> String {
    let s = scratch(profile);
    let out = s.dir.path().join("out.md");
    let assert = kravkat()
        .arg("build")
        .arg(&s.profile)
        .arg("-o")
        .arg(&out)
        .assert()
        .failure()
        .code(code);
    let output = assert.get_output();
    assert!(output.stdout.is_empty(), "nothing on stdout");
    let stderr = String::from_utf8(output.stderr.clone()).unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!out.exists(), "no output written");
    let leftovers: Vec<_> = std::fs::read_dir(s.dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "only the profile is left");
    stderr
}

fn at(stderr: &str, line: usize, column: usize) {
    let want = format!("profile.yaml:{line}:{column}");
    assert!(stderr.contains(&want), "expected {want} in:\n{stderr}");
}

#[test]
fn malformed_yaml() {
    // The reader notices on line 3 that the quote of line 2 never closed; the message points there.
    let e = fails("procurement:\n  title: \"unclosed\n  organisation: X\n", 2);
    at(&e, 2, 10);
    assert!(
        e.contains("the `\"` on line 2 starts a text that is never closed"),
        "{e}"
    );
    assert!(
        e.contains("2 |   title: \"unclosed"),
        "the offending line is shown:\n{e}"
    );
    let e = fails("procurement:\n\ttitle: a\n", 2);
    at(&e, 2, 1);
    assert!(e.contains("a tab on line 2, where YAML allows only spaces"), "{e}");
}

#[test]
fn unknown_field() {
    let e = fails(&format!("{HEADER}chanegs: {{}}\n"), 2);
    at(&e, 9, 1);
    assert!(e.contains("unknown field `chanegs`"), "{e}");
    let e = fails(&format!("{HEADER}changes:\n  \"1.2\":\n    levl: Bör\n"), 2);
    at(&e, 11, 5);
    assert!(e.contains("unknown field `levl`"), "{e}");
}

#[test]
fn unknown_id_with_a_suggestion() {
    let e = fails(&HEADER.replace("[\"1.2\"]", "[\"1.2\", \"1.122\"]"), 2);
    at(&e, 8, 18);
    assert!(e.contains("unknown id `1.122`"), "{e}");
    assert!(e.contains("did you mean `1.12`?"), "{e}");
}

#[test]
fn unquoted_1_10_selects_1_10_never_1_1() {
    let s = scratch(&HEADER.replace("[\"1.2\"]", "[1.10]"));
    let out = kravkat()
        .arg("build")
        .arg(&s.profile)
        .arg("-f")
        .arg("json")
        .assert()
        .success();
    let doc: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let ids: Vec<&str> = doc["sections"][0]["categories"][0]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["1.10"]);
}

#[test]
fn duplicate_id() {
    let e = fails(&HEADER.replace("[\"1.2\"]", "[\"1.2\", \"1.3\", \"1.2\"]"), 2);
    at(&e, 8, 25);
    assert!(e.contains("duplicate id `1.2`"), "{e}");
    // A key twice in a mapping is caught by the parser, with the line of the second one.
    let e = fails(
        &format!("{HEADER}changes:\n  \"1.2\": {{specify: a}}\n  \"1.2\": {{specify: b}}\n"),
        2,
    );
    at(&e, 11, 3);
    assert!(
        e.contains("`1.2` is given twice in `changes`: on line 10 and on line 11"),
        "both lines are named:\n{e}"
    );
}

#[test]
fn change_to_an_unselected_item() {
    let e = fails(
        &format!("{HEADER}changes:\n  \"1.13\":\n    specify: var fjärde timme\n"),
        2,
    );
    at(&e, 10, 3);
    assert!(e.contains("change to `1.13`, which is not selected"), "{e}");
}

/// A hint says what to do about the item as it stands: an excluded item is selected already.
#[test]
fn change_to_an_excluded_item() {
    let profile = HEADER.replace("  items: [\"1.2\"]\n", "  categories: [Arkivering]\n")
        + "exclude:\n  \"1.16\": Regleras i avtalet.\nchanges:\n  \"1.16\":\n    specify: x\n";
    let e = fails(&profile, 2);
    at(&e, 12, 3);
    assert!(e.contains("change to `1.16`, which is excluded"), "{e}");
    assert!(
        e.contains("remove `1.16` from `exclude` to keep it, or remove it from `changes`"),
        "{e}"
    );
    assert!(!e.contains("select `1.16`"), "{e}");
}

/// A misspelt category brings nothing in; what depends on it is not reported as a second error.
#[test]
fn a_misspelt_category_is_the_one_error() {
    let profile = HEADER.replace("  items: [\"1.2\"]\n", "  categories: [Arkiverng]\n")
        + "exclude:\n  \"1.16\": Regleras i avtalet.\nchanges:\n  \"1.15\":\n    specify: x\n";
    let e = fails(&profile, 2);
    at(&e, 8, 16);
    assert!(e.contains("unknown category `Arkiverng`"), "{e}");
    assert!(e.contains("did you mean `Arkivering`?"), "{e}");
    assert!(
        !e.contains("not selected") && !e.contains("problems found"),
        "one error only:\n{e}"
    );
}

/// "did you mean": a swapped pair before a dropped character, and for misspelt field names.
#[test]
fn suggestions_rank_a_swapped_pair_first_and_cover_field_names() {
    let e = fails(&HEADER.replace("[\"1.2\"]", "[\"1.41\"]"), 2);
    assert!(
        e.contains("unknown id `1.41`") && e.contains("did you mean `1.14`?"),
        "{e}"
    );
    let e = fails(
        &(HEADER.replace("  items: [\"1.2\"]\n", "  categories: [API]\n") + "excludes:\n  \"1.2\": x\n"),
        2,
    );
    assert!(
        e.contains("unknown field `excludes`") && e.contains("did you mean `exclude`?"),
        "{e}"
    );
    let e = fails(
        &format!("{HEADER}changes:\n  \"1.2\":\n    level: Bör\n    reson: x\n"),
        2,
    );
    at(&e, 12, 5);
    assert!(
        e.contains("unknown field `reson`") && e.contains("did you mean `reason`?"),
        "{e}"
    );
    let e = fails(&HEADER.replace("organisation:", "organization:"), 2);
    at(&e, 3, 3);
    assert!(
        e.contains("unknown field `organization` in `procurement`") && e.contains("did you mean `organisation`?"),
        "{e}"
    );
}

/// An empty profile: the installed binary has no examples folder, but it has `init`.
#[test]
fn an_empty_profile_points_to_init() {
    let e = fails("# nothing yet\n", 2);
    assert!(e.contains("the profile is empty"), "{e}");
    assert!(e.contains("`kravkat init -o profil.kravkat.yaml`"), "{e}");
    assert!(!e.contains("examples/"), "{e}");
}

#[test]
fn own_id_colliding_with_a_catalogue_id() {
    let e = fails(
        &format!("{HEADER}own:\n  - id: \"1.5\"\n    level: Ska\n    text: Eget.\n"),
        2,
    );
    at(&e, 10, 9);
    assert!(e.contains("own id `1.5` collides with jonkoping 1.5"), "{e}");
}

#[test]
fn missing_reason() {
    let e = fails(&format!("{HEADER}changes:\n  \"1.2\":\n    level: Bör\n"), 2);
    at(&e, 10, 3);
    assert!(e.contains("the level change of `1.2` has no reason"), "{e}");
    let e = fails(&format!("{HEADER}changes:\n  \"1.2\":\n    text: Ny lydelse.\n"), 2);
    assert!(e.contains("the replaced text of `1.2` has no reason"), "{e}");
    let profile = HEADER.replace("items: [\"1.2\"]", "categories: [API]") + "exclude:\n  \"1.3\": \"\"\n";
    let e = fails(&profile, 2);
    at(&e, 10, 10);
    assert!(e.contains("the exclusion of `1.3` has no reason"), "{e}");
}

#[test]
fn empty_selection() {
    let e = fails(&HEADER.replace("[\"1.2\"]", "[]"), 2);
    at(&e, 8, 3);
    assert!(e.contains("the selection is empty"), "{e}");
}

#[test]
fn unknown_catalogue_and_version() {
    let e = fails(&HEADER.replace("id: jonkoping", "id: jonkopnig"), 2);
    at(&e, 5, 9);
    assert!(e.contains("unknown catalogue `jonkopnig`"), "{e}");
    assert!(e.contains("did you mean `jonkoping`?"), "{e}");
    let e = fails(&HEADER.replace("\"1.0\"", "\"2.0\""), 2);
    at(&e, 6, 14);
    assert!(e.contains("catalogue `jonkoping` has no version `2.0`"), "{e}");
    assert!(e.contains("available: \"1.0\""), "{e}");
    let e = fails(&HEADER.replace("    version: \"1.0\"\n", ""), 2);
    assert!(e.contains("catalogue `jonkoping` has no pinned version"), "{e}");
}

#[test]
fn missing_profile_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.yaml");
    let a = kravkat().arg("build").arg(&missing).assert().failure().code(2);
    let e = stderr(&a);
    assert!(e.contains("cannot read") && e.contains("nope.yaml"), "{e}");
}

#[test]
fn unwritable_output_keeps_the_old_file() {
    let s = scratch(HEADER);
    // A directory cannot be replaced by a file: the rename fails, even for root.
    let dir_out = s.dir.path().join("taken.md");
    std::fs::create_dir(&dir_out).unwrap();
    std::fs::write(dir_out.join("keep"), "x").unwrap();
    let a = kravkat()
        .arg("build")
        .arg(&s.profile)
        .arg("-o")
        .arg(&dir_out)
        .assert()
        .failure()
        .code(2);
    let e = stderr(&a);
    assert!(
        e.contains("cannot write") && e.contains("taken.md`: it is a folder"),
        "{e}"
    );
    assert!(dir_out.join("keep").exists());
    // A file where a folder should be.
    let a = kravkat()
        .arg("build")
        .arg(&s.profile)
        .arg("-o")
        .arg(dir_out.join("keep/out.md"))
        .assert()
        .failure()
        .code(2);
    assert!(stderr(&a).contains("keep` is not a folder"), "{}", stderr(&a));
    // An invalid profile leaves an earlier output untouched.
    let out = s.dir.path().join("out.md");
    std::fs::write(&out, "earlier appendix").unwrap();
    std::fs::write(&s.profile, HEADER.replace("1.2", "9.9")).unwrap();
    kravkat()
        .arg("build")
        .arg(&s.profile)
        .arg("-o")
        .arg(&out)
        .assert()
        .failure()
        .code(2);
    assert_eq!(read(&out), "earlier appendix");
    // …and the profile itself is never an output.
    std::fs::write(&s.profile, HEADER).unwrap();
    let a = kravkat()
        .arg("build")
        .arg(&s.profile)
        .args(["-f", "md", "-o"])
        .arg(&s.profile)
        .assert()
        .failure()
        .code(2);
    assert!(stderr(&a).contains("refusing to write"));
    assert_eq!(read(&s.profile), HEADER);
}

#[test]
fn several_problems_are_reported_together() {
    let profile = HEADER.replace("[\"1.2\"]", "[\"1.2\", \"7.7\"]") + "changes:\n  \"1.3\":\n    specify: x\n";
    let e = fails(&profile, 2);
    assert!(e.contains("unknown id `7.7`") && e.contains("change to `1.3`"), "{e}");
    assert!(e.contains("2 problems found"), "{e}");
}

#[test]
fn check_reports_each_profile() {
    let good = scratch(HEADER);
    let bad = scratch(&HEADER.replace("1.2", "1.99"));
    let a = kravkat()
        .arg("check")
        .arg(&good.profile)
        .arg(&bad.profile)
        .assert()
        .failure()
        .code(1);
    let out = a.get_output();
    assert!(String::from_utf8_lossy(&out.stdout).contains("ok:"));
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(
        e.contains("unknown id `1.99`") && e.contains("1 of 2 profiles failed"),
        "{e}"
    );
}

/// The usual header's procurement, over Jönköping, Skåne and Hinderbanan (which all have a 1.2).
fn over_three(rest: &str) -> String {
    format!(
        "procurement:\n  title: Test\n  organisation: Testkommun\ncatalogs:\n  - id: jonkoping\n    version: \"1.0\"\n  - id: skane\n    version: \"1\"\n  - id: hinderbanan\n    version: \"1\"\n{rest}"
    )
}

#[test]
fn ambiguous_bare_id_names_every_qualified_option() {
    let e = fails(&over_three("select:\n  items: [\"jonkoping:1.3\", \"1.2\"]\n"), 2);
    at(&e, 12, 28);
    assert!(e.contains("id `1.2` is ambiguous"), "{e}");
    assert!(
        e.contains("qualify it: `jonkoping:1.2` or `skane:1.2` or `hinderbanan:1.2`"),
        "{e}"
    );
    // The same in every place an id goes.
    let e = fails(
        &over_three(
            "select:\n  catalogs: [skane]\nexclude:\n  \"0.1\": Installation sker i molnet.\n  \"1.1\": Ingen klient.\n",
        ),
        2,
    );
    at(&e, 15, 3);
    assert!(e.contains("id `1.1` is ambiguous") && !e.contains("`0.1`"), "{e}");
    let e = fails(&over_three("select:\n  items: [\"skane:1.2\", \"jonköping:1.3\"]\n"), 2);
    assert!(
        e.contains("id `jonköping:1.3` names catalogue `jonköping`, which this profile does not use"),
        "{e}"
    );
    assert!(e.contains("did you mean `jonkoping`?"), "{e}");
}

#[test]
fn own_reference_to_an_unknown_item() {
    let e = fails(
        &format!(
            "{HEADER}own:\n  - id: EGEN-1\n    level: Ska\n    text: Eget.\n    references: [\"1.8\", \"1.88\"]\n"
        ),
        2,
    );
    at(&e, 13, 25);
    assert!(
        e.contains("unknown id `1.88`") && e.contains("did you mean `1.8`?"),
        "{e}"
    );
}

#[test]
fn checklist_status_errors() {
    let select = "select:\n  items: [\"hinderbanan:1.1\", \"skane:4.1\"]\nchecklist:\n";
    let e = fails(
        &over_three(&format!("{select}  \"hinderbanan:1.1\": {{ status: klart }}\n")),
        2,
    );
    at(&e, 14, 32);
    assert!(
        e.contains("unknown status `klart`") && e.contains("did you mean `klar`?"),
        "{e}"
    );
    let e = fails(
        &over_three(&format!("{select}  \"hinderbanan:1.1\": {{ status: done }}\n")),
        2,
    );
    assert!(
        e.contains("a status is one of: klar, pågår, ej påbörjad, ej aktuell"),
        "{e}"
    );
    let e = fails(
        &over_three(&format!("{select}  \"hinderbanan:1.2\": {{ status: klar }}\n")),
        2,
    );
    at(&e, 14, 3);
    assert!(e.contains("status for `hinderbanan:1.2`, which is not selected"), "{e}");
    let e = fails(
        &over_three(&format!("{select}  \"skane:4.1\": {{ status: klar }}\n")),
        2,
    );
    at(&e, 14, 3);
    assert!(
        e.contains("`skane:4.1` is a requirement; only checklist questions have a status"),
        "{e}"
    );
    let e = fails(
        &over_three(&format!("{select}  \"hinderbanan:1.1\": {{ note: x }}\n")),
        2,
    );
    assert!(
        e.contains("the `checklist` entry `hinderbanan:1.1` has no `status`"),
        "{e}"
    );
}

#[test]
fn a_file_that_is_not_kravkats_yaml_is_never_shown() {
    let secret = root().join("tests/fixtures/hemlig.txt");
    let s = scratch(&HEADER.replace(
        "  - id: jonkoping\n    version: \"1.0\"\n",
        &format!("  - path: {}\n", secret.display()),
    ));
    let link = s.dir.path().join("länk.kravkat.yaml");
    std::os::unix::fs::symlink(&secret, &link).unwrap();
    let environ = scratch(&HEADER.replace(
        "  - id: jonkoping\n    version: \"1.0\"\n",
        "  - path: /proc/self/environ\n",
    ));
    for format in ["human", "json", "github"] {
        for (profile, what) in [
            (&s.profile, "catalogue"),
            (&link, "profile"),
            (&environ.profile, "catalogue"),
        ] {
            let a = kravkat()
                .env("SECRET_OF_THE_TEST", "HEMLIGHASH-i-miljön")
                .args(["build", "--error-format", format])
                .arg(profile)
                .assert()
                .failure()
                .code(2);
            let all = format!("{}{}", stdout(&a), stderr(&a));
            assert!(all.contains(&format!("the file is not a kravkat {what}")), "{all}");
            assert!(!all.contains("HEMLIGHASH") && !all.contains("daemon"), "{all}");
        }
    }
    // `check` and `diff` read files the same way.
    let a = kravkat().arg("check").arg(&link).assert().failure();
    assert!(!stderr(&a).contains("HEMLIGHASH"), "{}", stderr(&a));
    let a = kravkat()
        .args(["diff", "--catalog"])
        .arg(&secret)
        .arg("jonkoping")
        .assert()
        .failure();
    assert!(!stderr(&a).contains("HEMLIGHASH"), "{}", stderr(&a));
}

#[cfg(unix)]
#[test]
fn a_pipe_or_a_device_is_never_read_as_an_input() {
    let s = scratch(HEADER);
    let fifo = s.dir.path().join("rör");
    mkfifo(&fifo);
    let with_catalogue = |path: &std::path::Path| {
        let p = s.dir.path().join(format!("p{}.yaml", path.display().to_string().len()));
        std::fs::write(
            &p,
            HEADER.replace(
                "  - id: jonkoping\n    version: \"1.0\"\n",
                &format!("  - path: {}\n", path.display()),
            ),
        )
        .unwrap();
        p
    };
    let templates = s.dir.path().join("mallar");
    std::fs::create_dir(&templates).unwrap();
    mkfifo(&templates.join("appendix.md"));
    let zero = std::path::Path::new("/dev/zero");
    let runs: Vec<(Vec<std::ffi::OsString>, &str)> = vec![
        (vec!["build".into(), fifo.clone().into()], "it is a pipe, not a file"),
        (
            vec!["build".into(), with_catalogue(&fifo).into()],
            "it is a pipe, not a file",
        ),
        (
            vec!["build".into(), with_catalogue(zero).into()],
            "it is a device, not a file",
        ),
        (
            vec![
                "diff".into(),
                "--catalog".into(),
                fifo.clone().into(),
                "jonkoping".into(),
            ],
            "it is a pipe, not a file",
        ),
        (
            vec![
                "build".into(),
                s.profile.clone().into(),
                "--reference-docx".into(),
                zero.into(),
                "-o".into(),
                "-".into(),
                "-f".into(),
                "docx".into(),
            ],
            "it is a device, not a file",
        ),
        (
            vec![
                "build".into(),
                s.profile.clone().into(),
                "--reference-docx".into(),
                fifo.clone().into(),
                "-o".into(),
                "b.docx".into(),
            ],
            "it is a pipe, not a file",
        ),
        (
            vec![
                "build".into(),
                s.profile.clone().into(),
                "--templates".into(),
                templates.clone().into(),
            ],
            "it is a pipe, not a file",
        ),
    ];
    for (args, message) in runs {
        let a = kravkat()
            .current_dir(s.dir.path())
            .args(&args)
            .timeout(std::time::Duration::from_secs(30))
            .assert()
            .failure();
        let e = stderr(&a);
        assert!(e.contains(message), "{args:?}: {e}");
    }
}
