//! The Swedish words of the appendix: one set for every format. The Markdown and HTML templates
//! read [`LABELS`] as `labels` and call the functions below as filters; the DOCX writer calls
//! them directly. So a heading, a column or a sentence cannot read one way in one format and
//! another way in the next, and a test compares the headings of all formats.

use serde::Serialize;

use crate::catalog::{Kind, Relation};
use crate::document::{
    AnswerType, CatalogInfo, ChangeKind, Criterion, Currency, Document, Figure, Item, Model, Origin, PriceScale, Status,
};
use crate::resolve::OWN_CATEGORY;

/// Every fixed word and phrase of the appendix.
#[derive(Debug, Serialize)]
pub struct Labels {
    // The title block.
    pub tender: &'static str,
    pub internal: &'static str,
    pub internal_warning: &'static str,
    pub facts_caption: &'static str,
    pub fact: &'static str,
    pub value: &'static str,
    pub organisation: &'static str,
    pub reference: &'static str,
    pub date: &'static str,
    pub contact: &'static str,
    // Where the items come from.
    pub sources: &'static str,
    pub sources_caption: &'static str,
    pub catalog: &'static str,
    pub publisher: &'static str,
    pub version: &'static str,
    // How many there are.
    pub summary: &'static str,
    pub summary_caption: &'static str,
    pub content: &'static str,
    pub count: &'static str,
    pub ska: &'static str,
    pub bor: &'static str,
    pub requirements_total: &'static str,
    pub principles: &'static str,
    pub recommendations: &'static str,
    pub checklist_questions: &'static str,
    // The evaluation model.
    pub evaluation: &'static str,
    pub criterion: &'static str,
    pub weight: &'static str,
    pub criterion_items: &'static str,
    pub criteria_caption: &'static str,
    pub values_caption: &'static str,
    pub price: &'static str,
    pub verification: &'static str,
    pub answer_form: &'static str,
    // A working checklist.
    pub readiness: &'static str,
    pub readiness_note: &'static str,
    pub readiness_caption: &'static str,
    pub area: &'static str,
    pub klar: &'static str,
    pub pagar: &'static str,
    pub ej_paborjad: &'static str,
    pub ej_aktuell: &'static str,
    pub unrecorded: &'static str,
    pub percent_klar: &'static str,
    pub total: &'static str,
    // An item.
    pub number: &'static str,
    pub level: &'static str,
    pub requirement: &'static str,
    pub level_note: &'static str,
    pub motive: &'static str,
    pub consequence: &'static str,
    pub description: &'static str,
    pub examples: &'static str,
    pub status: &'static str,
    pub checklist_note: &'static str,
    pub specification: &'static str,
    pub references: &'static str,
    pub not_in_document: &'static str,
    pub original_text: &'static str,
    pub change_reason: &'static str,
    pub specify: &'static str,
    pub guidance: &'static str,
    pub left_out_when: &'static str,
    pub own_reason: &'static str,
    pub source_note: &'static str,
    // The working copy's tables.
    pub traceability: &'static str,
    pub traceability_note: &'static str,
    pub traceability_caption: &'static str,
    pub principle: &'static str,
    pub related: &'static str,
    pub deviations: &'static str,
    pub deviations_caption: &'static str,
    pub id: &'static str,
    pub change: &'static str,
    pub from: &'static str,
    pub to: &'static str,
    pub reason: &'static str,
    pub no_deviations: &'static str,
    pub own_reasons: &'static str,
    pub own_reasons_caption: &'static str,
    pub excluded: &'static str,
    pub excluded_caption: &'static str,
    pub nothing_excluded: &'static str,
    pub unselected: &'static str,
    pub unselected_caption: &'static str,
    pub category: &'static str,
    pub all_selected: &'static str,
    // Page furniture.
    pub page: &'static str,
    pub of: &'static str,
}

