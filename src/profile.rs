//! Profiles: one procurement's choices over one or more catalogues. This module only reads and
//! types the file; what the choices mean is `resolve`'s job.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::catalog::{Kind, Level};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::yaml::{self, Shape, SpannedMap};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub procurement: Procurement,
    pub catalogs: Vec<Spanned<CatalogUse>>,
    #[serde(default)]
    pub select: Option<Spanned<Selection>>,
    /// Item id → reason for leaving it out.
    #[serde(default)]
    pub exclude: SpannedMap<Spanned<String>>,
    /// Item id → what the buyer changes.
    #[serde(default)]
    pub changes: SpannedMap<Spanned<Change>>,
    /// The organisation's own items.
    #[serde(default)]
    pub own: Vec<Spanned<OwnItem>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogUse {
    #[serde(default)]
    pub id: Option<Spanned<String>>,
    #[serde(default)]
    pub version: Option<Spanned<String>>,
    /// A catalogue file, relative to the profile.
    #[serde(default)]
    pub path: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Selection {
    /// Whole catalogues, by id.
    #[serde(default)]
    pub catalogs: Vec<Spanned<String>>,
    /// Whole categories, by name (`API`, or `jonkoping:API` when several catalogues have one).
    #[serde(default)]
    pub categories: Vec<Spanned<String>>,
    /// Single items, by id (`1.12`, or `jonkoping:1.12`).
    #[serde(default)]
    pub items: Vec<Spanned<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Change {
    /// New level: a deviation, needs a reason.
    #[serde(default)]
    pub level: Option<Spanned<Level>>,
    /// Replacement text: a deviation, needs a reason.
    #[serde(default)]
    pub text: Option<String>,
    /// The buyer's specification, shown with the item and marked as theirs.
    #[serde(default)]
    pub specify: Option<String>,
    #[serde(default)]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OwnItem {
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

/// Types a profile text; `path` is where it came from, for messages and relative paths.
pub fn parse(path: &Path, source: String) -> Result<Loaded, Diagnostics> {
    let profile = yaml::parse(path, &source).map_err(|d| match yaml::shape(&source) {
        Some(Shape::Empty) => Diagnostic::new(path, "the profile is empty")
            .hint("a profile has `procurement:`, `catalogs:` and `select:`; the examples/ show complete ones")
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
