//! The resolved document: a profile applied to its catalogues. Every renderer reads only this,
//! so no renderer can lose an attribution or a change. It is also what `-f json` prints.

use serde::Serialize;

use crate::catalog::{Kind, Level, Part, Relation};
use crate::profile::Procurement;

#[derive(Debug, Clone, Serialize)]
pub struct Document {
    pub procurement: Procurement,
    /// Every catalogue the profile uses, with what its attribution needs.
    pub catalogs: Vec<CatalogInfo>,
    /// Selected catalogue items, per catalogue and category, in catalogue order.
    pub sections: Vec<Section>,
    /// The organisation's own items.
    pub own: Vec<Item>,
    /// Every deviation and addition, in document order.
    pub deviations: Vec<Deviation>,
    /// Items a category or whole-catalogue selection brought in and the profile excluded.
    pub excluded: Vec<Excluded>,
    /// Catalogue items not in the document.
    pub unselected: Vec<Unselected>,
    pub counts: Counts,
}

impl Document {
    /// Every item in the document, in document order: catalogue items, then own items.
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.sections
            .iter()
            .flat_map(|s| &s.categories)
            .flat_map(|g| &g.items)
            .chain(&self.own)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct CatalogInfo {
    pub id: String,
    pub title: String,
    pub publisher: String,
    pub version: String,
    pub date: Option<String>,
    pub source: String,
    pub licence: Option<String>,
    pub attribution_rule: Option<String>,
    pub attribution: String,
    /// Set when kravkat, not the publisher, numbered the items.
    pub numbering_note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub catalog: String,
    pub title: String,
    pub categories: Vec<CategoryGroup>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CategoryGroup {
    pub name: String,
    pub description: Option<String>,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    Catalog,
    Own,
}

/// One item as it stands in the document, with its provenance.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    /// Unique in the document: `catalog:id` for catalogue items, the id for own items.
    pub key: String,
    pub id: String,
    pub origin: Origin,
    /// The catalogue it comes from; `None` for own items.
    pub catalog: Option<String>,
    pub catalog_title: Option<String>,
    pub catalog_version: Option<String>,
    pub kind: Kind,
    pub category: String,
    pub level: Option<Level>,
    pub title: Option<String>,
    pub text: Option<String>,
    pub parts: Vec<Part>,
    /// The buyer's specification (tillägg), shown with the item and marked as theirs.
    pub specification: Option<String>,
    /// True when the buyer changed the level or replaced the text (avsteg).
    pub adapted: bool,
    /// The catalogue's own level and text, when the buyer changed them.
    pub original_level: Option<Level>,
    pub original_text: Option<String>,
    pub changes: Vec<Change>,
    // What the catalogue says for the buyer (internal audience only).
    pub specify: Option<String>,
    pub guidance: Option<String>,
    pub motive: Option<String>,
    pub consequence: Option<String>,
    pub description: Option<String>,
    pub examples: Option<String>,
    pub references: Vec<Reference>,
    pub note: Option<String>,
    /// Own items: why the organisation adds it.
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Reference {
    pub relation: Relation,
    /// The referenced item's key, when it is an item of a catalogue the profile uses.
    pub key: Option<String>,
    /// How the reference is shown: `1.2`, `ramverk:P3`, `EIF 5`.
    pub label: String,
    pub title: Option<String>,
    /// Whether the referenced item is in this document.
    pub selected: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Level,
    Text,
    Specification,
    Exclusion,
}

#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub kind: ChangeKind,
    pub from: Option<String>,
    pub to: Option<String>,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Deviation {
    pub key: String,
    pub id: String,
    pub catalog: String,
    #[serde(flatten)]
    pub change: Change,
}

#[derive(Debug, Clone, Serialize)]
pub struct Excluded {
    pub key: String,
    pub id: String,
    pub catalog: String,
    pub level: Option<Level>,
    pub summary: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Unselected {
    pub key: String,
    pub id: String,
    pub catalog: String,
    pub kind: Kind,
    pub category: String,
    pub level: Option<Level>,
    pub summary: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Counts {
    pub ska: usize,
    pub bor: usize,
    pub items: usize,
}
