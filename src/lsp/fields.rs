//! Field names, their descriptions and the values a field takes, read from the JSON Schemas
//! `kravkat schema` generates from the types kravkat reads: completion and hover of fields
//! cannot drift from what kravkat accepts, as the committed schemas cannot.

use serde_json::Value;

use crate::lsp::context::Step;
use crate::schema::{self, Kind};

pub struct Fields {
    profile: Value,
    catalog: Value,
}

impl Default for Fields {
    fn default() -> Self {
        let parse = |kind| serde_json::from_str(&schema::generate(kind)).expect("kravkat's own schema parses");
        Fields {
            profile: parse(Kind::Profile),
            catalog: parse(Kind::Catalog),
        }
    }
}

impl Fields {
    fn root(&self, kind: Kind) -> &Value {
        match kind {
            Kind::Profile => &self.profile,
            Kind::Catalog => &self.catalog,
        }
    }

    /// The schema of the value at `path`: through a mapping's properties (or its values, for
    /// maps such as `changes`), through a list's entries.
    fn at(&self, kind: Kind, path: &[Step]) -> Option<&Value> {
        let root = self.root(kind);
        let mut node = deref(root, root);
        for step in path {
            let next = match step {
                Step::Key(k) => node
                    .get("properties")
                    .and_then(|p| p.get(k.as_str()))
                    .or_else(|| node.get("additionalProperties").filter(|a| a.is_object()))?,
                Step::Index(_) => node.get("items")?,
            };
            node = deref(root, next);
        }
        Some(node)
    }

    /// The fields of the mapping at `path`, with their descriptions, in the schema's order.
    pub fn names(&self, kind: Kind, path: &[Step]) -> Vec<(String, Option<String>)> {
        let Some(properties) = self
            .at(kind, path)
            .and_then(|n| n.get("properties"))
            .and_then(Value::as_object)
        else {
            return Vec::new();
        };
        let root = self.root(kind);
        properties
            .iter()
            .map(|(name, v)| (name.clone(), describe(root, v)))
            .collect()
    }

    /// What the field at `path` is for.
    pub fn description(&self, kind: Kind, path: &[Step]) -> Option<String> {
        let (last, parent) = path.split_last()?;
        let parent = self.at(kind, parent)?;
        let field = match last {
            Step::Key(k) => parent.get("properties")?.get(k.as_str())?,
            Step::Index(_) => return None,
        };
        describe(self.root(kind), field)
    }

    /// The values the scalar at `path` may take, when the schema lists them (`Ska`, `Bör`;
    /// formats; audiences), with their descriptions.
    pub fn values(&self, kind: Kind, path: &[Step]) -> Vec<(String, Option<String>)> {
        let Some(node) = self.at(kind, path) else {
            return Vec::new();
        };
        if let Some(values) = node.get("enum").and_then(Value::as_array) {
            return values
                .iter()
                .filter_map(Value::as_str)
                .map(|v| (v.to_owned(), None))
                .collect();
        }
        let alternatives = node.get("oneOf").and_then(Value::as_array).into_iter().flatten();
        alternatives
            .filter_map(|a| {
                let value = a.get("const")?.as_str()?;
                Some((
                    value.to_owned(),
                    a.get("description").and_then(Value::as_str).map(str::to_owned),
                ))
            })
            .collect()
    }
}

/// Follows a `$ref` into the definitions and an optional value (`anyOf` with `null`) to what
/// it is when given.
fn deref<'a>(root: &'a Value, mut node: &'a Value) -> &'a Value {
    for _ in 0..8 {
        if let Some(r) = node.get("$ref").and_then(Value::as_str) {
            let name = r.trim_start_matches("#/definitions/");
            match root.get("definitions").and_then(|d| d.get(name)) {
                Some(target) => node = target,
                None => return node,
            }
        } else if let Some(some) = node
            .get("anyOf")
            .and_then(Value::as_array)
            .and_then(|alts| alts.iter().find(|a| a.get("type") != Some(&Value::from("null"))))
        {
            node = some;
        } else {
            break;
        }
    }
    node
}

/// A field's description: its own, or its type's.
fn describe(root: &Value, field: &Value) -> Option<String> {
    let text = |v: &Value| v.get("description").and_then(Value::as_str).map(str::to_owned);
    text(field).or_else(|| text(deref(root, field)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(k: &str) -> Step {
        Step::Key(k.into())
    }

    #[test]
    fn fields_and_values_come_from_the_schema() {
        let f = Fields::default();
        let names = |path: &[Step]| -> Vec<String> { f.names(Kind::Profile, path).into_iter().map(|n| n.0).collect() };
        let root = names(&[]);
        assert_eq!(root[..3], ["procurement", "catalogs", "select"]);
        for field in ["exclude", "changes", "own", "checklist", "evaluation", "outputs"] {
            assert!(root.contains(&field.to_owned()), "{field}: {root:?}");
        }
        assert_eq!(names(&[key("select")]), ["catalogs", "categories", "items"]);
        assert_eq!(
            names(&[key("changes"), key("1.12")]),
            ["level", "text", "specify", "reason"]
        );
        assert!(names(&[key("own"), Step::Index(0)]).contains(&"references".to_owned()));
        assert_eq!(names(&[key("catalogs"), Step::Index(2)]), ["id", "version", "path"]);
        let levels = f.values(Kind::Profile, &[key("changes"), key("1.12"), key("level")]);
        assert_eq!(levels[0], ("Ska".into(), Some("Mandatory (obligatoriskt krav)".into())));
        assert_eq!(levels[1].0, "Bör");
        let formats = f.values(Kind::Profile, &[key("outputs"), Step::Index(0), key("format")]);
        assert!(formats.iter().any(|v| v.0 == "docx"), "{formats:?}");
        assert_eq!(
            f.description(Kind::Profile, &[key("exclude")]).as_deref(),
            Some("Item id → reason for leaving it out.")
        );
        assert!(
            f.names(Kind::Catalog, &[key("items"), Step::Index(0)])
                .iter()
                .any(|n| n.0 == "guidance")
        );
        assert!(names(&[key("nope")]).is_empty());
    }
}
