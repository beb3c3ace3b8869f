//! The built-in catalogues as a whole: what each holds, that each builds in every format and
//! audience, how `list` and `show` present them, and that no OCR damage is left in the one
//! transcribed from OCR. None of this needs the seed documents.

mod common;
use common::*;

use kravkat::catalog::{self, Kind};
use serde_json::Value;

/// How many items of each kind a catalogue holds.
type Counts = &'static [(Kind, usize)];

/// (catalogue id, version, counts) for every built-in catalogue.
const EXPECTED: &[(&str, &str, Counts)] = &[
    ("jonkoping", "1.0", &[(Kind::Requirement, 19)]),
    ("skane", "1", &[(Kind::Requirement, 93)]),
    ("stockholm", "2017", &[(Kind::Principle, 12)]),
    ("ramverk", "1.3", &[(Kind::Principle, 13), (Kind::Recommendation, 41)]),
    ("hinderbanan", "1", &[(Kind::Checklist, 36)]),
];

#[test]
fn each_catalogue_has_its_published_items() {
    let all = catalog::builtin().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(all.len(), EXPECTED.len(), "one expectation per built-in catalogue");
    for (id, version, kinds) in EXPECTED {
        let c = &all
            .iter()
            .find(|l| l.catalog.id == *id)
            .unwrap_or_else(|| panic!("no catalogue {id}"))
            .catalog;
        assert_eq!(c.version, *version, "{id}");
        let total: usize = kinds.iter().map(|(_, n)| n).sum();
        assert_eq!(c.items.len(), total, "{id}: items of other kinds");
        for (kind, n) in *kinds {
            assert_eq!(c.items.iter().filter(|i| i.kind == *kind).count(), *n, "{id}: {kind:?}");
        }
    }
}

/// A profile selecting the whole of one catalogue.
fn whole(id: &str, version: &str) -> String {
    format!(
        "procurement:\n  title: Hela {id}\n  organisation: Testkommun\ncatalogs:\n  - id: {id}\n    version: \"{version}\"\nselect:\n  catalogs: [{id}]\n"
    )
}

#[test]
fn every_catalogue_builds_whole_in_every_format_and_audience() {
    for (id, version, kinds) in EXPECTED {
        let s = scratch(&whole(id, version));
        let total: usize = kinds.iter().map(|(_, n)| n).sum();
        let doc: Value = json(&s.profile);
        assert_eq!(doc["counts"]["items"], total, "{id}");
        assert_eq!(doc["unselected"].as_array().unwrap().len(), 0, "{id}");
        let statement = doc["catalogs"][0]["attribution"].as_str().unwrap();
        for audience in ["tender", "internal"] {
            let md = build(&s.profile, &["-a", audience]);
            assert!(md.contains(statement), "{id} {audience}: attribution");
            let items = md.lines().filter(|l| l.starts_with("#### ")).count();
            assert_eq!(items, total, "{id} {audience}: one heading per item");
            assert!(
                !md.contains("{{") && !md.contains("{%"),
                "{id} {audience}: template leaked"
            );
        }
        let internal: Value = serde_json::from_str(&build(&s.profile, &["-f", "json", "-a", "internal"])).unwrap();
        assert_eq!(internal, doc, "{id}: JSON is the whole document for either audience");
    }
}

#[test]
fn item_kinds_render_as_what_they_are() {
    let s = scratch(
        "procurement:\n  title: T\n  organisation: O\ncatalogs:\n  - id: ramverk\n    version: \"1.3\"\n  - id: stockholm\n    version: \"2017\"\n  - id: hinderbanan\n    version: \"1\"\nselect:\n  items: [P3, R41, \"stockholm:4.6\", \"hinderbanan:5.4\"]\n",
    );
    let md = build(&s.profile, &[]);
    for want in [
        "#### P3 Öppna upp\n\n*Källa: Svenskt ramverk för digital samverkan 1.3, princip P3*",
        "#### R41 Utgå från relevanta etablerade krav och standarder för säkerhet och integritet\n\n*Källa: Svenskt ramverk för digital samverkan 1.3, rekommendation R41 (område: Säkerhet och integritet)*",
        "Offentliga tjänster ska:\n\n- a) utgå från relevanta",
        "för säkerhet enligt rekommendation 8\n- b) ha en rätt avvägd balans för personlig integritet\n- c) ha",
        "#### 4.6 Använd standarder\n\n*Källa: Principer för digital samverkan i Stockholms län 2017, princip 4.6*",
        "**Motiv:** Standardiserade gränssnitt sänker kostnader",
        "**Konsekvens:** Beställare måste följa utvecklingen",
        "#### 5.4 Miljöer, test och\n\n*Källa: Generell metod för informationsutbyte mellan myndigheter – Hinderbanan 1, checklistfråga 5.4 (fokusområde: Utveckling och test)*",
        "**Beskrivning:** Har vi miljöer som täcker behoven",
        "**Exempel:** Testpersonnummer (dataportalen.se)",
        "| Principer | 2 |\n| Rekommendationer | 1 |\n| Checklistfrågor | 1 |",
    ] {
        assert!(md.contains(want), "missing {want:?} in:\n{md}");
    }
    assert!(
        !md.contains("Ska (obligatoriskt krav)"),
        "no requirement rows without requirements"
    );
    assert!(!md.contains("Kravbilaga"), "not a requirement appendix");
    // P3's references: suppliers see those they can follow; the internal copy all of them.
    assert!(md.contains("*Hänvisningar:* relaterar till EIF 2 (Öppenhet)\n"), "{md}");
    assert!(
        !md.contains("som inte ingår"),
        "R41 → R8 and P3 → R8 are internal only: {md}"
    );
    let internal = build(&s.profile, &["-a", "internal"]);
    assert!(internal.contains(
        "*Hänvisningar:* relaterar till R8 (Använd standarder i första hand), som inte ingår i underlaget; relaterar till R9 (Delta i standardiseringsarbete), som inte ingår i underlaget;"
    ));
}

