//! What the DOCX says: the same content as `templates/appendix.md` and `templates/item.md`, in
//! the same words ([`labels`]), but each category's requirements as one table (Nr | Nivå | Krav)
//! whose header row repeats on every page. The document is the audience's view already; the
//! audience only decides which sections the document has.

use super::body::{Body, Root, Written};
use super::reference::PageSetup;
use super::styles::{Style, Styles};
use std::collections::HashMap;

use crate::catalog::Numbering;
use crate::document::{AnswerType, Document, Evaluation, Item};
use crate::markup::Inline;
use crate::render::Audience;
use crate::render::labels::{self, LABELS as L};

const DASH: &str = "–";
/// Nr | Nivå | Krav, in percent of the line.
const ITEM_COLUMNS: [u32; 3] = [11, 8, 81];

/// What every item needs to know of the document around it.
struct Ctx<'a> {
    org: &'a str,
    /// Item key → (bookmark name, bookmark id): where references to the item link to.
    bookmarks: HashMap<&'a str, (String, usize)>,
}

pub fn document(doc: &Document, styles: &Styles, page: &PageSetup, section: &str) -> Written {
    let internal = doc.audience == Audience::Internal;
    let p = &doc.procurement;
    let org = p.organisation.as_str();
    // Hidden bookmarks (a leading underscore) numbered in document order: deterministic, and
    // within Word's 40-character limit whatever the ids look like.
    let bookmarks = doc
        .items()
        .enumerate()
        .map(|(i, item)| (item.key.as_str(), (format!("_kk{i}"), i)))
        .collect();
    let cx = Ctx { org, bookmarks };
    let mut b = Body::new(Root::Document, styles, page.text_width());

    b.text(Style::Title, &p.title);
    match labels::kind(doc) {
        Some(kind) if internal => b.paragraph(
            Style::Subtitle,
            &[strong(kind), text(&format!(" – {}", L.internal_warning))],
        ),
        Some(kind) => b.text(Style::Subtitle, kind),
        None => {}
    }
    let facts = [
        (L.organisation, Some(org)),
        (L.reference, p.reference.as_deref()),
        (L.date, p.date.as_deref()),
        (L.contact, p.contact.as_deref()),
    ];
    facts_table(&mut b, &[25, 75], &facts);
    if let Some(d) = &p.description {
        b.markdown(Style::Normal, d);
    }

    b.heading(1, L.sources);
    for c in &doc.catalogs {
        b.markdown(Style::Normal, &c.attribution);
    }
    b.table(&[42, 30, 12, 16], |b| {
        b.header_row(&[L.catalog, L.publisher, L.version, L.date]);
        for c in &doc.catalogs {
            b.row(|b| {
                b.text_cell(&c.title);
                b.text_cell(&c.publisher);
                b.text_cell(&c.version);
                b.text_cell(c.date.as_deref().unwrap_or(DASH));
            });
        }
    });
    for c in doc.catalogs.iter().filter(|c| c.numbering == Numbering::Assigned) {
        b.markdown(Style::Normal, &labels::numbering_note(&c.title));
    }
    for note in doc.catalogs.iter().filter_map(labels::inferred_note) {
        b.markdown(Style::Normal, &note);
    }
    b.markdown(Style::Normal, &labels::legend(doc));

    let c = &doc.counts;
    b.heading(1, L.summary);
    let mut rows = Vec::new();
    if c.ska + c.bor > 0 {
        rows.extend([(L.ska, c.ska), (L.bor, c.bor), (L.requirements_total, c.ska + c.bor)]);
    }
    for (label, n) in [
        (L.principles, c.principles),
        (L.recommendations, c.recommendations),
        (L.checklist_questions, c.checklist),
    ] {
        if n > 0 {
            rows.push((label, n));
        }
    }
    b.table(&[70, 30], |b| {
        b.header_row(&[L.content, L.count]);
        for (label, n) in rows {
            b.row(|b| {
                b.text_cell(label);
                b.text_cell(&n.to_string());
            });
        }
    });
    if let Some(e) = &doc.evaluation {
        evaluation(&mut b, doc, e, &cx);
    }
    if let Some(r) = &doc.readiness {
        b.heading(1, L.readiness);
        b.markdown(Style::Normal, L.readiness_note);
        b.table(&[30, 10, 10, 12, 12, 12, 14], |b| {
            b.header_row(&[
                L.area,
                L.klar,
                L.pagar,
                L.ej_paborjad,
                L.ej_aktuell,
                L.unrecorded,
                L.percent_klar,
            ]);
            let areas = r.areas.iter().map(|a| (a.area.as_str(), &a.counts));
            for (area, n) in areas.chain([(L.total, &r.total)]) {
                b.row(|b| {
                    b.text_cell(area);
                    for v in [n.klar, n.pagar, n.ej_paborjad, n.ej_aktuell, n.unrecorded] {
                        b.text_cell(&v.to_string());
                    }
                    b.text_cell(&labels::percent(n.percent_klar));
                });
            }
        });
    }

    for section in &doc.sections {
        b.heading(1, &section.title);
        for group in &section.categories {
            b.heading(2, &group.name);
            if let Some(d) = &group.description {
                b.markdown(Style::Normal, d);
            }
            items(&mut b, &group.items, &cx);
        }
    }
    if !doc.own.is_empty() {
        b.heading(1, &labels::own_heading(org));
        items(&mut b, &doc.own, &cx);
    }
    if internal {
        internal_tables(&mut b, doc, &cx);
    }
    b.finish(section)
}

