//! The reviewable view of a resolved document or of a catalogue: metadata and items, each a
//! list of named fields in a fixed order. `diff` compares two views and `textconv` prints one,
//! so `kravkat diff` and `git diff` through the textconv driver speak of the same fields.

use indexmap::IndexMap;

use crate::catalog::{Catalog, Level, Part};
use crate::document::{self, Document};
use crate::resolve::kind_name;

/// Named values in a fixed order; an absent value is left out.
pub type Fields = IndexMap<String, String>;

#[derive(Debug, Clone)]
pub struct Item {
    /// `jonkoping:1.12` and `VK-1` in a document; the bare id (`1.12`) in a catalogue.
    pub key: String,
    pub fields: Fields,
}

#[derive(Debug, Clone, Default)]
pub struct View {
    pub metadata: Fields,
    pub items: Vec<Item>,
    /// Items the profile excluded: key → reason.
    pub excluded: Fields,
}

/// Keeps the present values, trimmed: a trailing newline from a YAML block is no difference.
fn fields<'a>(pairs: impl IntoIterator<Item = (&'a str, Option<String>)>) -> Fields {
    pairs
        .into_iter()
        .filter_map(|(name, value)| value.map(|v| (name.to_owned(), v.trim().to_owned())))
        .filter(|(_, v)| !v.is_empty())
        .collect()
}

fn level(l: Option<Level>) -> Option<String> {
    l.map(|l| l.as_str().to_owned())
}

fn parts(parts: &[Part]) -> Option<String> {
    let lines: Vec<String> = parts
        .iter()
        .map(|p| format!("{}) {}", p.label, p.text.trim()))
        .collect();
    (!lines.is_empty()).then(|| lines.join("\n"))
}

pub fn of_document(doc: &Document) -> View {
    let p = &doc.procurement;
    let mut metadata = fields([
        ("title", Some(p.title.clone())),
        ("organisation", Some(p.organisation.clone())),
        ("reference", p.reference.clone()),
        ("date", p.date.clone()),
        ("contact", p.contact.clone()),
        ("description", p.description.clone()),
    ]);
    for c in &doc.catalogs {
        metadata.insert(format!("catalogue {}", c.id), c.version.clone());
    }
    // The warnings each item's `allow:` accepts, as the deviation log has them.
    let mut accepted: IndexMap<&str, Vec<String>> = IndexMap::new();
    for d in doc
        .deviations
        .iter()
        .filter(|d| d.change.kind == document::ChangeKind::Allow)
    {
        let what = d.change.to.as_deref().unwrap_or_default();
        let why = d.change.reason.as_deref().unwrap_or_default().trim();
        accepted
            .entry(d.key.as_str())
            .or_default()
            .push(format!("{what} — {why}"));
    }
    View {
        metadata,
        items: doc
            .items()
            .map(|i| document_item(i, accepted.get(i.key.as_str())))
            .collect(),
        excluded: doc.excluded.iter().map(|e| (e.key.clone(), e.reason.clone())).collect(),
    }
}

fn document_item(i: &document::Item, accepted: Option<&Vec<String>>) -> Item {
    // One profile reason covers every change to an item; own items carry their own.
    let reason = i.changes.iter().find_map(|c| c.reason.clone()).or(i.reason.clone());
    let evaluation = i.evaluation.as_ref();
    let value = evaluation.and_then(|e| {
        let v = e.value.as_ref()?;
        Some(match &e.criterion {
            Some(c) => format!("{} ({c})", v.text),
            None => v.text.clone(),
        })
    });
    let answer = evaluation
        .map(|e| e.answer)
        .filter(|a| *a != document::AnswerType::JaNej)
        .map(|a| a.as_str().to_owned());
    Item {
        key: i.key.clone(),
        fields: fields([
            ("kind", Some(kind_name(i.kind).to_owned())),
            ("category", Some(i.category.clone())),
            ("level", level(i.level)),
            ("level note", i.level_note.clone()),
            ("title", i.title.clone()),
            ("text", i.text.clone()),
            ("parts", parts(&i.parts)),
            ("specification", i.specification.clone()),
            ("value", value),
            ("verification", evaluation.and_then(|e| e.verification.clone())),
            ("answer", answer),
            ("reason", reason),
            ("accepted warnings", accepted.map(|a| a.join("\n"))),
        ]),
    }
}

pub fn of_catalog(c: &Catalog) -> View {
    let categories: Vec<&str> = c.categories.iter().map(|k| k.name.as_str()).collect();
    let metadata = fields([
        ("id", Some(c.id.clone())),
        ("title", Some(c.title.clone())),
        ("publisher", Some(c.publisher.clone())),
        ("version", Some(c.version.clone())),
        ("date", c.date.clone()),
        ("licence", c.licence.clone()),
        ("attribution", Some(c.attribution.statement.clone())),
        ("categories", Some(categories.join(", "))),
    ]);
    let items = c
        .items
        .iter()
        .map(|i| {
            let references: Vec<String> = i
                .references
                .iter()
                .map(|r| {
                    let target = r.item.as_ref().map(|t| t.value.clone()).or(r.external.clone());
                    format!(
                        "{} {}",
                        format!("{:?}", r.relation).to_lowercase(),
                        target.unwrap_or_default()
                    )
                })
                .collect();
            Item {
                key: i.id().to_owned(),
                fields: fields([
                    ("kind", Some(kind_name(i.kind).to_owned())),
                    ("category", Some(i.category().to_owned())),
                    ("level", level(i.level)),
                    ("level note", i.level_note.clone()),
                    ("title", i.title.clone()),
                    ("text", i.text.clone()),
                    ("parts", parts(&i.parts)),
                    ("specify", i.specify.clone()),
                    ("guidance", i.guidance.clone()),
                    ("motive", i.motive.clone()),
                    ("consequence", i.consequence.clone()),
                    ("description", i.description.clone()),
                    ("examples", i.examples.clone()),
                    ("references", (!references.is_empty()).then(|| references.join("\n"))),
                ]),
            }
        })
        .collect();
    View {
        metadata,
        items,
        excluded: Fields::new(),
    }
}
