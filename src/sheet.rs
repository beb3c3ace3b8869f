//! The answer sheet (svarsbilaga) as data: its layout — sheets, columns, the fixed cells — what
//! each row shows, and the fingerprint that ties a returned sheet to the profile version it was
//! made from. The xlsx writer (`render::xlsx`) lays it out; the reader (`answers`) checks a
//! returned sheet against the same model, so the two cannot disagree about a cell.

use serde::Serialize;
use sha2::{Digest as _, Sha256};

use crate::catalog::Level;
use crate::document::{AnswerType, Document, Item};
use crate::markup;
use crate::render::labels;

/// The sheet with the supplier's name and price, the fingerprint and the rules.
pub const INFO: &str = "Anbud";
/// The sheet with one row per requirement.
pub const ANSWERS: &str = "Svar";
/// What the format cell says: which kind of sheet, in which version of its layout.
pub const FORMAT: &str = "kravkat svarsbilaga 1";
/// A workbook-level name holding the fingerprint as well: spreadsheet programs keep defined
/// names, and a second copy tells a tampered cell from a lost one.
pub const FINGERPRINT_NAME: &str = "kravkat_fingeravtryck";

/// A cell of the info sheet: row and column from 0, and the label in the column before it.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub row: u32,
    pub label: &'static str,
}

/// The value of a field is in column B, its label in column A.
pub const VALUE_COLUMN: u16 = 1;
pub const TITLE: Field = Field {
    row: 2,
    label: "Upphandling",
};
pub const ORGANISATION: Field = Field {
    row: 3,
    label: "Organisation",
};
pub const REFERENCE: Field = Field {
    row: 4,
    label: "Diarienummer",
};
pub const SUPPLIER: Field = Field {
    row: 5,
    label: "Leverantör",
};
pub const PRICE: Field = Field {
    row: 6,
    label: "Anbudspris",
};
pub const FINGERPRINT: Field = Field {
    row: 7,
    label: "Fingeravtryck",
};
pub const FORMAT_FIELD: Field = Field {
    row: 8,
    label: "Svarsbilagans format",
};
/// Where the instructions, the rule and the attributions start.
pub const NOTES_ROW: u32 = 10;

/// The columns of the answer sheet, in order: the buyer's first, then the supplier's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Nr,
    Level,
    Category,
    Requirement,
    Verification,
    Value,
    AnswerType,
    Fulfilled,
    Description,
    Reference,
}

impl Column {
    pub const ALL: [Column; 10] = [
        Column::Nr,
        Column::Level,
        Column::Category,
        Column::Requirement,
        Column::Verification,
        Column::Value,
        Column::AnswerType,
        Column::Fulfilled,
        Column::Description,
        Column::Reference,
    ];

    /// The header, in Swedish as the supplier reads it.
    pub fn header(self) -> &'static str {
        match self {
            Column::Nr => "Nr",
            Column::Level => "Nivå",
            Column::Category => "Kategori",
            Column::Requirement => "Krav",
            Column::Verification => "Så visas att kravet uppfylls",
            Column::Value => "Värde (bör-krav)",
            Column::AnswerType => "Svarsform",
            Column::Fulfilled => "Uppfylls (Ja/Nej)",
            Column::Description => "Beskrivning",
            Column::Reference => "Hänvisning (bilaga, sida)",
        }
    }

    pub fn index(self) -> u16 {
        Column::ALL
            .iter()
            .position(|c| *c == self)
            .expect("every column is listed") as u16
    }

    /// Width in characters: with landscape A4 and fit-to-width the sheet prints on one page
    /// across.
    pub fn width(self) -> f64 {
        match self {
            Column::Nr => 7.0,
            Column::Level => 6.0,
            Column::Category => 13.0,
            Column::Requirement => 60.0,
            Column::Verification => 24.0,
            Column::Value => 12.0,
            Column::AnswerType => 12.0,
            Column::Fulfilled => 11.0,
            Column::Description => 36.0,
            Column::Reference => 18.0,
        }
    }

    /// The supplier fills these in; every other cell is locked.
    pub fn supplier(self) -> bool {
        matches!(self, Column::Fulfilled | Column::Description | Column::Reference)
    }
}

/// `B7`, `Svar!H12`: a cell as a spreadsheet names it (row and column from 0).
pub fn cell(row: u32, column: u16) -> String {
    let mut letters = String::new();
    let mut c = u32::from(column) + 1;
    while c > 0 {
        let rem = (c - 1) % 26;
        letters.insert(0, char::from(b'A' + rem as u8));
        c = (c - 1) / 26;
    }
    format!("{letters}{}", row + 1)
}

/// The answer sheet of a document.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub title: String,
    pub organisation: String,
    pub reference: Option<String>,
    /// The price's unit in the label: `Anbudspris (kr, exklusive moms)`.
    pub currency: &'static str,
    pub rule: Option<String>,
    /// The attribution sentence of each catalogue used.
    pub attributions: Vec<String>,
    pub rows: Vec<Row>,
    pub fingerprint: String,
}

