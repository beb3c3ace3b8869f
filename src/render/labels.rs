//! Swedish labels that every format shows alike.

use crate::catalog::Relation;
use crate::document::ChangeKind;

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
