//! Evaluation: a pure function from the resolved document and the checked answer sheets to the
//! evaluation report (utvärderingsprotokoll). Per tender: the Ska requirements not met (grounds
//! for rejection), each Bör requirement with its answer and what it is credited, the tender
//! price and the comparison figure under the profile's model, and the ranking. Every figure is
//! exact — whole öre, hundredths of a percent or of a point — and is compared as it is shown.

use std::cmp::Ordering;

use serde::Serialize;

use crate::amount::{self, Hundredths, mul_div};
use crate::answers::{Answer, Tender as Sheet};
use crate::catalog::Level;
use crate::document::{self, AnswerType, Currency, Document, Figure, Model};
use crate::profile::Procurement;
use crate::sheet;

/// The report `kravkat evaluate` renders.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub procurement: Procurement,
    /// The fingerprint every evaluated sheet carries.
    pub fingerprint: String,
    /// The model, its rule and values, as the appendix published them.
    pub evaluation: document::Evaluation,
    /// What the comparison figure is called: `Jämförelsetal` or `Totalpoäng`.
    pub figure: &'static str,
    pub ska: usize,
    pub bor: usize,
    /// Ranked tenders first, best first; then the rejected ones.
    pub tenders: Vec<Tender>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Tender {
    pub supplier: String,
    /// The answer sheet, as it was named on the command line.
    pub file: String,
    pub price: Figure,
    pub rejected: bool,
    /// The Ska requirements not met: grounds for rejection.
    pub rejections: Vec<Finding>,
    /// Every Bör requirement, with its answer and what it is credited.
    pub bor: Vec<BorResult>,
    /// What the fulfilled Bör requirements are worth together: mervärde in money, a percentage,
    /// or quality points.
    pub credited: Figure,
    /// `procent`: the deduction in money; `poäng`: the price's points.
    pub price_part: Option<Figure>,
    /// `poäng`: the points of each criterion.
    pub criteria: Vec<CriterionScore>,
    /// The jämförelsetal (lowest first) or the total points (highest first); none when rejected.
    pub comparison: Option<Figure>,
    /// The place, from 1; tenders with the same comparison figure share it.
    pub rank: Option<usize>,
    pub shared: bool,
    /// What the supplier wrote beside a Ja, for the buyer to verify.
    pub review: Vec<Review>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub id: String,
    pub key: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct BorResult {
    pub id: String,
    pub key: String,
    pub value: Figure,
    pub criterion: Option<String>,
    pub fulfilled: bool,
    /// Why it is not credited: "Svaret är Nej.", "Inget svar." …
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CriterionScore {
    pub name: String,
    pub points: Figure,
    pub weight: Figure,
}

#[derive(Debug, Clone, Serialize)]
pub struct Review {
    pub id: String,
    pub level: Level,
    pub answer: AnswerType,
    pub verification: Option<String>,
    pub description: String,
    pub reference: String,
}

/// Evaluates the tenders. `doc` must have a model (the command checks), and every tender was
/// read against `sheet`, `doc`'s answer sheet, row for row.
pub fn evaluate(doc: &Document, sheet: &sheet::Sheet, tenders: &[Sheet]) -> Report {
    let model = doc.evaluation.clone().expect("evaluate needs a model");
    let kind = model.model.expect("evaluate needs a model");
    let rows = &sheet.rows;
    let values: Vec<Option<&document::ItemEvaluation>> = doc
        .items()
        .filter(|i| i.level.is_some())
        .map(|i| i.evaluation.as_ref())
        .collect();
    let mut out: Vec<Tender> = tenders.iter().map(|t| tender(&model, kind, rows, &values, t)).collect();
    rank(&mut out, kind);
    Report {
        procurement: doc.procurement.clone(),
        fingerprint: sheet.fingerprint.clone(),
        figure: match kind {
            Model::Poang => "Totalpoäng",
            _ => "Jämförelsetal",
        },
        ska: doc.counts.ska,
        bor: doc.counts.bor,
        evaluation: model,
        tenders: out,
    }
}

/// Whether an answer fulfils its requirement, and if not, why (in Swedish, for the report).
fn judge(answer: &Answer, answer_type: AnswerType) -> Result<(), &'static str> {
    match answer.fulfilled {
        None => Err("Inget svar."),
        Some(false) => Err("Svaret är Nej."),
        Some(true) => match answer_type {
            AnswerType::Fritext if answer.description.is_empty() => Err("Svaret är Ja, men beskrivningen saknas."),
            AnswerType::Tal if answer.description.is_empty() => Err("Svaret är Ja, men talet saknas."),
            AnswerType::Bilaga if answer.reference.is_empty() => {
                Err("Svaret är Ja, men hänvisningen till bilagan saknas.")
            }
            _ => Ok(()),
        },
    }
}

fn money(h: Hundredths, currency: Currency) -> Figure {
    Figure {
        hundredths: h,
        text: amount::money(h, currency.unit()),
    }
}

fn points(h: Hundredths) -> Figure {
    Figure {
        hundredths: h,
        text: amount::points(h),
    }
}

fn tender(
    model: &document::Evaluation,
    kind: Model,
    rows: &[sheet::Row],
    values: &[Option<&document::ItemEvaluation>],
    t: &Sheet,
) -> Tender {
    let mut rejections = Vec::new();
    let mut bor = Vec::new();
    let mut review = Vec::new();
    for ((row, answer), evaluation) in rows.iter().zip(&t.answers).zip(values) {
        let verdict = judge(answer, row.answer);
        match row.level {
            Level::Ska => {
                if let Err(reason) = verdict {
                    rejections.push(Finding {
                        id: row.id.clone(),
                        key: row.key.clone(),
                        reason: reason.into(),
                    });
                }
            }
            Level::Bor => {
                let e = evaluation.expect("a Bör requirement under a model has a value");
                bor.push(BorResult {
                    id: row.id.clone(),
                    key: row.key.clone(),
                    value: e.value.clone().expect("a Bör requirement under a model has a value"),
                    criterion: e.criterion.clone(),
                    fulfilled: verdict.is_ok(),
                    reason: verdict.err().map(str::to_owned),
                });
            }
        }
        if answer.fulfilled == Some(true) && !(answer.description.is_empty() && answer.reference.is_empty()) {
            review.push(Review {
                id: row.id.clone(),
                level: row.level,
                answer: row.answer,
                verification: evaluation.and_then(|e| e.verification.clone()),
                description: answer.description.clone(),
                reference: answer.reference.clone(),
            });
        }
    }
    let credited: Hundredths = bor.iter().filter(|b| b.fulfilled).map(|b| b.value.hundredths).sum();
    let currency = model.currency;
    let price = t.price;
    let (credited, price_part, criteria, comparison) = match kind {
        Model::Mervarde => (
            money(credited, currency),
            None,
            Vec::new(),
            money(price - credited, currency),
        ),
        Model::Procent => {
            let deduction = mul_div(price, credited, 100 * 100);
            let credited = Figure {
                hundredths: credited,
                text: amount::percent(credited),
            };
            (
                credited,
                Some(money(deduction, currency)),
                Vec::new(),
                money(price - deduction, currency),
            )
        }
        Model::Poang => {
            let scale = model.price.as_ref().expect("the poäng model has a price scale");
            let (weight, full, zero) = (scale.weight.hundredths, scale.full.hundredths, scale.zero.hundredths);
            let price_points = if price <= full {
                weight
            } else if price >= zero {
                0
            } else {
                mul_div(weight, zero - price, zero - full)
            };
            let criteria: Vec<CriterionScore> = model
                .criteria
                .iter()
                .map(|c| {
                    let earned: Hundredths = bor
                        .iter()
                        .filter(|b| b.fulfilled && b.criterion.as_deref() == Some(c.name.as_str()))
                        .map(|b| b.value.hundredths)
                        .sum();
                    CriterionScore {
                        name: c.name.clone(),
                        points: points(mul_div(c.weight.hundredths, earned, c.points.hundredths.max(1))),
                        weight: c.weight.clone(),
                    }
                })
                .collect();
            let quality: Hundredths = criteria.iter().map(|c| c.points.hundredths).sum();
            (
                points(quality),
                Some(points(price_points)),
                criteria,
                points(price_points + quality),
            )
        }
    };
    let rejected = !rejections.is_empty();
    Tender {
        supplier: t.supplier.clone(),
        file: t.file.display().to_string(),
        price: money(price, currency),
        rejected,
        rejections,
        bor,
        credited,
        price_part,
        criteria,
        comparison: (!rejected).then_some(comparison),
        rank: None,
        shared: false,
        review,
    }
}

/// Orders the tenders — ranked best first, then the rejected — and gives each ranked tender its
/// place. Equal comparison figures share a place, the next place skipping as many (1, 1, 3);
/// within a place tenders are listed by supplier name, then file, so the order is stable.
fn rank(tenders: &mut [Tender], kind: Model) {
    let key = |t: &Tender| t.comparison.as_ref().map(|c| c.hundredths);
    tenders.sort_by(|a, b| {
        let by_figure = match (key(a), key(b)) {
            (Some(x), Some(y)) if kind == Model::Poang => y.cmp(&x),
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        by_figure
            .then_with(|| a.supplier.cmp(&b.supplier))
            .then_with(|| a.file.cmp(&b.file))
    });
    let figures: Vec<Option<Hundredths>> = tenders.iter().map(key).collect();
    for (i, t) in tenders.iter_mut().enumerate() {
        let Some(figure) = figures[i] else { continue };
        let first = figures.iter().position(|f| *f == Some(figure)).expect("it is there");
        t.rank = Some(first + 1);
        t.shared = figures.iter().filter(|f| **f == Some(figure)).count() > 1;
    }
}
