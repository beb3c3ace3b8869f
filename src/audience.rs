//! Who a document is for, and what each audience sees: the one place that decides. Every
//! renderer — Markdown, HTML, DOCX and JSON alike — renders [`view`] of the resolved document,
//! never the document itself, so what is left out of the tender appendix is left out of every
//! format, and a field added to the document is filtered here or nowhere. [`tender_item`] names
//! every field of an item, so a new one does not compile until it is given an audience.

use std::sync::Arc;

use clap::ValueEnum;
use serde::{Deserialize, Serialize};

use crate::document::{Change, ChangeKind, Document, Evaluation, Item, Section};

/// Who the document is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    /// The tender appendix suppliers see: no guidance, no deviation log
    Tender,
    /// The buyer's working copy: adds guidance, specify advice, deviation log, unselected items
    Internal,
}

/// The document as `audience` sees it. The resolved document is the working copy; the tender
/// appendix is a copy without what suppliers must not see: the deviation log and every reason,
/// the excluded and unselected items, the traceability table, category introductions, the
/// catalogue's original wording, its guidance (and what it says on leaving the item out) and
/// specify advice, notes on the transcription,
/// what the source leaves to be inferred, references to items outside the document, and the
/// most a tender can gain under the evaluation model.
pub fn view(doc: &Arc<Document>, audience: Audience) -> Arc<Document> {
    match audience {
        Audience::Internal => Arc::clone(doc),
        Audience::Tender => Arc::new(tender(doc)),
    }
}

fn tender(doc: &Document) -> Document {
    let Document {
        audience: _,
        procurement,
        catalogs,
        sections,
        own,
        deviations: _,
        excluded: _,
        unselected: _,
        counts,
        traceability: _,
        readiness,
        evaluation,
    } = doc;
    Document {
        audience: Audience::Tender,
        procurement: procurement.clone(),
        catalogs: catalogs
            .iter()
            .map(|c| {
                let mut c = c.clone();
                c.inferred = Default::default();
                c
            })
            .collect(),
        sections: sections
            .iter()
            .map(|s| Section {
                catalog: s.catalog.clone(),
                title: s.title.clone(),
                categories: s
                    .categories
                    .iter()
                    .map(|g| crate::document::CategoryGroup {
                        name: g.name.clone(),
                        description: None,
                        items: g.items.iter().map(tender_item).collect(),
                    })
                    .collect(),
            })
            .collect(),
        own: own.iter().map(tender_item).collect(),
        deviations: Vec::new(),
        excluded: Vec::new(),
        unselected: Vec::new(),
        counts: counts.clone(),
        traceability: Vec::new(),
        readiness: readiness.clone(),
        evaluation: evaluation.as_ref().map(tender_evaluation),
    }
}

/// The evaluation model as suppliers see it: all of it (the law has it published), but for the
/// most a tender can gain, which is the buyer's figure.
fn tender_evaluation(e: &Evaluation) -> Evaluation {
    let Evaluation {
        model,
        currency,
        rule,
        price,
        criteria,
        maximum: _,
    } = e;
    Evaluation {
        model: *model,
        currency: *currency,
        rule: rule.clone(),
        price: price.clone(),
        criteria: criteria.clone(),
        maximum: None,
    }
}

/// An item as suppliers see it. Every field is named: a new one must be decided on here.
fn tender_item(item: &Item) -> Item {
    let Item {
        key,
        id,
        origin,
        catalog,
        catalog_title,
        catalog_version,
        kind,
        category,
        level,
        level_note,
        title,
        text,
        parts,
        specification,
        adapted,
        original_level,
        original_text: _,
        changes,
        specify: _,
        guidance: _,
        left_out_when: _,
        motive,
        consequence,
        description,
        examples,
        references,
        note: _,
        reason: _,
        checklist,
        evaluation,
    } = item;
    Item {
        key: key.clone(),
        id: id.clone(),
        origin: *origin,
        catalog: catalog.clone(),
        catalog_title: catalog_title.clone(),
        catalog_version: catalog_version.clone(),
        kind: *kind,
        category: category.clone(),
        level: *level,
        level_note: level_note.clone(),
        title: title.clone(),
        text: text.clone(),
        parts: parts.clone(),
        specification: specification.clone(),
        adapted: *adapted,
        original_level: *original_level,
        original_text: None,
        // What changed stays visible (the item says it is adapted, and how its level moved);
        // the catalogue's replaced wording and every reason are the buyer's.
        changes: changes
            .iter()
            .map(|c| Change {
                kind: c.kind,
                from: if c.kind == ChangeKind::Level {
                    c.from.clone()
                } else {
                    None
                },
                to: c.to.clone(),
                reason: None,
            })
            .collect(),
        specify: None,
        guidance: None,
        left_out_when: None,
        motive: motive.clone(),
        consequence: consequence.clone(),
        description: description.clone(),
        examples: examples.clone(),
        // Suppliers get the references they can follow: to items in the document, or outside
        // kravkat's catalogues.
        references: references
            .iter()
            .filter(|r| r.selected || r.key.is_none())
            .cloned()
            .collect(),
        note: None,
        reason: None,
        checklist: checklist.clone(),
        // How it is answered and valued is published with it.
        evaluation: evaluation.clone(),
    }
}