/// The title block's table of facts (Uppgift | Värde); facts without a value are left out.
pub fn facts_table(b: &mut Body, widths: &[u32], facts: &[(&str, Option<&str>)]) {
    b.table(widths, |b| {
        b.header_row(&[L.fact, L.value]);
        for (label, value) in facts {
            if let Some(v) = value {
                b.row(|b| {
                    b.text_cell(label);
                    b.text_cell(v);
                });
            }
        }
    });
}

/// The page header: which procurement, and for the working copy that it is internal.
pub fn header(doc: &Document, styles: &Styles, page: &PageSetup) -> String {
    let p = &doc.procurement;
    let mut line = p.title.clone();
    if let Some(r) = &p.reference {
        line.push_str(&format!(" – {} {r}", L.reference));
    }
    if doc.audience == Audience::Internal {
        line.push_str(&format!(" – {}", L.internal));
    }
    page_header(&line, styles, page)
}

/// A page header of one line.
pub fn page_header(line: &str, styles: &Styles, page: &PageSetup) -> String {
    let mut b = Body::new(Root::Header, styles, page.text_width());
    b.text(Style::Header, line);
    b.finish("").xml
}

/// The page footer: "Sida N av M".
pub fn footer(styles: &Styles, page: &PageSetup) -> String {
    let mut b = Body::new(Root::Footer, styles, page.text_width());
    b.open_paragraph(Style::Footer);
    b.inlines(&[text(&format!("{} ", L.page))]);
    b.field("PAGE", "1");
    b.inlines(&[text(&format!(" {} ", L.of))]);
    b.field("NUMPAGES", "1");
    b.close_paragraph();
    b.finish("").xml
}

/// One table of items: a row each, never split across pages.
fn items(b: &mut Body, items: &[Item], cx: &Ctx) {
    b.table(&ITEM_COLUMNS, |b| {
        b.header_row(&[L.number, L.level, labels::items_column(items)]);
        for item in items {
            b.row(|b| {
                match cx.bookmarks.get(item.key.as_str()) {
                    Some((name, id)) => b.bookmarked_cell(&item.id, name, *id),
                    None => b.text_cell(&item.id),
                }
                b.text_cell(item.level.map_or(DASH, |l| l.as_str()));
                b.cell(|b| item_text(b, item, cx));
            });
        }
    });
}

/// A link to an item's row when it is in the document, else its label.
fn item_link(cx: &Ctx, key: Option<&str>, label: &str) -> Inline {
    match key.and_then(|k| cx.bookmarks.get(k)) {
        Some((name, _)) => Inline::Link {
            url: format!("#{name}"),
            content: vec![text(label)],
        },
        None => text(label),
    }
}

