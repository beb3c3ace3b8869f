//! The `evaluation` section of a profile: the model, the value of each Bör requirement, how each
//! requirement is answered. Checked against the items of the document with their levels after
//! the profile's changes; every broken rule points at the line that breaks it.

use std::collections::HashMap;

use serde_saphyr::Spanned;

use super::{Addr, Ctx, kind_name};
use crate::amount::{self, Hundredths};
use crate::catalog::Level;
use crate::diagnostic::{Pos, did_you_mean};
use crate::document::{
    AnswerType, Criterion, CriterionItem, Currency, Evaluation, Figure, ItemEvaluation, Model, PriceScale,
};
use crate::profile::{self, Change as ProfileChange};
use crate::render::labels;
use crate::yaml::{self, SpannedMap};

/// An item the section can name: a catalogue item, or the n-th own item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Target {
    Catalog(Addr),
    Own(usize),
}

/// The checked section: the model as the document states it, and what it says per requirement.
pub(super) struct Checked {
    pub model: Evaluation,
    pub items: HashMap<Target, ItemEvaluation>,
}

/// A requirement of the document: where it is, how the profile names it, its level.
#[derive(Clone)]
struct Requirement {
    target: Target,
    /// The document's key (`jonkoping:1.12`, `VK-1`).
    key: String,
    /// How a message names it: the id, qualified when the profile uses several catalogues.
    name: String,
    id: String,
    level: Level,
}

/// What the section needs to know of the document.
struct Doc<'a> {
    /// Every requirement (an item with a level) in the document, in document order.
    requirements: Vec<Requirement>,
    in_document: &'a dyn Fn(&Addr) -> bool,
}

/// Checks the section, when the profile has one. `in_document` tells the catalogue items the
/// document has; `changes` gives their new levels.
pub(super) fn check(
    cx: &mut Ctx,
    in_document: &impl Fn(&Addr) -> bool,
    changes: &HashMap<Addr, &ProfileChange>,
) -> Option<Checked> {
    let section = cx.profile().evaluation.as_ref()?;
    let e = &section.value;
    let doc = Doc {
        requirements: requirements(cx, in_document, changes),
        in_document,
    };
    let currency = match &e.currency {
        None => Currency::Sek,
        Some(c) => Currency::parse(&c.value).unwrap_or_else(|| {
            let names = Currency::ALL.map(Currency::as_str);
            let hint =
                did_you_mean(&c.value, names).unwrap_or_else(|| format!("kravkat evaluates in {}", names.join(" or ")));
            cx.error(yaml::pos(c), format!("unknown currency `{}`", c.value), Some(hint));
            Currency::Sek
        }),
    };
    let model = e.model.as_ref().and_then(|m| {
        let parsed = Model::parse(&m.value);
        if parsed.is_none() {
            let names = Model::ALL.map(Model::as_str);
            let hint =
                did_you_mean(&m.value, names).unwrap_or_else(|| format!("a model is one of: {}", names.join(", ")));
            cx.error(
                yaml::pos(m),
                format!("unknown evaluation model `{}`", m.value),
                Some(hint),
            );
        }
        parsed.map(|p| (p, yaml::pos(m)))
    });
    let mut items: HashMap<Target, ItemEvaluation> = doc
        .requirements
        .iter()
        .map(|r| {
            let blank = ItemEvaluation {
                value: None,
                criterion: None,
                text: None,
                verification: None,
                answer: AnswerType::JaNej,
            };
            (r.target, blank)
        })
        .collect();
    let mut out = Evaluation {
        model: model.map(|m| m.0),
        currency,
        rule: None,
        price: None,
        criteria: Vec::new(),
        maximum: None,
    };
    match model {
        None => {
            if e.model.is_none() {
                for (what, pos) in [
                    ("values", e.values.as_ref().and_then(yaml::pos)),
                    ("price", e.price.as_ref().and_then(yaml::pos)),
                    ("criteria", e.criteria.as_ref().and_then(yaml::pos)),
                ] {
                    if pos.is_some() {
                        cx.error(
                            pos,
                            format!("`evaluation.{what}` without an evaluation model"),
                            Some("name the model: `model: mervärde`, `procent` or `poäng`".into()),
                        );
                    }
                }
            }
        }
        Some((m @ (Model::Mervarde | Model::Procent), at)) => {
            refuse_points_fields(cx, e, m);
            let values = values(cx, &doc, e, m, currency);
            let mut total = 0;
            for (target, figure) in values {
                total += figure.hundredths;
                let item = items.get_mut(&target).expect("a value is for a requirement");
                item.text = Some(labels::evaluation_text(m, &figure));
                item.value = Some(figure);
            }
            missing_values(cx, &doc, &items, at, m);
            if m == Model::Procent && total >= 100 * 100 {
                cx.error(
                    e.values.as_ref().and_then(yaml::pos),
                    format!("the percentages add up to {}", amount::percent(total)),
                    Some("a tender fulfilling every Bör requirement would get a comparison figure of zero or less; keep the sum under 100 %".into()),
                );
            }
            out.maximum = Some(figure(m, total, currency));
        }
        Some((Model::Poang, at)) => {
            if let Some(pos) = e.values.as_ref().and_then(yaml::pos) {
                cx.error(
                    Some(pos),
                    "`evaluation.values` is for the mervärde and procent models".into(),
                    Some("under `poäng`, give each Bör requirement its points under `criteria: { NAME: { weight: …, points: { ID: … } } }`".into()),
                );
            }
            let price = price_scale(cx, e, currency, at);
            let criteria = criteria(cx, &doc, e, at);
            let mut weights = price.as_ref().map_or(0, |p| p.weight.hundredths);
            for (c, members) in &criteria {
                weights += c.weight.hundredths;
                for (target, points) in members {
                    let item = items.get_mut(target).expect("points are for a requirement");
                    item.criterion = Some(c.name.clone());
                    item.text = Some(labels::points_text(points, c));
                    item.value = Some(points.clone());
                }
            }
            if let Some(p) = price.as_ref()
                && !criteria.is_empty()
                && weights != 100 * 100
            {
                cx.error(
                    e.criteria.as_ref().and_then(yaml::pos),
                    format!(
                        "the weights add up to {}, not 100: the price's {} and the criteria's {}",
                        amount::number(weights),
                        amount::number(p.weight.hundredths),
                        amount::number(weights - p.weight.hundredths)
                    ),
                    Some("the price's weight and the criteria's weights are the 100 points a tender can get".into()),
                );
            }
            missing_values(cx, &doc, &items, at, Model::Poang);
            out.maximum = Some(figure(Model::Poang, weights, currency));
            out.criteria = criteria.into_iter().map(|(c, _)| c).collect();
            out.price = price;
        }
    }
    for (target, text) in texts(cx, &doc, &e.verification, "verification") {
        items.get_mut(&target).expect("a requirement").verification = Some(text);
    }
    for (target, answer) in answers(cx, &doc, &e.answers) {
        items.get_mut(&target).expect("a requirement").answer = answer;
    }
    out.rule = out
        .model
        .map(|m| labels::evaluation_rule(m, out.price.as_ref(), currency));
    Some(Checked { model: out, items })
}

