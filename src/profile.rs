//! Profiles: one procurement's choices over one or more catalogues. This module only reads and
//! types the file; what the choices mean is `resolve`'s job.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::catalog::{Kind, Level};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::yaml::{self, Shape, SpannedMap};

/// A kravkat profile: one procurement's choices over published requirement catalogues.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub procurement: Procurement,
    #[schemars(with = "Vec<CatalogUse>")]
    pub catalogs: Vec<Spanned<CatalogUse>>,
    #[serde(default)]
    #[schemars(with = "Option<Selection>")]
    pub select: Option<Spanned<Selection>>,
    /// Item id → reason for leaving it out.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, String>")]
    pub exclude: SpannedMap<Spanned<String>>,
    /// Item id → what the buyer changes.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, Change>")]
    pub changes: SpannedMap<Spanned<Change>>,
    /// The organisation's own items.
    #[serde(default)]
    #[schemars(with = "Vec<OwnItem>")]
    pub own: Vec<Spanned<OwnItem>>,
    /// Checklist question id → where the work on it stands (a working checklist, e.g. over
    /// Hinderbanan).
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, ChecklistEntry>")]
    pub checklist: SpannedMap<ChecklistEntry>,
    /// How the requirements are answered and the Bör requirements evaluated: the model, a value
    /// per Bör requirement, how fulfilment is shown. Published in every appendix format.
    #[serde(default)]
    #[schemars(with = "Option<Evaluation>")]
    pub evaluation: Option<Spanned<Evaluation>>,
    /// The files `kravkat build` writes when it is given no `-f`, `-o` or `-a`.
    #[serde(default)]
    #[schemars(with = "Vec<Output>")]
    pub outputs: Vec<Spanned<Output>>,
    /// What a warning of kravkat's procurement rules does: `warn` (the default) reports it,
    /// `deny` makes `check` and `build` fail on it, as `--deny warnings` does.
    #[serde(default)]
    pub warnings: Warnings,
}

/// What a warning does (`warnings:` in a profile).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Warnings {
    /// Report warnings and go on.
    #[default]
    Warn,
    /// Fail on any warning that is not accepted with `allow`.
    Deny,
}

/// Warnings of kravkat's procurement rules that the buyer accepts for one item, each code with
/// the reason: `bor-says-ska: Texten anpassas i avtalet.` (`kravkat explain CODE`). A reason
/// left empty is read, so that `resolve` can say which one.
pub type Allow = SpannedMap<Spanned<Option<String>>>;

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Procurement {
    pub title: String,
    pub organisation: String,
    #[serde(default)]
    pub reference: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub contact: Option<String>,
    /// A short Markdown introduction printed under the title.
    #[serde(default)]
    pub description: Option<String>,
}

