//! The package (Open Packaging Conventions): the parts of a .docx, its content types and
//! relationships, the document properties, and the zip. One list of parts drives the content
//! types, the relationships and the zip entries, so the three cannot disagree; entries come in
//! a fixed order with a fixed time and mode, so the same input gives the same bytes.

use std::io::{Cursor, Write as _};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::body::link_id;
use super::reference::{DOCUMENT, PageSetup, STYLES, THEME};
use super::styles::W_NS;
use super::theme;
use super::xml::Xml;

const PKG_RELS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const OFFICE_RELS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const WML_TYPE: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";

pub const HEADER_ID: &str = "rIdHeader";
pub const FOOTER_ID: &str = "rIdFooter";

/// Document properties (`docProps/core.xml`).
#[derive(Debug, Clone)]
pub struct Properties {
    pub title: String,
    pub subject: String,
    pub creator: String,
    /// W3C date-time; only from `SOURCE_DATE_EPOCH`, never from the clock.
    pub created: Option<String>,
}

/// The parts that differ from document to document.
#[derive(Debug)]
pub struct Parts<'a> {
    pub document: &'a str,
    pub links: &'a [String],
    pub styles: &'a str,
    pub numbering: &'a str,
    pub header: &'a str,
    pub footer: &'a str,
    pub theme: &'a [u8],
    pub properties: &'a Properties,
}

/// A part of the main document: path in the package, content type, relationship id and type.
struct Related<'a> {
    path: &'static str,
    content_type: String,
    id: &'static str,
    rel: &'static str,
    bytes: &'a [u8],
}

/// The body's section properties: header, footer, page size and margins.
pub fn section(page: &PageSetup) -> String {
    let mut x = Xml::fragment();
    x.open("w:sectPr", &[])
        .empty("w:headerReference", &[("w:type", "default"), ("r:id", HEADER_ID)])
        .empty("w:footerReference", &[("w:type", "default"), ("r:id", FOOTER_ID)]);
    page.write(&mut x);
    x.close();
    x.finish()
}

