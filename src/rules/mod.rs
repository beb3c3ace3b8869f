//! Procurement rules: what kravkat says about a profile's wording once its structure is sound —
//! the mistakes suppliers and procurement lawyers complain about, with where each rule comes
//! from. A library function over the loaded input and the resolved document, returning
//! diagnostics with a severity and a stable code, so that `check`, `build` and an editor's
//! language server report the same: [`check`] for a profile, [`check_catalog`] for a catalogue.
//!
//! Each warning can be accepted for one item with a reason (`allow:` under the item's change or
//! own item); `resolve` checks the codes and reasons and lists the accepted ones in the
//! deviation log, and [`check`] leaves out what is accepted.

mod catalog;
pub(crate) mod duplicates;
mod profile;
pub mod swedish;

use std::cell::OnceCell;
use std::ops::Range;

pub use catalog::check_catalog;
pub use profile::check;

use crate::catalog::{Kind, Level};
use crate::diagnostic::Severity;
use crate::one_line;
use crate::yaml::tree::Seg;
use swedish::Token;

/// One rule: its code, what it finds and where it comes from.
#[derive(Debug)]
pub struct Rule {
    /// Stable: profiles name it in `allow:`.
    pub code: &'static str,
    pub severity: Severity,
    /// What it finds, in one line.
    pub summary: &'static str,
    /// The same in Swedish, for the deviation log of the internal copy.
    pub label: &'static str,
    /// Who says so, as kravkat's sources say it.
    pub source: &'static str,
    /// What `kravkat explain` adds: what is looked at, what is not, how to fix or accept it.
    pub explanation: &'static str,
    /// Whether `allow:` can accept it (errors cannot).
    pub allowable: bool,
    /// Whether `kravkat check --catalog` runs it.
    pub for_catalogs: bool,
}

pub const BOR_SAYS_SKA: &str = "bor-says-ska";
pub const SKALL: &str = "skall";
pub const STANDARD: &str = "standard-without-or-equivalent";
pub const PLACEHOLDER: &str = "init-placeholder";
pub const DUPLICATE: &str = "own-duplicates-catalog";
pub const UNUSED_ALLOW: &str = "allow-unused";

