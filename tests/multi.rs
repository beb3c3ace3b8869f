//! Profiles over several catalogues, references from own items, the traceability of principles,
//! and working checklists: what the document says, in JSON and Markdown.

mod common;
use common::*;
use serde_json::Value;

fn keys(items: &Value) -> Vec<&str> {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["key"].as_str().unwrap())
        .collect()
}

#[test]
fn qualified_ids_pick_the_named_catalogue() {
    let s = scratch(
        "procurement:\n  title: T\n  organisation: O\ncatalogs:\n  - id: jonkoping\n    version: \"1.0\"\n  - id: skane\n    version: \"1\"\nselect:\n  items: [\"skane:1.2\", \"jonkoping:1.2\"]\nchanges:\n  \"skane:1.2\":\n    specify: Inom 24 timmar.\n",
    );
    let doc = json(&s.profile);
    let sections = doc["sections"].as_array().unwrap();
    assert_eq!(sections.len(), 2, "catalogue order, not selection order");
    assert_eq!(keys(&sections[0]["categories"][0]["items"]), ["jonkoping:1.2"]);
    assert_eq!(keys(&sections[1]["categories"][0]["items"]), ["skane:1.2"]);
    let skane = &sections[1]["categories"][0]["items"][0];
    assert_eq!(skane["specification"], "Inom 24 timmar.");
    assert!(
        skane["text"]
            .as_str()
            .unwrap()
            .starts_with("Klientlösningen ska stödja den senaste")
    );
}