pub const LABELS: Labels = Labels {
    tender: "Kravbilaga",
    internal: "Internt arbetsunderlag",
    internal_warning: "innehåller vägledning och avvikelselogg. Lämnas inte ut till leverantörer.",
    facts_caption: "Uppgifter om upphandlingen",
    fact: "Uppgift",
    value: "Värde",
    organisation: "Organisation",
    reference: "Diarienummer",
    date: "Datum",
    contact: "Kontakt",
    sources: "Källor",
    sources_caption: "Kataloger som punkterna kommer från",
    catalog: "Katalog",
    publisher: "Utgivare",
    version: "Version",
    summary: "Sammanställning",
    summary_caption: "Antal punkter per nivå och slag",
    content: "Innehåll",
    count: "Antal",
    ska: "Ska (obligatoriskt krav)",
    bor: "Bör (önskvärt krav, utvärderas)",
    requirements_total: "Totalt antal krav",
    principles: "Principer",
    recommendations: "Rekommendationer",
    checklist_questions: "Checklistfrågor",
    evaluation: "Utvärdering",
    criterion: "Kriterium",
    weight: "Vikt",
    criterion_items: "Krav och poäng",
    criteria_caption: "Kriterier, vikter och poäng",
    values_caption: "Bör-kravens värde",
    price: "Pris",
    verification: "Så visas att kravet uppfylls",
    answer_form: "Svarsform",
    readiness: "Status per fokusområde",
    readiness_note: "Andel klar räknas på de frågor som är aktuella, det vill säga alla utom de som är *ej aktuella*.",
    readiness_caption: "Checklistans status per fokusområde",
    area: "Fokusområde",
    klar: "Klar",
    pagar: "Pågår",
    ej_paborjad: "Ej påbörjad",
    ej_aktuell: "Ej aktuell",
    unrecorded: "Ej angiven",
    percent_klar: "Andel klar",
    total: "Totalt",
    number: "Nr",
    level: "Nivå",
    requirement: "Krav",
    level_note: "Om nivån",
    motive: "Motiv",
    consequence: "Konsekvens",
    description: "Beskrivning",
    examples: "Exempel",
    status: "Status",
    checklist_note: "Anteckning",
    specification: "Köparens specificering",
    references: "Hänvisningar",
    not_in_document: "som inte ingår i underlaget",
    original_text: "Katalogens lydelse",
    change_reason: "Motivering till ändringen",
    specify: "Specificera eller utöka kravet (katalogens råd)",
    guidance: "Vägledning",
    left_out_when: "Kan utgå enligt vägledningen",
    own_reason: "Motivering",
    source_note: "Anmärkning om källan",
    traceability: "Spårbarhet",
    traceability_note: "Krav och rekommendationer i underlaget som hänvisar till en vald princip, eller som principen hänvisar till.",
    traceability_caption: "Principer och det som relaterar till dem",
    principle: "Princip",
    related: "Relaterade krav och rekommendationer",
    deviations: "Avvikelselogg",
    deviations_caption: "Avsteg och tillägg i förhållande till katalogerna",
    id: "Id",
    change: "Ändring",
    from: "Från",
    to: "Till",
    reason: "Motivering",
    no_deviations: "Inga avvikelser från katalogerna.",
    own_reasons: "Egna krav – motivering",
    own_reasons_caption: "Varför organisationen lägger till egna krav",
    excluded: "Undantagna punkter",
    excluded_caption: "Punkter som valet förde in och profilen undantar",
    nothing_excluded: "Inget har undantagits.",
    unselected: "Ej valda punkter",
    unselected_caption: "Katalogernas punkter som inte finns i dokumentet",
    category: "Kategori",
    all_selected: "Allt i katalogerna är valt.",
    page: "Sida",
    of: "av",
};

/// What the document is, under its title: the working copy says so; a tender appendix with
/// requirements is a "Kravbilaga"; a working checklist is neither.
pub fn kind(doc: &Document) -> Option<&'static str> {
    match doc.audience {
        crate::render::Audience::Internal => Some(LABELS.internal),
        crate::render::Audience::Tender if doc.counts.ska + doc.counts.bor > 0 => Some(LABELS.tender),
        crate::render::Audience::Tender => None,
    }
}

/// The heading of the organisation's own items: "Egna krav – Värnamo kommun".
pub fn own_heading(organisation: &str) -> String {
    format!("Egna krav – {organisation}")
}

/// What the markings in the document mean, as Markdown: only those the document uses.
pub fn legend(doc: &Document) -> String {
    let mut text = "Varje punkt anges med sitt id i källkatalogen.".to_owned();
    if doc.counts.adapted > 0 {
        text.push_str(" *Anpassat* betyder att köparen har ändrat nivå eller lydelse jämfört med katalogen.");
    }
    if doc.counts.specified > 0 {
        text.push_str(" *Köparens specificering* är köparens tillägg till katalogens text.");
    }
    if !doc.own.is_empty() {
        text.push_str(&format!(
            " *Eget krav* är ett krav som {} själv har lagt till och som inte kommer från någon katalog.",
            doc.procurement.organisation
        ));
    }
    text
}