/// Zips the package. `time` stamps every entry.
pub fn zip(parts: &Parts, time: DateTime) -> anyhow::Result<Vec<u8>> {
    let settings = settings();
    let fonts = theme::font_table();
    let wml = |kind: &str| format!("{WML_TYPE}.{kind}+xml");
    let related = [
        Related {
            path: STYLES,
            content_type: wml("styles"),
            id: "rIdStyles",
            rel: "styles",
            bytes: parts.styles.as_bytes(),
        },
        Related {
            path: "word/numbering.xml",
            content_type: wml("numbering"),
            id: "rIdNumbering",
            rel: "numbering",
            bytes: parts.numbering.as_bytes(),
        },
        Related {
            path: "word/settings.xml",
            content_type: wml("settings"),
            id: "rIdSettings",
            rel: "settings",
            bytes: settings.as_bytes(),
        },
        Related {
            path: "word/header1.xml",
            content_type: wml("header"),
            id: HEADER_ID,
            rel: "header",
            bytes: parts.header.as_bytes(),
        },
        Related {
            path: "word/footer1.xml",
            content_type: wml("footer"),
            id: FOOTER_ID,
            rel: "footer",
            bytes: parts.footer.as_bytes(),
        },
        Related {
            path: "word/fontTable.xml",
            content_type: wml("fontTable"),
            id: "rIdFonts",
            rel: "fontTable",
            bytes: fonts.as_bytes(),
        },
        Related {
            path: THEME,
            content_type: "application/vnd.openxmlformats-officedocument.theme+xml".into(),
            id: "rIdTheme",
            rel: "theme",
            bytes: parts.theme,
        },
    ];
    let root_rels = root_rels();
    let core = core(parts.properties);
    let app = app(&parts.properties.creator);
    let document_rels = document_rels(&related, parts.links);
    let mut entries: Vec<(&str, &[u8])> = vec![
        ("_rels/.rels", root_rels.as_bytes()),
        ("docProps/core.xml", core.as_bytes()),
        ("docProps/app.xml", app.as_bytes()),
        (DOCUMENT, parts.document.as_bytes()),
        ("word/_rels/document.xml.rels", document_rels.as_bytes()),
    ];
    entries.extend(related.iter().map(|r| (r.path, r.bytes)));
    let content_types = content_types(&related, &wml("document.main"));

    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(time)
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    // [Content_Types].xml first, as Word writes it and some readers expect.
    for (name, bytes) in std::iter::once(("[Content_Types].xml", content_types.as_bytes())).chain(entries) {
        zip.start_file(name, options)?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

/// The package's relationships: the main document and the two property parts.
fn root_rels() -> String {
    let mut x = Xml::new();
    x.open("Relationships", &[("xmlns", PKG_RELS)]);
    for (id, kind, target) in [
        ("rIdDocument", format!("{OFFICE_RELS}/officeDocument"), DOCUMENT),
        (
            "rIdCore",
            format!("{PKG_RELS}/metadata/core-properties"),
            "docProps/core.xml",
        ),
        (
            "rIdApp",
            format!("{OFFICE_RELS}/extended-properties"),
            "docProps/app.xml",
        ),
    ] {
        x.empty("Relationship", &[("Id", id), ("Type", &kind), ("Target", target)]);
    }
    x.close();
    x.finish()
}

fn content_types(related: &[Related], main: &str) -> String {
    let mut x = Xml::new();
    x.open(
        "Types",
        &[("xmlns", "http://schemas.openxmlformats.org/package/2006/content-types")],
    )
    .empty(
        "Default",
        &[
            ("Extension", "rels"),
            (
                "ContentType",
                "application/vnd.openxmlformats-package.relationships+xml",
            ),
        ],
    )
    .empty("Default", &[("Extension", "xml"), ("ContentType", "application/xml")]);
    let fixed = [
        (DOCUMENT, main),
        (
            "docProps/core.xml",
            "application/vnd.openxmlformats-package.core-properties+xml",
        ),
        (
            "docProps/app.xml",
            "application/vnd.openxmlformats-officedocument.extended-properties+xml",
        ),
    ];
    let parts = fixed
        .iter()
        .map(|(p, t)| (*p, *t))
        .chain(related.iter().map(|r| (r.path, r.content_type.as_str())));
    for (path, content_type) in parts {
        x.empty(
            "Override",
            &[("PartName", &format!("/{path}")), ("ContentType", content_type)],
        );
    }
    x.close();
    x.finish()
}

fn document_rels(related: &[Related], links: &[String]) -> String {
    let mut x = Xml::new();
    x.open("Relationships", &[("xmlns", PKG_RELS)]);
    for r in related {
        let target = r.path.strip_prefix("word/").expect("document parts live in word/");
        x.empty(
            "Relationship",
            &[
                ("Id", r.id),
                ("Type", &format!("{OFFICE_RELS}/{}", r.rel)),
                ("Target", target),
            ],
        );
    }
    for (i, url) in links.iter().enumerate() {
        x.empty(
            "Relationship",
            &[
                ("Id", &link_id(i)),
                ("Type", &format!("{OFFICE_RELS}/hyperlink")),
                ("Target", url),
                ("TargetMode", "External"),
            ],
        );
    }
    x.close();
    x.finish()
}

fn core(p: &Properties) -> String {
    let mut x = Xml::new();
    x.open(
        "cp:coreProperties",
        &[
            (
                "xmlns:cp",
                "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
            ),
            ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
            ("xmlns:dcterms", "http://purl.org/dc/terms/"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        ],
    )
    .leaf("dc:title", &[], &p.title)
    .leaf("dc:subject", &[], &p.subject)
    .leaf("dc:creator", &[], &p.creator)
    .leaf("dc:language", &[], "sv-SE");
    if let Some(created) = &p.created {
        for tag in ["dcterms:created", "dcterms:modified"] {
            x.leaf(tag, &[("xsi:type", "dcterms:W3CDTF")], created);
        }
    }
    x.close();
    x.finish()
}

fn app(company: &str) -> String {
    let mut x = Xml::new();
    x.open(
        "Properties",
        &[(
            "xmlns",
            "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
        )],
    )
    .leaf("Application", &[], "kravkat")
    .leaf("Company", &[], company)
    .close();
    x.finish()
}

/// Word's current layout rules (no compatibility mode), Swedish number punctuation.
fn settings() -> String {
    let mut x = Xml::new();
    x.open("w:settings", &[("xmlns:w", W_NS)])
        .empty("w:defaultTabStop", &[("w:val", "1304")])
        .empty("w:characterSpacingControl", &[("w:val", "doNotCompress")])
        .open("w:compat", &[])
        .empty(
            "w:compatSetting",
            &[
                ("w:name", "compatibilityMode"),
                ("w:uri", "http://schemas.microsoft.com/office/word"),
                ("w:val", "15"),
            ],
        )
        .close()
        .empty("w:themeFontLang", &[("w:val", "sv-SE")])
        .empty("w:decimalSymbol", &[("w:val", ",")])
        .empty("w:listSeparator", &[("w:val", ";")])
        .close();
    x.finish()
}