/// An item's cell, field by field as `item.md` has them; what the audience does not see is not
/// in its view of the document.
fn item_text(b: &mut Body, item: &Item, cx: &Ctx) {
    let t = Style::TableText;
    let label = |l: &str| format!("{l}:");
    if let Some(title) = &item.title {
        b.paragraph(t, &[strong(title)]);
    }
    b.text(Style::Provenance, &labels::provenance(item, cx.org));
    if let Some(note) = &item.level_note {
        b.labeled(t, &label(L.level_note), note);
    }
    if let Some(text) = &item.text {
        b.markdown(t, text);
    }
    for part in &item.parts {
        b.part(t, &format!("{})", part.label), &part.text);
    }
    for (l, value) in [
        (L.motive, &item.motive),
        (L.consequence, &item.consequence),
        (L.description, &item.description),
        (L.examples, &item.examples),
    ] {
        if let Some(v) = value {
            b.labeled(t, &label(l), v);
        }
    }
    if let Some(state) = &item.checklist {
        b.labeled(t, &label(L.status), &labels::status(state.status));
        if let Some(note) = &state.note {
            b.labeled(t, &label(L.checklist_note), note);
        }
    }
    if let Some(spec) = &item.specification {
        b.paragraph(Style::Specification, &[strong(&label(L.specification))]);
        b.markdown(Style::Specification, spec);
    }
    if let Some(e) = &item.evaluation {
        if let Some(text) = &e.text {
            b.labeled(t, &label(L.evaluation), text);
        }
        if let Some(v) = &e.verification {
            b.labeled(t, &label(L.verification), v);
        }
        if e.answer != AnswerType::JaNej {
            b.labeled(t, &label(L.answer_form), labels::answer_type(e.answer));
        }
    }
    if !item.references.is_empty() {
        let mut line = vec![emph(&label(L.references)), text(" ")];
        for (i, r) in item.references.iter().enumerate() {
            line.push(text(&format!("{} ", labels::relation(r.relation))));
            line.push(item_link(cx, r.key.as_deref().filter(|_| r.selected), &r.label));
            let mut rest = r.title.as_ref().map(|t| format!(" ({t})")).unwrap_or_default();
            if r.key.is_some() && !r.selected {
                rest.push_str(&format!(", {}", L.not_in_document));
            }
            if i + 1 < item.references.len() {
                rest.push_str("; ");
            }
            line.push(text(&rest));
        }
        b.paragraph(t, &line);
    }
    if let Some(original) = &item.original_text {
        b.paragraph(t, &[strong(&label(L.original_text))]);
        b.markdown(Style::Quote, original);
    }
    if let Some(reason) = item.changes.first().and_then(|c| c.reason.as_ref()) {
        b.labeled(t, &label(L.change_reason), reason);
    }
    for (l, value) in [
        (L.specify, &item.specify),
        (L.guidance, &item.guidance),
        (L.left_out_when, &item.left_out_when),
        (L.own_reason, &item.reason),
        (L.source_note, &item.note),
    ] {
        if let Some(v) = value {
            b.labeled(t, &label(l), v);
        }
    }
}

/// The model: its rule, the value of each Bör requirement (or the criteria and their points),
/// and, when the audience sees it (the working copy), the most a tender can gain.
fn evaluation(b: &mut Body, doc: &Document, e: &Evaluation, cx: &Ctx) {
    let Some(model) = e.model else { return };
    b.heading(1, L.evaluation);
    b.text(Style::Normal, e.rule.as_deref().unwrap_or_default());
    if let Some(price) = &e.price {
        b.table(&[25, 15, 60], |b| {
            b.header_row(&[L.criterion, L.weight, L.criterion_items]);
            b.row(|b| {
                b.text_cell(L.price);
                b.text_cell(&price.weight.text);
                b.text_cell(&labels::price_scale(&price.full.text, &price.zero.text));
            });
            for c in &e.criteria {
                b.row(|b| {
                    b.text_cell(&c.name);
                    b.text_cell(&c.weight.text);
                    b.cell(|b| {
                        let mut line = Vec::new();
                        for (n, i) in c.items.iter().enumerate() {
                            line.push(item_link(cx, Some(&i.key), &i.id));
                            let sep = if n + 1 < c.items.len() { "; " } else { "" };
                            line.push(text(&format!(": {}{sep}", i.points.text)));
                        }
                        b.paragraph(Style::TableText, &line);
                    });
                });
            }
        });
    } else {
        let heading = labels::value_column(model);
        let several = doc.catalogs.len() > 1;
        b.table(&[40, 60], |b| {
            b.header_row(&[L.requirement, heading]);
            for item in doc.items() {
                let Some(value) = item.evaluation.as_ref().and_then(|e| e.value.as_ref()) else {
                    continue;
                };
                let label = if several && item.catalog.is_some() {
                    &item.key
                } else {
                    &item.id
                };
                b.row(|b| {
                    b.cell(|b| b.paragraph(Style::TableText, &[item_link(cx, Some(&item.key), label)]));
                    b.text_cell(&value.text);
                });
            }
        });
    }
    if let Some(max) = &e.maximum {
        b.paragraph(
            Style::Normal,
            &[
                strong(&format!("{}:", labels::maximum(model))),
                text(&format!(" {}", labels::maximum_value(model, max))),
            ],
        );
    }
}

