//! The DOCX output, read back by real readers: pandoc for the text and python-docx (through
//! tests/support/read_docx.py) for the structure, for every profile in examples/ and
//! tests/fixtures/ in both audiences. The tests that need a reader are `#[ignore]`d in plain
//! `cargo test` and run by `cargo test -- --include-ignored`, where a missing reader fails them.

use std::collections::BTreeSet;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use assert_cmd::Command;
use kravkat::catalog::Kind;
use kravkat::document::{Document, Item};
use kravkat::markup::{self, Block};
use kravkat::render::labels;
use serde_json::Value;

const AUDIENCES: [&str; 2] = ["tender", "internal"];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every profile the readers check.
fn profiles() -> Vec<PathBuf> {
    let mut all = Vec::new();
    for dir in ["examples", "tests/fixtures"] {
        for entry in std::fs::read_dir(root().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "yaml") {
                all.push(path);
            }
        }
    }
    all.sort();
    assert!(!all.is_empty());
    all
}

fn resolved(profile: &Path) -> Document {
    let input = kravkat::load::load(profile).unwrap();
    kravkat::resolve::resolve(&input).unwrap()
}

fn kravkat() -> Command {
    let mut cmd = Command::cargo_bin("kravkat").unwrap();
    cmd.env_remove("SOURCE_DATE_EPOCH");
    cmd
}

/// Builds the DOCX of `profile` for `audience` into `dir`.
fn build(profile: &Path, audience: &str, dir: &Path, extra: &[&str]) -> PathBuf {
    let name = profile.file_stem().unwrap().to_str().unwrap();
    let out = dir.join(format!("{name}-{audience}.docx"));
    kravkat()
        .arg("build")
        .arg(profile)
        .args(["-f", "docx", "-a", audience, "-o"])
        .arg(&out)
        .args(extra)
        .assert()
        .success();
    out
}

/// Fails the test unless pandoc runs.
fn require_pandoc() {
    common_require("pandoc", Process::new("pandoc").arg("--version"));
}

/// Fails the test unless python-docx imports.
fn require_python_docx() {
    common_require("python-docx", Process::new("python3").args(["-c", "import docx"]));
}

fn common_require(name: &str, probe: &mut Process) {
    let runs = probe.output().is_ok_and(|o| o.status.success());
    assert!(
        runs,
        "{name} is not installed, so this check cannot run (.ci/run installs it)"
    );
}

