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
use super::xml::{Xml, well_formed};

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

    /// Reads a reference document. Every part kravkat takes is checked as XML as a whole
    /// ([`well_formed`]) before it is used, and the page setup as measures a page can have, so
    /// that a document built with it opens in Word and LibreOffice.
    pub fn from_docx(bytes: &[u8]) -> anyhow::Result<Self> {
        let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| anyhow!("it is not a .docx file: {e}"))?;
        let styles =
            xml_part(&mut zip, STYLES)?.ok_or_else(|| anyhow!("it has no {STYLES}; is it a Word document?"))?;
        let page = match xml_part(&mut zip, DOCUMENT)? {
            Some(doc) => PageSetup::read(&doc).with_context(|| format!("{DOCUMENT}: the page setup"))?,
            None => PageSetup::A4,
        };
        let theme = match xml_part(&mut zip, THEME)? {
            Some(theme) => {
                let root = well_formed(&theme).context(THEME)?;
                if root.local != "theme" || root.namespace.as_deref() != Some(A_NS) {
                    bail!("{THEME}: its root element is not <a:theme> in the DrawingML namespace");
                }
                theme.into_bytes()
            }
            None => theme::theme().into_bytes(),
        };
        Ok(Reference {
            styles: Styles::merge(&styles)?,
            theme,
            page,
        })
    }
}

/// The DrawingML namespace, a theme's.
const A_NS: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";

/// A part's text: UTF-8, a byte-order mark dropped.
fn xml_part(zip: &mut ZipArchive<Cursor<&[u8]>>, name: &str) -> anyhow::Result<Option<String>> {
    let Some(bytes) = read_part(zip, name)? else {
        return Ok(None);
    };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| anyhow!("{name} is not UTF-8"))?;
    Ok(Some(text.to_owned()))
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
        // At least an inch, as `check` makes sure of.
        (self.width - self.left - self.right - self.gutter) as u32
    }

    /// The page setup of a document's last section (the body's own `w:sectPr`, which comes after
    /// every paragraph's), or A4 where it says nothing.
    fn read(document: &str) -> anyhow::Result<Self> {
        well_formed(document)?;
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
                attr(&e, name)?.map_or(Ok(default), |v| twips(&v).with_context(|| format!("w:{name}")))
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
        page.check()?;
        Ok(page)
    }

    /// Refuses a page no one can print on: sizes and margins beyond what Word allows, or margins
    /// that leave less than an inch for the text either way.
    fn check(&self) -> anyhow::Result<()> {
        /// 22 inches: Word's largest page, and so its largest margin.
        const MOST: i64 = 22 * 1440;
        let cm = |twips: i64| format!("{:.2} cm", twips as f64 * 2.54 / 1440.0);
        for (what, value, least) in [
            ("the page width", self.width, 1440),
            ("the page height", self.height, 1440),
            ("the left margin", self.left, 0),
            ("the right margin", self.right, 0),
            ("the header distance", self.header, 0),
            ("the footer distance", self.footer, 0),
            ("the gutter", self.gutter, 0),
            ("the top margin", self.top, -MOST),
            ("the bottom margin", self.bottom, -MOST),
        ] {
            if !(least..=MOST).contains(&value) {
                bail!(
                    "{what} is {}; it must be between {} and {}",
                    cm(value),
                    cm(least),
                    cm(MOST)
                );
            }
        }
        let across = self.width - self.left - self.right - self.gutter;
        let down = self.height - self.top.abs() - self.bottom.abs();
        if across < 1440 || down < 1440 {
            bail!(
                "the margins leave {} by {} for the text on a page of {} by {}; kravkat needs at least 2.54 cm each way",
                cm(across),
                cm(down),
                cm(self.width),
                cm(self.height)
            );
        }
        Ok(())
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

/// A measure in twips: a whole number, or a number with a unit (`2cm`, `72pt`, `-0.5in`), as
/// the schema's ST_TwipsMeasure and ST_UniversalMeasure allow; nothing else (`NaN`, `1€`).
fn twips(value: &str) -> anyhow::Result<i64> {
    let not =
        || anyhow!("`{value}` is not a measure (a whole number of twips, or a number with mm, cm, in, pt, pc or pi)");
    let v = value.trim();
    let unit = v
        .len()
        .checked_sub(2)
        .and_then(|i| v.get(i..))
        .filter(|u| u.bytes().all(|b| b.is_ascii_alphabetic()));
    let number = unit.map_or(v, |u| &v[..v.len() - u.len()]);
    let digits = number.strip_prefix('-').unwrap_or(number);
    let (whole, fraction) = digits.split_once('.').map_or((digits, None), |(w, f)| (w, Some(f)));
    let decimal = |d: &str| !d.is_empty() && d.len() <= 9 && d.bytes().all(|b| b.is_ascii_digit());
    if !decimal(whole) || fraction.is_some_and(|f| !decimal(f)) {
        return Err(not());
    }
    let per_unit = match unit {
        None if fraction.is_none() => return number.parse().map_err(|_| not()),
        None => return Err(not()),
        Some("mm") => 1440.0 / 25.4,
        Some("cm") => 1440.0 / 2.54,
        Some("in") => 1440.0,
        Some("pt") => 20.0,
        Some("pc" | "pi") => 240.0,
        Some(_) => return Err(not()),
    };
    let n: f64 = number.parse().map_err(|_| not())?;
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
        assert_eq!(twips("-0.5in").unwrap(), -720);
        for bad in [
            "wide",
            "1€",
            "€",
            "NaN",
            "NaNcm",
            "infcm",
            "1e9",
            "1.5",
            ".5cm",
            "1.cm",
            "--1",
            "",
            "cm",
            "9999999999",
        ] {
            assert!(twips(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_page_no_one_can_print_on_is_refused() {
        let page = |attrs: &str| {
            PageSetup::read(&format!(
                "<w:document xmlns:w=\"{W_NS}\"><w:body><w:sectPr>{attrs}</w:sectPr></w:body></w:document>"
            ))
        };
        assert!(page("<w:pgSz w:w=\"12240\" w:h=\"15840\"/>").is_ok());
        for (bad, why) in [
            ("<w:pgSz w:w=\"-5\" w:h=\"15840\"/>", "the page width is -0.01 cm"),
            ("<w:pgSz w:w=\"0\" w:h=\"0\"/>", "the page width"),
            ("<w:pgSz w:w=\"1€\"/>", "`1€` is not a measure"),
            ("<w:pgSz w:w=\"NaN\"/>", "`NaN` is not a measure"),
            ("<w:pgSz w:w=\"99999999\"/>", "must be between"),
            ("<w:pgMar w:left=\"6000\" w:right=\"6000\"/>", "the margins leave"),
            ("<w:pgMar w:top=\"-9000\" w:bottom=\"9000\"/>", "the margins leave"),
        ] {
            let e = format!("{:#}", page(bad).unwrap_err());
            assert!(e.contains(why), "{bad}: {e}");
        }
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