/// Every rule, in the order `kravkat explain` lists them.
pub const RULES: &[Rule] = &[
    Rule {
        code: BOR_SAYS_SKA,
        severity: Severity::Warning,
        summary: "a Bör requirement whose text makes an obligation with \"ska\" or \"skall\" as its main verb",
        label: "Bör-krav vars text säger ska",
        source: "Public guidance on Swedish tender wording, as gathered in kravkat's design notes (they name \
                 no single authority): a Bör requirement whose text still says \"ska\" is contradictory, and \
                 suppliers ask which applies.",
        explanation: "Looks at every Bör requirement of the document — Bör in its catalogue, turned Bör by \
                      `level: Bör`, or an own one — in the text suppliers read: the text (or its replacement), \
                      its parts and the buyer's specification; not in how fulfilment is shown \
                      (`evaluation.verification`), where \"Leverantören ska bifoga …\" is meant for Ska and Bör \
                      alike. A \"ska\" counts only as the main verb of its \
                      clause: in \"den information som ska lämnas\", \"att leverantören ska …\" or \"om köparen \
                      ska …\" it belongs to a subordinate clause and is not flagged. kravkat decides this from \
                      word lists (subjunctions and relative pronouns, common finite verbs), not a grammar, and \
                      leans towards missing an obligation rather than flagging words that are none.\n\n\
                      Fix: keep the requirement Ska, or adapt its text (`text:` with a `reason:`) so that it \
                      says \"bör\". A specification that says \"Leverantören ska beskriva …\" is often meant: \
                      accept it then.",
        allowable: true,
        for_catalogs: true,
    },
    Rule {
        code: SKALL,
        severity: Severity::Warning,
        summary: "\"skall\" in the buyer's own text",
        label: "skall i stället för ska",
        source: "Upphandlingsmyndigheten och Språkrådet: skriv ska, inte skall.",
        explanation: "Looks at the texts the buyer writes: replaced texts (`text:`), specifications \
                      (`specify:`), own requirements and how fulfilment is shown (`evaluation.verification`); \
                      one finding per text, at its first \"skall\". Catalogue text is the publisher's and stays as \
                      published (`kravkat check --catalog` shows it to the publisher).\n\n\
                      Fix: write \"ska\".",
        allowable: true,
        for_catalogs: true,
    },
    Rule {
        code: STANDARD,
        severity: Severity::Warning,
        summary: "a requirement that refers to a standard without \"eller likvärdigt\"",
        label: "Standard utan \"eller likvärdigt\"",
        source: "Public guidance on Swedish tender wording, as gathered in kravkat's design notes (they name \
                 no single authority): a reference to a standard in a requirement must be followed by \"eller \
                 likvärdigt\". Related: Konkurrensverket (ställningstagande 2024:1): procurement documents \
                 must not depend on material bidders cannot get free of charge (paid standards).",
        explanation: "Looks at every requirement of the document, in its text, parts, specification and how \
                      fulfilment is shown (a certificate \"enligt ISO 27001\" is a reference too), for a \
                      standard's designation followed by a number: SS, EN, ISO, IEC and their joined forms \
                      (`SS 12000`, `ISO/IEC 27001`, `SS-EN ISO 9001:2015`, `EN 301 549`). The requirement \
                      passes when it says \"eller likvärdigt\" (or \"likvärdig\", \"likvärdiga\") anywhere; \
                      \"eller motsvarande\" does not count.\n\n\
                      Fix: add \"eller likvärdigt\" after the reference — in a specification (`specify:`) or \
                      a replaced text (`text:` with a reason).",
        allowable: true,
        for_catalogs: true,
    },
    Rule {
        code: PLACEHOLDER,
        severity: Severity::Error,
        summary: "a placeholder that `kravkat init` wrote, left in the profile",
        label: "Platshållare från kravkat init",
        source: "kravkat: the starter profile's placeholders are for the buyer to replace and must never \
                 reach an appendix.",
        explanation: "Looks at every value of the profile for one that is exactly a placeholder of the starter \
                      profile: `Upphandling av …`, `…`, `KS 2026/0000`, `Köparens specificering.`, \
                      `Varför.`. An error, not a warning: it cannot be accepted.\n\n\
                      Fix: write the procurement's own title, organisation, reference, text or reason.",
        allowable: false,
        for_catalogs: false,
    },
    Rule {
        code: DUPLICATE,
        severity: Severity::Warning,
        summary: "an own requirement that repeats a catalogue requirement word for word, or nearly",
        label: "Eget krav som upprepar ett katalogkrav",
        source: "The catalogues' own terms: Jönköping's asks that it be visible that requirements come from \
                 the catalogue (\"bör det framgå att de kommer från …\"), and that each organisation \
                 \"dokumentera eventuella avsteg eller tillägg\". An own copy is attributed to the \
                 organisation, and its changes to nobody.",
        explanation: "Compares each own item's text with the text of every item of the profile's catalogues, \
                      after case, punctuation and spacing are set aside: the same words in the same order \
                      repeat the item word for word; four fifths or more of the words shared (and at least \
                      five words) repeat it nearly.\n\n\
                      Fix: select the catalogue item instead, with `specify:` for what the buyer adds or \
                      `text:` with a reason for what the buyer changes, so the appendix attributes it to its \
                      catalogue and the deviation log shows the change.",
        allowable: true,
        for_catalogs: false,
    },
    Rule {
        code: UNUSED_ALLOW,
        severity: Severity::Warning,
        summary: "an `allow:` that accepts a warning the item no longer gets",
        label: "Godtagen varning som inte längre ges",
        source: "kravkat: the deviation log lists every accepted warning, so one that no longer applies \
                 would tell a reader of something that is not there.",
        explanation: "Once a text is fixed, the warning it had goes, and so should the `allow:` that accepted \
                      it.\n\nFix: remove the entry from `allow:`.",
        allowable: false,
        for_catalogs: false,
    },
];

/// The rule with this code.
pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code == code)
}

/// `(kravkat explain CODE)`, ending a hint.
fn explain(code: &str) -> String {
    format!("(`kravkat explain {code}`)")
}

