//! Editor support: the committed JSON Schemas match the types kravkat reads, and `kravkat init`
//! writes a starter profile that builds once an item is uncommented.

mod common;
use common::*;
use serde_json::Value;

#[test]
fn committed_schemas_are_current() {
    for kind in ["profile", "catalog"] {
        let committed = root().join(format!("schema/{kind}.schema.json"));
        assert!(
            read(&committed) == output(&["schema", kind]),
            "{} is stale: run `cargo run -q -- schema {kind} > schema/{kind}.schema.json`",
            committed.display()
        );
    }
}

#[test]
fn ids_are_strings_in_the_schemas() {
    let profile: Value = serde_json::from_str(&output(&["schema", "profile"])).unwrap();
    let defs = &profile["definitions"];
    assert_eq!(defs["Selection"]["properties"]["items"]["items"]["type"], "string");
    assert_eq!(
        profile["properties"]["exclude"]["additionalProperties"]["type"],
        "string"
    );
    assert_eq!(defs["OwnItem"]["properties"]["id"]["type"], "string");
    assert_eq!(defs["CatalogUse"]["properties"]["version"]["type"][0], "string");
    assert_eq!(profile["additionalProperties"], false, "unknown fields are flagged");
    let formats = &defs["Output"]["properties"]["format"]["enum"];
    assert!(formats.as_array().unwrap().contains(&"md".into()), "{formats}");
    let catalog: Value = serde_json::from_str(&output(&["schema", "catalog"])).unwrap();
    assert_eq!(catalog["definitions"]["Item"]["properties"]["id"]["type"], "string");
    assert_eq!(catalog["properties"]["version"]["type"], "string");
}

/// Uncomments the starter's line for item `id`.
fn uncomment(profile: &std::path::Path, id: &str) {
    let text = read(profile);
    let line = format!("    # - \"{id}\" ");
    assert!(text.contains(&line), "{id} listed:\n{text}");
    std::fs::write(profile, text.replacen(&line, &format!("    - \"{id}\" "), 1)).unwrap();
}

/// Writes a title and an organisation over the starter's placeholders.
fn fill_in(profile: &std::path::Path) {
    let text = read(profile)
        .replacen(
            "  title: Upphandling av …\n",
            "  title: Upphandling av ekonomisystem\n",
            1,
        )
        .replacen("  organisation: …\n", "  organisation: Testkommun\n", 1);
    std::fs::write(profile, text).unwrap();
}

#[test]
fn a_starter_profile_builds_once_an_item_is_uncommented() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("profil.yaml");
    kravkat().args(["init", "-o"]).arg(&p).assert().success().stdout("");
    let text = read(&p);
    assert!(text.starts_with("# yaml-language-server: $schema="), "{text}");
    // Every item of the catalogue is listed, in catalogue order, as a comment.
    let listed: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("    # - \""))
        .map(|l| l.split('"').next().unwrap())
        .collect();
    let mut ids: Vec<String> = (1..=19).map(|i| format!("1.{i}")).collect();
    ids.swap(10, 11); // 1.12 is in category API, before 1.11 (API - Skolverksamhet)
    assert_eq!(listed, ids);
    assert!(
        text.contains("    # - \"1.12\"  # Ska: Systemets API ska kunna"),
        "{text}"
    );
    // Nothing selected yet: a clear error, not a parse error.
    let a = kravkat().arg("build").arg(&p).assert().failure().code(2);
    assert!(stderr(&a).contains("the selection is empty"));
    uncomment(&p, "1.12");
    uncomment(&p, "1.2");
    // The title and organisation are still the starter's placeholders: they never reach an
    // appendix, and `check` says where they are.
    // `check` answers that the profile is invalid (1); `build` cannot do what it is asked (2).
    for (command, status) in [("build", 2), ("check", 1)] {
        let a = kravkat().arg(command).arg(&p).assert().failure().code(status);
        let e = stderr(&a);
        let at = |line: usize, column: usize| format!("{}:{line}:{column}\n", p.display());
        assert!(
            e.contains("error[init-placeholder]: `title` is still `Upphandling av …`, a placeholder of `kravkat init`")
                && e.contains(&at(9, 10))
                && e.contains(" 9 |   title: Upphandling av …\n   |          ^^^^^^^^^^^^^^^^\n"),
            "{command}: {e}"
        );
        assert!(
            e.contains("error[init-placeholder]: `organisation` is still `…`") && e.contains(&at(10, 17)),
            "{command}: {e}"
        );
    }
    fill_in(&p);
    let md = output(&["build", p.to_str().unwrap()]);
    assert!(md.contains("#### 1.2 (Ska)") && md.contains("#### 1.12 (Ska)"), "{md}");
    // An existing file is never overwritten.
    let a = kravkat().args(["init", "-o"]).arg(&p).assert().failure().code(2);
    assert!(stderr(&a).contains("exists"));
}