/// Whitespace collapsed and table borders out, so text and expectations compare alike.
fn flat(text: &str) -> String {
    text.replace('|', " ").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `phrase` stands in `text` (as [`pandoc_text`] gives it, padded) as whole words.
fn has(text: &str, phrase: &str) -> bool {
    text.contains(&format!(" {phrase} "))
}

/// The document's text as pandoc reads it. Wide columns keep table cells on few lines, and a
/// wrapped cell still reads in order once flattened (only the text column of a row wraps).
/// Far wider columns make pandoc pad every table line to that width: hundreds of megabytes.
fn pandoc_text(docx: &Path) -> String {
    let out = Process::new("pandoc")
        .args(["-f", "docx", "-t", "plain", "--wrap=none", "--columns=1000"])
        .arg(docx)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "pandoc cannot read {}: {}",
        docx.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    // Padded once here, so `has` finds whole words at either end without copying the text.
    format!(" {} ", flat(&String::from_utf8(out.stdout).unwrap()))
}

/// What python-docx sees.
fn python_docx(docx: &Path) -> Value {
    let out = Process::new("python3")
        .arg(root().join("tests/support/read_docx.py"))
        .arg(docx)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "python-docx cannot read {}: {}",
        docx.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The first paragraph of some Markdown, as plain text.
fn first_paragraph(blocks: &[Block]) -> Option<String> {
    blocks.iter().find_map(|b| match b {
        Block::Paragraph(inlines) => Some(markup::plain(inlines)),
        Block::List { items, .. } => items.iter().find_map(|i| first_paragraph(i)),
        Block::Quote(inner) => first_paragraph(inner),
        _ => None,
    })
}

/// The first words of an item's text: enough to tell it from every other item.
fn phrase(item: &Item) -> String {
    let source = item.text.as_deref().or(item.title.as_deref()).unwrap_or_default();
    let para = first_paragraph(&markup::parse(source)).unwrap_or_default();
    flat(&para).split(' ').take(6).collect::<Vec<_>>().join(" ")
}

fn all_items(doc: &Document) -> impl Iterator<Item = &Item> {
    doc.sections
        .iter()
        .flat_map(|s| &s.categories)
        .flat_map(|g| &g.items)
        .chain(&doc.own)
}

/// The provenance line a catalogue item's row carries, or would carry.
fn source_line(doc: &Document, catalog: &str, kind: Kind, id: &str) -> String {
    let c = doc.catalogs.iter().find(|c| c.id == catalog).unwrap();
    format!("Källa: {} {}, {} {id}", c.title, c.version, labels::kind_noun(kind))
}

#[test]
#[ignore = "reads the DOCX with pandoc; cargo test -- --include-ignored runs it"]
fn pandoc_reads_every_item_and_only_the_selected_ones() {
    require_pandoc();
    let dir = tempfile::tempdir().unwrap();
    for profile in profiles() {
        let doc = resolved(&profile);
        for audience in AUDIENCES {
            let docx = build(&profile, audience, dir.path(), &[]);
            let text = pandoc_text(&docx);
            let at = format!("{} ({audience})", profile.display());
            for item in all_items(&doc) {
                assert!(has(&text, &item.id), "{at}: id {} missing", item.id);
                let phrase = phrase(item);
                assert!(has(&text, &phrase), "{at}: text of {} missing: {phrase:?}", item.id);
                if let Some(catalog) = &item.catalog
                    && !item.adapted
                {
                    let line = source_line(&doc, catalog, item.kind, &item.id);
                    assert!(has(&text, &line), "{at}: {line:?} missing");
                }
            }
            for c in &doc.catalogs {
                assert!(
                    has(&text, &flat(&c.attribution)),
                    "{at}: attribution of {} missing",
                    c.id
                );
            }
            let internal = audience == "internal";
            for label in ["Avvikelselogg", "Ej valda punkter", "Undantagna punkter"] {
                assert_eq!(text.contains(label), internal, "{at}: {label}");
            }
            if all_items(&doc).any(|i| i.guidance.is_some()) {
                assert_eq!(text.contains("Vägledning:"), internal, "{at}: Vägledning");
            }
            // An unselected or excluded item may still be named by a reference, so what must be
            // absent from the tender is its row: the line saying where it comes from.
            let left_out = doc
                .unselected
                .iter()
                .map(|u| (&u.catalog, &u.id))
                .chain(doc.excluded.iter().map(|e| (&e.catalog, &e.id)));
            for (catalog, id) in left_out {
                for kind in [
                    Kind::Requirement,
                    Kind::Principle,
                    Kind::Recommendation,
                    Kind::Checklist,
                ] {
                    let line = source_line(&doc, catalog, kind, id);
                    assert!(!has(&text, &line), "{at}: {id} is not selected but has a row");
                }
            }
        }
    }
}

fn styled<'a>(json: &'a Value, style: &str) -> Vec<&'a str> {
    json["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["style"] == style)
        .map(|p| p["text"].as_str().unwrap())
        .collect()
}

#[test]
#[ignore = "reads the DOCX with python-docx; cargo test -- --include-ignored runs it"]
fn python_docx_sees_headings_tables_header_footer_and_properties() {
    require_python_docx();
    let dir = tempfile::tempdir().unwrap();
    for profile in profiles() {
        let doc = resolved(&profile);
        let p = &doc.procurement;
        for audience in AUDIENCES {
            let json = python_docx(&build(&profile, audience, dir.path(), &[]));
            let at = format!("{} ({audience})", profile.display());
            assert_eq!(styled(&json, "Title"), [p.title.as_str()], "{at}");
            let h1 = styled(&json, "Heading 1");
            let h2 = styled(&json, "Heading 2");
            assert!(
                h1.contains(&"Källor") && h1.contains(&"Sammanställning"),
                "{at}: {h1:?}"
            );
            for section in &doc.sections {
                assert!(
                    h1.contains(&section.title.as_str()),
                    "{at}: {} not a Heading 1",
                    section.title
                );
                for group in &section.categories {
                    assert!(
                        h2.contains(&group.name.as_str()),
                        "{at}: {} not a Heading 2",
                        group.name
                    );
                }
            }
            for para in json["paragraphs"].as_array().unwrap() {
                let style = para["style"].as_str().unwrap_or_default();
                if style.starts_with("Heading") {
                    assert!(
                        ["Heading 1", "Heading 2", "Heading 3"].contains(&style),
                        "{at}: {style}"
                    );
                }
            }
            // Every item's row says where it comes from; every table repeats its header row.
            assert_eq!(styled(&json, "Kravkälla").len(), doc.counts.items, "{at}");
            let specified = all_items(&doc).filter(|i| i.specification.is_some()).count();
            let marked = styled(&json, "Köparens specificering");
            assert_eq!(
                marked.iter().filter(|t| **t == "Köparens specificering:").count(),
                specified,
                "{at}"
            );
            let categories: usize = doc.sections.iter().map(|s| s.categories.len()).sum();
            let tables = json["tables"].as_u64().unwrap() as usize;
            assert!(tables >= 3 + categories, "{at}: {tables} tables");
            assert_eq!(json["header_rows"], json["tables"], "{at}");

            let header = json["header"].as_str().unwrap();
            assert!(header.contains(&p.title), "{at}: header {header:?}");
            if let Some(reference) = &p.reference {
                assert!(header.contains(reference.as_str()), "{at}: header {header:?}");
            }
            let footer = json["footer"].as_str().unwrap();
            assert!(
                footer.starts_with("Sida") && footer.contains("av"),
                "{at}: footer {footer:?}"
            );

            let core = &json["core"];
            assert_eq!(core["title"], p.title.as_str(), "{at}");
            assert_eq!(core["creator"], p.organisation.as_str(), "{at}");
            assert_eq!(core["language"], "sv-SE", "{at}");
            let subject = if audience == "tender" {
                "Kravbilaga"
            } else {
                "Internt arbetsunderlag"
            };
            assert_eq!(core["subject"], subject, "{at}");
            assert_eq!(core["created"], Value::Null, "{at}: a date without SOURCE_DATE_EPOCH");
        }
    }
}

#[test]
fn builds_are_byte_identical_and_dated_only_by_source_date_epoch() {
    let profile = root().join("examples/affarssystem.yaml");
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for audience in AUDIENCES {
        let first = std::fs::read(build(&profile, audience, a.path(), &[])).unwrap();
        let second = std::fs::read(build(&profile, audience, b.path(), &[])).unwrap();
        assert!(first == second, "{audience}: two builds differ");
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(first)).unwrap();
        for i in 0..zip.len() {
            let entry = zip.by_index(i).unwrap();
            let t = entry.last_modified().unwrap();
            assert_eq!(
                (t.year(), t.month(), t.day()),
                (1980, 1, 1),
                "{}",
                entry.name().unwrap()
            );
            assert_eq!(
                entry.unix_mode().map(|m| m & 0o777),
                Some(0o644),
                "{}",
                entry.name().unwrap()
            );
        }
    }

    let dated = |dir: &Path| {
        let out = dir.join("dated.docx");
        kravkat()
            .env("SOURCE_DATE_EPOCH", "1767225600")
            .arg("build")
            .arg(&profile)
            .args(["-f", "docx", "-o"])
            .arg(&out)
            .assert()
            .success();
        std::fs::read(out).unwrap()
    };
    let bytes = dated(a.path());
    assert!(bytes == dated(b.path()), "two dated builds differ");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let t = zip.by_index(0).unwrap().last_modified().unwrap();
    assert_eq!((t.year(), t.month(), t.day()), (2026, 1, 1));
    let mut core = String::new();
    zip.by_name("docProps/core.xml")
        .unwrap()
        .read_to_string(&mut core)
        .unwrap();
    assert!(core.contains(">2026-01-01T00:00:00Z</dcterms:created>"), "{core}");
}

