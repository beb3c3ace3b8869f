//! What the evaluation report's DOCX says: the content of `templates/evaluation.md`, with the
//! same Swedish labels, in the appendix's styles and tables. What suppliers wrote is written as
//! plain text, never parsed as Markdown.

use super::appendix::{facts_table, strong, text};
use super::body::{Body, Root, Written};
use super::reference::PageSetup;
use super::styles::{Style, Styles};
use crate::document::Model;
use crate::evaluation::{Report, Tender};

const DASH: &str = "–";

pub fn document(report: &Report, styles: &Styles, page: &PageSetup, section: &str) -> Written {
    let p = &report.procurement;
    let e = &report.evaluation;
    let model = e.model.expect("a report has a model");
    let mut b = Body::new(Root::Document, styles, page.text_width());
    b.text(Style::Title, &format!("Utvärderingsprotokoll – {}", p.title));
    b.paragraph(
        Style::Subtitle,
        &[
            strong("Internt arbetsunderlag"),
            text(" – anbudens utvärdering enligt profilens utvärderingsmodell."),
        ],
    );
    let count = report.tenders.len().to_string();
    let facts = [
        ("Organisation", Some(p.organisation.as_str())),
        ("Diarienummer", p.reference.as_deref()),
        ("Antal anbud", Some(count.as_str())),
        ("Svarsbilagans fingeravtryck", Some(report.fingerprint.as_str())),
    ];
    facts_table(&mut b, &[30, 70], &facts);
    b.heading(1, "Utvärderingsmodell");
    b.text(Style::Normal, e.rule.as_deref().unwrap_or_default());
    ranking(&mut b, report, model);
    for t in &report.tenders {
        tender(&mut b, report, model, t);
    }
    b.finish(section)
}

fn ranking(b: &mut Body, report: &Report, model: Model) {
    b.heading(1, "Rangordning");
    let middle: &[&str] = match model {
        Model::Mervarde => &["Mervärde"],
        Model::Procent => &["Avdrag", "Avdrag i pengar"],
        Model::Poang => &["Prispoäng", "Kvalitetspoäng"],
    };
    let mut headers = vec!["Plats", "Leverantör", "Anbudspris"];
    headers.extend(middle);
    headers.push(report.figure);
    let widths: &[u32] = if middle.len() == 1 {
        &[14, 34, 18, 16, 18]
    } else {
        &[12, 28, 16, 14, 14, 16]
    };
    b.table(widths, |b| {
        b.header_row(&headers);
        for t in &report.tenders {
            b.row(|b| {
                b.text_cell(&place(t));
                b.text_cell(&t.supplier);
                b.text_cell(&t.price.text);
                let cells: Vec<String> = if t.rejected {
                    vec![DASH.to_owned(); middle.len() + 1]
                } else {
                    let part = t.price_part.as_ref().map_or(DASH, |f| f.text.as_str()).to_owned();
                    let mut cells = match model {
                        Model::Mervarde => vec![t.credited.text.clone()],
                        Model::Procent => vec![t.credited.text.clone(), part],
                        Model::Poang => vec![part, t.credited.text.clone()],
                    };
                    cells.push(t.comparison.as_ref().map_or(DASH, |f| f.text.as_str()).to_owned());
                    cells
                };
                for c in cells {
                    b.text_cell(&c);
                }
            });
        }
    });
    if report.tenders.iter().any(|t| t.shared) {
        b.text(
            Style::Normal,
            &format!(
                "Anbud med samma {} delar placering; hur de skiljs åt avgörs enligt upphandlingsdokumenten.",
                report.figure.to_lowercase()
            ),
        );
    }
}

fn place(t: &Tender) -> String {
    match (t.rejected, t.rank) {
        (true, _) | (_, None) => "Förkastas".to_owned(),
        (false, Some(r)) if t.shared => format!("{r} (delad)"),
        (false, Some(r)) => r.to_string(),
    }
}

fn tender(b: &mut Body, report: &Report, model: Model, t: &Tender) {
    let heading = match t.rank.filter(|_| !t.rejected) {
        Some(r) => format!("{r}. {}", t.supplier),
        None => format!("Förkastas {}", t.supplier),
    };
    b.heading(1, &heading);
    b.text(
        Style::Normal,
        &format!("Svarsbilaga: {}. Anbudspris: {}.", t.file, t.price.text),
    );
    if t.rejected {
        b.paragraph(
            Style::Normal,
            &[
                strong("Anbudet förkastas."),
                text(&format!(
                    " {} av {} ska-krav uppfylls inte:",
                    t.rejections.len(),
                    report.ska
                )),
            ],
        );
        b.table(&[30, 70], |b| {
            b.header_row(&["Ska-krav", "Skäl"]);
            for f in &t.rejections {
                b.row(|b| {
                    b.text_cell(&f.id);
                    b.text_cell(&f.reason);
                });
            }
        });
    } else {
        let figure = t.comparison.as_ref().map_or(DASH, |f| f.text.as_str());
        b.paragraph(
            Style::Normal,
            &[
                text(&format!("Alla {} ska-krav uppfylls. {}: ", report.ska, report.figure)),
                strong(figure),
                text("."),
            ],
        );
    }
    let points = model == Model::Poang;
    if !t.bor.is_empty() && !t.rejected {
        let (headers, widths): (&[&str], &[u32]) = if points {
            (
                &["Bör-krav", "Kriterium", "Poäng", "Uppfylls", "Tillgodoräknas"],
                &[16, 20, 14, 32, 18],
            )
        } else {
            (&["Bör-krav", "Värde", "Uppfylls", "Tillgodoräknas"], &[20, 20, 40, 20])
        };
        b.table(widths, |b| {
            b.header_row(headers);
            for r in &t.bor {
                b.row(|b| {
                    b.text_cell(&r.id);
                    if points {
                        b.text_cell(r.criterion.as_deref().unwrap_or(DASH));
                    }
                    b.text_cell(&r.value.text);
                    match &r.reason {
                        None => b.text_cell("Ja"),
                        Some(why) => b.text_cell(&format!("Nej – {why}")),
                    }
                    b.text_cell(if r.fulfilled { &r.value.text } else { DASH });
                });
            }
        });
    }
    if !t.criteria.is_empty() {
        let e = &report.evaluation;
        b.table(&[50, 25, 25], |b| {
            b.header_row(&["Kriterium", "Vikt", "Poäng"]);
            b.row(|b| {
                b.text_cell("Pris");
                b.text_cell(e.price.as_ref().map_or(DASH, |p| p.weight.text.as_str()));
                b.text_cell(t.price_part.as_ref().map_or(DASH, |p| p.text.as_str()));
            });
            for c in &t.criteria {
                b.row(|b| {
                    b.text_cell(&c.name);
                    b.text_cell(&c.weight.text);
                    b.text_cell(&c.points.text);
                });
            }
        });
    }
    if !t.review.is_empty() {
        b.text(
            Style::Normal,
            "Att granska – det leverantören anger för kraven den svarar Ja på:",
        );
        b.table(&[12, 30, 36, 22], |b| {
            b.header_row(&["Krav", "Så visas att kravet uppfylls", "Beskrivning", "Hänvisning"]);
            for r in &t.review {
                b.row(|b| {
                    b.text_cell(&r.id);
                    match &r.verification {
                        Some(v) => b.markdown_cell(v),
                        None => b.text_cell(DASH),
                    }
                    b.text_cell(if r.description.is_empty() { DASH } else { &r.description });
                    b.text_cell(if r.reference.is_empty() { DASH } else { &r.reference });
                });
            }
        });
    }
}
