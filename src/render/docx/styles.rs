//! The paragraph, character and table styles kravkat writes, and their merge with the styles of
//! an organisation's reference document. Word and LibreOffice both lay the document out from
//! these, so an organisation changes the look by editing a reference .docx, not kravkat.
//!
//! A style is matched by name, not id: Swedish Word stores "heading 1" under the id `Rubrik1`.
//! Every style the reference lacks is added with kravkat's definition.

use anyhow::{Context as _, anyhow, bail};
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

use super::xml::Xml;

pub const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// The styles the document uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Normal,
    DefaultFont,
    TableNormal,
    Title,
    Subtitle,
    Heading1,
    Heading2,
    Heading3,
    TableText,
    TableHeading,
    Provenance,
    Specification,
    Quote,
    SourceCode,
    Header,
    Footer,
    Hyperlink,
    Verbatim,
    Table,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Paragraph,
    Character,
    Table,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Paragraph => "paragraph",
            Kind::Character => "character",
            Kind::Table => "table",
        }
    }
}

struct Def {
    style: Style,
    kind: Kind,
    id: &'static str,
    /// Word's own name for a built-in style, so Word and reference documents recognise it.
    name: &'static str,
    /// The default style of its kind (`w:default="1"`).
    default: bool,
    based_on: Option<Style>,
    next: Option<Style>,
    /// The rest of the definition: flags, then pPr, rPr, tblPr, tcPr, tblStylePr, in schema order.
    body: &'static str,
}

