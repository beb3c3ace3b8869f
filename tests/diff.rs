//! `kravkat diff`: two profiles compared as resolved documents, and two catalogue versions
//! compared item by item — in text and JSON, exit 0 when the same and 1 when not.

mod common;
use common::*;
use serde_json::{Value, json};

fn run(args: &[&std::ffi::OsStr], code: i32) -> String {
    let a = kravkat().args(args).assert().code(code);
    stdout(&a)
}

/// The business-system example with one edit of each kind a reviewer cares about.
fn edited_example() -> (Scratch, std::path::PathBuf) {
    let old = read(&root().join("examples/affarssystem.yaml"));
    let s = scratch(&old);
    let mut new = old
        .replace(
            "title: Upphandling av verksamhetssystem för ekonomi",
            "title: Upphandling av ekonomisystem",
        )
        .replace(r#"items: ["1.1", "1.14", "1.19"]"#, r#"items: ["1.1", "1.11", "1.14", "1.19"]"#)
        .replace(
            "      Loggning och larm kan lösas i kommunens övervakningsplattform; behovet är mindre\n      kritiskt, så kravet utvärderas i stället för att vara obligatoriskt.",
            "      Larm hanteras i kommunens övervakningsplattform.",
        )
        .replace("avses var fjärde timme", "avses varannan timme")
        .replace(
            "Kommunen har ingen egen integrationsplattform",
            "Kommunen saknar integrationsplattform",
        )
        .replace(
            "  \"1.5\":\n    specify:",
            "  \"1.5\":\n    level: Bör\n    reason: Bakåtkompatibilitet utvärderas.\n    specify:",
        )
        .replace("    VK-2: 100 000\n", "    \"1.5\": 40 000\n")
        .replace("    \"1.12\": 150 000\n", "    \"1.12\": 120 000\n");
    // VK-2 goes.
    let (vk2, vk3) = (new.find("  - id: VK-2").unwrap(), new.find("  - id: VK-3").unwrap());
    new.replace_range(vk2..vk3, "");
    assert_ne!(new, old);
    let path = s.dir.path().join("new.yaml");
    std::fs::write(&path, new).unwrap();
    (s, path)
}

#[test]
fn two_profiles_differ_in_exactly_the_changes_made() {
    let (s, new) = edited_example();
    let args = |f: &str| -> Vec<std::ffi::OsString> {
        vec![
            "diff".into(),
            s.profile.clone().into(),
            new.clone().into(),
            "-f".into(),
            f.into(),
        ]
    };
    let json_out: Value =
        serde_json::from_str(&run(&args("json").iter().map(|a| a.as_os_str()).collect::<Vec<_>>(), 1)).unwrap();
    let keys = |k: &str| -> Vec<String> {
        json_out[k]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["key"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(json_out["same"], false);
    assert_eq!(
        json_out["metadata"],
        json!([{"field": "title", "old": "Upphandling av verksamhetssystem för ekonomi", "new": "Upphandling av ekonomisystem"}])
    );
    assert_eq!(keys("added"), ["jonkoping:1.11"]);
    assert_eq!(json_out["added"][0]["level"], "Ska");
    assert_eq!(json_out["added"][0]["category"], "API - Skolverksamhet");
    assert_eq!(keys("removed"), ["VK-2"]);
    assert_eq!(
        json_out["removed"][0]["text"],
        "Systemet bör kunna läsa organisationsstrukturen från kommunens HR-system via API."
    );
    assert_eq!(keys("changed"), ["jonkoping:1.5", "jonkoping:1.12", "jonkoping:1.13"]);
    assert_eq!(
        json_out["changed"][0]["changes"],
        json!([
            {"field": "level", "old": "Ska", "new": "Bör"},
            {"field": "value", "old": null, "new": "40\u{a0}000\u{a0}kr"},
            {"field": "reason", "old": null, "new": "Bakåtkompatibilitet utvärderas."},
        ])
    );
    assert_eq!(
        json_out["changed"][1]["changes"],
        json!([
            {"field": "value", "old": "150\u{a0}000\u{a0}kr", "new": "120\u{a0}000\u{a0}kr"},
            {"field": "reason", "old": json_out["changed"][1]["changes"][1]["old"], "new": "Larm hanteras i kommunens övervakningsplattform."},
        ])
    );
    assert_eq!(json_out["changed"][2]["changes"][0]["field"], "specification");
    assert_eq!(json_out["changed"][2]["changes"].as_array().unwrap().len(), 1);
    assert_eq!(keys("excluded"), ["jonkoping:1.7"]);
    assert!(
        json_out["excluded"][0]["new"]
            .as_str()
            .unwrap()
            .starts_with("Kommunen saknar")
    );

    let text = run(&args("text").iter().map(|a| a.as_os_str()).collect::<Vec<_>>(), 1);
    for want in [
        "metadata\n  title:\n    - Upphandling av verksamhetssystem för ekonomi\n    + Upphandling av ekonomisystem\n",
        "added\n  + jonkoping:1.11 (Ska) Systemets API ska följa relevanta standarder",
        "removed\n  - VK-2 (Bör) Systemet bör kunna läsa",
        "  ~ jonkoping:1.5\n      level: Ska → Bör\n      value: (none) → 40\u{a0}000\u{a0}kr\n      reason: (none) → Bakåtkompatibilitet utvärderas.\n",
        "  ~ jonkoping:1.12\n      value: 150\u{a0}000\u{a0}kr → 120\u{a0}000\u{a0}kr\n",
        "  ~ jonkoping:1.13\n      specification:\n        - Med löpande export avses var fjärde timme.",
        "        + Med löpande export avses varannan timme.",
        "excluded\n  jonkoping:1.7:\n",
    ] {
        assert!(text.contains(want), "{want:?} in:\n{text}");
    }
    assert_eq!(text.matches("\n  ~ ").count(), 3, "{text}");
}

#[test]
fn a_reformatted_profile_is_the_same_document() {
    let old = read(&root().join("examples/affarssystem.yaml"));
    // Comments dropped, quoting and order changed: the document is the same.
    let reformatted: String = old
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .map(|l| l.replace("\"1.12\":", "1.12:"))
        .collect::<Vec<_>>()
        .join("\n");
    let s = scratch(&reformatted);
    let out = run(
        &[
            "diff".as_ref(),
            root().join("examples/affarssystem.yaml").as_os_str(),
            s.profile.as_os_str(),
        ],
        0,
    );
    assert!(out.starts_with("no differences between "), "{out}");
    let v: Value = serde_json::from_str(&run(
        &[
            "diff".as_ref(),
            s.profile.as_os_str(),
            s.profile.as_os_str(),
            "--format".as_ref(),
            "json".as_ref(),
        ],
        0,
    ))
    .unwrap();
    assert_eq!(v["same"], true);
}

#[test]
fn an_invalid_profile_is_an_error_not_a_difference() {
    let (s, _) = edited_example();
    let bad = scratch(&HEADER.replace("1.2", "1.99"));
    let a = kravkat()
        .arg("diff")
        .arg(&s.profile)
        .arg(&bad.profile)
        .assert()
        .failure()
        .code(2);
    // Exit 2, not 1: a script tells "changed" from "broken".
    assert!(stderr(&a).contains("unknown id `1.99`"));
    assert!(stdout(&a).is_empty(), "no difference is printed");
    kravkat().arg("diff").arg(&s.profile).assert().failure().code(2);
}

fn fixture(name: &str) -> std::path::PathBuf {
    root().join("tests/fixtures/catalogs").join(name)
}

#[test]
fn catalogue_versions_differ_item_by_item() {
    let (a, b) = (fixture("mini-1.0.yaml"), fixture("mini-1.1.yaml"));
    let v: Value = serde_json::from_str(&run(
        &[
            "diff".as_ref(),
            "--catalog".as_ref(),
            a.as_os_str(),
            b.as_os_str(),
            "-f".as_ref(),
            "json".as_ref(),
        ],
        1,
    ))
    .unwrap();
    let keys = |k: &str| -> Vec<&str> {
        v[k].as_array()
            .unwrap()
            .iter()
            .map(|e| e["key"].as_str().unwrap())
            .collect()
    };
    assert_eq!(keys("added"), ["6"]);
    assert_eq!(keys("removed"), ["4"]);
    assert_eq!(keys("changed"), ["2", "3"]);
    assert_eq!(
        v["changed"][0]["changes"],
        json!([{"field": "text", "old": "Data ska kunna exporteras dygnsvis.", "new": "Data ska kunna exporteras minst var fjärde timme."}])
    );
    assert_eq!(
        v["changed"][1]["changes"],
        json!([{"field": "level", "old": "Ska", "new": "Bör"}])
    );
    let fields: Vec<&str> = v["metadata"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["version", "date", "attribution"]);
    let text = run(
        &["diff".as_ref(), "--catalog".as_ref(), a.as_os_str(), b.as_os_str()],
        1,
    );
    assert!(
        text.contains("added\n  + 6 (Ska) Data ska kunna raderas på Köparens begäran.\n"),
        "{text}"
    );
    assert!(
        text.contains("removed\n  - 4 (Bör) Leverantören bör rapportera"),
        "{text}"
    );
    assert!(text.contains("  ~ 3\n      level: Ska → Bör\n"), "{text}");
    // A built-in catalogue by id@version; the same version is no difference.
    let same = run(
        &[
            "diff".as_ref(),
            "--catalog".as_ref(),
            "jonkoping@1.0".as_ref(),
            "jonkoping".as_ref(),
        ],
        0,
    );
    assert_eq!(same, "no differences between jonkoping@1.0 and jonkoping\n");
    let a = kravkat()
        .args(["diff", "--catalog", "jonkoping@9", "jonkoping"])
        .assert()
        .failure()
        .code(2);
    assert!(stderr(&a).contains("no version `9`"));
}

/// A profile over the mini catalogue, pinned to `version`, in a scratch folder holding both
/// versions as files.
fn mini_profile(version: &str, select: &str) -> Scratch {
    let s = scratch(&format!(
        "procurement:\n  title: Mini\n  organisation: Testkommun\ncatalogs:\n  - path: mini-{version}.yaml\n    version: \"{version}\"\nselect:\n{select}"
    ));
    for v in ["1.0", "1.1"] {
        let name = format!("mini-{v}.yaml");
        std::fs::copy(fixture(&name), s.dir.path().join(&name)).unwrap();
    }
    s
}

#[test]
fn with_a_profile_only_the_items_it_selects_are_listed() {
    // Category Data brings in 6 under 1.1; 3 and 4 are not selected.
    let s = mini_profile("1.0", "  categories: [Data]\n  items: [\"5\"]\n");
    let v: Value = serde_json::from_str(&run(
        &[
            "diff".as_ref(),
            "--catalog".as_ref(),
            fixture("mini-1.0.yaml").as_os_str(),
            fixture("mini-1.1.yaml").as_os_str(),
            "--profile".as_ref(),
            s.profile.as_os_str(),
            "-f".as_ref(),
            "json".as_ref(),
        ],
        1,
    ))
    .unwrap();
    let keys = |k: &str| -> Vec<&str> {
        v[k].as_array()
            .unwrap()
            .iter()
            .map(|e| e["key"].as_str().unwrap())
            .collect()
    };
    assert_eq!(keys("added"), ["6"]);
    assert!(keys("removed").is_empty());
    assert_eq!(keys("changed"), ["2"]);

    // A profile that selects the removed item 4 hears of it, and is told it will not resolve.
    let s = mini_profile("1.0", "  items: [\"1\", \"4\"]\n");
    let a = kravkat()
        .args(["diff", "--catalog"])
        .arg(fixture("mini-1.0.yaml"))
        .arg(fixture("mini-1.1.yaml"))
        .arg("--profile")
        .arg(&s.profile)
        .assert()
        .code(1);
    let out = stdout(&a);
    assert!(
        out.contains("removed\n  - 4 (Bör)") && !out.contains("changed"),
        "{out}"
    );
    let err = stderr(&a);
    assert!(
        err.contains("does not resolve against mini@1.1") && err.contains("unknown id `4`"),
        "{err}"
    );
}

#[test]
fn a_profile_pinned_to_the_older_version_still_builds_the_same_bytes() {
    let old = mini_profile("1.0", "  catalogs: [mini]\n");
    let build = |profile: &std::path::Path| stdout(&kravkat().arg("build").arg(profile).assert().success());
    let first = build(&old.profile);
    assert!(
        first.contains("exporteras dygnsvis") && first.contains("Minikatalog 1.0"),
        "{first}"
    );
    assert!(!first.contains("var fjärde timme"), "{first}");
    // Upgrading is one line in the profile, and changes the appendix.
    let new = mini_profile("1.1", "  catalogs: [mini]\n");
    assert!(build(&new.profile).contains("var fjärde timme"));
    let again = build(&old.profile);
    assert_eq!(first, again);
    // The profile diff of the upgrade shows what the appendix gains and loses.
    let out = run(&["diff".as_ref(), old.profile.as_os_str(), new.profile.as_os_str()], 1);
    assert!(out.contains("catalogue mini: 1.0 → 1.1"), "{out}");
    assert!(
        out.contains("added\n  + mini:6 (Ska)") && out.contains("removed\n  - mini:4 (Bör)"),
        "{out}"
    );
}
