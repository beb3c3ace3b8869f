//! What the fuzz targets do with one input, shared by `fuzz_targets/` (libFuzzer) and by
//! `tests/fuzz_regressions.rs`, which replays every input the fuzzer once failed on. A panic
//! here is a bug in kravkat: an input may be refused, never crash.

use std::io::Read as _;
use std::path::Path;
use std::sync::OnceLock;

use clap::ValueEnum as _;
use kravkat::catalog::{self, Loaded};
use kravkat::render::{self, Audience, Format, Templates};
use kravkat::{answers, evaluation, load, profile, resolve, rules, sheet as answer_sheet};

fn builtin() -> &'static [Loaded] {
    static BUILTIN: OnceLock<Vec<Loaded>> = OnceLock::new();
    BUILTIN.get_or_init(|| catalog::builtin().expect("the built-in catalogues load"))
}

/// Every format and audience; checks what holds for any output.
fn render_all(doc: kravkat::document::Document) {
    let doc = std::sync::Arc::new(doc);
    let templates = Templates::default();
    let docx = render::docx::Options::default();
    for &format in Format::value_variants() {
        for &audience in Audience::value_variants() {
            let bytes = render::render(&doc, format, audience, &templates, &docx)
                .unwrap_or_else(|e| panic!("a resolved document must render as {format:?}: {e:#}"));
            match format {
                Format::Docx | Format::Xlsx => check_package(&bytes),
                _ => {
                    let text = std::str::from_utf8(&bytes).expect("text outputs are UTF-8");
                    assert!(!text.contains('\r'), "{format:?} output has a carriage return");
                }
            }
        }
    }
}

/// What the procurement rules find is shown as a user sees it: that must not panic either, and
/// every position is in the file, the underline on the line shown.
fn review(found: Vec<kravkat::diagnostic::Diagnostic>) {
    for d in &found {
        drop(d.to_string());
        if let (Some(p), Some(e)) = (d.pos, d.end) {
            assert!((e.line, e.column) > (p.line, p.column), "{d}");
        }
        assert!(d.underline >= 1, "{d}");
    }
}

/// A DOCX or XLSX is a zip of XML parts; Word and Excel refuse the file when one is not
/// well-formed XML 1.0.
fn check_package(bytes: &[u8]) {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a DOCX or XLSX is a zip");
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        let name = part.name().expect("part names are UTF-8").into_owned();
        if !name.ends_with(".xml") && !name.ends_with(".rels") {
            continue;
        }
        let mut xml = String::new();
        part.read_to_string(&mut xml).expect("XML parts are UTF-8");
        let bad = xml
            .chars()
            .find(|&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'));
        assert!(bad.is_none(), "{name} holds {bad:?}, which XML 1.0 cannot");
        let mut reader = quick_xml::Reader::from_str(&xml);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{name} is not well-formed: {e}"),
            }
        }
    }
}

/// A profile: decode → load against the built-in catalogues → resolve → render. `path:`
/// catalogues do not exist here; the profile target is about profiles.
pub fn profile(data: &[u8]) {
    let path = Path::new("fuzz/profile.yaml");
    let result = kravkat::decode(path, data).and_then(|text| {
        let profile = profile::parse(path, text)?;
        let input = load::with_catalogs_from(profile, load::Builtin::Parsed(builtin()), |p| {
            Err(anyhow::anyhow!("no catalogue file `{}` while fuzzing", p.display()).into())
        })?;
        let doc = resolve::resolve(&input)?;
        review(rules::check(&input, &doc));
        Ok(doc)
    });
    match result {
        Ok(doc) => render_all(doc),
        // The message is what a user sees; producing it must not panic either.
        Err(e) => drop(e.to_string()),
    }
}

/// A catalogue: parse and validate; when it is valid, a profile selecting all of it must resolve
/// and render (a catalogue that passes validation can be trusted by `resolve`).
pub fn catalog(data: &[u8]) {
    let path = Path::new("fuzz/catalog.yaml");
    let parsed = kravkat::decode(path, data).and_then(|text| Ok((catalog::parse(path, &text)?, text)));
    let (cat, text) = match parsed {
        Ok(parsed) => parsed,
        Err(e) => return drop(e.to_string()),
    };
    let loaded = Loaded {
        catalog: cat,
        origin: catalog::Origin::File(path.to_path_buf()),
    };
    review(rules::check_catalog(&loaded, &text));
    let cat = loaded.catalog;
    // A valid id is lowercase letters, digits and `-`: safe in YAML unquoted.
    let text = format!(
        "procurement: {{ title: Fuzz, organisation: Fuzz }}\ncatalogs: [{{ path: catalog.yaml }}]\nselect: {{ catalogs: [{}] }}\n",
        cat.id
    );
    let loaded = Loaded {
        catalog: cat,
        origin: catalog::Origin::File(path.to_path_buf()),
    };
    let profile = profile::parse(Path::new("fuzz/profile.yaml"), text)
        .unwrap_or_else(|e| panic!("the whole-catalogue profile must parse: {e}"));
    let input = load::with_catalogs_from(profile, load::Builtin::Parsed(builtin()), |_| Ok(loaded.clone()))
        .unwrap_or_else(|e| panic!("a whole-catalogue profile over a valid catalogue must load: {e}"));
    let doc = resolve::resolve(&input)
        .unwrap_or_else(|e| panic!("a whole-catalogue profile over a valid catalogue must resolve: {e}"));
    render_all(doc);
}