/// One requirement: what the buyer's cells of its row say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The document's key (`jonkoping:1.12`), for the evaluation.
    pub key: String,
    pub id: String,
    pub level: Level,
    pub category: String,
    pub requirement: String,
    pub verification: String,
    pub value: String,
    pub answer: AnswerType,
}

impl Row {
    /// What a buyer's cell says; `None` for the supplier's columns.
    pub fn text(&self, column: Column) -> Option<&str> {
        Some(match column {
            Column::Nr => &self.id,
            Column::Level => self.level.as_str(),
            Column::Category => &self.category,
            Column::Requirement => &self.requirement,
            Column::Verification => &self.verification,
            Column::Value => &self.value,
            Column::AnswerType => labels::answer_type(self.answer),
            Column::Fulfilled | Column::Description | Column::Reference => return None,
        })
    }
}

/// Instructions on the info sheet.
pub const INSTRUCTIONS: &str = "Fyll i leverantörens namn och anbudspriset ovan. Svara på fliken Svar för \
varje krav i kolumnen Uppfylls med Ja eller Nej, och ge det som kolumnen Svarsform anger: en beskrivning, \
ett tal i kolumnen Beskrivning eller en hänvisning till en bilaga. Ändra inga andra celler, och lägg inte \
till, ta bort eller flytta rader: svarsbilagan läses maskinellt och kontrolleras mot kravbilagan. Ett Nej \
eller ett tomt svar på ett ska-krav innebär att anbudet förkastas.";

pub fn sheet(doc: &Document) -> Sheet {
    let p = &doc.procurement;
    let rows: Vec<Row> = doc.items().filter_map(|item| row(doc, item)).collect();
    let evaluation = doc.evaluation.as_ref();
    Sheet {
        title: p.title.clone(),
        organisation: p.organisation.clone(),
        reference: p.reference.clone(),
        currency: evaluation.map_or("kr", |e| e.currency.unit()),
        rule: evaluation.and_then(|e| e.rule.clone()),
        attributions: doc.catalogs.iter().map(|c| markup::text(&c.attribution)).collect(),
        fingerprint: fingerprint(doc),
        rows,
    }
}

/// The row of a requirement (an item with a level); other items are not answered.
fn row(doc: &Document, item: &Item) -> Option<Row> {
    let level = item.level?;
    let mut parts = Vec::new();
    if let Some(t) = &item.title {
        parts.push(markup::text(t));
    }
    if let Some(t) = &item.text {
        parts.push(markup::text(t));
    }
    for p in &item.parts {
        parts.push(format!("{}) {}", p.label, markup::text(&p.text)));
    }
    if let Some(s) = &item.specification {
        parts.push(format!("Köparens specificering: {}", markup::text(s)));
    }
    parts.push(labels::provenance(item, &doc.procurement.organisation));
    let evaluation = item.evaluation.as_ref();
    Some(Row {
        key: item.key.clone(),
        id: if doc.catalogs.len() > 1 && item.catalog.is_some() {
            item.key.clone()
        } else {
            item.id.clone()
        },
        level,
        category: item.category.clone(),
        requirement: parts.join("\n\n"),
        verification: evaluation
            .and_then(|e| e.verification.as_deref())
            .map(markup::text)
            .unwrap_or_default(),
        value: evaluation
            .and_then(|e| {
                let v = e.value.as_ref()?;
                Some(match &e.criterion {
                    Some(c) => format!("{} ({c})", v.text),
                    None => v.text.clone(),
                })
            })
            .unwrap_or_default(),
        answer: evaluation.map_or(AnswerType::JaNej, |e| e.answer),
    })
}