/// Every part has a content type, every content type a part, every relationship a target:
/// what Word checks before it offers to repair a file.
#[test]
fn the_package_is_complete_and_consistent() {
    let dir = tempfile::tempdir().unwrap();
    for profile in profiles() {
        for audience in AUDIENCES {
            let docx = build(&profile, audience, dir.path(), &[]);
            let mut zip = zip::ZipArchive::new(std::fs::File::open(&docx).unwrap()).unwrap();
            let order: Vec<String> = (0..zip.len())
                .map(|i| zip.by_index(i).unwrap().name().unwrap().into_owned())
                .collect();
            let names: BTreeSet<String> = order.iter().cloned().collect();
            let mut read = |name: &str| {
                let mut s = String::new();
                zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
                s
            };
            let types = read("[Content_Types].xml");
            let rels = read("_rels/.rels") + &read("word/_rels/document.xml.rels");
            let overrides: BTreeSet<String> = attrs(&types, "PartName")
                .into_iter()
                .map(|p| p.trim_start_matches('/').to_owned())
                .collect();
            let parts: BTreeSet<String> = names
                .iter()
                .filter(|n| !n.ends_with(".rels") && *n != "[Content_Types].xml")
                .cloned()
                .collect();
            assert_eq!(overrides, parts, "{}", docx.display());
            // External targets (https:, mailto:) carry a scheme; part names never contain a colon.
            for target in attrs(&rels, "Target").into_iter().filter(|t| !t.contains(':')) {
                let path = if target.starts_with("word/") || target.starts_with("docProps/") {
                    target
                } else {
                    format!("word/{target}")
                };
                assert!(names.contains(&path), "{}: no part {path}", docx.display());
            }
            assert_eq!(order[0], "[Content_Types].xml", "{}", docx.display());
        }
    }
}