/// The requirements of the document in document order: selected catalogue items with a level
/// (the profile's level where it changes one), then own requirements.
fn requirements(
    cx: &Ctx,
    in_document: &impl Fn(&Addr) -> bool,
    changes: &HashMap<Addr, &ProfileChange>,
) -> Vec<Requirement> {
    let mut out = Vec::new();
    for (c, l) in cx.input.catalogs.iter().enumerate() {
        for (i, item) in l.catalog.items.iter().enumerate() {
            let addr = (c, i);
            if !in_document(&addr) {
                continue;
            }
            let level = changes
                .get(&addr)
                .and_then(|ch| ch.level.as_ref().map(|l| l.value))
                .or(item.level);
            if let Some(level) = level {
                let key = cx.key(addr);
                out.push(Requirement {
                    target: Target::Catalog(addr),
                    name: if cx.input.catalogs.len() == 1 {
                        item.id().to_owned()
                    } else {
                        key.clone()
                    },
                    key,
                    id: item.id().to_owned(),
                    level,
                });
            }
        }
    }
    for (n, own) in cx.profile().own.iter().enumerate() {
        if let Some(level) = own.value.level {
            let id = own.value.id.value.clone();
            out.push(Requirement {
                target: Target::Own(n),
                key: id.clone(),
                name: id.clone(),
                id,
                level,
            });
        }
    }
    out
}