/// Blue of headings and the specification bar; grey of secondary text. Both keep WCAG AA contrast
/// on white and on the light fills used here.
const DEFS: &[Def] = &[
    Def {
        style: Style::Normal,
        kind: Kind::Paragraph,
        id: "Normal",
        name: "Normal",
        default: true,
        based_on: None,
        next: None,
        // Arial: Liberation Sans in LibreOffice has the same metrics.
        body: "<w:qFormat/><w:rPr><w:rFonts w:ascii=\"Arial\" w:eastAsia=\"Arial\" w:hAnsi=\"Arial\" w:cs=\"Arial\"/>\
               <w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/></w:rPr>",
    },
    Def {
        style: Style::DefaultFont,
        kind: Kind::Character,
        id: "DefaultParagraphFont",
        name: "Default Paragraph Font",
        default: true,
        based_on: None,
        next: None,
        body: "<w:uiPriority w:val=\"1\"/><w:semiHidden/><w:unhideWhenUsed/>",
    },
    Def {
        style: Style::TableNormal,
        kind: Kind::Table,
        id: "TableNormal",
        name: "Normal Table",
        default: true,
        based_on: None,
        next: None,
        body: "<w:uiPriority w:val=\"99\"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w=\"0\" \
               w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/>\
               <w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr>",
    },
    Def {
        style: Style::Title,
        kind: Kind::Paragraph,
        id: "Title",
        name: "Title",
        default: false,
        based_on: Some(Style::Normal),
        next: Some(Style::Normal),
        body: "<w:uiPriority w:val=\"10\"/><w:qFormat/><w:pPr><w:spacing w:before=\"0\" w:after=\"120\"/></w:pPr>\
               <w:rPr><w:b/><w:bCs/><w:color w:val=\"1F3864\"/><w:kern w:val=\"28\"/><w:sz w:val=\"48\"/>\
               <w:szCs w:val=\"48\"/></w:rPr>",
    },
    Def {
        style: Style::Subtitle,
        kind: Kind::Paragraph,
        id: "Subtitle",
        name: "Subtitle",
        default: false,
        based_on: Some(Style::Normal),
        next: Some(Style::Normal),
        body: "<w:uiPriority w:val=\"11\"/><w:qFormat/><w:pPr><w:spacing w:after=\"240\"/></w:pPr>\
               <w:rPr><w:color w:val=\"404040\"/><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/></w:rPr>",
    },
    Def {
        style: Style::Heading1,
        kind: Kind::Paragraph,
        id: "Heading1",
        name: "heading 1",
        default: false,
        based_on: Some(Style::Normal),
        next: Some(Style::Normal),
        body: "<w:uiPriority w:val=\"9\"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/>\
               <w:spacing w:before=\"360\" w:after=\"120\"/><w:outlineLvl w:val=\"0\"/></w:pPr>\
               <w:rPr><w:b/><w:bCs/><w:color w:val=\"1F3864\"/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/></w:rPr>",
    },
    Def {
        style: Style::Heading2,
        kind: Kind::Paragraph,
        id: "Heading2",
        name: "heading 2",
        default: false,
        based_on: Some(Style::Normal),
        next: Some(Style::Normal),
        body: "<w:uiPriority w:val=\"9\"/><w:unhideWhenUsed/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/>\
               <w:spacing w:before=\"240\" w:after=\"80\"/><w:outlineLvl w:val=\"1\"/></w:pPr>\
               <w:rPr><w:b/><w:bCs/><w:color w:val=\"1F3864\"/><w:sz w:val=\"26\"/><w:szCs w:val=\"26\"/></w:rPr>",
    },
    Def {
        style: Style::Heading3,
        kind: Kind::Paragraph,
        id: "Heading3",
        name: "heading 3",
        default: false,
        based_on: Some(Style::Normal),
        next: Some(Style::Normal),
        body: "<w:uiPriority w:val=\"9\"/><w:unhideWhenUsed/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/>\
               <w:spacing w:before=\"200\" w:after=\"60\"/><w:outlineLvl w:val=\"2\"/></w:pPr>\
               <w:rPr><w:b/><w:bCs/><w:color w:val=\"1F3864\"/><w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/></w:rPr>",
    },
    Def {
        style: Style::TableText,
        kind: Kind::Paragraph,
        id: "Tabelltext",
        name: "Tabelltext",
        default: false,
        based_on: Some(Style::Normal),
        next: None,
        body: "<w:qFormat/><w:pPr><w:spacing w:before=\"40\" w:after=\"80\" w:line=\"252\" \
               w:lineRule=\"auto\"/></w:pPr>",
    },
    Def {
        style: Style::TableHeading,
        kind: Kind::Paragraph,
        id: "Tabellrubrik",
        name: "Tabellrubrik",
        default: false,
        based_on: Some(Style::TableText),
        next: None,
        body: "<w:qFormat/><w:pPr><w:keepNext/></w:pPr><w:rPr><w:b/><w:bCs/></w:rPr>",
    },
    Def {
        style: Style::Provenance,
        kind: Kind::Paragraph,
        id: "Kravkalla",
        name: "Kravkälla",
        default: false,
        based_on: Some(Style::TableText),
        next: Some(Style::TableText),
        body: "<w:qFormat/><w:rPr><w:i/><w:iCs/><w:color w:val=\"595959\"/><w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/>\
               </w:rPr>",
    },
    Def {
        style: Style::Specification,
        kind: Kind::Paragraph,
        id: "Koparespecificering",
        name: "Köparens specificering",
        default: false,
        based_on: Some(Style::TableText),
        next: Some(Style::TableText),
        body: "<w:qFormat/><w:pPr><w:pBdr><w:left w:val=\"single\" w:sz=\"24\" w:space=\"4\" w:color=\"2E5597\"/>\
               </w:pBdr><w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"E8EEF7\"/>\
               <w:spacing w:before=\"80\" w:after=\"80\"/><w:ind w:left=\"113\"/></w:pPr>",
    },
    Def {
        style: Style::Quote,
        kind: Kind::Paragraph,
        id: "Quote",
        name: "Quote",
        default: false,
        based_on: Some(Style::Normal),
        next: Some(Style::Normal),
        body: "<w:uiPriority w:val=\"29\"/><w:qFormat/><w:pPr><w:pBdr><w:left w:val=\"single\" w:sz=\"12\" \
               w:space=\"4\" w:color=\"A6A6A6\"/></w:pBdr><w:ind w:left=\"284\" w:right=\"284\"/></w:pPr>\
               <w:rPr><w:color w:val=\"404040\"/></w:rPr>",
    },
    Def {
        style: Style::SourceCode,
        kind: Kind::Paragraph,
        id: "SourceCode",
        name: "Source Code",
        default: false,
        based_on: Some(Style::Normal),
        next: None,
        body: "<w:pPr><w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"F2F2F2\"/><w:spacing w:after=\"0\"/></w:pPr>\
               <w:rPr><w:rFonts w:ascii=\"Courier New\" w:hAnsi=\"Courier New\" w:cs=\"Courier New\"/>\
               <w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/></w:rPr>",
    },
    Def {
        style: Style::Header,
        kind: Kind::Paragraph,
        id: "Header",
        name: "header",
        default: false,
        based_on: Some(Style::Normal),
        next: None,
        body: "<w:uiPriority w:val=\"99\"/><w:unhideWhenUsed/><w:pPr><w:spacing w:after=\"0\"/></w:pPr>\
               <w:rPr><w:color w:val=\"595959\"/><w:sz w:val=\"16\"/><w:szCs w:val=\"16\"/></w:rPr>",
    },
    Def {
        style: Style::Footer,
        kind: Kind::Paragraph,
        id: "Footer",
        name: "footer",
        default: false,
        based_on: Some(Style::Normal),
        next: None,
        body: "<w:uiPriority w:val=\"99\"/><w:unhideWhenUsed/><w:pPr><w:spacing w:after=\"0\"/><w:jc w:val=\"center\"/>\
               </w:pPr><w:rPr><w:color w:val=\"595959\"/><w:sz w:val=\"16\"/><w:szCs w:val=\"16\"/></w:rPr>",
    },
    Def {
        style: Style::Hyperlink,
        kind: Kind::Character,
        id: "Hyperlink",
        name: "Hyperlink",
        default: false,
        based_on: Some(Style::DefaultFont),
        next: None,
        body: "<w:uiPriority w:val=\"99\"/><w:unhideWhenUsed/><w:rPr><w:color w:val=\"0B4F9C\"/><w:u w:val=\"single\"/>\
               </w:rPr>",
    },
    Def {
        style: Style::Verbatim,
        kind: Kind::Character,
        id: "VerbatimChar",
        name: "Verbatim Char",
        default: false,
        based_on: Some(Style::DefaultFont),
        next: None,
        body: "<w:rPr><w:rFonts w:ascii=\"Courier New\" w:hAnsi=\"Courier New\" w:cs=\"Courier New\"/></w:rPr>",
    },
    Def {
        style: Style::Table,
        kind: Kind::Table,
        id: "Kravtabell",
        name: "Kravtabell",
        default: false,
        based_on: Some(Style::TableNormal),
        next: None,
        body: "<w:uiPriority w:val=\"59\"/><w:qFormat/><w:tblPr><w:tblBorders>\
               <w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"8C8C8C\"/>\
               <w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"8C8C8C\"/>\
               <w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"8C8C8C\"/>\
               <w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"8C8C8C\"/>\
               <w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"8C8C8C\"/>\
               <w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"8C8C8C\"/></w:tblBorders>\
               <w:tblCellMar><w:top w:w=\"28\" w:type=\"dxa\"/><w:left w:w=\"85\" w:type=\"dxa\"/>\
               <w:bottom w:w=\"28\" w:type=\"dxa\"/><w:right w:w=\"85\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr>\
               <w:tblStylePr w:type=\"firstRow\"><w:rPr><w:b/><w:bCs/></w:rPr><w:tcPr>\
               <w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"D9E2F3\"/></w:tcPr></w:tblStylePr>",
    },
];