/// Words the Stockholm OCR left without their å/ä/ö, as they would stand if a restoration had
/// been missed.
const UNDOTTED: &[&str] = &[
    "for",
    "ar",
    "pa",
    "tjanster",
    "tjanst",
    "mojlig",
    "mojligt",
    "behover",
    "behovs",
    "invanare",
    "invanarna",
    "sakert",
    "saker",
    "oversyn",
    "over",
    "malet",
    "lan",
    "dar",
    "darfor",
    "vander",
    "hansyn",
    "overens",
    "forutsattningar",
    "aven",
    "bade",
    "nar",
    "maste",
    "ratt",
    "nagon",
];

#[test]
fn no_ocr_damage_is_left_in_the_stockholm_catalogue() {
    let text = read(&root().join("catalog/stockholm-2017.yaml"));
    let mut damaged = Vec::new();
    for word in text.split(|c: char| !(c.is_alphanumeric() || c == '&' || c == 'é')) {
        let lower = word.to_lowercase();
        let letters_and_digits = word
            .chars()
            .zip(word.chars().skip(1))
            .any(|(a, b)| (a.is_alphabetic() && b.is_ascii_digit()) || (a.is_ascii_digit() && b.is_alphabetic()));
        if UNDOTTED.contains(&lower.as_str()) || word.contains(['é', '&']) || letters_and_digits {
            damaged.push(word.to_owned());
        }
    }
    assert!(damaged.is_empty(), "OCR damage left: {damaged:?}");
}

/// Common English words that are not Swedish words. An item's `note` is printed in the buyer's
/// internal copy under "Anmärkning om källan", so it must be Swedish; one of these words in it means
/// it was written in English. "cell" is not on the list: it is a Swedish word too ("i en cell").
const ENGLISH: &[&str] = &[
    "the", "and", "is", "has", "been", "appears", "source", "kept", "cells", "wording", "split", "merged", "which",
    "of",
];

/// The words of `note` that are on the English list, compared case-insensitively as whole words.
/// Text the note quotes from the source is checked too: no quote in the built-in notes holds one of
/// these words, and stripping quotes would hide English between stray quotation marks.
fn english_words(note: &str) -> Vec<&str> {
    note.split(|c: char| !c.is_alphanumeric())
        .filter(|w| ENGLISH.contains(&w.to_lowercase().as_str()))
        .collect()
}

#[test]
fn notes_for_buyers_are_swedish() {
    assert_eq!(
        english_words("The Exempel cell appears cut off in the source; kept as published, not completed."),
        ["The", "appears", "the", "source", "kept"],
        "the check recognises an English note"
    );
    assert!(english_words("Cellen Exempel är tom; texten står i en cell.").is_empty());
    let mut english = Vec::new();
    let mut notes = 0;
    for loaded in catalog::builtin().unwrap_or_else(|e| panic!("{e}")) {
        let c = &loaded.catalog;
        // Item notes (the working copy), notes on an item's level (every copy) and what a
        // catalogue says of the facts its source does not state (the working copy).
        let inferred = [
            &c.inferred.title,
            &c.inferred.publisher,
            &c.inferred.version,
            &c.inferred.date,
        ];
        let texts = c
            .items
            .iter()
            .flat_map(|i| [(i.id.value.as_str(), &i.note), (i.id.value.as_str(), &i.level_note)])
            .chain(inferred.into_iter().map(|t| ("inferred", t)));
        for (at, text) in texts {
            let Some(note) = text else { continue };
            notes += 1;
            let words = english_words(note);
            if !words.is_empty() {
                english.push(format!("{}:{at} {words:?}: {note}", c.id));
            }
        }
    }
    assert!(notes >= 60, "only {notes} item notes found");
    assert!(
        english.is_empty(),
        "item notes are printed for buyers and must be Swedish:\n{}",
        english.join("\n")
    );
}

