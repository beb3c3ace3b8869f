//! A repository of profiles checked and built in one run: a catalogue the profiles share is
//! read once and its problems are reported once; the results come in the order the profiles
//! were given, the same as building them one at a time; and declared outputs are all or nothing.

mod common;
use common::*;

use std::path::Path;

/// A catalogue file with one problem: its item's category is not listed (line 9).
const BROKEN: &str = "id: egen\ntitle: Egen\npublisher: P\nversion: \"1\"\nsource: S\n\
    attribution: { statement: S }\ncategories: [{ name: K }]\nitems:\n\
    - { id: \"1\", kind: requirement, level: Ska, category: X, text: Krav. }\n";

fn profile_using(catalog: &str) -> String {
    format!(
        "procurement: {{ title: Test, organisation: Testkommun }}\ncatalogs:\n  - path: {catalog}\n\
         select: {{ catalogs: [egen] }}\n"
    )
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// `kravkat ARGS` run in `dir`.
fn run_in(dir: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    kravkat().current_dir(dir).args(args).assert()
}

#[test]
fn a_catalogue_problem_is_reported_once_for_three_profiles() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "egen.yaml", BROKEN);
    // Three profiles, two folders, two spellings of the same file.
    write(d, "a/p.yaml", &profile_using("../egen.yaml"));
    write(d, "b/p.yaml", &profile_using("../egen.yaml"));
    write(d, "c.yaml", &profile_using("egen.yaml"));
    let problem = "item 1: category `X` is not listed under `categories`";
    let profiles = ["a/p.yaml", "b/p.yaml", "c.yaml"];

    let a = run_in(d, &[&["check"][..], &profiles].concat()).failure().code(1);
    let e = stderr(&a);
    assert_eq!(e.matches(problem).count(), 1, "{e}");
    // With the first profile that names it, under the name that profile gives it.
    assert!(e.contains("a/../egen.yaml:9:"), "{e}");
    // Each other profile fails too, pointing at its own catalogue entry.
    let pointer = "catalogue `a/../egen.yaml` is invalid; its problems are reported with the first profile";
    assert_eq!(e.matches(pointer).count(), 2, "{e}");
    assert!(e.contains("b/p.yaml:3:11") && e.contains("c.yaml:3:11"), "{e}");
    assert!(e.contains("3 of 3 profiles failed the check"), "{e}");

    // The same for machines: one object about the catalogue file.
    let a = run_in(d, &[&["--error-format", "json", "check"][..], &profiles].concat())
        .failure()
        .code(1);
    let out = stdout(&a);
    let about_catalogue = out
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["file"].as_str().is_some_and(|f| f.ends_with("egen.yaml")))
        .count();
    assert_eq!(about_catalogue, 1, "{out}");

    // And for `build`, which writes nothing (exit 2: a broken profile is trouble to a build).
    for (p, catalog) in profiles.iter().zip(["../egen.yaml", "../egen.yaml", "egen.yaml"]) {
        write(
            d,
            p,
            &format!("{}outputs:\n  - path: bilaga.md\n", profile_using(catalog)),
        );
    }
    let a = run_in(d, &[&["build"][..], &profiles].concat()).failure().code(2);
    let e = stderr(&a);
    assert_eq!(e.matches(problem).count(), 1, "{e}");
    assert_eq!(
        e.matches("its problems are reported with the first profile").count(),
        2,
        "{e}"
    );
    assert!(!d.join("a/bilaga.md").exists() && !d.join("bilaga.md").exists());
}

/// Profiles of the built-in catalogues: some valid, selecting different items, and some with a
/// problem of their own.
fn repository(dir: &Path, n: usize) -> Vec<String> {
    let items = [
        "jonkoping:1.1",
        "jonkoping:1.2",
        "jonkoping:1.5",
        "jonkoping:1.12",
        "jonkoping:1.14",
    ];
    (0..n)
        .map(|i| {
            let rel = format!("p{i:02}/profil.yaml");
            let item = if i % 5 == 3 { "9.99" } else { items[i % items.len()] };
            let text = format!(
                "procurement: {{ title: Upphandling {i}, organisation: Testkommun }}\ncatalogs:\n  \
                 - {{ id: jonkoping, version: \"1.0\" }}\n  - {{ id: skane, version: \"1\" }}\n\
                 select: {{ items: [\"{item}\"], categories: [\"skane:Integration\"] }}\n\
                 outputs:\n  - path: bilaga.md\n  - path: bilaga.html\n"
            );
            write(dir, &rel, &text);
            rel
        })
        .collect()
}

/// What a run printed, without the closing count (which covers the whole run).
fn lines_without_summary(text: &str) -> String {
    text.lines()
        .filter(|l| !l.contains("profiles failed the check"))
        .map(|l| format!("{l}\n"))
        .collect()
}

#[test]
fn many_profiles_report_in_their_order_as_one_at_a_time_would() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let profiles = repository(d, 40);
    let args: Vec<&str> = profiles.iter().map(String::as_str).collect();

    let (mut out, mut err) = (String::new(), String::new());
    for p in &args {
        let o = kravkat().current_dir(d).args(["check", p]).output().unwrap();
        out.push_str(&String::from_utf8(o.stdout).unwrap());
        err.push_str(&lines_without_summary(&String::from_utf8(o.stderr).unwrap()));
    }
    assert_eq!(out.lines().count(), 32, "8 of the 40 have a problem:\n{out}");
    for _ in 0..3 {
        let a = run_in(d, &[&["check"][..], &args].concat()).failure().code(1);
        assert_eq!(stdout(&a), out);
        let e = stderr(&a);
        assert_eq!(lines_without_summary(&e), err);
        assert!(e.ends_with("error: 8 of 40 profiles failed the check\n"), "{e}");
    }
}

#[test]
fn many_profiles_build_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let profiles = repository(d, 40);
    let args: Vec<&str> = profiles.iter().map(String::as_str).collect();
    // Eight have a problem: nothing is written for the 32 that render.
    run_in(d, &[&["build"][..], &args].concat()).failure().code(2);
    assert!(
        profiles.iter().all(|p| !d.join(p).with_file_name("bilaga.md").exists()),
        "nothing written"
    );

    let good: Vec<&str> = args
        .iter()
        .copied()
        .enumerate()
        .filter(|(i, _)| i % 5 != 3)
        .map(|(_, p)| p)
        .collect();
    run_in(d, &[&["build", "-q"][..], &good].concat()).success();
    for p in &good {
        // Each the same as a build of that profile alone.
        let alone = kravkat()
            .current_dir(d)
            .args(["build", "-f", "md", p])
            .output()
            .unwrap();
        assert_eq!(
            std::fs::read(d.join(p).with_file_name("bilaga.md")).unwrap(),
            alone.stdout,
            "{p}"
        );
    }
    run_in(d, &[&["build", "--check", "-q"][..], &good].concat()).success();
    let stale = d.join(good[17]).with_file_name("bilaga.html");
    std::fs::write(&stale, "<p>gammal</p>\n").unwrap();
    let a = run_in(d, &[&["build", "--check", "-q"][..], &good].concat())
        .failure()
        .code(1);
    let e = stderr(&a);
    assert_eq!(e.matches("is stale").count(), 1, "{e}");
    assert!(
        e.contains(&format!(
            "`{}` is stale",
            Path::new(good[17]).with_file_name("bilaga.html").display()
        )),
        "{e}"
    );
}
