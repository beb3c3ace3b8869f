//! DOCX: a WordprocessingML package written by kravkat itself.
//!
//! Why not docx-rs or another DOCX crate: kravkat needs (1) byte-identical output for identical
//! input — fixed zip order, times and modes, no random or hidden counter-based ids; (2)
//! pandoc-style reference documents, which means reading an organisation's `styles.xml` and
//! merging kravkat's styles into it by name, something the crates do not offer; and (3) a small
//! dependency: the subset of WordprocessingML an appendix needs (headings, tables, lists, links,
//! one header and footer) takes well under two thousand lines here, against a large dependency
//! whose defaults would have to be fought. `zip` writes the archive and `quick-xml` reads
//! reference documents; everything kravkat writes goes through `xml::escape`.
//!
//! One concern per file: `xml` (escaping, writer), `styles` (style definitions and merging),
//! `numbering` (list definitions), `theme` (default theme, font table), `body` (paragraphs,
//! runs and tables from the Markdown tree), `appendix` (what the document says), `reference`
//! (reference documents, page setup), `package` (parts, relationships, properties, zip).

mod appendix;
mod body;
mod numbering;
mod package;
mod protocol;
mod reference;
mod styles;
mod theme;
pub(crate) mod xml;

use anyhow::{Context as _, anyhow};

use self::body::{Body, Root, Written};
use self::package::{Parts, Properties};
pub use self::reference::Reference;
use self::styles::Style;
use crate::document::Document;
use crate::markup::Inline;
use crate::render::Audience;
use crate::render::labels::LABELS;

/// What a DOCX build takes besides the document.
#[derive(Debug, Clone)]
pub struct Options {
    pub reference: Reference,
    /// Seconds since 1970 from `SOURCE_DATE_EPOCH`: dates the package when set (the answer
    /// sheet's too).
    pub source_date_epoch: Option<i64>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            reference: Reference::kravkat(),
            source_date_epoch: None,
        }
    }
}

/// The latest time a document's date can hold: 9999-12-31T23:59:59Z (W3CDTF, which DOCX's
/// `dcterms:created` takes, has four-digit years).
const LATEST_EPOCH: i64 = 253_402_300_799;

/// `SOURCE_DATE_EPOCH`, when set (reproducible-builds.org): whole seconds since 1970, in digits.
/// An empty value counts as unset, as the specification says; anything else that is no such
/// time is an error, not ignored.
pub fn source_date_epoch() -> anyhow::Result<Option<i64>> {
    let v = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => v,
        Err(std::env::VarError::NotPresent) => return Ok(None),
        Err(e) => return Err(e).context("reading SOURCE_DATE_EPOCH"),
    };
    if v.is_empty() {
        return Ok(None);
    }
    v.bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| v.parse::<i64>().ok())
        .flatten()
        .filter(|e| *e <= LATEST_EPOCH)
        .map(Some)
        .ok_or_else(|| {
            anyhow!(
                "SOURCE_DATE_EPOCH must be whole seconds since 1970 in digits, at most {LATEST_EPOCH} \
                 (9999-12-31), not `{v}`"
            )
        })
}

pub fn render(doc: &Document, options: &Options) -> anyhow::Result<Vec<u8>> {
    let Reference { styles, page, .. } = &options.reference;
    let section = package::section(page);
    let body = appendix::document(doc, styles, page, &section);
    if body.xml.len() as u64 > crate::render::MAX_DOCUMENT_BYTES {
        anyhow::bail!(
            "the docx document would be larger than {} MiB, the most kravkat writes",
            crate::render::MAX_DOCUMENT_BYTES >> 20
        );
    }
    let subject = match doc.audience {
        Audience::Tender => LABELS.tender,
        Audience::Internal => LABELS.internal,
    };
    let header = appendix::header(doc, styles, page);
    let p = &doc.procurement;
    package_document(&body, &header, (p.title.clone(), subject), &p.organisation, options)
}

/// Zips a written document body with its page header, the footer, the reference document's
/// styles and theme, and properties (title, subject, creator; the date from
/// `SOURCE_DATE_EPOCH`).
fn package_document(
    body: &Written,
    header: &str,
    (title, subject): (String, &str),
    creator: &str,
    options: &Options,
) -> anyhow::Result<Vec<u8>> {
    let Reference { styles, theme, page } = &options.reference;
    let properties = Properties {
        title,
        subject: subject.into(),
        creator: creator.to_owned(),
        created: options.source_date_epoch.map(w3c_date),
    };
    package::zip(
        &Parts {
            document: &body.xml,
            links: &body.links,
            styles: styles.xml(),
            numbering: &body.numbering.xml(),
            header,
            footer: &appendix::footer(styles, page),
            theme,
            properties: &properties,
        },
        zip_time(options.source_date_epoch),
    )
}

/// The evaluation report as a Word document, styled like the appendix (the reference
/// document's styles, theme and page setup).
pub fn protocol(report: &crate::evaluation::Report, options: &Options) -> anyhow::Result<Vec<u8>> {
    let Reference { styles, page, .. } = &options.reference;
    let section = package::section(page);
    let body = protocol::document(report, styles, page, &section);
    let p = &report.procurement;
    let title = format!("Utvärderingsprotokoll – {}", p.title);
    let mut line = title.clone();
    if let Some(r) = &p.reference {
        line.push_str(&format!(" – Diarienummer {r}"));
    }
    let header = appendix::page_header(&line, styles, page);
    package_document(
        &body,
        &header,
        (title, "Utvärderingsprotokoll"),
        &p.organisation,
        options,
    )
}