/// The values of every `name="…"` attribute in some XML.
fn attrs(xml: &str, name: &str) -> Vec<String> {
    let key = format!(" {name}=\"");
    xml.split(&key)
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_owned())
        .collect()
}

#[test]
#[ignore = "reads the DOCX with pandoc and python-docx; cargo test -- --include-ignored runs it"]
fn xml_special_text_comes_out_literally() {
    require_pandoc();
    require_python_docx();
    let profile = root().join("tests/fixtures/xml-special.yaml");
    let p = resolved(&profile).procurement;
    let dir = tempfile::tempdir().unwrap();
    for audience in AUDIENCES {
        let docx = build(&profile, audience, dir.path(), &[]);
        let text = pandoc_text(&docx);
        for literal in [
            "Leverantören & underleverantören ska hantera <data> och ]]> samt \
             <script>alert(1)</script> som text. Slut.",
            "Bolag & Co <script>",
            "A&B <1/2>",
        ] {
            assert!(text.contains(literal), "{audience}: {literal:?} missing from {text}");
        }
        let json = python_docx(&docx);
        assert_eq!(json["core"]["title"], p.title.as_str());
        assert_eq!(json["core"]["creator"], p.organisation.as_str());
        assert!(json["header"].as_str().unwrap().starts_with(&p.title));
    }
}

/// kravkat's reference document, written into `dir`.
fn reference_docx(dir: &Path) -> PathBuf {
    let reference = dir.join("reference.docx");
    kravkat()
        .arg("reference-docx")
        .arg("-o")
        .arg(&reference)
        .assert()
        .success();
    reference
}

#[test]
fn the_default_reference_document_gives_the_default_output() {
    let dir = tempfile::tempdir().unwrap();
    let reference = reference_docx(dir.path());
    let profile = root().join("examples/affarssystem.yaml");
    let with = dir.path().join("with");
    std::fs::create_dir(&with).unwrap();
    let plain = build(&profile, "internal", dir.path(), &[]);
    let referenced = build(
        &profile,
        "internal",
        &with,
        &["--reference-docx", reference.to_str().unwrap()],
    );
    assert!(std::fs::read(plain).unwrap() == std::fs::read(&referenced).unwrap());
}