/// Where a text of an item is, seen from the file being checked.
#[derive(Debug, Clone)]
enum Place<'a> {
    /// In the file, at this path: its words can be underlined.
    Here(Vec<Seg<'a>>),
    /// In a catalogue, seen from a profile: the profile's entry for the item is pointed at.
    Catalog,
}

/// One text of an item as a supplier reads it.
#[derive(Debug, Clone)]
struct Text<'a> {
    value: &'a str,
    place: Place<'a>,
    /// Written by whoever owns the file being checked: the buyer in a profile, the publisher in
    /// a catalogue.
    own: bool,
    /// The requirement's wording (text, parts, specification); otherwise how the supplier shows
    /// that it is fulfilled (`evaluation.verification`), which says "ska" for Ska and Bör alike.
    wording: bool,
}

impl<'a> Text<'a> {
    /// Wording of the file being checked, at `path`.
    fn here(value: &'a str, path: Vec<Seg<'a>>) -> Self {
        Text {
            value,
            place: Place::Here(path),
            own: true,
            wording: true,
        }
    }
}

/// An item as the rules see it.
#[derive(Debug)]
struct Subject<'a> {
    /// As the message names it: `1.12`, `skane:3.12`, `VK-1`.
    name: String,
    kind: Kind,
    level: Option<Level>,
    texts: Vec<Text<'a>>,
}

/// A rule's finding in one text of a subject. Its hint says how to fix it; where it is shown,
/// how to accept it and `kravkat explain` are added.
#[derive(Debug)]
struct Hit {
    code: &'static str,
    /// Index into the subject's texts.
    text: usize,
    /// Byte range of the offending words in that text.
    words: Range<usize>,
    message: String,
    hint: String,
}

/// The rules that look at one item's texts, in a profile and in a catalogue alike.
fn text_rules(s: &Subject) -> Vec<Hit> {
    let words = Words::new(s);
    let mut hits = Vec::new();
    hits.extend(bor_says_ska(s, &words));
    hits.extend(skall(s, &words));
    hits.extend(standard(s, &words));
    hits
}

/// The words of a subject's texts, each text split when a rule first needs it and then kept:
/// most texts are read by no rule (a Ska requirement of a catalogue, without a standard).
struct Words<'a> {
    texts: Vec<(&'a str, OnceCell<Vec<Token<'a>>>)>,
}

impl<'a> Words<'a> {
    fn new(s: &Subject<'a>) -> Self {
        Words {
            texts: s.texts.iter().map(|t| (t.value, OnceCell::new())).collect(),
        }
    }

    fn of(&self, i: usize) -> &[Token<'a>] {
        let (text, words) = &self.texts[i];
        words.get_or_init(|| swedish::tokens(text))
    }
}

/// Rule `bor-says-ska`: the first main-clause "ska" of each text of a Bör requirement.
fn bor_says_ska(s: &Subject, words: &Words) -> Vec<Hit> {
    if s.kind != Kind::Requirement || s.level != Some(Level::Bor) {
        return Vec::new();
    }
    let hint = "suppliers ask which applies: keep it Ska, or adapt the text (`text:` with a reason) to say \"bör\"";
    s.texts
        .iter()
        .enumerate()
        .filter(|(_, t)| t.wording)
        .filter_map(|(i, t)| {
            first_of(
                BOR_SAYS_SKA,
                i,
                t,
                swedish::main_clause_ska(words.of(i)),
                hint,
                |word, times, excerpt| {
                    format!(
                        "`{}` is Bör, but its text says \"{word}\" as its main verb{times}: {excerpt}",
                        s.name
                    )
                },
            )
        })
        .collect()
}

/// Rule `skall`: the first "skall" in each of the file owner's own texts.
fn skall(s: &Subject, words: &Words) -> Vec<Hit> {
    let hint = "write \"ska\", as Upphandlingsmyndigheten and Språkrådet advise";
    s.texts
        .iter()
        .enumerate()
        .filter(|(_, t)| t.own && swedish::may_say_skall(t.value))
        .filter_map(|(i, t)| {
            first_of(
                SKALL,
                i,
                t,
                swedish::skall(words.of(i)),
                hint,
                |word, times, excerpt| format!("`{}` says \"{word}\"{times}: {excerpt}", s.name),
            )
        })
        .collect()
}