/// For a catalogue whose publisher did not number its items: who numbered them, and why. The
/// numbers were set when the document was transcribed into a catalogue, in its own order; that
/// is all that can be said without claiming something of the publisher.
pub fn numbering_note(catalog_title: &str) -> String {
    format!(
        "Punkterna i {catalog_title} är inte numrerade av utgivaren. Numren sattes när dokumentet \
         fördes över till en kravkatalog, i dokumentets ordning, så att varje punkt kan anges och \
         hänvisas till."
    )
}

/// For the working copy: which of a catalogue's facts its source does not state, and how they
/// were arrived at (Markdown), or `None` when it states them all.
pub fn inferred_note(c: &CatalogInfo) -> Option<String> {
    let fields = [
        ("titel", &c.inferred.title),
        ("utgivare", &c.inferred.publisher),
        ("version", &c.inferred.version),
        ("datum", &c.inferred.date),
    ];
    let said: Vec<String> = fields
        .iter()
        .filter_map(|(name, why)| why.as_ref().map(|w| format!("{} – {}", capitalised(name), w.trim())))
        .collect();
    (!said.is_empty()).then(|| format!("*Ej angivet i källan ({}):* {}", c.title, said.join(" ")))
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// Where an item comes from, on the line under its heading: "Källa: … 1.0, krav 1.2", "Anpassat
/// från krav 1.12 i …: nivån ändrad från Ska till Bör.", "Eget krav – Värnamo kommun (kategori:
/// Integration)".
pub fn provenance(item: &Item, organisation: &str) -> String {
    let catalog = format!(
        "{} {}",
        item.catalog_title.as_deref().unwrap_or_default(),
        item.catalog_version.as_deref().unwrap_or_default()
    );
    let noun = kind_noun(item.kind);
    match item.origin {
        Origin::Own if item.category != OWN_CATEGORY => {
            format!("{} – {organisation} (kategori: {})", own(item.kind), item.category)
        }
        Origin::Own => format!("{} – {organisation}", own(item.kind)),
        Origin::Catalog if item.adapted => {
            let mut s = format!("Anpassat från {noun} {} i {catalog}:", item.id);
            let mut what = Vec::new();
            for c in &item.changes {
                match c.kind {
                    ChangeKind::Level => what.push(format!(
                        "nivån ändrad från {} till {}",
                        c.from.as_deref().unwrap_or("–"),
                        c.to.as_deref().unwrap_or("–")
                    )),
                    ChangeKind::Text => what.push("lydelsen ändrad".to_owned()),
                    // An accepted warning changes nothing of the item.
                    ChangeKind::Specification | ChangeKind::Exclusion | ChangeKind::Allow => {}
                }
            }
            s.push(' ');
            s.push_str(&what.join("; "));
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

pub fn change(kind: ChangeKind) -> &'static str {
    match kind {
        ChangeKind::Level => "Nivå ändrad",
        ChangeKind::Text => "Lydelse ersatt",
        ChangeKind::Specification => "Specificering (tillägg)",
        ChangeKind::Exclusion => "Undantaget",
        ChangeKind::Allow => "Varning godtagen",
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
    match status {
        Some(s) => capitalised(s.as_str()),
        None => LABELS.unrecorded.to_owned(),
    }
}

/// "67 %", or a dash when there is no share to give.
pub fn percent(value: Option<usize>) -> String {
    value.map_or_else(|| "–".to_owned(), |p| format!("{p}\u{a0}%"))
}

/// The heading of a category's item table in DOCX: "Krav" when it holds only requirements.
pub fn items_column(items: &[Item]) -> &'static str {
    if items.iter().all(|i| i.kind == Kind::Requirement) {
        LABELS.requirement
    } else {
        LABELS.content
    }
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

/// The price row of a points model: "100 000 kr eller lägre: full poäng; …".
pub fn price_scale(full: &str, zero: &str) -> String {
    format!("{full} eller lägre: full poäng; {zero} eller högre: ingen poäng")
}

/// The column of what a fulfilled Bör requirement is worth, under `mervärde` or `procent`.
pub fn value_column(model: Model) -> &'static str {
    match model {
        Model::Mervarde => "Mervärde om kravet uppfylls",
        _ => "Avdrag om kravet uppfylls",
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

    #[test]
    fn supplier_facing_text_does_not_name_the_tool() {
        let labels = serde_json::to_string(&LABELS).unwrap();
        for text in [labels, numbering_note("X")] {
            // As a word: "kravkatalog" is Swedish.
            let named = text
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w.to_lowercase().starts_with("kravkat") && w.len() <= 8);
            assert!(!named, "{text}");
        }
    }
}