/// Swedish text, paragraphs spaced below. The font sits in `Normal`, not here: LibreOffice turns
/// run defaults into direct formatting of every run, which would hide a character style's font.
const DOC_DEFAULTS: &str = "<w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val=\"sv-SE\" w:eastAsia=\"sv-SE\" \
    w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"120\" w:line=\"264\" \
    w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>";

/// Where `style` is in `DEFS`, and so in `Styles::ids`.
fn index(style: Style) -> usize {
    DEFS.iter()
        .position(|d| d.style == style)
        .expect("every style has a definition")
}

/// `word/styles.xml` and the id each style has in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Styles {
    xml: String,
    /// Parallel to `DEFS`.
    ids: Vec<String>,
}

impl Styles {
    /// kravkat's own styles.
    pub fn kravkat() -> Self {
        let ids: Vec<String> = DEFS.iter().map(|d| d.id.to_owned()).collect();
        let mut x = Xml::new();
        x.open("w:styles", &[("xmlns:w", W_NS)]).raw(DOC_DEFAULTS);
        for d in DEFS {
            write_def(&mut x, d, &ids);
        }
        x.close();
        Styles { xml: x.finish(), ids }
    }

    /// A reference document's `styles.xml`, completed with kravkat's definition of every style
    /// it lacks.
    pub fn merge(reference: &str) -> anyhow::Result<Self> {
        let root = super::xml::well_formed(reference).context("word/styles.xml")?;
        let found = read_styles(reference).context("word/styles.xml")?;
        let mut missing = Vec::new();
        let ids: Vec<String> = DEFS
            .iter()
            .map(|d| {
                let hit = found
                    .iter()
                    .find(|f| {
                        f.kind == d.kind.as_str() && ((d.default && f.default) || f.name.eq_ignore_ascii_case(d.name))
                    })
                    .or_else(|| found.iter().find(|f| f.id == d.id));
                match hit {
                    Some(f) => f.id.clone(),
                    None => {
                        missing.push(d);
                        d.id.to_owned()
                    }
                }
            })
            .collect();
        if missing.is_empty() {
            return Ok(Styles {
                xml: reference.to_owned(),
                ids,
            });
        }
        // Before the root's own end tag, wherever a comment or the rest of the part has the
        // same text.
        let end = root
            .end
            .ok_or_else(|| anyhow!("word/styles.xml has no styles (its root element is empty)"))?;
        let mut x = Xml::fragment();
        for d in missing {
            write_def(&mut x, d, &ids);
        }
        let xml = format!("{}{}{}", &reference[..end], x.finish(), &reference[end..]);
        Ok(Styles { xml, ids })
    }

    /// The id `style` has in this document.
    pub fn id(&self, style: Style) -> &str {
        &self.ids[index(style)]
    }

