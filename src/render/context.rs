//! `doc` as the templates see it: the resolved document, field for field as `-f json` prints
//! it, but not converted to template values all at once. Converted whole, the document would
//! be held twice while the output is written (a 10,000-requirement appendix: some 15 MB more);
//! here the lists that grow with the catalogue — sections, categories, items, own items and
//! the working copy's tables — are read from the shared document one element at a time, as
//! the template reaches them, and each element is dropped when the template moves on.

use std::sync::Arc;

use minijinja::context;
use minijinja::value::{Enumerator, Object, ObjectRepr, Serde, Value};
use serde::Serialize;

use super::labels;
use crate::document::Document;

/// The context of `appendix.md` and `appendix.html`: `doc`; `audience` (`doc.audience`, as the
/// templates have always had it); and the document-wide texts of [`labels`] — `kind`, what the
/// document is, and `legend`, what its markings mean. The fixed words are the global `labels`.
pub fn template(doc: &Arc<Document>) -> Value {
    context! {
        doc => self::doc(doc),
        audience => Value::from(Serde(doc.audience)),
        kind => labels::kind(doc),
        legend => labels::legend(doc),
    }
}

/// The `doc` value of the template context.
pub fn doc(doc: &Arc<Document>) -> Value {
    Value::from_object(Doc {
        procurement: value(&doc.procurement),
        catalogs: value(&doc.catalogs),
        counts: value(&doc.counts),
        readiness: value(&doc.readiness),
        evaluation: value(&doc.evaluation),
        doc: Arc::clone(doc),
    })
}

fn value<T: Serialize>(v: &T) -> Value {
    Value::from(Serde(v))
}

/// The document's fields in its serialised order.
const DOC_FIELDS: &[&str] = &[
    "audience",
    "procurement",
    "catalogs",
    "sections",
    "own",
    "deviations",
    "excluded",
    "unselected",
    "counts",
    "traceability",
    "readiness",
    "evaluation",
];
const SECTION_FIELDS: &[&str] = &["catalog", "title", "categories"];
const GROUP_FIELDS: &[&str] = &["name", "description", "items"];

/// The document: its small fields converted once, its lists read on demand.
#[derive(Debug)]
struct Doc {
    doc: Arc<Document>,
    procurement: Value,
    catalogs: Value,
    counts: Value,
    readiness: Value,
    evaluation: Value,
}

impl Object for Doc {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let list = |at| Some(Lazy::value(&self.doc, at));
        match key.as_str()? {
            "audience" => Some(Value::from(Serde(self.doc.audience))),
            "procurement" => Some(self.procurement.clone()),
            "catalogs" => Some(self.catalogs.clone()),
            "counts" => Some(self.counts.clone()),
            "readiness" => Some(self.readiness.clone()),
            "evaluation" => Some(self.evaluation.clone()),
            "sections" => list(At::Sections),
            "own" => list(At::Own),
            "deviations" => list(At::Deviations),
            "excluded" => list(At::Excluded),
            "unselected" => list(At::Unselected),
            "traceability" => list(At::Traceability),
            _ => None,
        }
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Str(DOC_FIELDS)
    }
}

/// Where in the document a [`Lazy`] value reads.
#[derive(Debug, Clone, Copy)]
enum At {
    Sections,
    /// One section: a map.
    Section(usize),
    /// A section's categories.
    Categories(usize),
    /// One category group: a map.
    Group(usize, usize),
    /// A category group's items.
    Items(usize, usize),
    Own,
    Deviations,
    Excluded,
    Unselected,
    Traceability,
}

/// A part of the shared document: a map (section, category group) or a list.
#[derive(Debug)]
struct Lazy {
    doc: Arc<Document>,
    at: At,
}

impl Lazy {
    fn value(doc: &Arc<Document>, at: At) -> Value {
        Value::from_object(Lazy {
            doc: Arc::clone(doc),
            at,
        })
    }

    fn len(&self) -> usize {
        let d = &*self.doc;
        match self.at {
            At::Section(_) | At::Group(..) => 0,
            At::Sections => d.sections.len(),
            At::Categories(s) => d.sections[s].categories.len(),
            At::Items(s, g) => d.sections[s].categories[g].items.len(),
            At::Own => d.own.len(),
            At::Deviations => d.deviations.len(),
            At::Excluded => d.excluded.len(),
            At::Unselected => d.unselected.len(),
            At::Traceability => d.traceability.len(),
        }
    }

    /// Element `i` of a list.
    fn element(&self, i: usize) -> Option<Value> {
        let d = &*self.doc;
        let nested = |at| Some(Lazy::value(&self.doc, at));
        match self.at {
            At::Section(_) | At::Group(..) => None,
            At::Sections => d.sections.get(i).and_then(|_| nested(At::Section(i))),
            At::Categories(s) => d.sections[s].categories.get(i).and_then(|_| nested(At::Group(s, i))),
            At::Items(s, g) => d.sections[s].categories[g].items.get(i).map(value),
            At::Own => d.own.get(i).map(value),
            At::Deviations => d.deviations.get(i).map(value),
            At::Excluded => d.excluded.get(i).map(value),
            At::Unselected => d.unselected.get(i).map(value),
            At::Traceability => d.traceability.get(i).map(value),
        }
    }
}

impl Object for Lazy {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        match self.at {
            At::Section(_) | At::Group(..) => ObjectRepr::Map,
            _ => ObjectRepr::Seq,
        }
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let d = &*self.doc;
        match self.at {
            At::Section(s) => {
                let section = &d.sections[s];
                match key.as_str()? {
                    "catalog" => Some(Value::from(section.catalog.as_str())),
                    "title" => Some(Value::from(section.title.as_str())),
                    "categories" => Some(Lazy::value(&self.doc, At::Categories(s))),
                    _ => None,
                }
            }
            At::Group(s, g) => {
                let group = &d.sections[s].categories[g];
                match key.as_str()? {
                    "name" => Some(Value::from(group.name.as_str())),
                    "description" => Some(value(&group.description)),
                    "items" => Some(Lazy::value(&self.doc, At::Items(s, g))),
                    _ => None,
                }
            }
            _ => self.element(key.as_usize()?),
        }
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        match self.at {
            At::Section(_) => Enumerator::Str(SECTION_FIELDS),
            At::Group(..) => Enumerator::Str(GROUP_FIELDS),
            _ => Enumerator::Seq(self.len()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The template context says what the document's JSON says.
    #[test]
    fn doc_is_the_document_as_json() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
        for entry in std::fs::read_dir(dir).unwrap() {
            let profile = entry.unwrap().path();
            // examples/anbud/ holds answer sheets, not profiles.
            if profile.extension().is_none_or(|e| e != "yaml") {
                continue;
            }
            let input = crate::load::load(&profile).unwrap_or_else(|e| panic!("{e}"));
            let document = Arc::new(crate::resolve::resolve(&input).unwrap_or_else(|e| panic!("{e}")));
            // Compared as text: the order of the fields counts too.
            let whole = serde_json::to_string_pretty(&*document).unwrap();
            let lazy = serde_json::to_string_pretty(&doc(&document)).unwrap();
            assert_eq!(lazy, whole, "{}", profile.display());
        }
    }
}