/// The parts a reference document's fuzz input names, in order, when it is not a zip itself:
/// the input split at NUL bytes (which no XML part can hold).
const REFERENCE_PARTS: [&str; 3] = ["word/styles.xml", "word/document.xml", "word/theme/theme1.xml"];

/// A reference document (`--reference-docx`): a .docx as it is, or parts to pack into one.
/// Refused or accepted, it must not panic; when accepted, every document built with it is
/// well-formed XML in both audiences and is itself accepted as a reference document.
pub fn reference_docx(data: &[u8]) {
    let docx = if data.starts_with(b"PK\x03\x04") {
        data.to_vec()
    } else {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, part) in REFERENCE_PARTS.iter().zip(data.split(|&b| b == 0)) {
            zip.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
            std::io::Write::write_all(&mut zip, part).unwrap();
        }
        zip.finish().unwrap().into_inner()
    };
    let reference = match render::docx::Reference::from_docx(&docx) {
        Ok(r) => r,
        Err(e) => return drop(format!("{e:#}")),
    };
    let docx = render::docx::Options {
        reference,
        source_date_epoch: None,
    };
    for &audience in Audience::value_variants() {
        let bytes = render::render(sample(), Format::Docx, audience, &Templates::default(), &docx)
            .unwrap_or_else(|e| panic!("an accepted reference document must render: {e:#}"));
        check_package(&bytes);
        if let Err(e) = render::docx::Reference::from_docx(&bytes) {
            panic!("a document built with an accepted reference must be one too: {e:#}");
        }
    }
}

/// A small document with what the DOCX writer lays out: headings, tables, Markdown.
fn sample() -> &'static std::sync::Arc<kravkat::document::Document> {
    static DOC: OnceLock<std::sync::Arc<kravkat::document::Document>> = OnceLock::new();
    DOC.get_or_init(|| {
        let text = "procurement: { title: Fuzz, organisation: Fuzz, reference: \"1\" }\n\
                    catalogs: [{ id: jonkoping, version: \"1.0\" }]\nselect: { items: [\"1.1\", \"1.12\"] }\n\
                    own: [{ id: E-1, level: Bör, text: \"*a* [b](https://example.org) `c`\\n\\n- d\\n- e\" }]\n";
        let profile = profile::parse(Path::new("fuzz/profile.yaml"), text.into()).expect("the sample profile parses");
        let input = load::with_catalogs_from(profile, load::Builtin::Parsed(builtin()), |_| unreachable!())
            .expect("the sample profile loads");
        std::sync::Arc::new(resolve::resolve(&input).expect("the sample profile resolves"))
    })
}

/// Markdown text as the HTML renderer writes it: raw HTML and script links never become markup.
pub fn markup(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let html = render::html::markdown(text).to_ascii_lowercase();
    assert!(!html.contains("<script"), "raw HTML became markup: {html}");
    assert!(
        !html.contains("href=\"javascript:"),
        "a script link became a link: {html}"
    );
}

/// The shipped example's document and answer sheet, which returned sheets are checked against.
fn example() -> &'static (kravkat::document::Document, answer_sheet::Sheet) {
    static EXAMPLE: OnceLock<(kravkat::document::Document, answer_sheet::Sheet)> = OnceLock::new();
    EXAMPLE.get_or_init(|| {
        let text = include_str!("../examples/affarssystem.yaml").to_owned();
        let profile = profile::parse(Path::new("examples/affarssystem.yaml"), text).expect("the example parses");
        let input = load::with_catalogs_from(profile, load::Builtin::Parsed(builtin()), |_| unreachable!())
            .expect("the example loads");
        let doc = resolve::resolve(&input).expect("the example resolves");
        let sheet = answer_sheet::sheet(&doc);
        (doc, sheet)
    })
}

/// A returned answer sheet: read and checked against the example; when it passes, evaluated
/// and the report rendered in every format. Bytes from outside may be refused, never crash.
pub fn sheet(data: &[u8]) {
    let (doc, expected) = example();
    match answers::parse(Path::new("fuzz/anbud.xlsx"), data, expected) {
        Ok(tender) => {
            assert_eq!(tender.answers.len(), expected.rows.len(), "one answer per row");
            let report = evaluation::evaluate(doc, expected, &[tender]);
            let templates = Templates::default();
            let docx = render::docx::Options::default();
            for format in [Format::Md, Format::Html, Format::Json, Format::Docx] {
                let bytes = render::protocol::render(&report, format, &templates, &docx)
                    .unwrap_or_else(|e| panic!("a report must render as {format:?}: {e:#}"));
                if format == Format::Docx {
                    check_package(&bytes);
                }
            }
        }
        Err(e) => drop(e.to_string()),
    }
}
