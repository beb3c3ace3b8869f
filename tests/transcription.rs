//! Catalogue text is cited in legal documents, so every transcribed field must be the source's
//! words. Each field is matched against the seed document it was transcribed from, word by word:
//! it must be covered by as few runs of consecutive seed words as its transcription needed
//! (one, unless a table row was split by a page break or a footnote interrupted the text).
//!
//! The seeds live outside the repository (../shared/seeds, or $KRAVKAT_SEEDS); CI sets
//! KRAVKAT_SEEDS, and without the seeds these tests say so and check nothing else.

mod common;

use std::path::{Path, PathBuf};

use kravkat::catalog::{self, Catalog};

fn seeds() -> Option<PathBuf> {
    let dir = std::env::var_os("KRAVKAT_SEEDS")
        .map(PathBuf::from)
        .unwrap_or_else(|| common::root().join("../shared/seeds"));
    if dir.is_dir() {
        Some(dir)
    } else {
        assert!(
            std::env::var_os("KRAVKAT_SEEDS").is_none(),
            "KRAVKAT_SEEDS={dir:?} is not a directory"
        );
        eprintln!("note: no seed documents at {dir:?}; transcription not checked");
        None
    }
}

fn load(file: &str) -> Catalog {
    let path = common::root().join("catalog").join(file);
    catalog::parse(&path, &std::fs::read_to_string(&path).unwrap()).unwrap_or_else(|e| panic!("{e}"))
}

/// Words of a text with markup removed: HTML tags, Markdown emphasis and list markers.
fn words(text: &str) -> Vec<String> {
    let mut plain = String::with_capacity(text.len());
    let mut in_tag = false;
    for (i, c) in text.char_indices() {
        match c {
            '<' if ["p>", "/p>", "i>", "/i>", "b>", "/b>"]
                .iter()
                .any(|t| text[i + 1..].starts_with(t)) =>
            {
                in_tag = true
            }
            '>' if in_tag => {
                in_tag = false;
                plain.push(' ');
            }
            _ if in_tag => {}
            '*' => plain.push(' '),
            _ => plain.push(c),
        }
    }
    plain
        .split_whitespace()
        .filter(|w| !matches!(*w, "-" | "•" | "–" | "#" | "##" | "###") && !is_list_label(w))
        .map(str::to_owned)
        .collect()
}

/// "a)" and "1." list labels, which Markdown lists and YAML `parts` carry separately.
fn is_list_label(w: &str) -> bool {
    let body = w.strip_suffix(')').or_else(|| w.strip_suffix('.'));
    body.is_some_and(|b| {
        !b.is_empty() && b.len() <= 2 && b.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    })
}

type Eq = fn(&str, &str) -> bool;

fn exact(a: &str, b: &str) -> bool {
    a == b
}

/// How many runs of consecutive seed words cover `field`; `Err` names a word not in the seed.
fn runs(field: &[String], seed: &[String], eq: Eq) -> Result<usize, String> {
    let mut i = 0;
    let mut count = 0;
    while i < field.len() {
        let mut best = 0;
        for p in 0..seed.len() {
            let mut k = 0;
            while i + k < field.len() && p + k < seed.len() && eq(&field[i + k], &seed[p + k]) {
                k += 1;
            }
            best = best.max(k);
        }
        if best == 0 {
            return Err(field[i].clone());
        }
        i += best;
        count += 1;
    }
    Ok(count)
}

/// Every transcribed field of a catalogue: (label, text).
fn fields(c: &Catalog) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut add = |label: String, text: &Option<String>| {
        if let Some(t) = text {
            out.push((label, t.clone()));
        }
    };
    add("title".into(), &Some(c.title.clone()));
    for (name, v) in [
        ("purpose", &c.purpose),
        ("scope", &c.scope),
        ("audience", &c.audience),
        ("usage", &c.usage),
    ] {
        add(name.into(), v);
    }
    add("attribution.rule".into(), &c.attribution.rule);
    for k in &c.categories {
        add(format!("category {}", k.name), &Some(k.name.clone()));
        add(format!("category {} description", k.name), &k.description);
    }
    for item in &c.items {
        let id = item.id();
        for (name, v) in [
            ("title", &item.title),
            ("text", &item.text),
            ("specify", &item.specify),
            ("guidance", &item.guidance),
            ("motive", &item.motive),
            ("consequence", &item.consequence),
            ("description", &item.description),
            ("examples", &item.examples),
        ] {
            add(format!("{id} {name}"), v);
        }
        for p in &item.parts {
            add(format!("{id} part {}", p.label), &Some(p.text.clone()));
        }
    }
    out
}

/// Checks every field; `allowed` lists the fields whose transcription joins several runs of
/// the source (label, runs), each for a reason given where it is called.
fn check(catalog_file: &str, seed_file: &str, eq: Eq, allowed: &[(&str, usize)]) {
    let Some(dir) = seeds() else { return };
    let seed = words(&std::fs::read_to_string(Path::new(&dir).join(seed_file)).unwrap());
    let c = load(catalog_file);
    let mut problems = Vec::new();
    for (label, text) in fields(&c) {
        let max = allowed.iter().find(|(l, _)| *l == label).map_or(1, |(_, n)| *n);
        match runs(&words(&text), &seed, eq) {
            Ok(n) if n <= max => {}
            Ok(n) => problems.push(format!("{label}: {n} runs of source words (allowed {max})")),
            Err(w) => problems.push(format!("{label}: `{w}` is not in the source")),
        }
    }
    assert!(
        problems.is_empty(),
        "{catalog_file} differs from {seed_file}:\n{}",
        problems.join("\n")
    );
}

#[test]
fn jonkoping_matches_its_source() {
    check(
        "jonkoping-1.0.yaml",
        "000_abcb49bf5c9bab03.txt",
        exact,
        &[
            // The intro sections are separate paragraphs under headings in the source.
            ("purpose", 2),
            // Rows split by page breaks, merged back into their cells.
            ("1.4 guidance", 2),
            ("1.9 text", 2),
            ("1.9 specify", 2),
            ("1.16 text", 2),
        ],
    );
}