/// The working copy's tables: traceability, deviations, own items' reasons, exclusions and
/// unselected items.
fn internal_tables(b: &mut Body, doc: &Document, cx: &Ctx) {
    let md_or_dash = |b: &mut Body, v: &Option<String>| b.markdown_cell(v.as_deref().unwrap_or(DASH));

    if !doc.traceability.is_empty() {
        b.heading(1, L.traceability);
        b.text(Style::Normal, L.traceability_note);
        b.table(&[35, 65], |b| {
            b.header_row(&[L.principle, L.related]);
            for t in &doc.traceability {
                b.row(|b| {
                    b.cell(|b| {
                        let mut line = vec![item_link(cx, Some(&t.key), &t.id)];
                        line.extend(t.title.as_ref().map(|title| text(&format!(" {title}"))));
                        b.paragraph(Style::TableText, &line);
                    });
                    b.cell(|b| {
                        let mut line = Vec::new();
                        for (i, r) in t.related.iter().enumerate() {
                            line.push(item_link(cx, Some(&r.key), &r.label));
                            let mut rest = r.title.as_ref().map(|title| format!(" {title}")).unwrap_or_default();
                            if i + 1 < t.related.len() {
                                rest.push_str("; ");
                            }
                            line.push(text(&rest));
                        }
                        if line.is_empty() {
                            line.push(text(DASH));
                        }
                        b.paragraph(Style::TableText, &line);
                    });
                });
            }
        });
    }

    b.heading(1, L.deviations);
    if doc.deviations.is_empty() {
        b.text(Style::Normal, L.no_deviations);
    } else {
        b.table(&[18, 19, 19, 20, 24], |b| {
            b.header_row(&[L.id, L.change, L.from, L.to, L.reason]);
            for d in &doc.deviations {
                b.row(|b| {
                    b.text_cell(&d.key);
                    b.text_cell(labels::change(d.change.kind));
                    md_or_dash(b, &d.change.from);
                    md_or_dash(b, &d.change.to);
                    md_or_dash(b, &d.change.reason);
                });
            }
        });
    }

    if !doc.own.is_empty() {
        b.heading(1, L.own_reasons);
        b.table(&[18, 10, 72], |b| {
            b.header_row(&[L.id, L.level, L.reason]);
            for item in &doc.own {
                b.row(|b| {
                    b.text_cell(&item.id);
                    b.text_cell(item.level.map_or(DASH, |l| l.as_str()));
                    md_or_dash(b, &item.reason);
                });
            }
        });
    }

    b.heading(1, L.excluded);
    if doc.excluded.is_empty() {
        b.text(Style::Normal, L.nothing_excluded);
    } else {
        b.table(&[18, 8, 40, 34], |b| {
            b.header_row(&[L.id, L.level, L.content, L.reason]);
            for e in &doc.excluded {
                b.row(|b| {
                    b.text_cell(&e.key);
                    b.text_cell(e.level.map_or(DASH, |l| l.as_str()));
                    b.markdown_cell(&e.summary);
                    b.markdown_cell(&e.reason);
                });
            }
        });
    }

    b.heading(1, L.unselected);
    if doc.unselected.is_empty() {
        b.text(Style::Normal, L.all_selected);
    } else {
        b.table(&[18, 8, 20, 54], |b| {
            b.header_row(&[L.id, L.level, L.category, L.content]);
            for u in &doc.unselected {
                b.row(|b| {
                    b.text_cell(&u.key);
                    b.text_cell(u.level.map_or(DASH, |l| l.as_str()));
                    b.text_cell(&u.category);
                    b.markdown_cell(&u.summary);
                });
            }
        });
    }
}

pub(super) fn text(s: &str) -> Inline {
    Inline::Text(s.to_owned())
}

pub(super) fn strong(s: &str) -> Inline {
    Inline::Strong(vec![text(s)])
}

fn emph(s: &str) -> Inline {
    Inline::Emph(vec![text(s)])
}