    pub fn xml(&self) -> &str {
        &self.xml
    }
}

fn write_def(x: &mut Xml, d: &Def, ids: &[String]) {
    let id_of = |s: Style| ids[index(s)].as_str();
    let mut attrs = vec![("w:type", d.kind.as_str())];
    if d.default {
        attrs.push(("w:default", "1"));
    }
    attrs.push(("w:styleId", d.id));
    x.open("w:style", &attrs).empty("w:name", &[("w:val", d.name)]);
    if let Some(b) = d.based_on {
        x.empty("w:basedOn", &[("w:val", id_of(b))]);
    }
    if let Some(n) = d.next {
        x.empty("w:next", &[("w:val", id_of(n))]);
    }
    x.raw(d.body).close();
}

/// What the reference says about one style.
#[derive(Debug, Default)]
struct Found {
    kind: String,
    id: String,
    name: String,
    default: bool,
}

/// The styles of a `styles.xml`. Its root must be `w:styles`, with the prefix `w`, since the
/// definitions kravkat adds are written with that prefix.
fn read_styles(xml: &str) -> anyhow::Result<Vec<Found>> {
    let mut reader = NsReader::from_str(xml);
    let mut found = Vec::new();
    let mut current: Option<Found> = None;
    let mut depth = 0usize;
    let mut root = false;
    loop {
        let (ns, event) = reader.read_resolved_event()?;
        let in_w = matches!(ns, ResolveResult::Bound(n) if n.as_ref() == W_NS);
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let local = e.local_name();
                if depth == 0 {
                    if !(in_w && local.as_ref() == "styles" && e.name().as_ref() == "w:styles") {
                        bail!("the root element is not <w:styles> in the WordprocessingML namespace");
                    }
                    root = true;
                } else if in_w && depth == 1 && local.as_ref() == "style" {
                    let mut f = Found {
                        kind: attr(e, "type")?.unwrap_or_else(|| "paragraph".into()),
                        id: attr(e, "styleId")?.unwrap_or_default(),
                        default: matches!(attr(e, "default")?.as_deref(), Some("1" | "true" | "on")),
                        ..Found::default()
                    };
                    if empty {
                        found.push(f);
                    } else {
                        f.name = f.id.clone();
                        current = Some(f);
                    }
                } else if in_w
                    && depth == 2
                    && local.as_ref() == "name"
                    && let Some(f) = current.as_mut()
                {
                    f.name = attr(e, "val")?.unwrap_or_default();
                }
                if !empty {
                    depth += 1;
                }
            }
            Event::End(_) => {
                depth -= 1;
                if depth == 1
                    && let Some(f) = current.take()
                {
                    found.push(f);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !root {
        bail!("the file has no root element");
    }
    Ok(found)
}

/// The value of the attribute with local name `local`, unescaped.
pub fn attr(e: &BytesStart, local: &str) -> anyhow::Result<Option<String>> {
    for a in e.attributes() {
        let a = a?;
        if a.key.local_name().as_ref() == local {
            return Ok(Some(a.normalized_value(XmlVersion::Implicit1_0)?.into_owned()));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::docx::xml::DECLARATION;

    fn sheet(inner: &str) -> String {
        format!("{DECLARATION}<w:styles xmlns:w=\"{W_NS}\">{inner}</w:styles>")
    }

    #[test]
    fn kravkat_styles_merge_into_themselves_unchanged() {
        let own = Styles::kravkat();
        assert_eq!(Styles::merge(own.xml()).unwrap(), own);
    }

    #[test]
    fn a_localised_reference_keeps_its_ids_and_gains_what_it_lacks() {
        let reference = sheet(
            "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/></w:style>\
             <w:style w:type=\"paragraph\" w:styleId=\"Rubrik1\"><w:name w:val=\"heading 1\"/></w:style>",
        );
        let merged = Styles::merge(&reference).unwrap();
        assert_eq!(merged.id(Style::Heading1), "Rubrik1");
        assert_eq!(merged.id(Style::Normal), "Normal");
        assert_eq!(merged.id(Style::Heading2), "Heading2");
        assert_eq!(merged.xml().matches("w:styleId=\"Heading2\"").count(), 1);
        assert!(!merged.xml().contains("w:styleId=\"Heading1\""));
        assert!(merged.xml().contains("<w:basedOn w:val=\"Normal\"/>"));
        assert!(merged.xml().ends_with("</w:styles>"));
    }

    #[test]
    fn another_prefix_or_root_is_refused() {
        let other = format!("{DECLARATION}<s:styles xmlns:s=\"{W_NS}\"/>");
        assert!(Styles::merge(&other).is_err());
        assert!(Styles::merge("<styles/>").is_err());
        assert!(Styles::merge("<w:styles xmlns:w=\"x\"><w:style").is_err());
    }
}