#[test]
#[ignore = "reads the DOCX with python-docx; cargo test -- --include-ignored runs it"]
fn python_docx_reads_the_reference_document() {
    require_python_docx();
    let dir = tempfile::tempdir().unwrap();
    let json = python_docx(&reference_docx(dir.path()));
    assert!(styled(&json, "Heading 1").len() == 1 && json["tables"] == 1, "{json}");
}

/// pandoc's own reference.docx stands for an organisation's: Word's style ids, a theme, styles
/// kravkat does not know and some it lacks.
#[test]
#[ignore = "reads the DOCX with pandoc and python-docx; cargo test -- --include-ignored runs it"]
fn a_foreign_reference_document_keeps_its_styles_and_gains_kravkats() {
    require_pandoc();
    require_python_docx();
    let dir = tempfile::tempdir().unwrap();
    let reference = dir.path().join("pandoc-reference.docx");
    let status = Process::new("pandoc")
        .args(["-o"])
        .arg(&reference)
        .args(["--print-default-data-file", "reference.docx"])
        .status()
        .unwrap();
    assert!(status.success());
    let profile = root().join("examples/affarssystem.yaml");
    let docx = build(
        &profile,
        "tender",
        dir.path(),
        &["--reference-docx", reference.to_str().unwrap()],
    );
    let json = python_docx(&docx);
    assert!(!styled(&json, "Heading 1").is_empty() && !styled(&json, "Tabelltext").is_empty());
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&docx).unwrap()).unwrap();
    let mut styles = String::new();
    zip.by_name("word/styles.xml")
        .unwrap()
        .read_to_string(&mut styles)
        .unwrap();
    assert!(styles.contains("w:styleId=\"BodyText\"") && styles.contains("w:styleId=\"Kravtabell\""));
    assert!(zip.by_name("word/theme/theme1.xml").is_ok());
    assert!(pandoc_text(&docx).contains("Köparens specificering:"));
}

#[test]
fn unusable_requests_fail_with_exit_2_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let profile = root().join("examples/affarssystem.yaml");
    kravkat()
        .arg("build")
        .arg(&profile)
        .args(["-f", "docx"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("DOCX is binary: give -o FILE"));

    let not_zip = dir.path().join("not-a.docx");
    std::fs::write(&not_zip, "plain text").unwrap();
    let no_styles = dir.path().join("no-styles.docx");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&no_styles).unwrap());
    zip.start_file("word/document.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.finish().unwrap();
    for (reference, message) in [(&not_zip, "not a .docx file"), (&no_styles, "no word/styles.xml")] {
        let out = dir.path().join("out.docx");
        kravkat()
            .arg("build")
            .arg(&profile)
            .args(["-f", "docx", "--reference-docx"])
            .arg(reference)
            .arg("-o")
            .arg(&out)
            .assert()
            .code(2)
            .stderr(predicates::str::contains(message));
        assert!(!out.exists());
    }
}

#[test]
fn docx_goes_to_standard_output_when_asked() {
    let profile = root().join("examples/affarssystem.yaml");
    let out = kravkat()
        .arg("build")
        .arg(&profile)
        .args(["-f", "docx", "-o", "-"])
        .assert()
        .success();
    assert!(out.get_output().stdout.starts_with(b"PK\x03\x04"));
}