#[test]
fn each_catalogue_is_attributed_by_its_own_statement() {
    let p = root().join("examples/integrationsplattform.yaml");
    let doc = json(&p);
    let builtin = kravkat::catalog::builtin().unwrap();
    let used: Vec<&str> = doc["catalogs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(used, ["jonkoping", "skane", "ramverk"]);
    // Only Skåne's items were numbered by kravkat; the document says so and shows no
    // maintainer's note.
    let numbering: Vec<&str> = doc["catalogs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["numbering"].as_str().unwrap())
        .collect();
    assert_eq!(numbering, ["published", "assigned", "published"]);
    for audience in ["tender", "internal"] {
        let md = build(&p, &["-a", audience]);
        for id in &used {
            let c = &builtin.iter().find(|l| l.catalog.id == *id).unwrap().catalog;
            assert_eq!(md.matches(&c.attribution.statement).count(), 1, "{id} {audience}");
            let row = format!("| {} | {} | {} |", c.title, c.publisher, c.version);
            assert!(md.contains(&row), "{id} {audience}: {row}");
        }
        // What the sources leave unsaid, the working copy says; the appendix does not.
        assert_eq!(
            md.contains("*Ej angivet i källan (Svenskt ramverk för digital samverkan):* Utgivare – Dokumentet namnger ingen utgivare."),
            audience == "internal",
            "{audience}"
        );
        assert_eq!(
            md.contains("*Ej angivet i källan (IT-krav för fastighetstekniska system inom Region Skåne):* Titel – "),
            audience == "internal",
            "{audience}"
        );
        // Said once, of the one catalogue whose publisher did not number it.
        assert_eq!(md.matches(" är inte numrerade av utgivaren.").count(), 1, "{audience}");
        assert!(md.contains(
            "Punkterna i IT-krav för fastighetstekniska system inom Region Skåne är inte numrerade av utgivaren."
        ));
    }
}

#[test]
fn own_requirements_stay_own() {
    let p = root().join("examples/integrationsplattform.yaml");
    let doc = json(&p);
    let own = doc["own"].as_array().unwrap();
    assert_eq!(keys(&doc["own"]), ["RF-INT-1", "RF-INT-2", "RF-INT-3"]);
    for o in own {
        assert_eq!(o["origin"], "own");
        assert!(o["catalog"].is_null() && o["catalog_title"].is_null(), "{o}");
    }
    let md = build(&p, &[]);
    let (catalogue_part, own_part) = md.split_once("## Egna krav – Region Skåne, Regionfastigheter").unwrap();
    assert!(
        !catalogue_part.contains("RF-INT-"),
        "own items are not under a catalogue"
    );
    assert_eq!(
        own_part
            .matches("*Eget krav – Region Skåne, Regionfastigheter (kategori: ")
            .count(),
        3
    );
    assert!(!own_part.contains("*Källa:"), "never attributed to a catalogue");
}

#[test]
fn own_references_resolve_and_feed_the_traceability() {
    let p = root().join("examples/integrationsplattform.yaml");
    let doc = json(&p);
    let refs = &doc["own"][0]["references"];
    let labels: Vec<&str> = refs
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["label"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        ["jonkoping:1.2", "ramverk:P3", "ramverk:P5"],
        "qualified: several catalogues"
    );
    assert_eq!(refs[1]["key"], "ramverk:P3");
    assert_eq!(refs[1]["relation"], "relates");
    assert_eq!(refs[1]["title"], "Öppna upp");
    assert_eq!(refs[1]["selected"], true);

    let trace: Vec<(&str, Vec<&str>)> = doc["traceability"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["key"].as_str().unwrap(), keys(&t["related"])))
        .collect();
    assert_eq!(
        trace,
        [
            ("ramverk:P3", vec!["ramverk:R8", "ramverk:R39", "RF-INT-1"]),
            ("ramverk:P5", vec!["RF-INT-1"]),
            ("ramverk:P6", vec!["RF-INT-2"]),
            ("ramverk:P9", vec!["ramverk:R41", "RF-INT-3"]),
        ],
        "either direction: P3 names R8; RF-INT-1 names P3"
    );

    let internal = build(&p, &["-a", "internal"]);
    assert!(internal.contains("## Spårbarhet\n"));
    assert!(internal.contains("| Princip | Relaterade krav och rekommendationer |\n| --- | --- |\n| P3 Öppna upp | R8 Använd standarder i första hand; R39 Specifikationer över tjänster ska vara öppna; RF-INT-1 Katalog över API:er och flöden |\n"), "{internal}");
    assert!(!build(&p, &[]).contains("Spårbarhet"), "traceability is for the buyer");
}

#[test]
fn a_principle_with_nothing_related_says_so() {
    let s = scratch(
        "procurement:\n  title: T\n  organisation: O\ncatalogs:\n  - id: ramverk\n    version: \"1.3\"\nselect:\n  items: [P2, R41]\nown:\n  - id: EGEN-1\n    level: Ska\n    text: Eget.\n    references: [P9]\n",
    );
    let internal = build(&s.profile, &["-a", "internal"]);
    assert!(
        internal.contains("| P2 Arbeta aktivt med juridiken | – |"),
        "{internal}"
    );
    let doc = json(&s.profile);
    assert_eq!(doc["own"][0]["references"][0]["label"], "P9", "one catalogue: bare ids");
    assert_eq!(doc["own"][0]["references"][0]["selected"], false);
    assert!(internal.contains("*Hänvisningar:* relaterar till P9 (Gör det säkert), som inte ingår i underlaget"));
}

#[test]
fn a_working_checklist_shows_every_question_and_the_state_of_each_focus_area() {
    let p = root().join("examples/hinderbanan-informationsutbyte.yaml");
    let doc = json(&p);
    let total = &doc["readiness"]["total"];
    assert_eq!(
        [
            &total["klar"],
            &total["pagar"],
            &total["ej_paborjad"],
            &total["ej_aktuell"],
            &total["unrecorded"],
            &total["total"]
        ],
        [10, 8, 12, 1, 5, 36]
    );
    assert_eq!(total["percent_klar"], 29, "10 of the 35 applicable");
    let area = &doc["readiness"]["areas"][3];
    assert_eq!(area["area"], "Krav och lösning");
    assert_eq!(area["percent_klar"], 17, "1 of 6: ej aktuell does not count");
    let first = &doc["sections"][0]["categories"][0]["items"][0];
    assert_eq!(first["checklist"]["status"], "klar");
    assert!(
        first["checklist"]["note"]
            .as_str()
            .unwrap()
            .starts_with("Mål: inga dubbla")
    );
    let last = &doc["sections"][0]["categories"][5]["items"][4];
    assert_eq!(last["id"], "6.5");
    assert!(last["checklist"]["status"].is_null(), "not assessed yet");

    let md = build(&p, &[]);
    assert_eq!(md.matches("**Status:** ").count(), 36, "every question");
    assert_eq!(md.matches("**Status:** Ej angiven").count(), 5);
    assert!(md.contains("#### 4.6 Återanvändning och\n"));
    assert!(md.contains(
        "**Status:** Ej aktuell\n\n**Anteckning:** Det finns ingen befintlig tjänst för de här uppgifterna.\n"
    ));
    assert!(md.contains("## Status per fokusområde\n"));
    assert!(md.contains("| Fokusområde | Klar | Pågår | Ej påbörjad | Ej aktuell | Ej angiven | Andel klar |"));
    assert!(md.contains("| Syfte, behov och mål | 5 | 2 | 0 | 0 | 0 | 71\u{a0}% |"));
    assert!(md.contains("| **Totalt** | 10 | 8 | 12 | 1 | 5 | 29\u{a0}% |"));
    assert!(
        md.contains("Checklistan kommer från Generell metod för informationsutbyte mellan myndigheter – Hinderbanan")
    );
    assert!(
        !md.contains("Kravbilaga") && !md.contains("*Eget krav*"),
        "not a tender"
    );
}

#[test]
fn without_a_checklist_section_no_status_is_shown() {
    let s = scratch(
        "procurement:\n  title: T\n  organisation: O\ncatalogs:\n  - id: hinderbanan\n    version: \"1\"\nselect:\n  items: [\"1.1\"]\n",
    );
    let doc = json(&s.profile);
    assert!(doc["readiness"].is_null());
    assert!(doc["sections"][0]["categories"][0]["items"][0]["checklist"].is_null());
    let md = build(&s.profile, &[]);
    assert!(
        !md.contains("**Status:**") && !md.contains("Status per fokusområde"),
        "{md}"
    );
}