/// kravkat's reference document: its styles, page setup, header and footer, and a page that
/// shows each style, for an organisation to restyle in Word and pass to `--reference-docx`.
pub fn reference_docx(source_date_epoch: Option<i64>) -> anyhow::Result<Vec<u8>> {
    let Reference { styles, theme, page } = Reference::kravkat();
    let section = package::section(&page);
    let mut b = Body::new(Root::Document, &styles, page.text_width());
    let text = |s: &str| Inline::Text(s.to_owned());
    b.text(Style::Title, "Rubrik (Title)");
    b.text(Style::Subtitle, "Underrubrik (Subtitle)");
    b.text(
        Style::Normal,
        "Det här är kravkats referensdokument. Ändra formatmallarna, sidstorleken och marginalerna, inte \
         texten: kravkat hämtar formatmallarna (styles.xml), temat och sidinställningarna härifrån. En \
         formatmall som saknas här tar kravkat från sin egen standard.",
    );
    b.text(Style::Heading1, "Rubrik 1 (heading 1)");
    b.paragraph(
        Style::Normal,
        &[
            text("Brödtext (Normal) med "),
            Inline::Strong(vec![text("fet")]),
            text(", "),
            Inline::Emph(vec![text("kursiv")]),
            text(", "),
            Inline::Code("kod (Verbatim Char)".into()),
            text(" och en "),
            Inline::Link {
                url: "https://example.org/".into(),
                content: vec![text("länk (Hyperlink)")],
            },
            text("."),
        ],
    );
    b.text(Style::Heading2, "Rubrik 2 (heading 2)");
    b.table(&[11, 8, 81], |b| {
        b.header_row(&["Tabellrubrik", "Nivå", "Kravtabell"]);
        b.row(|b| {
            b.text_cell("1.1");
            b.text_cell("Ska");
            b.cell(|b| {
                b.text(Style::Provenance, "Kravkälla: var kravet kommer ifrån");
                b.markdown(
                    Style::TableText,
                    "Tabelltext: kravets lydelse.\n\n- en punkt\n- en till\n\n1. ett steg",
                );
                b.text(Style::Specification, "Köparens specificering");
                b.markdown(Style::Quote, "Citat (Quote)");
            });
        });
    });
    b.text(Style::Heading3, "Rubrik 3 (heading 3)");
    b.text(Style::SourceCode, "Kod (Source Code)");
    let body = b.finish(&section);
    let properties = Properties {
        title: "kravkat referensdokument".into(),
        subject: "Formatmallar för kravkat".into(),
        creator: "kravkat".into(),
        created: source_date_epoch.map(w3c_date),
    };
    let mut header = Body::new(Root::Header, &styles, page.text_width());
    header.text(
        Style::Header,
        "Sidhuvud (header): upphandlingens titel och diarienummer",
    );
    package::zip(
        &Parts {
            document: &body.xml,
            links: &body.links,
            styles: styles.xml(),
            numbering: &body.numbering.xml(),
            header: &header.finish("").xml,
            footer: &appendix::footer(&styles, &page),
            theme: &theme,
            properties: &properties,
        },
        zip_time(source_date_epoch),
    )
}

/// Seconds since 1970 as (year, month, day, hour, minute, second), UTC.
fn civil(epoch: i64) -> (i64, u32, u32, u32, u32, u32) {
    let (days, secs) = (epoch.div_euclid(86_400), epoch.rem_euclid(86_400));
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    let secs = secs as u32;
    (year, month, day, secs / 3600, secs / 60 % 60, secs % 60)
}

fn w3c_date(epoch: i64) -> String {
    let (y, mo, d, h, mi, s) = civil(epoch);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
}

/// The time stamped on every zip entry: `SOURCE_DATE_EPOCH` where a zip can hold it
/// (1980–2107), else the zip format's earliest, 1980-01-01 00:00:00.
fn zip_time(epoch: Option<i64>) -> zip::DateTime {
    epoch
        .and_then(|e| {
            let (y, mo, d, h, mi, s) = civil(e);
            let y = u16::try_from(y).ok()?;
            zip::DateTime::from_date_and_time(y, mo as u8, d as u8, h as u8, mi as u8, s as u8).ok()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_to_dates() {
        assert_eq!(w3c_date(0), "1970-01-01T00:00:00Z");
        assert_eq!(w3c_date(1_709_251_199), "2024-02-29T23:59:59Z");
        assert_eq!(zip_time(Some(0)), zip::DateTime::default());
        let t = zip_time(Some(1_709_251_199));
        assert_eq!((t.year(), t.month(), t.day()), (2024, 2, 29));
    }

    #[test]
    fn the_reference_document_is_a_valid_reference() {
        let bytes = reference_docx(None).unwrap();
        let r = Reference::from_docx(&bytes).unwrap();
        assert_eq!(r.styles, Reference::kravkat().styles);
        assert_eq!(r.page, Reference::kravkat().page);
    }
}
