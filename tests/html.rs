//! `kravkat build -f html`, driven through the binary: validity (the Nu HTML Checker), structure,
//! audiences, safety of untrusted text, determinism and template overrides.

mod common;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use common::{examples, json, kravkat, nu_check, root, stdout, vnu_jar};
use serde_json::Value;

const AUDIENCES: [&str; 2] = ["tender", "internal"];

fn build(profile: &Path, audience: &str) -> String {
    stdout(
        &kravkat()
            .args(["build", "-f", "html", "-a", audience])
            .arg(profile)
            .assert()
            .success(),
    )
}

/// The example profiles plus the fixture that selects every built-in catalogue.
fn profiles() -> Vec<PathBuf> {
    let mut out = examples();
    assert!(!out.is_empty(), "no example profiles");
    out.push(root().join("tests/fixtures/all-catalogues.yaml"));
    out.push(root().join("tests/fixtures/hostile-links.yaml"));
    out
}

fn example() -> PathBuf {
    root().join("examples/affarssystem.yaml")
}

#[test]
#[ignore = "checks the HTML with the Nu HTML Checker; cargo test -- --include-ignored runs it"]
fn every_profile_is_valid_html_for_the_nu_checker() {
    let jar = vnu_jar();
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for profile in profiles() {
        for audience in AUDIENCES {
            let name = format!("{}-{audience}.html", profile.file_stem().unwrap().to_string_lossy());
            let out = dir.path().join(name);
            kravkat()
                .args(["build", "-f", "html", "-a", audience, "-o"])
                .arg(&out)
                .arg(&profile)
                .assert()
                .success();
            files.push(out);
        }
    }
    // The evaluation report of the shipped tenders too.
    let report = dir.path().join("utvarderingsprotokoll.html");
    let mut evaluate = kravkat();
    evaluate
        .args(["evaluate", "-f", "html", "-o"])
        .arg(&report)
        .arg(example());
    for t in ["alfa", "beta", "gamma"] {
        evaluate.arg(root().join(format!("examples/anbud/{t}.xlsx")));
    }
    evaluate.assert().success();
    files.push(report);
    if let Err(report) = nu_check(&jar, &files) {
        panic!("{report}");
    }
}

#[test]
fn lang_is_swedish_and_there_is_one_h1() {
    for audience in AUDIENCES {
        let html = build(&example(), audience);
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"sv\">"), "{audience}");
        assert_eq!(html.matches("<h1").count(), 1, "{audience}");
    }
}

#[test]
fn headings_do_not_skip_levels() {
    for profile in profiles() {
        for audience in AUDIENCES {
            let html = build(&profile, audience);
            let mut last = 0;
            for (i, _) in html.match_indices("<h") {
                let Some(level) = html[i + 2..].chars().next().and_then(|c| c.to_digit(10)) else {
                    continue; // <head>, <header>, <html>, <hr>
                };
                assert!(
                    level <= last + 1,
                    "h{last} then h{level} in {} {audience}",
                    profile.display()
                );
                last = level;
            }
        }
    }
}

