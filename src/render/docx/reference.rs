//! The look of a document: kravkat's own, or an organisation's reference .docx, as with pandoc's
//! `--reference-doc`. From a reference kravkat takes `word/styles.xml` (completed with any style
//! it lacks, see `styles.rs`), the theme its styles may draw fonts and colours from (kravkat's
//! where it has none), and the page size and margins of its last section. Its content,
//! numbering and settings are not used: the content is the appendix, and kravkat's lists need
//! kravkat's numbering definitions.

use std::io::{Cursor, Read as _};
use std::path::Path;

use anyhow::{Context as _, anyhow, bail};
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;
use zip::ZipArchive;
use zip::result::ZipError;

use super::styles::{Styles, W_NS, attr};
use super::theme;
use super::xml::Xml;

pub const STYLES: &str = "word/styles.xml";
pub const THEME: &str = "word/theme/theme1.xml";
pub const DOCUMENT: &str = "word/document.xml";
/// No part of a reference document needs more; a larger one is refused, not inflated.
const MAX_PART: u64 = 32 << 20;
/// A reference document with pictures and fonts in it is a few megabytes.
pub const MAX_FILE: u64 = 32 << 20;

#[derive(Debug, Clone)]
pub struct Reference {
    pub styles: Styles,
    /// `word/theme/theme1.xml`.
    pub theme: Vec<u8>,
    pub page: PageSetup,
}

impl Reference {
    pub fn kravkat() -> Self {
        Reference {
            styles: Styles::kravkat(),
            theme: theme::theme().into_bytes(),
            page: PageSetup::A4,
        }
    }

    pub fn load(path: &Path) -> anyhow::Result<Self> {
        let bytes = crate::read::read(path, MAX_FILE).with_context(|| format!("cannot read `{}`", path.display()))?;
        Self::from_docx(&bytes).with_context(|| format!("the reference document `{}` cannot be used", path.display()))
    }

    pub fn from_docx(bytes: &[u8]) -> anyhow::Result<Self> {
        let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| anyhow!("it is not a .docx file: {e}"))?;
        let styles =
            read_part(&mut zip, STYLES)?.ok_or_else(|| anyhow!("it has no {STYLES}; is it a Word document?"))?;
        let styles = String::from_utf8(styles).map_err(|_| anyhow!("{STYLES} is not UTF-8"))?;
        let page = match read_part(&mut zip, DOCUMENT)? {
            Some(doc) => {
                let doc = String::from_utf8(doc).map_err(|_| anyhow!("{DOCUMENT} is not UTF-8"))?;
                PageSetup::read(&doc).with_context(|| format!("reading the page setup in {DOCUMENT}"))?
            }
            None => PageSetup::A4,
        };
        Ok(Reference {
            styles: Styles::merge(&styles)?,
            theme: read_part(&mut zip, THEME)?.unwrap_or_else(|| theme::theme().into_bytes()),
            page,
        })
    }
}