#[test]
fn list_names_every_builtin_catalogue_with_its_counts() {
    let out = kravkat().arg("list").assert().success();
    let out = stdout(&out);
    let all = catalog::builtin().unwrap();
    for (id, version, _) in EXPECTED {
        let c = &all.iter().find(|l| l.catalog.id == *id).unwrap().catalog;
        let line = out
            .lines()
            .find(|l| l.split_whitespace().next() == Some(id))
            .unwrap_or_else(|| panic!("{id} not listed:\n{out}"));
        let mut fields = line.split_whitespace();
        assert_eq!(fields.nth(1), Some(*version), "{line}");
        assert!(line.ends_with(&c.title), "{line}");
    }
    for counts in [
        "19 requirements",
        "93 requirements",
        "12 principles",
        "13 principles, 41 recommendations",
        "36 checklist questions",
    ] {
        assert!(out.lines().any(|l| l.trim() == counts), "{counts} missing:\n{out}");
    }
}

#[test]
fn show_follows_references_both_ways() {
    let show = |id: &str| {
        let out = kravkat().args(["show", id]).assert().success();
        stdout(&out)
    };
    let p3 = show("ramverk:P3");
    assert!(p3.starts_with("ramverk:P3\n"), "{p3}");
    assert!(p3.contains("Kind: principle\n"), "{p3}");
    assert!(
        p3.contains(
            "References:\n  relates to R8 (Använd standarder i första hand)\n  relates to R9 (Delta i standardiseringsarbete)\n"
        ),
        "{p3}"
    );
    assert!(p3.contains("  relates to EIF 2 (Öppenhet)\n"), "{p3}");
    // A bare id that only one catalogue has needs no qualifying.
    let r8 = show("R8");
    assert!(r8.contains("Kind: recommendation\n"), "{r8}");
    assert!(
        r8.contains("Referenced by:\n  ramverk:P3 (Öppna upp) relates to this item\n"),
        "{r8}"
    );
    assert!(
        r8.contains("  ramverk:R41 (Utgå från relevanta"),
        "R41's \"enligt rekommendation 8\": {r8}"
    );
    kravkat()
        .args(["show", "1.2"])
        .assert()
        .failure()
        .stderr(predicates::str::contains(
            "qualify it: hinderbanan:1.2, jonkoping:1.2, skane:1.2",
        ));
}

/// Region Skåne's document has no level column: an item's level is read from its wording. Where
/// the wording does not say it plainly — a prohibition with neither "ska" nor "bör", or a
/// paragraph with both — the item says why it has its level, in every copy, so neither the buyer
/// nor a supplier reads a "får inte" as less than a Ska, or an ipv6 "bör" as a Ska.
#[test]
fn skane_says_why_a_level_is_not_plain_from_its_wording() {
    let skane = catalog::builtin_versions("skane").unwrap().remove(0).catalog;
    let word = |text: &str, w: &str| {
        text.to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .any(|x| x == w)
    };
    let mut unclear = Vec::new();
    for item in &skane.items {
        let text = item.text.as_deref().unwrap_or_default();
        let (ska, bor) = (word(text, "ska"), word(text, "bör"));
        if ska == bor {
            unclear.push(item.id());
            assert!(
                item.level_note.is_some(),
                "skane:{} has no level_note: {text}",
                item.id()
            );
        }
    }
    for id in ["3.12", "5.5", "4.1", "5.13", "5.15", "5.16", "7.2", "7.3"] {
        assert!(unclear.contains(&id), "{id}");
    }
    // Shown to suppliers too, in every format.
    let s = scratch(
        "procurement: { title: T, organisation: O }\ncatalogs: [{ id: skane, version: \"1\" }]\nselect: { items: [\"5.5\", \"7.2\"] }\n",
    );
    let md = output(&["build", s.profile.to_str().unwrap()]);
    assert!(
        md.contains("**Om nivån:** En enda mening med två nivåer: stöd för ipv4 är \"ska\""),
        "{md}"
    );
    assert!(
        md.contains("**Om nivån:** Stycket saknar \"ska\"/\"bör\" men är ett förbud (\"är ej tillåtna\")"),
        "{md}"
    );
    let html = output(&["build", s.profile.to_str().unwrap(), "-f", "html"]);
    assert!(
        html.contains("<span class=\"label\">Om nivån:</span> En enda mening"),
        "{html}"
    );
}