/// SHA-256, in hex, of what a supplier answers to and what the evaluation depends on, as the
/// profile states it (not as kravkat words it, so a new kravkat version keeps the fingerprint):
/// the procurement's title, organisation and reference; each catalogue and version; each
/// requirement's key, level, category, title, text, parts, specification and how it is
/// answered and valued; the model with its price scale and criteria. Guidance, reasons and
/// other internal fields are left out: rewording a reason does not make the suppliers' sheets
/// another version. The JSON is canonical: structs in declaration order, no maps.
pub fn fingerprint(doc: &Document) -> String {
    #[derive(Serialize)]
    struct Print<'a> {
        format: &'static str,
        title: &'a str,
        organisation: &'a str,
        reference: Option<&'a str>,
        catalogs: Vec<(&'a str, &'a str)>,
        model: Option<Model<'a>>,
        requirements: Vec<Requirement<'a>>,
    }
    #[derive(Serialize)]
    struct Model<'a> {
        model: Option<&'static str>,
        currency: &'static str,
        price: Option<[i64; 3]>,
        criteria: Vec<Criterion<'a>>,
    }
    /// A criterion's name and weight, and its requirements with their points.
    type Criterion<'a> = (&'a str, i64, Vec<(&'a str, i64)>);
    #[derive(Serialize)]
    struct Requirement<'a> {
        key: &'a str,
        level: &'static str,
        category: &'a str,
        title: Option<&'a str>,
        text: Option<&'a str>,
        parts: Vec<(&'a str, &'a str)>,
        specification: Option<&'a str>,
        adapted: bool,
        value: Option<i64>,
        criterion: Option<&'a str>,
        verification: Option<&'a str>,
        answer: &'static str,
    }
    let p = &doc.procurement;
    let print = Print {
        format: FORMAT,
        title: &p.title,
        organisation: &p.organisation,
        reference: p.reference.as_deref(),
        catalogs: doc
            .catalogs
            .iter()
            .map(|c| (c.id.as_str(), c.version.as_str()))
            .collect(),
        model: doc.evaluation.as_ref().map(|e| Model {
            model: e.model.map(|m| m.as_str()),
            currency: e.currency.as_str(),
            price: e
                .price
                .as_ref()
                .map(|p| [p.weight.hundredths, p.full.hundredths, p.zero.hundredths]),
            criteria: e
                .criteria
                .iter()
                .map(|c| {
                    let items = c.items.iter().map(|i| (i.key.as_str(), i.points.hundredths)).collect();
                    (c.name.as_str(), c.weight.hundredths, items)
                })
                .collect(),
        }),
        requirements: doc
            .items()
            .filter_map(|i| {
                let e = i.evaluation.as_ref();
                Some(Requirement {
                    key: &i.key,
                    level: i.level?.as_str(),
                    category: &i.category,
                    title: i.title.as_deref(),
                    text: i.text.as_deref(),
                    parts: i.parts.iter().map(|p| (p.label.as_str(), p.text.as_str())).collect(),
                    specification: i.specification.as_deref(),
                    adapted: i.adapted,
                    value: e.and_then(|e| e.value.as_ref()).map(|v| v.hundredths),
                    criterion: e.and_then(|e| e.criterion.as_deref()),
                    verification: e.and_then(|e| e.verification.as_deref()),
                    answer: e.map_or(AnswerType::JaNej, |e| e.answer).as_str(),
                })
            })
            .collect(),
    };
    let json = serde_json::to_vec(&print).expect("plain data serialises");
    Sha256::digest(&json).iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_named_as_spreadsheets_do() {
        assert_eq!(cell(0, 0), "A1");
        assert_eq!(cell(11, 7), "H12");
        assert_eq!(cell(0, 25), "Z1");
        assert_eq!(cell(0, 26), "AA1");
        assert_eq!(cell(1_048_575, 16_383), "XFD1048576");
    }

    fn example() -> Document {
        let profile = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/affarssystem.yaml");
        crate::resolve::resolve(&crate::load::load(&profile).unwrap()).unwrap()
    }

    #[test]
    fn the_fingerprint_follows_what_suppliers_answer_to() {
        let doc = example();
        let base = fingerprint(&doc);
        assert_eq!(base.len(), 64);
        let changed = |f: &dyn Fn(&mut Document)| {
            let mut d = doc.clone();
            f(&mut d);
            fingerprint(&d)
        };
        fn item(d: &mut Document) -> &mut Item {
            &mut d.own[0]
        }
        assert_ne!(changed(&|d| item(d).text = Some("Annan text.".into())), base, "text");
        assert_ne!(changed(&|d| item(d).level = Some(Level::Bor)), base, "level");
        assert_ne!(
            changed(&|d| d.sections[0].categories[0].items[0].specification = Some("x".into())),
            base,
            "specification"
        );
        assert_ne!(
            changed(&|d| d.own[1].evaluation.as_mut().unwrap().value.as_mut().unwrap().hundredths += 1),
            base,
            "value"
        );
        assert_ne!(changed(&|d| d.procurement.title.push('!')), base, "title");
        // Internal fields are not what suppliers answer to.
        assert_eq!(
            changed(&|d| item(d).reason = Some("Annat skäl.".into())),
            base,
            "reason"
        );
        assert_eq!(
            changed(&|d| item(d).guidance = Some("Vägledning.".into())),
            base,
            "guidance"
        );
    }

    #[test]
    fn one_row_per_requirement_in_document_order() {
        let doc = example();
        let s = sheet(&doc);
        let ids: Vec<&str> = s.rows.iter().map(|r| r.id.as_str()).collect();
        let expected: Vec<&str> = doc
            .items()
            .filter(|i| i.level.is_some())
            .map(|i| i.id.as_str())
            .collect();
        assert_eq!(ids, expected);
        let r = s.rows.iter().find(|r| r.id == "1.13").unwrap();
        assert!(
            r.requirement
                .contains("\n\nKöparens specificering: Med löpande export avses var fjärde timme.")
        );
        assert!(
            r.requirement
                .ends_with("Källa: Länsgemensam kravkatalog för dataåtkomst och informationsutbyte 1.0, krav 1.13")
        );
        assert_eq!(r.answer, AnswerType::Tal);
        assert_eq!(
            s.rows.iter().find(|r| r.id == "1.12").unwrap().value,
            "150\u{a0}000\u{a0}kr"
        );
    }
}
