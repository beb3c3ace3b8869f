//! The formats say the same: one reader (pandoc) reads the Markdown, HTML and DOCX of every
//! example and fixture, in both audiences, and finds the same section headings in the same order,
//! in the same words.

mod common;
use common::*;

use serde_json::Value;

/// The headings pandoc reads in `file` (format `from`), as (level, text), levels counted from
/// the document's title: a Markdown or HTML `h1` is the title; in DOCX the title has Word's
/// Title style and the sections start at Heading 1, one level up.
fn headings(file: &std::path::Path, from: &str) -> Vec<(u64, String)> {
    let out = std::process::Command::new("pandoc")
        .args(["-f", from, "-t", "json"])
        .arg(file)
        .output()
        .unwrap();
    assert!(out.status.success(), "pandoc cannot read {}", file.display());
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let shift = u64::from(from == "docx");
    let mut found = Vec::new();
    collect(&doc["blocks"], &mut found);
    found.into_iter().map(|(level, text)| (level + shift, text)).collect()
}

/// The headers in pandoc's blocks, in document order, inside HTML's sections and articles too
/// (pandoc reads those as `Div`s).
fn collect(blocks: &Value, out: &mut Vec<(u64, String)>) {
    for b in blocks.as_array().unwrap() {
        match b["t"].as_str().unwrap() {
            "Header" => out.push((b["c"][0].as_u64().unwrap(), pandoc_inline_text(&b["c"][2]))),
            "Div" => collect(&b["c"][1], out),
            _ => {}
        }
    }
}

/// The headings of the sections: not the title, and not the items, which Markdown and HTML give
/// a heading each and DOCX a table row (`1.12 (Bör)`, `P3 Öppna upp`, `E-1 (Ska)`).
fn sections(headings: Vec<(u64, String)>, item_ids: &[String]) -> Vec<(u64, String)> {
    headings
        .into_iter()
        .filter(|(level, text)| {
            // An id may hold a space (`2#b c`): the heading starts with the whole id.
            let is_item = |id: &String| {
                text.strip_prefix(id.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
            };
            *level > 1 && !item_ids.iter().any(is_item)
        })
        .collect()
}

#[test]
#[ignore = "reads every format with pandoc; cargo test -- --include-ignored runs it"]
fn every_format_has_the_same_sections_in_the_same_words() {
    require("pandoc", "--version");
    let dir = tempfile::tempdir().unwrap();
    let mut profiles = examples();
    profiles.extend(
        std::fs::read_dir(root().join("tests/fixtures"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml")),
    );
    for profile in profiles {
        let doc = json(&profile);
        let ids: Vec<String> = items(&doc).map(|i| i["id"].as_str().unwrap().to_owned()).collect();
        for audience in ["tender", "internal"] {
            let mut seen = Vec::new();
            for (format, reader) in [("md", "gfm"), ("html", "html"), ("docx", "docx")] {
                let file = dir.path().join(format!("out.{format}"));
                kravkat()
                    .arg("build")
                    .arg(&profile)
                    .args(["-f", format, "-a", audience, "-o"])
                    .arg(&file)
                    .assert()
                    .success();
                seen.push((format, sections(headings(&file, reader), &ids)));
            }
            let (_, md) = &seen[0];
            assert!(md.iter().any(|h| h.1 == "Källor"), "{}: {md:?}", profile.display());
            for (format, other) in &seen[1..] {
                assert_eq!(other, md, "{} {audience}: {format} against md", profile.display());
            }
        }
    }
}
