//! `kravkat lsp`, spoken to over the protocol as an editor does: diagnostics from the editor's
//! text (the profile's and an open catalogue file's) that are those of `kravkat check`, UTF-16
//! positions, and a session that ends cleanly.

mod common;

use std::path::Path;

use assert_cmd::cargo::cargo_bin;
use common::lsp::{Client, uri};
use common::{read, root, stdout};
use serde_json::{Value, json};

fn client() -> Client {
    Client::start(&cargo_bin("kravkat"))
}

fn affarssystem() -> std::path::PathBuf {
    root().join("examples/affarssystem.yaml")
}

/// `kravkat check --error-format json` of `text` saved as `path`: the problems, one JSON
/// object each.
fn check(path: &Path, text: &str) -> Vec<Value> {
    std::fs::write(path, text).unwrap();
    let a = common::kravkat()
        .args(["check", "--error-format", "json"])
        .arg(path)
        .assert();
    stdout(&a).lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn diagnostics_as_you_type_are_those_of_check() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("profil.yaml");
    let good = read(&affarssystem());
    std::fs::write(&path, &good).unwrap();
    let uri = uri(&path);
    let mut c = client();
    c.open(&uri, &good);
    assert_eq!(c.diagnostics(&uri), Vec::<Value>::new(), "the example has no problems");

    // Typed, not saved: the server reads the editor's text.
    let typed = good.replace("\"1.14\"", "\"1.99\"").replace("level: Bör", "level: Ska");
    c.change(&uri, 2, &typed);
    let got = c.diagnostics(&uri);
    let want = check(&dir.path().join("sparad.yaml"), &typed);
    assert_eq!(got.len(), want.len(), "{got:?}\n{want:?}");
    assert_eq!(got.len(), 2, "{got:?}");
    for (g, w) in got.iter().zip(&want) {
        let message = match w["hint"].as_str() {
            Some(h) => format!("{}\nhint: {h}", w["message"].as_str().unwrap()),
            None => w["message"].as_str().unwrap().to_owned(),
        };
        assert_eq!(g["message"], message.as_str());
        assert_eq!(g["range"]["start"]["line"], w["line"].as_i64().unwrap() - 1, "{g}");
        assert_eq!(
            g["range"]["start"]["character"],
            w["column"].as_i64().unwrap() - 1,
            "{g}"
        );
        assert_eq!(g["severity"], 1);
        assert_eq!(g["source"], "kravkat");
    }
    // The unknown id is underlined whole, quotes included.
    assert_eq!(got[0]["message"], "unknown id `1.99`\nhint: did you mean `1.9`?");
    assert_eq!(
        got[0]["range"],
        json!({ "start": { "line": 19, "character": 17 }, "end": { "line": 19, "character": 23 } })
    );
    assert_eq!(read(&path), good, "nothing is written");

    c.change(&uri, 3, &good);
    assert_eq!(
        c.diagnostics(&uri),
        Vec::<Value>::new(),
        "fixed: the problems are cleared"
    );
    c.shutdown();
}

#[test]
fn columns_are_utf16_code_units() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("profil.yaml");
    let text = "procurement: { title: T, organisation: O }\n\
                catalogs: [{ id: jonkoping, version: \"1.0\" }]\n\
                select: { categories: [\"😀 och å\"], items: [\"1.99\"] }\n";
    let uri = uri(&path);
    let mut c = client();
    c.open(&uri, text);
    let got = c.diagnostics(&uri);
    let messages: Vec<&str> = got.iter().map(|d| d["message"].as_str().unwrap()).collect();
    assert!(messages[0].starts_with("unknown category `😀 och å`"), "{messages:?}");
    assert!(messages[1].starts_with("unknown id `1.99`"), "{messages:?}");
    // `select: { categories: [` is 23 units, `"😀 och å"` 10 (the emoji is 2), so `"1.99"`
    // starts after `], items: [` at unit 44, which is character 43: the emoji counts twice.
    assert_eq!(
        got[0]["range"],
        json!({ "start": { "line": 2, "character": 23 }, "end": { "line": 2, "character": 33 } })
    );
    assert_eq!(
        got[1]["range"],
        json!({ "start": { "line": 2, "character": 44 }, "end": { "line": 2, "character": 50 } })
    );
    c.shutdown();
}

#[test]
fn an_open_catalogue_file_is_read_from_the_editor_and_checked_too() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("kataloger")).unwrap();
    let catalogue = dir.path().join("kataloger/mini.yaml");
    let catalogue_text = read(&root().join("tests/fixtures/catalogs/mini-1.0.yaml"));
    std::fs::write(&catalogue, &catalogue_text).unwrap();
    let profile = dir.path().join("profil.yaml");
    let profile_text = "procurement: { title: Mini, organisation: Testkommun }\n\
                        catalogs: [{ path: ../upphandling/../kataloger/mini.yaml }]\n\
                        select: { items: [\"1\", \"6\"] }\n";
    std::fs::create_dir(dir.path().join("upphandling")).unwrap();
    let profile = dir.path().join("upphandling").join(profile.file_name().unwrap());
    std::fs::write(&profile, profile_text).unwrap();
    let (p, k) = (uri(&profile), uri(&catalogue));
    let mut c = client();
    c.open(&p, profile_text);
    let got = c.diagnostics(&p);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0]["message"].as_str().unwrap().starts_with("unknown id `6`"),
        "{got:?}"
    );

    // Item 6 added in the editor, not on disk: the profile's problem goes.
    c.open(&k, &catalogue_text);
    assert_eq!(c.diagnostics(&k), Vec::<Value>::new());
    let added = format!(
        "{catalogue_text}  - id: \"6\"\n    kind: requirement\n    level: Ska\n    category: Data\n    text: Ny.\n"
    );
    c.change(&k, 2, &added);
    assert_eq!(c.diagnostics(&p), Vec::<Value>::new());

    // A mistake in the catalogue shows in the catalogue, once, though the profile's check
    // finds it too.
    let broken = added.replace("category: Data\n    text: Ny.", "category: Dat\n    text: Ny.");
    c.change(&k, 3, &broken);
    let in_catalogue = c.diagnostics(&k);
    assert_eq!(in_catalogue.len(), 1, "{in_catalogue:?}");
    assert!(
        in_catalogue[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("item 6: category `Dat` is not listed under `categories`"),
        "{in_catalogue:?}"
    );
    assert_eq!(read(&catalogue), catalogue_text, "nothing is written");
    c.shutdown();
}

#[test]
fn other_yaml_files_are_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = client();
    for (name, text) in [
        ("ci.yml", "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n"),
        ("empty.yaml", ""),
    ] {
        let u = uri(&dir.path().join(name));
        c.open(&u, text);
        assert_eq!(c.diagnostics(&u), Vec::<Value>::new(), "{name}");
    }
    // A profile by its name, though empty; a broken one by its keys.
    let named = uri(&dir.path().join("ny.kravkat.yaml"));
    c.open(&named, "");
    let got = c.diagnostics(&named);
    assert!(
        got[0]["message"].as_str().unwrap().starts_with("the profile is empty"),
        "{got:?}"
    );
    let broken = uri(&dir.path().join("trasig.yaml"));
    c.open(&broken, "procurement:\n  title: [\nselect:\n");
    assert_eq!(c.diagnostics(&broken).len(), 1);
    c.shutdown();
}