/// A hit at the first of the words `found` in text `i`, its message (from the words, how many
/// times they occur, and the words around them) saying how many there are: one finding per
/// text, however long.
fn first_of(
    code: &'static str,
    i: usize,
    t: &Text,
    found: Vec<Range<usize>>,
    hint: &str,
    message: impl Fn(&str, &str, &str) -> String,
) -> Option<Hit> {
    let first = found.first()?.clone();
    let times = match found.len() {
        1 => String::new(),
        n => format!(" ({n} times)"),
    };
    Some(Hit {
        code,
        text: i,
        message: message(&t.value[first.clone()], &times, &excerpt(t.value, first.clone())),
        hint: hint.to_owned(),
        words: first,
    })
}

/// Rule `standard-without-or-equivalent`: the first standard a requirement refers to, when none
/// of its texts says "eller likvärdigt".
fn standard(s: &Subject, words: &Words) -> Option<Hit> {
    if s.kind != Kind::Requirement {
        return None;
    }
    let (text, at) = (0..s.texts.len())
        .filter(|&i| swedish::may_cite_standard(s.texts[i].value))
        .find_map(|i| Some((i, swedish::standard_references(words.of(i)).into_iter().next()?)))?;
    let equivalent = (0..s.texts.len())
        .any(|i| swedish::may_say_or_equivalent(s.texts[i].value) && swedish::says_or_equivalent(words.of(i)));
    if equivalent {
        return None;
    }
    let words = at;
    let standard = &s.texts[text].value[words.clone()];
    Some(Hit {
        code: STANDARD,
        text,
        message: format!(
            "`{}` refers to the standard `{}` without \"eller likvärdigt\"",
            s.name,
            one_line(standard, 40)
        ),
        hint: "add \"eller likvärdigt\" after it (with `specify:`, or `text:` and a reason), so that an equivalent \
               solution may be offered"
            .to_owned(),
        words,
    })
}

/// The words around `range` of `text`, on one line, quoted: `“…Leverantören ska beskriva hur…”`.
fn excerpt(text: &str, range: Range<usize>) -> String {
    const AROUND: usize = 30;
    let start = text[..range.start]
        .char_indices()
        .rev()
        .nth(AROUND)
        .map_or(0, |(at, _)| at);
    let end = text[range.end..]
        .char_indices()
        .nth(AROUND)
        .map_or(text.len(), |(at, _)| range.end + at);
    // Whole words only: a cut word moves the cut to the next space.
    let start = match text[start..range.start].find(char::is_whitespace) {
        Some(at) if start > 0 => start + at,
        _ => start,
    };
    let end = match text[range.end..end].rfind(char::is_whitespace) {
        Some(at) if end < text.len() => range.end + at,
        _ => end,
    };
    let mut out = text[start..end].split_whitespace().collect::<Vec<_>>().join(" ");
    if start > 0 {
        out.insert(0, '…');
    }
    if end < text.len() {
        out.push('…');
    }
    format!("“{out}”")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_spelled_alike() {
        for (i, r) in RULES.iter().enumerate() {
            assert!(r.code.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{}", r.code);
            assert!(RULES[..i].iter().all(|o| o.code != r.code), "{}", r.code);
            assert_eq!(
                r.allowable,
                r.severity == Severity::Warning && r.code != UNUSED_ALLOW,
                "{}",
                r.code
            );
        }
    }

    #[test]
    fn excerpts_are_cut_around_the_words() {
        let text =
            "Samtliga skikt i serverlösningen för IT-stödet bör kunna ge feltolerans. Leverantören ska beskriva hur.";
        let at = text.find(" ska ").unwrap() + 1;
        assert_eq!(
            excerpt(text, at..at + 3),
            "“…ge feltolerans. Leverantören ska beskriva hur.”"
        );
        assert_eq!(excerpt("Det ska gå.", 4..7), "“Det ska gå.”");
    }
}
