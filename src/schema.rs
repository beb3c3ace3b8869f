//! JSON Schemas for profiles and catalogues, generated from the Rust types the loader reads, so
//! an editor (through yaml-language-server) completes and checks exactly what kravkat accepts.
//! They are committed under `schema/`; a test fails when they are stale.

use clap::ValueEnum;
use schemars::generate::SchemaSettings;
use schemars::{Schema, SchemaGenerator, json_schema};

use crate::catalog::Catalog;
use crate::profile::Profile;
use crate::render::{Audience, Format};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    /// A profile (`kravkat build PROFILE`)
    Profile,
    /// A catalogue file (docs/catalog-format.md)
    Catalog,
}

impl Kind {
    /// Where the schema is committed.
    pub fn path(self) -> &'static str {
        match self {
            Kind::Profile => "schema/profile.schema.json",
            Kind::Catalog => "schema/catalog.schema.json",
        }
    }
}

/// The schema as pretty JSON. Draft 7 is the draft editors' YAML and JSON tooling supports best.
pub fn generate(kind: Kind) -> String {
    let generator = SchemaSettings::draft07().into_generator();
    let schema = match kind {
        Kind::Profile => generator.into_root_schema_for::<Profile>(),
        Kind::Catalog => generator.into_root_schema_for::<Catalog>(),
    };
    serde_json::to_string_pretty(&schema).expect("a schema serialises") + "\n"
}

/// The top-level fields of a profile or catalogue.
pub fn fields(kind: Kind) -> Vec<String> {
    let generator = SchemaSettings::draft07().into_generator();
    let schema = match kind {
        Kind::Profile => generator.into_root_schema_for::<Profile>(),
        Kind::Catalog => generator.into_root_schema_for::<Catalog>(),
    };
    schema
        .get("properties")
        .and_then(|p| p.as_object())
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default()
}

/// The formats this build renders: the schema follows `render::Format` as formats are added.
pub fn formats(_: &mut SchemaGenerator) -> Schema {
    enum_of::<Format>()
}

pub fn audiences(_: &mut SchemaGenerator) -> Schema {
    enum_of::<Audience>()
}

/// `allow:`: warning codes (those `allow` can accept) to the reason each is accepted.
pub fn allow(_: &mut SchemaGenerator) -> Schema {
    let codes: Vec<&str> = crate::rules::RULES
        .iter()
        .filter(|r| r.allowable)
        .map(|r| r.code)
        .collect();
    json_schema!({
        "description": "Warnings accepted for this item: code (`kravkat explain CODE`) → the reason",
        "type": "object",
        "propertyNames": { "enum": codes },
        "additionalProperties": { "type": "string", "minLength": 1 }
    })
}

/// The evaluation models a profile can name (`evaluation.model`).
pub fn evaluation_models(_: &mut SchemaGenerator) -> Schema {
    strings(crate::document::Model::ALL.map(crate::document::Model::as_str))
}

/// The currencies a profile can name (`evaluation.currency`).
pub fn currencies(_: &mut SchemaGenerator) -> Schema {
    strings(crate::document::Currency::ALL.map(crate::document::Currency::as_str))
}

fn strings(names: impl IntoIterator<Item = &'static str>) -> Schema {
    let names: Vec<&str> = names.into_iter().collect();
    json_schema!({ "type": "string", "enum": names })
}

/// A number in a profile: written as a YAML number (`50000`) or as text (`"50 000 kr"`, `"2,5"`),
/// and read by kravkat from its spelling, never as floating point.
pub struct Figure;

impl schemars::JsonSchema for Figure {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Figure".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": ["number", "string"],
            "description": "A number as written: 50000, \"50 000 kr\", \"2,5 %\" (Swedish or plain decimals, at most two)"
        })
    }
}

/// A string that is one of a command-line enum's values.
fn enum_of<T: ValueEnum>() -> Schema {
    let names: Vec<String> = T::value_variants()
        .iter()
        .filter_map(ValueEnum::to_possible_value)
        .map(|v| v.get_name().to_owned())
        .collect();
    json_schema!({ "type": "string", "enum": names })
}
