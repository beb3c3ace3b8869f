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
    let md = output(&["build", p.to_str().unwrap()]);
    assert!(md.contains("Data ska kunna raderas på Köparens begäran."), "{md}");
    // To standard output by default; an unknown catalogue is a usage error.
    assert!(output(&["init", "--catalog", "ramverk"]).contains("  - id: ramverk\n    version: \"1.3\"\n"));
    kravkat().args(["init", "--catalog", "nope"]).assert().failure().code(2);
}
