//! The resolved document: a profile applied to its catalogues. Every renderer reads only this,
//! as [`crate::audience::view`] gives it for the audience, so no renderer can lose an
//! attribution or a change, or show suppliers what is the buyer's. It is also what `-f json`
//! prints. (Deserialize lets the template filters read an item back from its template value.)

use serde::{Deserialize, Serialize};

use crate::audience::Audience;
use crate::catalog::{Inferred, Kind, Level, Numbering, Part, Relation};
use crate::profile::Procurement;

#[derive(Debug, Clone, Serialize)]
pub struct Document {
    /// Who the document is for: `resolve` gives the working copy (`internal`), and
    /// [`crate::audience::view`] the tender appendix.
    pub audience: Audience,
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
    /// For each selected principle, the selected requirements and recommendations that relate
    /// to it by a reference in either direction (internal audience).
    pub traceability: Vec<Trace>,
    /// Where a working checklist stands, per focus area; present when the profile records
    /// statuses under `checklist`.
    pub readiness: Option<Readiness>,
    /// How the tenders are evaluated and the requirements answered; present when the profile
    /// has an `evaluation` section.
    pub evaluation: Option<Evaluation>,
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

#[derive(Debug, Clone, Serialize, Deserialize)]
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
    /// Whether the publisher or kravkat numbered the items (`assigned`: kravkat did, and the
    /// document says so). The catalogue's own note on it is for maintainers and stays out.
    pub numbering: Numbering,
    /// Which of title, publisher, version and date the source does not state, and how each was
    /// arrived at (the working copy says so).
    pub inferred: Inferred,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    Catalog,
    Own,
}

/// A name qualified with its catalogue's id, as keys and profiles write it: `jonkoping:1.12`,
/// `jonkoping:API`. Joined by hand: resolving makes one for every item of every catalogue, and
/// with `format!` that was a twentieth of the work of checking a profile (callgrind).
pub fn qualified(catalog: &str, name: &str) -> String {
    let mut q = String::with_capacity(catalog.len() + 1 + name.len());
    q.push_str(catalog);
    q.push(':');
    q.push_str(name);
    q
}

/// One item as it stands in the document, with its provenance.
#[derive(Debug, Clone, Serialize, Deserialize)]
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
    /// Why the item has its level where the source's wording does not say it plainly (a
    /// prohibition, a paragraph with both ska and bör): shown with the item to every audience.
    pub level_note: Option<String>,
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
    /// The sentence of the guidance that says when the item can be left out ("…, annars kan
    /// kravet utgå."), for the internal copy to point out.
    pub left_out_when: Option<String>,
    pub motive: Option<String>,
    pub consequence: Option<String>,
    pub description: Option<String>,
    pub examples: Option<String>,
    pub references: Vec<Reference>,
    pub note: Option<String>,
    /// Own items: why the organisation adds it.
    pub reason: Option<String>,
    /// Checklist questions: where the work stands, as the profile records it.
    pub checklist: Option<ChecklistState>,
    /// Requirements, when the profile has an `evaluation` section: how the item is answered
    /// and, for a Bör requirement under a model, what fulfilling it is worth.
    pub evaluation: Option<ItemEvaluation>,
}

/// How far a checklist question has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    #[serde(rename = "klar")]
    Klar,
    #[serde(rename = "pågår")]
    Pagar,
    #[serde(rename = "ej påbörjad")]
    EjPaborjad,
    #[serde(rename = "ej aktuell")]
    EjAktuell,
}

impl Status {
    pub const ALL: [Status; 4] = [Status::Klar, Status::Pagar, Status::EjPaborjad, Status::EjAktuell];