/// A catalogue the profile uses: a built-in one by id and pinned version, or a file.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CatalogUse {
    /// A built-in catalogue (`kravkat list`); with `path`, what the file must be.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub id: Option<Spanned<String>>,
    /// The published version the profile is pinned to, quoted: "1.0".
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub version: Option<Spanned<String>>,
    /// A catalogue file, relative to the profile.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub path: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Selection {
    /// Whole catalogues, by id.
    #[serde(default, deserialize_with = "yaml::null_as_empty")]
    #[schemars(with = "Option<Vec<String>>")]
    pub catalogs: Vec<Spanned<String>>,
    /// Whole categories, by name (`API`, or `jonkoping:API` when several catalogues have one).
    #[serde(default, deserialize_with = "yaml::null_as_empty")]
    #[schemars(with = "Option<Vec<String>>")]
    pub categories: Vec<Spanned<String>>,
    /// Single items, by id (`1.12`, or `jonkoping:1.12`).
    #[serde(default, deserialize_with = "yaml::null_as_empty")]
    #[schemars(with = "Option<Vec<String>>")]
    pub items: Vec<Spanned<String>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Change {
    /// New level: a deviation, needs a reason.
    #[serde(default)]
    #[schemars(with = "Option<Level>")]
    pub level: Option<Spanned<Level>>,
    /// Replacement text: a deviation, needs a reason.
    #[serde(default)]
    pub text: Option<String>,
    /// The buyer's specification, shown with the item and marked as theirs.
    #[serde(default)]
    pub specify: Option<String>,
    #[serde(default)]
    pub reason: Option<String>,
    /// Warnings accepted for this item, code → reason; listed in the internal copy's deviation log.
    #[serde(default)]
    #[schemars(schema_with = "crate::schema::allow")]
    pub allow: Allow,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OwnItem {
    /// Must not be an id of a catalogue the profile uses; a prefix of your own helps (`VK-1`).
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    #[serde(default = "default_kind")]
    pub kind: Kind,
    #[serde(default)]
    pub level: Option<Level>,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    pub text: String,
    #[serde(default)]
    pub guidance: Option<String>,
    /// Why the organisation adds it (internal audience).
    #[serde(default)]
    pub reason: Option<String>,
    /// Catalogue items it relates to: `1.8`, or qualified `ramverk:P9`.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub references: Vec<Spanned<String>>,
    /// Warnings accepted for this item, code → reason; listed in the internal copy's deviation log.
    #[serde(default)]
    #[schemars(schema_with = "crate::schema::allow")]
    pub allow: Allow,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChecklistEntry {
    /// `klar`, `pågår`, `ej påbörjad` or `ej aktuell`; checked by `resolve`, which can suggest
    /// the closest one.
    #[schemars(with = "String")]
    pub status: Spanned<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// The evaluation model and how each requirement is answered. Every value is one line keyed by
/// the requirement's id, so a change of intent is a one-line diff. Numbers are read as written
/// (`50 000`, `2,5`) and checked by `resolve`, never as floating point.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Evaluation {
    /// How Bör requirements are valued: `mervärde` (kronor deducted from the price when the
    /// requirement is fulfilled), `procent` (a percentage of the price deducted) or `poäng`
    /// (points per criterion, criteria weighted, the price scored on a fixed scale). Without a
    /// model the section only says how requirements are answered.
    #[serde(default)]
    #[schemars(schema_with = "crate::schema::evaluation_models")]
    pub model: Option<Spanned<String>>,
    /// The currency of prices and mervärde: `SEK` (the default) or `EUR`.
    #[serde(default)]
    #[schemars(schema_with = "crate::schema::currencies")]
    pub currency: Option<Spanned<String>>,
    /// `mervärde` and `procent`: Bör requirement id → its value, `50 000` (kronor) or `2,5`
    /// (percent); a unit may follow (`50 000 kr`, `2,5 %`).
    #[serde(default)]
    #[schemars(with = "Option<BTreeMap<String, crate::schema::Figure>>")]
    pub values: Option<Spanned<SpannedMap<Spanned<String>>>>,
    /// `poäng`: how the price scores, on a scale fixed before any tender is seen.
    #[serde(default)]
    #[schemars(with = "Option<PriceScale>")]
    pub price: Option<Spanned<PriceScale>>,
    /// `poäng`: criterion name → its weight and the points of its Bör requirements. The weights
    /// and the price's weight add up to 100.
    #[serde(default)]
    #[schemars(with = "Option<BTreeMap<String, Criterion>>")]
    pub criteria: Option<Spanned<SpannedMap<Spanned<Criterion>>>>,
    /// Requirement id → how the supplier shows that it is fulfilled ("Bifoga
    /// API-dokumentationen."), for Ska and Bör alike.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, String>")]
    pub verification: SpannedMap<Spanned<String>>,
    /// Requirement id → what a `Ja` must come with: `ja/nej` (nothing more, the default),
    /// `fritext` (a description), `tal` (a number) or `bilaga` (a reference to an attachment).
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, crate::document::AnswerType>")]
    pub answers: SpannedMap<Spanned<String>>,
}

/// `poäng`: the price's share of the points and the fixed scale it is scored on.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PriceScale {
    /// The most points the price gives, in whole points of the 100.
    #[schemars(with = "crate::schema::Figure")]
    pub weight: Spanned<String>,
    /// A price at or below this gets all the price's points.
    #[schemars(with = "crate::schema::Figure")]
    pub full: Spanned<String>,
    /// A price at or above this gets none; linearly in between.
    #[schemars(with = "crate::schema::Figure")]
    pub zero: Spanned<String>,
}

/// `poäng`: one evaluation criterion.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// The most points the criterion gives, in whole points of the 100.
    #[schemars(with = "crate::schema::Figure")]
    pub weight: Spanned<String>,
    /// Bör requirement id → the points it earns when fulfilled (a whole number).
    #[schemars(with = "BTreeMap<String, crate::schema::Figure>")]
    pub points: SpannedMap<Spanned<String>>,
}

/// A file `kravkat build` writes: `{ path: bilaga.md, audience: tender }`.
// Format and audience are read as text and checked by `outputs`, which knows the formats this
// build has and can point at the line of a wrong one.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Output {
    /// The file, relative to the profile's folder and inside it.
    #[schemars(with = "String")]
    pub path: Spanned<String>,
    /// The format; by default the one the path's extension names.
    #[serde(default)]
    #[schemars(schema_with = "crate::schema::formats")]
    pub format: Option<Spanned<String>>,
    /// Who the document is for; `tender` by default.
    #[serde(default)]
    #[schemars(schema_with = "crate::schema::audiences")]
    pub audience: Option<Spanned<String>>,
}

fn default_kind() -> Kind {
    Kind::Requirement
}

/// A profile with the file it came from (paths in it are relative to that file).
#[derive(Debug, Clone)]
pub struct Loaded {
    pub profile: Profile,
    pub path: PathBuf,
    pub source: String,
}

/// Reads the profile at `path`; `-` is standard input, named `<stdin>` in messages, with paths
/// in it relative to the working directory.
pub fn load(path: &Path) -> crate::error::Result<Loaded> {
    if path.as_os_str() == "-" {
        return Ok(parse(Path::new(crate::STDIN), crate::read_stdin()?)?);
    }
    crate::read_yaml(path, Shape::Profile, |source| parse(path, source))
}

/// Reads a profile's text as if it were the file at `path` (whose folder relative paths in it
/// are taken from).
pub fn parse(path: &Path, source: String) -> Result<Loaded, Diagnostics> {
    let profile = yaml::parse_whole(path, &source).map_err(|d| match yaml::shape(&source) {
        Some(Shape::Empty) => Diagnostic::new(path, "the profile is empty")
            .hint("`kravkat init -o profil.kravkat.yaml` writes a starter profile to fill in")
            .into(),
        Some(Shape::Catalog) => Diagnostic::new(path, "this looks like a catalogue, not a profile")
            .hint("a profile uses a catalogue file through `catalogs: [{ path: … }]`")
            .into(),
        Some(Shape::Profile) | None => d,
    })?;
    Ok(Loaded {
        profile,
        path: path.to_path_buf(),
        source,
    })
}