#[test]
fn a_starter_over_a_catalogue_file_names_it_from_the_profile_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("upphandling")).unwrap();
    let p = dir.path().join("upphandling/profil.yaml");
    let catalogue = root().join("tests/fixtures/catalogs/mini-1.1.yaml");
    kravkat()
        .args(["init", "--catalog"])
        .arg(&catalogue)
        .arg("-o")
        .arg(&p)
        .assert()
        .success();
    let text = read(&p);
    assert!(text.contains("  - path: \"../"), "{text}");
    assert!(
        text.contains("    # Kategori: Drift\n    # - \"3\"  # Bör: Tjänsten ska vara tillgänglig"),
        "{text}"
    );
    uncomment(&p, "6");
    fill_in(&p);
    let md = output(&["build", p.to_str().unwrap()]);
    assert!(md.contains("Data ska kunna raderas på Köparens begäran."), "{md}");
    // To standard output by default; an unknown catalogue is a usage error.
    assert!(output(&["init", "--catalog", "ramverk"]).contains("  - id: ramverk\n    version: \"1.3\"\n"));
    kravkat().args(["init", "--catalog", "nope"]).assert().failure().code(2);
}

#[test]
fn a_starter_over_a_hostile_catalogue_reads_back_as_the_catalogue_says() {
    let dir = tempfile::tempdir().unwrap();
    let (kataloger, upphandling) = (dir.path().join("kataloger"), dir.path().join("upphandling"));
    std::fs::create_dir(&kataloger).unwrap();
    std::fs::create_dir(&upphandling).unwrap();
    // Every field init copies tries to end its comment or its scalar and start YAML of its own.
    let inject = "\noutputs:\n  - path: ../../owned.md\n";
    let title = format!("Katalog{inject}# \"x\": 'y'");
    let publisher = "Förbundet\nselect: {items: [\"1\"]}\u{2028}own: []";
    let version = "1.0\"\noutputs: [{path: v.md}]\n\"";
    let category = format!("Drift{inject}");
    let ids = ["1\" ]\n    - \"9\" #", "2 # \\\"", "3\u{2029}- x"];
    let yaml = serde_json::json!({
        "id": "fientlig",
        "title": title,
        "publisher": publisher,
        "version": version,
        "date": "2026",
        "source": "Test.",
        "attribution": { "statement": "Test." },
        "categories": [{ "name": category }],
        "items": ids.iter().map(|id| serde_json::json!({
            "id": id, "kind": "requirement", "level": "Ska", "category": category,
            "text": format!("Krav{inject}"),
        })).collect::<Vec<_>>(),
    });
    // JSON is YAML; a file name may carry the same.
    let name = "k\"a\\t #x\nalog: [y].yaml";
    std::fs::write(kataloger.join(name), yaml.to_string()).unwrap();
    let p = upphandling.join("profil.yaml");
    kravkat()
        .args(["init", "--catalog"])
        .arg(kataloger.join(name))
        .arg("-o")
        .arg(&p)
        .assert()
        .success();
    let text = read(&p);
    let parsed = |text: &str| -> Value { serde_saphyr::from_str(text).unwrap_or_else(|e| panic!("{e}\n{text}")) };
    let starter = parsed(&text);
    let keys: Vec<&String> = starter.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["procurement", "catalogs", "select"], "{text}");
    let procurement: Vec<&String> = starter["procurement"].as_object().unwrap().keys().collect();
    assert_eq!(procurement, ["title", "organisation"], "{text}");
    assert_eq!(
        starter["catalogs"],
        serde_json::json!([{ "path": format!("../kataloger/{name}"), "version": version }]),
        "{text}"
    );
    assert_eq!(starter["select"], serde_json::json!({ "items": null }), "{text}");
    // Uncommenting every item line selects exactly the catalogue's ids, and nothing else.
    let uncommented: String = text
        .lines()
        .map(|l| match l.strip_prefix("    # - ") {
            Some(rest) => format!("    - {rest}\n"),
            None => format!("{l}\n"),
        })
        .collect();
    let selected = parsed(&uncommented);
    assert_eq!(selected["select"], serde_json::json!({ "items": ids }), "{uncommented}");
    assert_eq!(selected.as_object().unwrap().len(), 3, "{uncommented}");
    // And kravkat reads it so: the profile names the file and builds.
    let filled = uncommented
        .replace("title: Upphandling av …", "title: Test")
        .replace("organisation: …", "organisation: Testkommun");
    std::fs::write(&p, filled).unwrap();
    let json = build(&p, &["-f", "json"]);
    assert!(json.contains("\"id\": \"2 # \\\\\\\"\""), "{json}");
    assert!(!dir.path().join("owned.md").exists());
}