    /// The spelling a profile uses, which is also the JSON value.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Klar => "klar",
            Status::Pagar => "pågår",
            Status::EjPaborjad => "ej påbörjad",
            Status::EjAktuell => "ej aktuell",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChecklistState {
    /// `None` when the profile records nothing for the question yet.
    pub status: Option<Status>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Level,
    Text,
    Specification,
    Exclusion,
    /// A warning of kravkat's procurement rules, accepted: `to` names it, `reason` says why.
    Allow,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
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
    /// `None` for an own item.
    pub catalog: Option<String>,
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
    pub principles: usize,
    pub recommendations: usize,
    pub checklist: usize,
    /// Catalogue items whose level or wording the profile changed.
    pub adapted: usize,
    /// Catalogue items with the buyer's specification.
    pub specified: usize,
}

/// One selected principle and what in the document relates to it.
#[derive(Debug, Clone, Serialize)]
pub struct Trace {
    pub key: String,
    pub id: String,
    pub origin: Origin,
    pub catalog: Option<String>,
    pub title: Option<String>,
    pub related: Vec<Related>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Related {
    pub key: String,
    /// How it is shown: the id, qualified when it comes from another catalogue than the principle.
    pub label: String,
    pub kind: Kind,
    pub origin: Origin,
    pub title: Option<String>,
}

/// Counts of checklist questions by status.
#[derive(Debug, Clone, Default, Serialize)]
pub struct StatusCounts {
    pub klar: usize,
    pub pagar: usize,
    pub ej_paborjad: usize,
    pub ej_aktuell: usize,
    /// Questions the profile records no status for.
    pub unrecorded: usize,
    pub total: usize,
    /// Share of the applicable questions (all but `ej aktuell`) that are `klar`, in whole
    /// percent; `None` when none is applicable.
    pub percent_klar: Option<usize>,
}

impl StatusCounts {
    pub fn add(&mut self, status: Option<Status>) {
        self.total += 1;
        *match status {
            Some(Status::Klar) => &mut self.klar,
            Some(Status::Pagar) => &mut self.pagar,
            Some(Status::EjPaborjad) => &mut self.ej_paborjad,
            Some(Status::EjAktuell) => &mut self.ej_aktuell,
            None => &mut self.unrecorded,
        } += 1;
        let applicable = self.total - self.ej_aktuell;
        // Rounded half up, in integers so the output bytes never depend on float formatting.
        self.percent_klar = (applicable > 0).then(|| (self.klar * 200 + applicable) / (2 * applicable));
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct AreaReadiness {
    pub catalog: String,
    /// The focus area: the question's category.
    pub area: String,
    #[serde(flatten)]
    pub counts: StatusCounts,
}

#[derive(Debug, Clone, Serialize)]
pub struct Readiness {
    pub areas: Vec<AreaReadiness>,
    pub total: StatusCounts,
}

/// The evaluation model (`evaluation` in the profile), as the appendix publishes it.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    /// `None` when the profile only says how requirements are answered.
    pub model: Option<Model>,
    pub currency: Currency,
    /// The model's rule in one short Swedish paragraph, ties included.
    pub rule: Option<String>,
    /// `poäng`: the price's points and the scale they are given on.
    pub price: Option<PriceScale>,
    /// `poäng`: the criteria, in profile order.
    pub criteria: Vec<Criterion>,
    /// The most a tender can gain from its Bör requirements: the total deduction (`mervärde`:
    /// money; `procent`: percent of the price) or the total points (`poäng`). Internal audience.
    pub maximum: Option<Figure>,
}

/// How Bör requirements are valued.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Model {
    /// Kronor deducted from the price for each fulfilled Bör requirement (mervärdesmodellen).
    #[serde(rename = "mervärde")]
    Mervarde,
    /// A percentage of the price deducted for each fulfilled Bör requirement.
    #[serde(rename = "procent")]
    Procent,
    /// Points per criterion, criteria weighted, the price scored on a fixed scale.
    #[serde(rename = "poäng")]
    Poang,
}

impl Model {
    pub const ALL: [Model; 3] = [Model::Mervarde, Model::Procent, Model::Poang];

    /// The spelling a profile uses, which is also the JSON value.
    pub fn as_str(self) -> &'static str {
        match self {
            Model::Mervarde => "mervärde",
            Model::Procent => "procent",
            Model::Poang => "poäng",
        }
    }

    pub fn parse(s: &str) -> Option<Model> {
        Model::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Currency {
    #[serde(rename = "SEK")]
    Sek,
    #[serde(rename = "EUR")]
    Eur,
}

impl Currency {
    pub const ALL: [Currency; 2] = [Currency::Sek, Currency::Eur];

    pub fn as_str(self) -> &'static str {
        match self {
            Currency::Sek => "SEK",
            Currency::Eur => "EUR",
        }
    }

    pub fn parse(s: &str) -> Option<Currency> {
        Currency::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The unit printed after an amount: `50 000 kr`, `50 000 euro`.
    pub fn unit(self) -> &'static str {
        match self {
            Currency::Sek => "kr",
            Currency::Eur => "euro",
        }
    }
}

/// What a supplier's `Ja` must come with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub enum AnswerType {
    /// Ja or Nej, nothing more
    #[default]
    #[serde(rename = "ja/nej")]
    JaNej,
    /// Ja with a description of how the requirement is fulfilled
    #[serde(rename = "fritext")]
    Fritext,
    /// Ja with a number
    #[serde(rename = "tal")]
    Tal,
    /// Ja with a reference to an attachment
    #[serde(rename = "bilaga")]
    Bilaga,
}

impl AnswerType {
    pub const ALL: [AnswerType; 4] = [
        AnswerType::JaNej,
        AnswerType::Fritext,
        AnswerType::Tal,
        AnswerType::Bilaga,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AnswerType::JaNej => "ja/nej",
            AnswerType::Fritext => "fritext",
            AnswerType::Tal => "tal",
            AnswerType::Bilaga => "bilaga",
        }
    }

    pub fn parse(s: &str) -> Option<AnswerType> {
        AnswerType::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// A number with the way every format prints it: `{ hundredths: 5000000, text: "50 000 kr" }`.
/// `hundredths` is exact: öre, hundredths of a percent or of a point.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figure {
    pub hundredths: i64,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PriceScale {
    /// The most points the price gives.
    pub weight: Figure,
    /// A price at or below this gets all of them.
    pub full: Figure,
    /// A price at or above this gets none.
    pub zero: Figure,
}

#[derive(Debug, Clone, Serialize)]
pub struct Criterion {
    pub name: String,
    /// The most points the criterion gives.
    pub weight: Figure,
    /// The points of all its requirements together: fulfilling every one gives the full weight.
    pub points: Figure,
    /// Its requirements, in profile order.
    pub items: Vec<CriterionItem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CriterionItem {
    pub key: String,
    pub id: String,
    pub points: Figure,
}

/// How one requirement is answered and evaluated.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ItemEvaluation {
    /// Bör requirements under a model: what fulfilling it is worth (`50 000 kr`, `2,5 %`,
    /// `3 poäng`).
    pub value: Option<Figure>,
    /// `poäng`: the criterion it counts under.
    pub criterion: Option<String>,
    /// Bör requirements under a model: how it is evaluated, in one Swedish sentence.
    pub text: Option<String>,
    /// How the supplier shows it is fulfilled.
    pub verification: Option<String>,
    pub answer: AnswerType,
}
