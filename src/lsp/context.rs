//! What is at a position of a profile or catalogue: the way from the top of the file to the
//! key or value there, and what that value means to kravkat (an item id, a category …).

use std::ops::Range;

use crate::lsp::workspace::Kind;

/// One step from the top of a file to a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// A key or scalar value at a position.
#[derive(Debug, Clone)]
pub struct Place {
    /// The way to the value, or, for a key, to the mapping it is a key of.
    pub path: Vec<Step>,
    /// The position is on a key.
    pub key: bool,
    /// The scalar as YAML reads it.
    pub text: String,
    /// The bytes it takes in the document, quotes included.
    pub span: Range<usize>,
    /// The other scalar entries of the mapping it is in (`id` beside a catalogue's `version`).
    pub siblings: Vec<(String, String)>,
}

impl Place {
    fn key_at(&self, i: usize) -> Option<&str> {
        match self.path.get(i) {
            Some(Step::Key(k)) => Some(k),
            _ => None,
        }
    }

    /// The path as keys, `_` for list entries, for matching.
    fn shape(&self) -> Vec<&str> {
        self.path
            .iter()
            .map(|s| match s {
                Step::Key(k) => k.as_str(),
                Step::Index(_) => "_",
            })
            .collect()
    }

    /// What the scalar is to kravkat in a document of `kind`.
    pub fn role(&self, kind: Kind) -> Role {
        let shape = self.shape();
        let in_map_of_ids = |s: &[&str]| matches!(s, ["changes"] | ["exclude"] | ["checklist"]);
        match (kind, self.key, shape.as_slice()) {
            (Kind::Profile, true, s) if in_map_of_ids(s) => Role::ItemId,
            (_, true, _) => Role::Field,
            (Kind::Profile, false, ["select", "items", _] | ["own", _, "references", _]) => Role::ItemId,
            (Kind::Profile, false, ["select", "categories", _]) => Role::Category,
            (Kind::Profile, false, ["select", "catalogs", _]) => Role::UsedCatalog,
            (Kind::Profile, false, ["catalogs", _, "id"]) => Role::BuiltinCatalog,
            (Kind::Profile, false, ["catalogs", _, "version"]) => Role::Version,
            (Kind::Profile, false, ["checklist", _, "status"]) => Role::Status,
            (Kind::Profile, false, ["own", _, "id"]) => Role::OwnId,
            (Kind::Catalog, false, ["items", _, "id"] | ["items", _, "references", _, "item"]) => Role::ItemId,
            (Kind::Catalog, false, ["items", _, "category"]) => Role::Category,
            _ => Role::Value,
        }
    }

    /// The id of the change, exclusion or checklist entry the place is inside
    /// (`changes: { "1.12": { level: … } }`).
    pub fn entry_id(&self) -> Option<&str> {
        matches!(self.key_at(0), Some("changes" | "exclude" | "checklist"))
            .then(|| self.key_at(1))
            .flatten()
    }
}

/// What a scalar is to kravkat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// An item of a catalogue: selected, changed, excluded, referenced.
    ItemId,
    /// An own item's id.
    OwnId,
    Category,
    /// A catalogue the profile uses, under `select.catalogs`.
    UsedCatalog,
    /// A built-in catalogue's id, under `catalogs`.
    BuiltinCatalog,
    Version,
    /// A checklist question's status.
    Status,
    /// The name of a field.
    Field,
    /// Any other value: the schema may list what it can be.
    Value,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(path: &[&str], key: bool) -> Place {
        let path = path
            .iter()
            .map(|s| match s.parse() {
                Ok(i) => Step::Index(i),
                Err(_) => Step::Key((*s).into()),
            })
            .collect();
        Place {
            path,
            key,
            text: String::new(),
            span: 0..0,
            siblings: Vec::new(),
        }
    }

    #[test]
    fn ids_are_ids_wherever_they_stand() {
        let role = |path: &[&str], key| place(path, key).role(Kind::Profile);
        assert_eq!(role(&["select", "items", "0"], false), Role::ItemId);
        assert_eq!(role(&["changes"], true), Role::ItemId);
        assert_eq!(role(&["exclude"], true), Role::ItemId);
        assert_eq!(role(&["checklist"], true), Role::ItemId);
        assert_eq!(role(&["own", "1", "references", "0"], false), Role::ItemId);
        assert_eq!(role(&["changes", "1.12"], true), Role::Field);
        assert_eq!(role(&["changes", "1.12", "level"], false), Role::Value);
        assert_eq!(role(&["select", "categories", "1"], false), Role::Category);
        assert_eq!(role(&["catalogs", "0", "version"], false), Role::Version);
        assert_eq!(role(&["procurement"], true), Role::Field);
        let in_catalogue = place(&["items", "3", "references", "0", "item"], false);
        assert_eq!(in_catalogue.role(Kind::Catalog), Role::ItemId);
        assert_eq!(place(&["changes", "1.12", "level"], false).entry_id(), Some("1.12"));
    }
}