/// The requirement an id in the section names, or the reason it names none (reported).
fn requirement(cx: &mut Ctx, doc: &Doc, key: &Spanned<String>, what: &str) -> Option<Requirement> {
    let own = cx.profile().own.iter().position(|o| o.value.id.value == key.value);
    let target = match own {
        Some(n) => Target::Own(n),
        None => {
            let addr = cx.find_item(key)?;
            Target::Catalog(addr)
        }
    };
    if let Some(r) = doc.requirements.iter().find(|r| r.target == target) {
        return Some(r.clone());
    }
    let why = match target {
        Target::Catalog(addr) if !(doc.in_document)(&addr) => {
            "not in the document (not selected, or excluded)".to_owned()
        }
        Target::Catalog(addr) => format!(
            "a {} without a level, which is not answered or evaluated",
            kind_name(cx.item(addr).kind)
        ),
        Target::Own(_) => "an own item without a level, which is not answered or evaluated".to_owned(),
    };
    cx.error(
        yaml::pos(key),
        format!("{what} for `{}`, which is {why}", key.value),
        Some(format!("remove `{}` from `evaluation.{what}`", key.value)),
    );
    None
}

/// `mervärde` and `procent` have no price scale and no criteria.
fn refuse_points_fields(cx: &mut Ctx, e: &profile::Evaluation, m: Model) {
    for (what, pos) in [
        ("price", e.price.as_ref().and_then(yaml::pos)),
        ("criteria", e.criteria.as_ref().and_then(yaml::pos)),
    ] {
        if pos.is_some() {
            cx.error(
                pos,
                format!("`evaluation.{what}` is for the poäng model, not {}", m.as_str()),
                Some("give each Bör requirement its value under `values: { ID: … }`".into()),
            );
        }
    }
}

/// The unit a figure under a model may carry, and what the model calls its values.
fn units(m: Model, currency: Currency) -> (&'static [&'static str], &'static str) {
    match (m, currency) {
        (Model::Mervarde, Currency::Sek) => (&["", "kr", "SEK", "kronor"], "kronor"),
        (Model::Mervarde, Currency::Eur) => (&["", "EUR", "euro", "€"], "euro"),
        (Model::Procent, _) => (&["", "%", "procent"], "percent"),
        (Model::Poang, _) => (&["", "p", "poäng"], "points"),
    }
}