/// Element ids of the items a profile's document holds, in and out, from its JSON.
fn keys(profile: &Path) -> (Vec<String>, Vec<String>) {
    let doc = json(profile);
    let anchor = |v: &Value| v["key"].as_str().unwrap().replace(':', "-");
    let mut selected: Vec<String> = doc["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["categories"].as_array().unwrap())
        .flat_map(|g| g["items"].as_array().unwrap())
        .map(anchor)
        .collect();
    selected.extend(doc["own"].as_array().unwrap().iter().map(anchor));
    let mut left_out: Vec<String> = doc["unselected"].as_array().unwrap().iter().map(anchor).collect();
    left_out.extend(doc["excluded"].as_array().unwrap().iter().map(anchor));
    (selected, left_out)
}

#[test]
fn every_selected_item_has_its_id_and_no_other_item_does() {
    let (selected, left_out) = keys(&example());
    assert!(selected.contains(&"jonkoping-1.12".to_owned()) && selected.contains(&"VK-1".to_owned()));
    assert!(left_out.contains(&"jonkoping-1.11".to_owned()) && left_out.contains(&"jonkoping-1.7".to_owned()));
    for audience in AUDIENCES {
        let html = build(&example(), audience);
        for id in &selected {
            assert!(html.contains(&format!(" id=\"{id}\"")), "{id} missing ({audience})");
        }
        for id in &left_out {
            assert!(!html.contains(&format!(" id=\"{id}\"")), "{id} present ({audience})");
        }
        let ids: Vec<&str> = html
            .split(" id=\"")
            .skip(1)
            .map(|s| s.split('"').next().unwrap())
            .collect();
        let unique: HashSet<&&str> = ids.iter().collect();
        assert_eq!(ids.len(), unique.len(), "duplicate ids ({audience})");
    }
    // Suppliers do not see what the buyer left out.
    let tender = build(&example(), "tender");
    assert!(!tender.contains("jonkoping:1.11") && !tender.contains("Ej valda punkter"));
}

#[test]
fn guidance_and_the_deviation_log_are_for_the_internal_copy_only() {
    let tender = build(&example(), "tender");
    let internal = build(&example(), "internal");
    for word in [
        "Vägledning",
        "Avvikelselogg",
        "Internt arbetsunderlag",
        "Katalogens lydelse",
    ] {
        assert!(!tender.contains(word), "{word} in the tender appendix");
    }
    for word in [
        "Vägledning",
        "Avvikelselogg",
        "Internt arbetsunderlag",
        "Undantagna punkter",
        "Ej valda punkter",
    ] {
        assert!(internal.contains(word), "{word} missing from the internal copy");
    }
}

#[test]
fn attribution_provenance_and_the_buyers_specification_are_shown() {
    let html = build(&example(), "tender");
    for text in [
        "Kraven i detta dokument kommer från Länsgemensam kravkatalog för dataåtkomst och informationsutbyte, version 1.0",
        "<th scope=\"row\">Länsgemensam kravkatalog för dataåtkomst och informationsutbyte</th><td>IT-chefsnätverket i Jönköpings län</td>",
        "Källa: Länsgemensam kravkatalog för dataåtkomst och informationsutbyte 1.0, krav 1.1<",
        "Anpassat från krav 1.12 i Länsgemensam kravkatalog för dataåtkomst och informationsutbyte 1.0: nivån ändrad från Ska till Bör.",
        "Eget krav – Värnamo kommun",
        "<p class=\"box-label\">Köparens specificering</p>\n<p>Med löpande export avses var fjärde timme.",
    ] {
        assert!(html.contains(text), "missing: {text}");
    }
    let body = html.split("<body>").nth(1).unwrap();
    assert!(!body.contains('*'), "Markdown emphasis left as asterisks");
}

#[test]
fn script_and_javascript_links_in_a_profile_stay_inert() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("evil.yaml");
    std::fs::write(
        &profile,
        r#"procurement:
  title: "Prov <script>alert('titel')</script>"
  organisation: "Kommun <img src=x onerror=alert(1)>"
catalogs:
  - id: jonkoping
    version: "1.0"
select:
  items: ["1.1"]
own:
  - id: EV-1
    level: Ska
    text: |
      <script>alert(1)</script>

      Se [länken](javascript:alert(1)) och <a href="javascript:alert(2)">den här</a>.
    reason: "</style><script>alert(3)</script>"
"#,
    )
    .unwrap();
    for audience in AUDIENCES {
        let html = build(&profile, audience);
        let lower = html.to_lowercase();
        assert!(!lower.contains("<script"), "{audience}: {html}");
        assert!(!lower.contains("<img"), "{audience}");
        assert!(!lower.contains("href=\"javascript"), "{audience}");
        assert_eq!(lower.matches("</style>").count(), 1, "{audience}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{audience}");
        assert!(html.contains("Se länken och"), "{audience}");
    }
}

#[test]
fn two_builds_give_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    for audience in AUDIENCES {
        let [a, b] = ["a.html", "b.html"].map(|n| dir.path().join(n));
        for out in [&a, &b] {
            kravkat()
                .args(["build", "-f", "html", "-a", audience, "-o"])
                .arg(out)
                .arg(example())
                .assert()
                .success();
        }
        assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap(), "{audience}");
    }
}

#[test]
fn a_template_directory_overrides_appendix_html_and_keeps_escaping_on() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("appendix.html"),
        "<p>{{ doc.procurement.title }} – {{ '<b>' }} {{ doc.procurement.organisation | md_inline }}</p>\n",
    )
    .unwrap();
    let a = kravkat()
        .args(["build", "-f", "html", "--templates"])
        .arg(dir.path())
        .arg(example())
        .assert()
        .success();
    assert_eq!(
        stdout(&a),
        "<p>Upphandling av verksamhetssystem för ekonomi – &lt;b&gt; Värnamo kommun</p>\n"
    );
}

#[test]
fn checklist_status_readiness_traceability_and_reference_links() {
    let checklist = build(&root().join("examples/hinderbanan-informationsutbyte.yaml"), "internal");
    assert!(checklist.contains("<h2>Status per fokusområde</h2>"), "readiness table");
    assert!(checklist.contains("<dt>Status</dt>"), "status per question");
    let multi = build(&root().join("examples/integrationsplattform.yaml"), "internal");
    assert!(multi.contains("<h2>Spårbarhet</h2>"), "traceability table");
    // A reference to an item in the document is a link to it.
    assert!(
        multi.contains("förtydligar <a href=\"#jonkoping-1.2\">1.2</a>"),
        "reference link"
    );
}
