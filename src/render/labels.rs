//! Swedish labels that every format shows alike.

use crate::catalog::{Kind, Relation};
use crate::document::{
    AnswerType, ChangeKind, Criterion, Currency, Figure, Item, Model, Origin, PriceScale, Reference, Status,
};
use crate::render::Audience;

pub fn change(kind: ChangeKind) -> &'static str {
    match kind {
        ChangeKind::Level => "Nivå ändrad",
        ChangeKind::Text => "Lydelse ersatt",
        ChangeKind::Specification => "Specificering (tillägg)",
        ChangeKind::Exclusion => "Undantaget",
    }
}

pub fn relation(relation: Relation) -> &'static str {
    match relation {
        Relation::Clarifies => "förtydligar",
        Relation::Details => "detaljerar",
        Relation::Implements => "genomför",
        Relation::Relates => "relaterar till",
    }
}

/// What an item is, as its source line names it: "krav 1.2", "princip P3".
pub fn kind_noun(kind: Kind) -> &'static str {
    match kind {
        Kind::Requirement => "krav",
        Kind::Principle => "princip",
        Kind::Recommendation => "rekommendation",
        Kind::Checklist => "checklistfråga",
    }
}

/// "Eget krav", "Egen princip": Swedish adjectives agree with the noun's gender.
pub fn own(kind: Kind) -> String {
    match kind {
        Kind::Requirement => "Eget krav".to_owned(),
        other => format!("Egen {}", kind_noun(other)),
    }
}

/// A checklist status as a label; none recorded yet reads "Ej angiven".
pub fn status(status: Option<Status>) -> String {
    let Some(s) = status else {
        return "Ej angiven".to_owned();
    };
    let mut chars = s.as_str().chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// "67 %", or a dash when there is no share to give.
pub fn percent(value: Option<usize>) -> String {
    value.map_or_else(|| "–".to_owned(), |p| format!("{p}\u{a0}%"))
}

/// Whether an audience sees a reference: suppliers only those they can follow (to items in the
/// document, or outside kravkat); the internal copy all of them.
pub fn shows_reference(audience: Audience, selected: bool, to_catalog_item: bool) -> bool {
    audience == Audience::Internal || selected || !to_catalog_item
}

/// [`shows_reference`] for a resolved reference.
pub fn shown(audience: Audience, r: &Reference) -> bool {
    shows_reference(audience, r.selected, r.key.is_some())
}

/// The evaluation model's rule in one paragraph, as the appendix publishes it and the
/// evaluation report restates it. Ties are shared places: how they are settled is for the
/// procurement documents, never guessed.
pub fn evaluation_rule(model: Model, price: Option<&PriceScale>, currency: Currency) -> String {
    let money = match currency {
        Currency::Sek => "kronor",
        Currency::Eur => "euro",
    };
    let smallest = match currency {
        Currency::Sek => "hela ören",
        Currency::Eur => "hela cent",
    };
    let ska = "Ett anbud som inte uppfyller samtliga ska-krav förkastas och utvärderas inte.";
    match model {
        Model::Mervarde => format!(
            "Anbuden utvärderas enligt mervärdesmodellen. Varje uppfyllt bör-krav ger ett mervärde i {money} som \
             dras av från anbudspriset: jämförelsetal = anbudspris − summan av mervärdena för de uppfyllda \
             bör-kraven. Lägst jämförelsetal placerar sig först. {ska} Anbud med samma jämförelsetal delar placering."
        ),
        Model::Procent => format!(
            "Anbuden utvärderas med procentuella avdrag. Varje uppfyllt bör-krav ger ett avdrag från anbudspriset \
             med kravets procentsats: jämförelsetal = anbudspris × (100 % − summan av procentsatserna för de \
             uppfyllda bör-kraven), avrundat till {smallest}. Lägst jämförelsetal placerar sig först. {ska} Anbud \
             med samma jämförelsetal delar placering."
        ),
        Model::Poang => {
            let price = price.map_or_else(String::new, |p| {
                format!(
                    " Priset ger högst {}: ett anbudspris på {} eller lägre ger full poäng, {} eller högre ingen \
                     poäng, och däremellan minskar poängen linjärt.",
                    p.weight.text, p.full.text, p.zero.text
                )
            });
            format!(
                "Anbuden utvärderas med en absolut poängmodell: ett anbuds poäng beror bara på anbudet självt, \
                 aldrig på andra anbud.{price} Varje kriterium ger högst sin vikt i poäng, i proportion till \
                 poängen för de uppfyllda bör-kraven inom kriteriet. Delpoängen avrundas till två decimaler och \
                 summeras till en totalpoäng av högst 100; högst totalpoäng placerar sig först. {ska} Anbud med \
                 samma totalpoäng delar placering."
            )
        }
    }
}

/// How one Bör requirement is evaluated under `mervärde` or `procent`, in one sentence.
pub fn evaluation_text(model: Model, value: &Figure) -> String {
    match model {
        Model::Mervarde => format!(
            "Ett uppfyllt krav ger ett mervärde på {}, som dras av från anbudspriset.",
            value.text
        ),
        Model::Procent => format!("Ett uppfyllt krav ger ett avdrag på {} av anbudspriset.", value.text),
        Model::Poang => format!("Ett uppfyllt krav ger {}.", value.text),
    }
}

/// How one Bör requirement is evaluated under `poäng`, in one sentence.
pub fn points_text(points: &Figure, criterion: &Criterion) -> String {
    format!(
        "Ett uppfyllt krav ger {} av kriteriets {} inom kriteriet {}, som väger {}.",
        crate::amount::number(points.hundredths),
        criterion.points.text,
        criterion.name,
        criterion.weight.text
    )
}

/// What the internal copy calls the most a tender can gain: "Största möjliga avdrag".
pub fn maximum(model: Model) -> &'static str {
    match model {
        Model::Mervarde | Model::Procent => "Största möjliga avdrag (alla bör-krav uppfyllda)",
        Model::Poang => "Högsta möjliga totalpoäng",
    }
}

