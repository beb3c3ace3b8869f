//! What the DOCX says: per audience the same content as `templates/appendix.md` and
//! `templates/item.md`, with the same Swedish labels, but each category's requirements as one
//! table (Nr | Nivå | Krav) whose header row repeats on every page.

use super::body::{Body, Root, Written};
use super::reference::PageSetup;
use super::styles::{Style, Styles};
use std::collections::HashMap;

use crate::catalog::{Kind, Numbering};
use crate::document::{AnswerType, Document, Evaluation, Item, Model};
use crate::markup::Inline;
use crate::render::{Audience, labels};

const DASH: &str = "–";
/// Nr | Nivå | Krav, in percent of the line.
const ITEM_COLUMNS: [u32; 3] = [11, 8, 81];

/// What every item needs to know of the document around it.
struct Ctx<'a> {
    org: &'a str,
    audience: Audience,
    /// Item key → (bookmark name, bookmark id): where references to the item link to.
    bookmarks: HashMap<&'a str, (String, usize)>,
}

pub fn document(doc: &Document, audience: Audience, styles: &Styles, page: &PageSetup, section: &str) -> Written {
    let internal = audience == Audience::Internal;
    let p = &doc.procurement;
    let org = p.organisation.as_str();
    // Hidden bookmarks (a leading underscore) numbered in document order: deterministic, and
    // within Word's 40-character limit whatever the ids look like.
    let bookmarks = doc
        .items()
        .enumerate()
        .map(|(i, item)| (item.key.as_str(), (format!("_kk{i}"), i)))
        .collect();
    let cx = Ctx {
        org,
        audience,
        bookmarks,
    };
    let mut b = Body::new(Root::Document, styles, page.text_width());

    b.text(Style::Title, &p.title);
    if internal {
        b.paragraph(
            Style::Subtitle,
            &[
                strong("Internt arbetsunderlag"),
                text(" – innehåller vägledning och avvikelselogg. Lämnas inte ut till leverantörer."),
            ],
        );
    } else {
        b.text(Style::Subtitle, "Kravbilaga");
    }
    let facts = [
        ("Organisation", Some(org)),
        ("Diarienummer", p.reference.as_deref()),
        ("Datum", p.date.as_deref()),
        ("Kontakt", p.contact.as_deref()),
    ];
    facts_table(&mut b, &[25, 75], &facts);
    if let Some(d) = &p.description {
        b.markdown(Style::Normal, d);
    }

    b.heading(1, "Källor");
    for c in &doc.catalogs {
        b.markdown(Style::Normal, &c.attribution);
    }
    b.table(&[42, 30, 12, 16], |b| {
        b.header_row(&["Katalog", "Utgivare", "Version", "Datum"]);
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
        b.text(
            Style::Normal,
            &format!("Numreringen av punkterna i {} är kravkats, inte utgivarens.", c.title),
        );
    }
    let c = &doc.counts;
    let mut explained = vec![text("Varje punkt anges med sitt id i källkatalogen.")];
    if c.adapted > 0 {
        explained.extend([
            text(" "),
            emph("Anpassat"),
            text(" betyder att köparen har ändrat nivå eller lydelse jämfört med katalogen."),
        ]);
    }
    if c.specified > 0 {
        explained.extend([
            text(" "),
            emph("Köparens specificering"),
            text(" är köparens tillägg till katalogens text."),
        ]);
    }
    if !doc.own.is_empty() {
        explained.extend([
            text(" "),
            emph("Eget krav"),
            text(&format!(
                " är ett krav som {org} själv har lagt till och som inte kommer från någon katalog."
            )),
        ]);
    }
    b.paragraph(Style::Normal, &explained);

    b.heading(1, "Sammanställning");
    let mut rows = Vec::new();
    if c.ska + c.bor > 0 {
        rows.extend([
            ("Ska (obligatoriskt krav)", c.ska),
            ("Bör (önskvärt krav, utvärderas)", c.bor),
            ("Totalt antal krav", c.ska + c.bor),
        ]);
    }
    for (label, n) in [
        ("Principer", c.principles),
        ("Rekommendationer", c.recommendations),
        ("Checklistfrågor", c.checklist),
    ] {
        if n > 0 {
            rows.push((label, n));
        }
    }
    b.table(&[70, 30], |b| {
        b.header_row(&["Innehåll", "Antal"]);
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
        b.heading(1, "Status per fokusområde");
        b.paragraph(
            Style::Normal,
            &[
                text("Andel klar räknas på de frågor som är aktuella, det vill säga alla utom de som är "),
                emph("ej aktuella"),
                text("."),
            ],
        );
        b.table(&[30, 10, 10, 12, 12, 12, 14], |b| {
            b.header_row(&[
                "Fokusområde",
                "Klar",
                "Pågår",
                "Ej påbörjad",
                "Ej aktuell",
                "Ej angiven",
                "Andel klar",
            ]);
            let areas = r.areas.iter().map(|a| (a.area.as_str(), &a.counts));
            for (area, n) in areas.chain([("Totalt", &r.total)]) {
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
            if internal && let Some(d) = &group.description {
                b.markdown(Style::Normal, d);
            }
            items(&mut b, &group.items, &cx);
        }
    }
    if !doc.own.is_empty() {
        b.heading(1, &format!("Egna krav – {org}"));
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
        b.header_row(&["Uppgift", "Värde"]);
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
pub fn header(doc: &Document, audience: Audience, styles: &Styles, page: &PageSetup) -> String {
    let p = &doc.procurement;
    let mut line = p.title.clone();
    if let Some(r) = &p.reference {
        line.push_str(&format!(" – Diarienummer {r}"));
    }
    if audience == Audience::Internal {
        line.push_str(" – Internt arbetsunderlag");
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
    b.inlines(&[text("Sida ")]);
    b.field("PAGE", "1");
    b.inlines(&[text(" av ")]);
    b.field("NUMPAGES", "1");
    b.close_paragraph();
    b.finish("").xml
}

/// One table of items: a row each, never split across pages.
fn items(b: &mut Body, items: &[Item], cx: &Ctx) {
    let heading = if items.iter().all(|i| i.kind == Kind::Requirement) {
        "Krav"
    } else {
        "Innehåll"
    };
    b.table(&ITEM_COLUMNS, |b| {
        b.header_row(&["Nr", "Nivå", heading]);
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

fn item_text(b: &mut Body, item: &Item, cx: &Ctx) {
    let t = Style::TableText;
    let internal = cx.audience == Audience::Internal;
    if let Some(title) = &item.title {
        b.paragraph(t, &[strong(title)]);
    }
    b.text(Style::Provenance, &labels::provenance(item, cx.org));
    if let Some(text) = &item.text {
        b.markdown(t, text);
    }
    for part in &item.parts {
        b.part(t, &format!("{})", part.label), &part.text);
    }
    for (label, value) in [
        ("Motiv:", &item.motive),
        ("Konsekvens:", &item.consequence),
        ("Beskrivning:", &item.description),
        ("Exempel:", &item.examples),
    ] {
        if let Some(v) = value {
            b.labeled(t, label, v);
        }
    }
    if let Some(state) = &item.checklist {
        b.labeled(t, "Status:", &labels::status(state.status));
        if let Some(note) = &state.note {
            b.labeled(t, "Anteckning:", note);
        }
    }
    if let Some(spec) = &item.specification {
        b.paragraph(Style::Specification, &[strong("Köparens specificering:")]);
        b.markdown(Style::Specification, spec);
    }
    if let Some(e) = &item.evaluation {
        if let Some(text) = &e.text {
            b.labeled(t, "Utvärdering:", text);
        }
        if let Some(v) = &e.verification {
            b.labeled(t, "Så visas att kravet uppfylls:", v);
        }
        if e.answer != AnswerType::JaNej {
            b.labeled(t, "Svarsform:", labels::answer_type(e.answer));
        }
    }
    let shown: Vec<_> = item
        .references
        .iter()
        .filter(|r| labels::shown(cx.audience, r))
        .collect();
    if !shown.is_empty() {
        let mut line = vec![emph("Hänvisningar:"), text(" ")];
        for (i, r) in shown.iter().enumerate() {
            line.push(text(&format!("{} ", labels::relation(r.relation))));
            line.push(item_link(cx, r.key.as_deref().filter(|_| r.selected), &r.label));
            let mut rest = r.title.as_ref().map(|t| format!(" ({t})")).unwrap_or_default();
            if r.key.is_some() && !r.selected {
                rest.push_str(", som inte ingår i underlaget");
            }
            if i + 1 < shown.len() {
                rest.push_str("; ");
            }
            line.push(text(&rest));
        }
        b.paragraph(t, &line);
    }
    if !internal {
        return;
    }
    if let Some(original) = &item.original_text {
        b.paragraph(t, &[strong("Katalogens lydelse:")]);
        b.markdown(Style::Quote, original);
    }
    if let Some(reason) = item.changes.first().and_then(|c| c.reason.as_ref()) {
        b.labeled(t, "Motivering till ändringen:", reason);
    }
    for (label, value) in [
        ("Specificera eller utöka kravet (katalogens råd):", &item.specify),
        ("Vägledning:", &item.guidance),
        ("Motivering:", &item.reason),
        ("Anmärkning om källan:", &item.note),
    ] {
        if let Some(v) = value {
            b.labeled(t, label, v);
        }
    }
}

/// The model: its rule, the value of each Bör requirement (or the criteria and their points),
/// and for the working copy the most a tender can gain.
fn evaluation(b: &mut Body, doc: &Document, e: &Evaluation, cx: &Ctx) {
    let Some(model) = e.model else { return };
    b.heading(1, "Utvärdering");
    b.text(Style::Normal, e.rule.as_deref().unwrap_or_default());
    if let Some(price) = &e.price {
        b.table(&[25, 15, 60], |b| {
            b.header_row(&["Kriterium", "Vikt", "Krav och poäng"]);
            b.row(|b| {
                b.text_cell("Pris");
                b.text_cell(&price.weight.text);
                b.text_cell(&format!(
                    "{} eller lägre: full poäng; {} eller högre: ingen poäng",
                    price.full.text, price.zero.text
                ));
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
        let heading = match model {
            Model::Mervarde => "Mervärde om kravet uppfylls",
            _ => "Avdrag om kravet uppfylls",
        };
        let several = doc.catalogs.len() > 1;
        b.table(&[40, 60], |b| {
            b.header_row(&["Krav", heading]);
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
    if cx.audience == Audience::Internal
        && let Some(max) = &e.maximum
    {
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
        b.heading(1, "Spårbarhet");
        b.text(
            Style::Normal,
            "Krav och rekommendationer i underlaget som hänvisar till en vald princip, eller som principen hänvisar till.",
        );
        b.table(&[35, 65], |b| {
            b.header_row(&["Princip", "Relaterade krav och rekommendationer"]);
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

    b.heading(1, "Avvikelselogg");
    if doc.deviations.is_empty() {
        b.text(Style::Normal, "Inga avvikelser från katalogerna.");
    } else {
        b.table(&[18, 19, 19, 20, 24], |b| {
            b.header_row(&["Id", "Ändring", "Från", "Till", "Motivering"]);
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
        b.heading(1, "Egna krav – motivering");
        b.table(&[18, 10, 72], |b| {
            b.header_row(&["Id", "Nivå", "Motivering"]);
            for item in &doc.own {
                b.row(|b| {
                    b.text_cell(&item.id);
                    b.text_cell(item.level.map_or(DASH, |l| l.as_str()));
                    md_or_dash(b, &item.reason);
                });
            }
        });
    }

    b.heading(1, "Undantagna krav");
    if doc.excluded.is_empty() {
        b.text(Style::Normal, "Inga krav har undantagits.");
    } else {
        b.table(&[18, 8, 40, 34], |b| {
            b.header_row(&["Id", "Nivå", "Krav", "Motivering"]);
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

    b.heading(1, "Ej valda krav");
    if doc.unselected.is_empty() {
        b.text(Style::Normal, "Alla krav i katalogerna är valda.");
    } else {
        b.table(&[18, 8, 20, 54], |b| {
            b.header_row(&["Id", "Nivå", "Kategori", "Krav"]);
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