fn read_part(zip: &mut ZipArchive<Cursor<&[u8]>>, name: &str) -> anyhow::Result<Option<Vec<u8>>> {
    let file = match zip.by_name(name) {
        Ok(f) => f,
        Err(ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(anyhow!("cannot read {name}: {e}")),
    };
    let mut bytes = Vec::new();
    file.take(MAX_PART + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {name}"))?;
    if bytes.len() as u64 > MAX_PART {
        bail!("{name} is larger than {} MiB", MAX_PART >> 20);
    }
    Ok(Some(bytes))
}

/// Page size and margins, in twips (1/1440 inch).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageSetup {
    pub width: i64,
    pub height: i64,
    pub landscape: bool,
    pub top: i64,
    pub right: i64,
    pub bottom: i64,
    pub left: i64,
    pub header: i64,
    pub footer: i64,
    pub gutter: i64,
}

impl PageSetup {
    /// A4 portrait; 2.5 cm above and below for header and footer, 2 cm at the sides so the
    /// requirement tables get a 17 cm line.
    pub const A4: PageSetup = PageSetup {
        width: 11906,
        height: 16838,
        landscape: false,
        top: 1417,
        right: 1134,
        bottom: 1417,
        left: 1134,
        header: 567,
        footer: 567,
        gutter: 0,
    };

    /// The width tables can take.
    pub fn text_width(&self) -> u32 {
        let w = self.width - self.left - self.right - self.gutter;
        // A reference with absurd margins still gets a table one can write in.
        w.max(1440) as u32
    }

    /// The page setup of a document's last section (the body's own `w:sectPr`, which comes after
    /// every paragraph's), or A4 where it says nothing.
    fn read(document: &str) -> anyhow::Result<Self> {
        let mut page = PageSetup::A4;
        let mut reader = NsReader::from_str(document);
        loop {
            let (ns, event) = reader.read_resolved_event()?;
            let e = match event {
                Event::Start(e) | Event::Empty(e) => e,
                Event::Eof => break,
                _ => continue,
            };
            if !matches!(ns, ResolveResult::Bound(n) if n.as_ref() == W_NS) {
                continue;
            }
            let get = |name: &str, default: i64| -> anyhow::Result<i64> {
                attr(&e, name)?.map_or(Ok(default), |v| twips(&v))
            };
            match e.local_name().as_ref() {
                "pgSz" => {
                    page.width = get("w", PageSetup::A4.width)?;
                    page.height = get("h", PageSetup::A4.height)?;
                    page.landscape = attr(&e, "orient")?.as_deref() == Some("landscape");
                }
                "pgMar" => {
                    let a4 = PageSetup::A4;
                    page.top = get("top", a4.top)?;
                    page.right = get("right", a4.right)?;
                    page.bottom = get("bottom", a4.bottom)?;
                    page.left = get("left", a4.left)?;
                    page.header = get("header", a4.header)?;
                    page.footer = get("footer", a4.footer)?;
                    page.gutter = get("gutter", a4.gutter)?;
                }
                _ => {}
            }
        }
        Ok(page)
    }

    /// `w:pgSz` and `w:pgMar`, in the order `w:sectPr` wants them.
    pub fn write(&self, x: &mut Xml) {
        let mut size = vec![("w:w", self.width.to_string()), ("w:h", self.height.to_string())];
        if self.landscape {
            size.push(("w:orient", "landscape".to_owned()));
        }
        let margins: Vec<(&str, String)> = [
            ("w:top", self.top),
            ("w:right", self.right),
            ("w:bottom", self.bottom),
            ("w:left", self.left),
            ("w:header", self.header),
            ("w:footer", self.footer),
            ("w:gutter", self.gutter),
        ]
        .into_iter()
        .map(|(k, v)| (k, v.to_string()))
        .collect();
        for (tag, attrs) in [("w:pgSz", size), ("w:pgMar", margins)] {
            let attrs: Vec<(&str, &str)> = attrs.iter().map(|(k, v)| (*k, v.as_str())).collect();
            x.empty(tag, &attrs);
        }
    }
}

/// A measure in twips: a plain number, or a number with a unit (`2cm`, `72pt`), as the schema
/// allows.
fn twips(value: &str) -> anyhow::Result<i64> {
    let value = value.trim();
    if let Ok(n) = value.parse::<i64>() {
        return Ok(n);
    }
    let split = value.len().saturating_sub(2);
    let (number, unit) = value.split_at(split);
    let per_unit = match unit {
        "mm" => 1440.0 / 25.4,
        "cm" => 1440.0 / 2.54,
        "in" => 1440.0,
        "pt" => 20.0,
        "pc" | "pi" => 240.0,
        _ => bail!("`{value}` is not a measure"),
    };
    let n: f64 = number.parse().map_err(|_| anyhow!("`{value}` is not a measure"))?;
    Ok((n * per_unit).round() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_with_and_without_units() {
        assert_eq!(twips("1134").unwrap(), 1134);
        assert_eq!(twips("2.54cm").unwrap(), 1440);
        assert_eq!(twips("72pt").unwrap(), 1440);
        assert!(twips("wide").is_err());
    }

    #[test]
    fn the_last_section_gives_the_page() {
        let doc = format!(
            "<w:document xmlns:w=\"{W_NS}\"><w:body><w:p><w:pPr><w:sectPr><w:pgSz w:w=\"1\" w:h=\"2\"/></w:sectPr>\
             </w:pPr></w:p><w:sectPr><w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\"/>\
             <w:pgMar w:top=\"720\" w:right=\"720\" w:bottom=\"720\" w:left=\"720\"/></w:sectPr></w:body></w:document>"
        );
        let page = PageSetup::read(&doc).unwrap();
        assert!(page.landscape);
        assert_eq!((page.width, page.left, page.header), (16838, 720, 567));
        assert_eq!(page.text_width(), 16838 - 1440);
    }

    #[test]
    fn a_file_that_is_not_a_docx_is_refused_clearly() {
        let e = Reference::from_docx(b"not a zip").unwrap_err();
        assert!(format!("{e:#}").contains("not a .docx"), "{e:#}");
        let mut empty = zip::ZipWriter::new(Cursor::new(Vec::new()));
        empty
            .start_file("word/document.xml", zip::write::SimpleFileOptions::default())
            .unwrap();
        let bytes = empty.finish().unwrap().into_inner();
        let e = Reference::from_docx(&bytes).unwrap_err();
        assert!(format!("{e:#}").contains("no word/styles.xml"), "{e:#}");
    }
}