/// The maximum with what it is of: "12,5 % av anbudspriset".
pub fn maximum_value(model: Model, figure: &Figure) -> String {
    match model {
        Model::Procent => format!("{} av anbudspriset", figure.text),
        _ => figure.text.clone(),
    }
}

/// An answer type as the appendix and the answer sheet name it.
pub fn answer_type(answer: AnswerType) -> &'static str {
    match answer {
        AnswerType::JaNej => "Ja/Nej",
        AnswerType::Fritext => "Ja/Nej med beskrivning",
        AnswerType::Tal => "Ja/Nej med ett tal",
        AnswerType::Bilaga => "Ja/Nej med bilaga",
    }
}

/// Where an item comes from, as `item.md` says it: "Källa: …", "Anpassat från …", "Eget krav – …".
pub fn provenance(item: &Item, org: &str) -> String {
    let catalog = format!(
        "{} {}",
        item.catalog_title.as_deref().unwrap_or_default(),
        item.catalog_version.as_deref().unwrap_or_default()
    );
    let noun = kind_noun(item.kind);
    match item.origin {
        Origin::Own => format!("{} – {org}", own(item.kind)),
        Origin::Catalog if item.adapted => {
            let mut s = format!("Anpassat från {noun} {} i {catalog}:", item.id);
            for c in item.changes.iter().filter(|c| c.kind == ChangeKind::Level) {
                let (from, to) = (c.from.as_deref().unwrap_or("–"), c.to.as_deref().unwrap_or("–"));
                s.push_str(&format!(" nivån ändrad från {from} till {to}"));
            }
            if item.original_text.is_some() {
                if item.original_level.is_some() {
                    s.push(';');
                }
                s.push_str(" lydelsen ändrad");
            }
            s.push('.');
            s
        }
        Origin::Catalog => {
            let area = match item.kind {
                Kind::Recommendation => format!(" (område: {})", item.category),
                Kind::Checklist => format!(" (fokusområde: {})", item.category),
                _ => String::new(),
            };
            format!("Källa: {catalog}, {noun} {}{area}", item.id)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_agree_with_the_noun() {
        assert_eq!(own(Kind::Requirement), "Eget krav");
        assert_eq!(own(Kind::Principle), "Egen princip");
        assert_eq!(status(Some(Status::EjPaborjad)), "Ej påbörjad");
        assert_eq!(status(None), "Ej angiven");
        assert_eq!(percent(Some(67)), "67\u{a0}%");
    }
}
