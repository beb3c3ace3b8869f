//! Swedish labels that every format shows alike.

use crate::catalog::{Kind, Relation};
use crate::document::{ChangeKind, Reference, Status};
use crate::render::Audience;

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