/// The text of one part of a DOCX.
fn part(docx: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn references_link_to_the_items_they_name_and_checklists_show_their_status() {
    let dir = tempfile::tempdir().unwrap();
    let multi = build(
        &root().join("examples/integrationsplattform.yaml"),
        "internal",
        dir.path(),
        &[],
    );
    let xml = part(&multi, "word/document.xml");
    let anchors = attrs(&xml, "w:anchor");
    assert!(
        !anchors.is_empty(),
        "references and the traceability table link to items"
    );
    let bookmarks: BTreeSet<String> = attrs(&xml, "w:name")
        .into_iter()
        .filter(|n| n.starts_with("_kk"))
        .collect();
    for a in &anchors {
        assert!(bookmarks.contains(a), "link to {a}, which has no bookmark");
    }
}

#[test]
#[ignore = "reads the DOCX with pandoc; cargo test -- --include-ignored runs it"]
fn pandoc_reads_the_traceability_and_the_checklist_status() {
    require_pandoc();
    let dir = tempfile::tempdir().unwrap();
    let multi = build(
        &root().join("examples/integrationsplattform.yaml"),
        "internal",
        dir.path(),
        &[],
    );
    let checklist = build(
        &root().join("examples/hinderbanan-informationsutbyte.yaml"),
        "internal",
        dir.path(),
        &[],
    );
    assert!(pandoc_text(&multi).contains(" Spårbarhet "), "traceability table");
    let text = pandoc_text(&checklist);
    assert!(text.contains(" Status per fokusområde "), "readiness table");
    assert!(
        text.contains(" Status: Klar ") || text.contains(" Status: Pågår "),
        "status per question"
    );
}

/// kravkat's reference document with one part changed by `edit`.
fn reference_with(dir: &Path, name: &str, part_name: &str, edit: impl Fn(&str) -> String) -> PathBuf {
    let original = dir.join("kravkat-reference.docx");
    if !original.exists() {
        kravkat()
            .args(["reference-docx", "-o"])
            .arg(&original)
            .assert()
            .success();
    }
    let mut from = zip::ZipArchive::new(std::fs::File::open(&original).unwrap()).unwrap();
    let out = dir.join(name);
    let mut to = zip::ZipWriter::new(std::fs::File::create(&out).unwrap());
    for i in 0..from.len() {
        let mut entry = from.by_index(i).unwrap();
        let entry_name = entry.name().unwrap().into_owned();
        let mut text = Vec::new();
        entry.read_to_end(&mut text).unwrap();
        if entry_name == part_name {
            text = edit(std::str::from_utf8(&text).unwrap()).into_bytes();
        }
        to.start_file(entry_name, zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut to, &text).unwrap();
    }
    to.finish().unwrap();
    out
}

#[test]
fn a_hostile_reference_document_is_refused_before_it_breaks_a_document() {
    let dir = tempfile::tempdir().unwrap();
    let profile = root().join("examples/affarssystem.yaml");
    let styles = "word/styles.xml";
    let document = "word/document.xml";
    let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
    let cases: Vec<(PathBuf, &str)> = vec![
        (
            reference_with(dir.path(), "entity.docx", styles, |s| {
                s.replacen(
                    declaration,
                    &format!("{declaration}<!DOCTYPE w:styles [<!ENTITY e \"x\">]>"),
                    1,
                )
                .replacen("w:val=\"Normal\"", "w:val=\"Normal&e;\"", 1)
            }),
            "word/styles.xml: it has a document type declaration",
        ),
        (
            reference_with(dir.path(), "undeclared.docx", styles, |s| {
                s.replacen("Normal", "&nbsp;", 1)
            }),
            "word/styles.xml",
        ),
        (
            reference_with(dir.path(), "theme.docx", "word/theme/theme1.xml", |_| {
                "not XML {".into()
            }),
            "word/theme/theme1.xml",
        ),
        (
            reference_with(dir.path(), "nan.docx", document, |s| set_page_width(s, "NaNcm")),
            "`NaNcm` is not a measure",
        ),
        (
            reference_with(dir.path(), "negative.docx", document, |s| set_page_width(s, "-11906")),
            "the page width is -21.00 cm",
        ),
        (
            reference_with(dir.path(), "euro.docx", document, |s| set_page_width(s, "1€")),
            "`1€` is not a measure",
        ),
    ];
    for (reference, message) in cases {
        let out = dir.path().join("out.docx");
        let a = kravkat()
            .arg("build")
            .arg(&profile)
            .arg("--reference-docx")
            .arg(&reference)
            .arg("-o")
            .arg(&out)
            .assert()
            .code(2);
        let e = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
        assert!(
            e.contains("cannot be used") && e.contains(message),
            "{}: {e}",
            reference.display()
        );
        assert!(!out.exists());
    }
    // A comment that reads like the end of the styles: kravkat's styles still go inside them.
    let reference = reference_with(dir.path(), "comment.docx", styles, |s| {
        let without_table = remove_style(s, "Kravtabell");
        format!("{without_table}<!-- </w:styles> -->")
    });
    let out = build(
        &profile,
        "tender",
        dir.path(),
        &["--reference-docx", reference.to_str().unwrap()],
    );
    let merged = part(&out, styles);
    let end = merged.find("</w:styles>").unwrap();
    assert!(merged[..end].contains("w:styleId=\"Kravtabell\""), "{merged}");
    let mut reader = quick_xml::Reader::from_str(&merged);
    while !matches!(reader.read_event().unwrap(), quick_xml::events::Event::Eof) {}
}

/// `document.xml` with the page width `w` in its last section.
fn set_page_width(document: &str, w: &str) -> String {
    let at = document.rfind("<w:pgSz w:w=\"").unwrap() + "<w:pgSz w:w=\"".len();
    let end = at + document[at..].find('"').unwrap();
    format!("{}{w}{}", &document[..at], &document[end..])
}

/// `styles.xml` without the style with id `id`.
fn remove_style(styles: &str, id: &str) -> String {
    let at = styles.find(&format!("w:styleId=\"{id}\"")).unwrap();
    let start = styles[..at].rfind("<w:style ").unwrap();
    let end = at + styles[at..].find("</w:style>").unwrap() + "</w:style>".len();
    format!("{}{}", &styles[..start], &styles[end..])
}

#[test]
fn link_targets_are_urls_and_lists_use_words_nine_levels() {
    let dir = tempfile::tempdir().unwrap();
    let docx = build(
        &root().join("tests/fixtures/hostile-links.yaml"),
        "internal",
        dir.path(),
        &[],
    );
    let rels = part(&docx, "word/_rels/document.xml.rels");
    let targets: Vec<String> = attrs(&rels, "Target").into_iter().filter(|t| t.contains(':')).collect();
    assert_eq!(targets.len(), 5, "{rels}");
    for t in &targets {
        assert!(
            t.chars().all(|c| c.is_ascii_graphic() && !"\"<>\\^`{|}[]".contains(c)),
            "not a URL: {t}"
        );
        assert!(t.matches('#').count() <= 1, "{t}");
    }
    assert!(
        targets.contains(&"https://example.org/a%20b?q=c%20d".to_owned()),
        "{targets:?}"
    );
    let body = part(&docx, "word/document.xml");
    let levels: Vec<usize> = body
        .split("<w:ilvl w:val=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().parse().unwrap())
        .collect();
    assert!(levels.contains(&8) && levels.iter().all(|&l| l <= 8), "{levels:?}");
}

#[test]
fn source_date_epoch_is_a_date_a_document_can_hold_or_unset_when_empty() {
    let dir = tempfile::tempdir().unwrap();
    let profile = root().join("examples/affarssystem.yaml");
    let run = |epoch: &str, format: &str| {
        let out = dir.path().join(format!("out.{format}"));
        let a = kravkat()
            .env("SOURCE_DATE_EPOCH", epoch)
            .arg("build")
            .arg(&profile)
            .args(["-f", format, "-o"])
            .arg(&out)
            .assert();
        (a, out)
    };
    // Empty is unset (reproducible-builds.org), for every format.
    let (a, _) = run("", "md");
    a.success();
    let (a, out) = run("", "docx");
    a.success();
    assert!(!part(&out, "docProps/core.xml").contains("dcterms:created"));
    let (a, out) = run("253402300799", "docx");
    a.success();
    assert!(part(&out, "docProps/core.xml").contains(">9999-12-31T23:59:59Z</dcterms:created>"));
    for bad in ["253402300800", "99999999999999999999", "-1", "1e9", " 1", "+5", "1.5"] {
        let (a, _) = run(bad, "docx");
        let a = a.code(2);
        let e = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
        assert!(
            e.contains("SOURCE_DATE_EPOCH must be whole seconds since 1970"),
            "{bad}: {e}"
        );
    }
}