/// Reads a figure written in the profile: a number with an optional unit that fits `m`.
fn read_figure(cx: &mut Ctx, s: &Spanned<String>, m: Model, currency: Currency, what: &str) -> Option<Hundredths> {
    let at = yaml::pos(s);
    let (value, unit) = match amount::parse(&s.value) {
        Ok(v) => v,
        Err(e) => {
            let hint = match m {
                Model::Procent => "write a percentage such as `2,5` or `2,5 %`",
                Model::Poang => "write a whole number such as `3`",
                Model::Mervarde => "write an amount such as `50 000` or `50 000 kr`",
            };
            let message = format!("{what} `{}` is not a number: {}", s.value, e.explain());
            cx.error(at, message, Some(hint.into()));
            return None;
        }
    };
    let (allowed, called) = units(m, currency);
    if !allowed.contains(&unit) {
        let message = format!("unknown unit `{unit}` in {what} `{}`", s.value);
        let hint = format!(
            "under `{}` values are {called}: {}",
            m.as_str(),
            allowed[1..]
                .iter()
                .map(|u| format!("`{u}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        cx.error(at, message, Some(format!("{hint}, or no unit")));
        return None;
    }
    if value == 0 {
        cx.error(
            at,
            format!("{what} `{}` is zero", s.value),
            Some("a Bör requirement worth nothing is not evaluated: give it a value, or make it Ska".into()),
        );
        return None;
    }
    Some(value)
}

fn figure(m: Model, h: Hundredths, currency: Currency) -> Figure {
    let text = match m {
        Model::Mervarde => amount::money(h, currency.unit()),
        Model::Procent => amount::percent(h),
        Model::Poang => amount::points(h),
    };
    Figure { hundredths: h, text }
}

/// Each entry of `evaluation.values`: a Bör requirement of the document and its value.
fn values(cx: &mut Ctx, doc: &Doc, e: &profile::Evaluation, m: Model, currency: Currency) -> Vec<(Target, Figure)> {
    let mut out: Vec<(Target, Figure)> = Vec::new();
    let Some(values) = &e.values else { return out };
    for (key, value) in &values.value.0 {
        let Some(r) = requirement(cx, doc, key, "values") else {
            continue;
        };
        if r.level == Level::Ska {
            cx.error(
                yaml::pos(key),
                format!(
                    "`{}` is a Ska requirement, which is met or not and has no value",
                    key.value
                ),
                Some(format!(
                    "remove `{}` from `evaluation.values`, or make it Bör under `changes`",
                    key.value
                )),
            );
            continue;
        }
        let Some(h) = read_figure(cx, value, m, currency, "the value") else {
            continue;
        };
        if m == Model::Procent && h > 100 * 100 {
            cx.error(
                yaml::pos(value),
                format!("the value `{}` is more than 100 %", value.value),
                None,
            );
            continue;
        }
        if out.iter().any(|(t, _)| *t == r.target) {
            cx.error(yaml::pos(key), format!("`{}` has a value twice", key.value), None);
            continue;
        }
        out.push((r.target, figure(m, h, currency)));
    }
    out
}

/// Each Bör requirement of the document that the model gives no value is an error at the model.
fn missing_values(cx: &mut Ctx, doc: &Doc, items: &HashMap<Target, ItemEvaluation>, at: Option<Pos>, m: Model) {
    let hint_for = |id: &str| match m {
        Model::Mervarde => format!("give it a value under `evaluation.values`: `\"{id}\": 50 000`"),
        Model::Procent => format!("give it a value under `evaluation.values`: `\"{id}\": 2,5`"),
        Model::Poang => format!("give it points under a criterion: `points: {{ \"{id}\": 3 }}`"),
    };
    for r in &doc.requirements {
        if r.level == Level::Bor && items.get(&r.target).is_some_and(|i| i.value.is_none()) {
            cx.error(
                at,
                format!(
                    "the Bör requirement `{}` has no value under the {} model",
                    r.name,
                    m.as_str()
                ),
                Some(hint_for(&r.id)),
            );
        }
    }
}

/// A whole number of points from 1 to 100, as weights are given.
fn read_weight(cx: &mut Ctx, s: &Spanned<String>, what: &str) -> Option<Hundredths> {
    let at = yaml::pos(s);
    let h = match amount::parse(&s.value) {
        Ok((h, unit)) if ["", "%", "p", "poäng"].contains(&unit) => h,
        Ok((_, unit)) => {
            cx.error(
                at,
                format!("unknown unit `{unit}` in {what} `{}`", s.value),
                Some("a weight is a number of the 100 points: `40`".into()),
            );
            return None;
        }
        Err(e) => {
            cx.error(
                at,
                format!("{what} `{}` is not a number: {}", s.value, e.explain()),
                Some("a weight is a number of the 100 points: `40`".into()),
            );
            return None;
        }
    };
    if h % 100 != 0 || h == 0 || h > 100 * 100 {
        cx.error(
            at,
            format!("{what} `{}` is not a whole number from 1 to 100", s.value),
            Some("weights are whole points of the 100 a tender can get".into()),
        );
        return None;
    }
    Some(h)
}

/// `evaluation.price` under `poäng`: its weight and the fixed scale.
fn price_scale(cx: &mut Ctx, e: &profile::Evaluation, currency: Currency, at: Option<Pos>) -> Option<PriceScale> {
    let Some(p) = &e.price else {
        cx.error(
            at,
            "the poäng model needs `evaluation.price`: the price's weight and its scale".into(),
            Some("`price: { weight: 40, full: 1 000 000, zero: 3 000 000 }`: full points at or below `full`, none at or above `zero`".into()),
        );
        return None;
    };
    let p = &p.value;
    let weight = read_weight(cx, &p.weight, "the price's weight");
    let full = read_figure(cx, &p.full, Model::Mervarde, currency, "the price scale's `full`");
    let zero = read_figure(cx, &p.zero, Model::Mervarde, currency, "the price scale's `zero`");
    let (weight, full, zero) = (weight?, full?, zero?);
    if full >= zero {
        cx.error(
            yaml::pos(&p.zero),
            format!("the price scale's `zero` ({}) is not above its `full` ({})", p.zero.value, p.full.value),
            Some("prices at or below `full` get every point and prices at or above `zero` none, so `zero` is the higher price".into()),
        );
        return None;
    }
    Some(PriceScale {
        weight: figure(Model::Poang, weight, currency),
        full: figure(Model::Mervarde, full, currency),
        zero: figure(Model::Mervarde, zero, currency),
    })
}

/// `evaluation.criteria` under `poäng`: each criterion with its weight and, per Bör requirement
/// of the document, its points.
fn criteria(
    cx: &mut Ctx,
    doc: &Doc,
    e: &profile::Evaluation,
    at: Option<Pos>,
) -> Vec<(Criterion, Vec<(Target, Figure)>)> {
    let Some(criteria) = &e.criteria else {
        cx.error(
            at,
            "the poäng model needs `evaluation.criteria`".into(),
            Some("`criteria: { Drift: { weight: 60, points: { \"1.12\": 3 } } }`".into()),
        );
        return Vec::new();
    };
    let mut seen: HashMap<Target, String> = HashMap::new();
    let mut out = Vec::new();
    for (name, c) in &criteria.value.0 {
        if name.value.trim().is_empty() {
            cx.error(yaml::pos(name), "a criterion has no name".into(), None);
        }
        let weight = read_weight(cx, &c.value.weight, "the weight");
        if c.value.points.0.is_empty() {
            cx.error(
                yaml::pos(name),
                format!("the criterion `{}` has no requirements", name.value),
                Some("give the points of its Bör requirements under `points`".into()),
            );
        }
        let mut members = Vec::new();
        for (key, points) in &c.value.points.0 {
            let Some(r) = requirement(cx, doc, key, "points") else {
                continue;
            };
            if r.level == Level::Ska {
                cx.error(
                    yaml::pos(key),
                    format!(
                        "`{}` is a Ska requirement, which is met or not and earns no points",
                        key.value
                    ),
                    Some(format!(
                        "remove `{}` from the criterion, or make it Bör under `changes`",
                        key.value
                    )),
                );
                continue;
            }
            let Some(h) = read_figure(cx, points, Model::Poang, Currency::Sek, "the points") else {
                continue;
            };
            if h % 100 != 0 {
                cx.error(
                    yaml::pos(points),
                    format!("the points `{}` are not a whole number", points.value),
                    None,
                );
                continue;
            }
            if let Some(other) = seen.insert(r.target, name.value.clone()) {
                cx.error(
                    yaml::pos(key),
                    format!("`{}` has points under `{other}` and `{}`", key.value, name.value),
                    Some("a requirement counts under one criterion".into()),
                );
                continue;
            }
            members.push((r, h));
        }
        let Some(weight) = weight else { continue };
        let total: Hundredths = members.iter().map(|(_, h)| h).sum();
        let criterion = Criterion {
            name: name.value.clone(),
            weight: figure(Model::Poang, weight, Currency::Sek),
            points: figure(Model::Poang, total, Currency::Sek),
            items: members
                .iter()
                .map(|(r, h)| CriterionItem {
                    key: r.key.clone(),
                    id: r.id.clone(),
                    points: figure(Model::Poang, *h, Currency::Sek),
                })
                .collect(),
        };
        let targets = members
            .into_iter()
            .map(|(r, h)| (r.target, figure(Model::Poang, h, Currency::Sek)))
            .collect();
        out.push((criterion, targets));
    }
    out
}

/// `evaluation.verification`: per requirement, how fulfilment is shown.
fn texts(cx: &mut Ctx, doc: &Doc, map: &SpannedMap<Spanned<String>>, what: &str) -> Vec<(Target, String)> {
    let mut out: Vec<(Target, String)> = Vec::new();
    for (key, text) in &map.0 {
        let Some(r) = requirement(cx, doc, key, what) else {
            continue;
        };
        if text.value.trim().is_empty() {
            cx.error(yaml::pos(text), format!("the {what} of `{}` is empty", key.value), None);
        } else if out.iter().any(|(t, _)| *t == r.target) {
            cx.error(yaml::pos(key), format!("`{}` has a {what} twice", key.value), None);
        } else {
            out.push((r.target, text.value.clone()));
        }
    }
    out
}

/// `evaluation.answers`: per requirement, what a `Ja` must come with.
fn answers(cx: &mut Ctx, doc: &Doc, map: &SpannedMap<Spanned<String>>) -> Vec<(Target, AnswerType)> {
    let mut out: Vec<(Target, AnswerType)> = Vec::new();
    for (key, value) in &map.0 {
        let Some(r) = requirement(cx, doc, key, "answers") else {
            continue;
        };
        let Some(answer) = AnswerType::parse(&value.value) else {
            let names = AnswerType::ALL.map(AnswerType::as_str);
            let hint = did_you_mean(&value.value, names)
                .unwrap_or_else(|| format!("an answer type is one of: {}", names.join(", ")));
            cx.error(
                yaml::pos(value),
                format!("unknown answer type `{}`", value.value),
                Some(hint),
            );
            continue;
        };
        if out.iter().any(|(t, _)| *t == r.target) {
            cx.error(
                yaml::pos(key),
                format!("`{}` has an answer type twice", key.value),
                None,
            );
            continue;
        }
        out.push((r.target, answer));
    }
    out
}
