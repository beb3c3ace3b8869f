//! Catalogues: the published, versioned collections of items, as transcribed to YAML in
//! `catalog/` (format: docs/catalog-format.md). Loading checks a catalogue's own consistency;
//! a catalogue that passes can be trusted by `resolve`.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use anyhow::anyhow;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::diagnostic::{Diagnostic, Diagnostics, did_you_mean};
use crate::yaml::{self, Shape};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_catalogs.rs"));
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Level {
    /// Mandatory (obligatoriskt krav)
    Ska,
    /// Desirable, evaluated (önskvärt krav, utvärderas)
    #[serde(rename = "Bör")]
    Bor,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Ska => "Ska",
            Level::Bor => "Bör",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Requirement,
    Principle,
    Recommendation,
    Checklist,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Numbering {
    #[default]
    Published,
    Assigned,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Relation {
    Clarifies,
    Details,
    Implements,
    Relates,
}

impl Relation {
    /// How `kravkat show` words it: "this item *relates to* that one".
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Clarifies => "clarifies",
            Relation::Details => "details",
            Relation::Implements => "implements",
            Relation::Relates => "relates to",
        }
    }
}

/// One published version of a requirement catalogue, as kravkat reads it (docs/catalog-format.md).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    pub id: String,
    pub title: String,
    pub publisher: String,
    pub version: String,
    #[serde(default)]
    pub date: Option<String>,
    pub source: String,
    #[serde(default)]
    pub licence: Option<String>,
    #[serde(default)]
    pub numbering: Numbering,
    /// The facts above that the source does not state, each with how it was arrived at.
    #[serde(default)]
    pub inferred: Inferred,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub purpose: Option<String>,
    #[serde(default)]
    pub scope: Option<String>,
    #[serde(default)]
    pub audience: Option<String>,
    #[serde(default)]
    pub usage: Option<String>,
    pub attribution: Attribution,
    #[serde(default)]
    pub history: Vec<HistoryEntry>,
    pub categories: Vec<Category>,
    #[schemars(with = "Vec<Item>")]
    pub items: Items,
}

/// A catalogue's items, shared by its copies: the profiles of a run that use one catalogue
/// each hold it without copying its items (copying them was a third of checking many profiles),
/// and the indexes built over them are built once, by the first profile that needs them.
/// Read as a list; never changed once parsed.
#[derive(Clone, Default)]
pub struct Items(Arc<Shared>);

#[derive(Default)]
struct Shared {
    items: Vec<Item>,
    /// The items' indexes, sorted by id.
    by_id: OnceLock<Vec<usize>>,
    /// The items' words, for the rule that finds an own item repeating one of them.
    words: OnceLock<crate::rules::duplicates::Index>,
}

impl Items {
    /// The index of the item with id `id`: looked up once per profile entry and reference, so a
    /// linear search would make resolving quadratic in catalogue size.
    pub fn position(&self, id: &str) -> Option<usize> {
        let items = &self.0.items;
        let by_id = self.0.by_id.get_or_init(|| {
            let mut v: Vec<usize> = (0..items.len()).collect();
            v.sort_by(|&a, &b| items[a].id().cmp(items[b].id()));
            v
        });
        by_id
            .binary_search_by(|&i| items[i].id().cmp(id))
            .ok()
            .map(|at| by_id[at])
    }

    /// The items' words, indexed for comparing own items with them.
    pub(crate) fn words(&self) -> &crate::rules::duplicates::Index {
        self.0
            .words
            .get_or_init(|| crate::rules::duplicates::Index::new(&self.0.items))
    }
}

impl std::fmt::Debug for Items {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.items.fmt(f)
    }
}

impl std::ops::Deref for Items {
    type Target = Vec<Item>;
    fn deref(&self) -> &Vec<Item> {
        &self.0.items
    }
}

impl<'a> IntoIterator for &'a Items {
    type Item = &'a Item;
    type IntoIter = std::slice::Iter<'a, Item>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.items.iter()
    }
}

impl From<Vec<Item>> for Items {
    fn from(items: Vec<Item>) -> Self {
        Items(Arc::new(Shared {
            items,
            ..Shared::default()
        }))
    }
}

impl Serialize for Items {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.items.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Items {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Vec::deserialize(d).map(Items::from)
    }
}

/// Catalogue facts the source does not state, each with a sentence in Swedish on how it was
/// arrived at ("Källan namnger ingen utgivare; …"). The working copy prints them; an attribution
/// statement must not claim them.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Inferred {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Attribution {
    /// The source's own words on attribution, verbatim.
    #[serde(default)]
    pub rule: Option<String>,
    /// The sentence every output carries.
    pub statement: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HistoryEntry {
    pub version: String,
    #[serde(default)]
    pub date: Option<String>,
    pub description: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Exactly as published, quoted: "1.12".
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub kind: Kind,
    #[serde(default)]
    pub level: Option<Level>,
    /// Why the item has its level where the wording does not say it plainly (a prohibition
    /// without ska/bör, a paragraph with both); in Swedish, shown with the item in every copy.
    #[serde(default)]
    pub level_note: Option<String>,
    #[schemars(with = "String")]
    pub category: Spanned<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub parts: Vec<Part>,
    #[serde(default)]
    pub specify: Option<String>,
    #[serde(default)]
    pub guidance: Option<String>,
    #[serde(default)]
    pub motive: Option<String>,
    #[serde(default)]
    pub consequence: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub examples: Option<String>,
    #[serde(default)]
    pub references: Vec<Reference>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Part {
    pub label: String,
    pub text: String,
}

/// A stated relation from an item to another item or to something outside kravkat.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    /// An item id in the same catalogue, or qualified `catalog:id`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub item: Option<Spanned<String>>,
    /// Something outside kravkat's catalogues ("EIF 5").
    #[serde(default)]
    pub external: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    pub relation: Relation,
}

impl Item {
    pub fn id(&self) -> &str {
        &self.id.value
    }

    pub fn category(&self) -> &str {
        &self.category.value
    }

    /// The item's main words, for one-line summaries (lists, logs, the unselected table).
    pub fn summary_text(&self) -> &str {
        self.title
            .as_deref()
            .or(self.text.as_deref())
            .or(self.description.as_deref())
            .unwrap_or("")
    }
}

impl Catalog {
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.position(id).map(|i| &self.items[i])
    }

    /// The catalogue's name as a user writes it: `jonkoping@1.0`.
    pub fn spec(&self) -> String {
        format!("{}@{}", self.id, self.version)
    }
}

/// Where a catalogue came from: the binary or a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Builtin(&'static str),
    File(PathBuf),
}

impl Origin {
    pub fn path(&self) -> PathBuf {
        match self {
            Origin::Builtin(name) => PathBuf::from(format!("<builtin>/catalog/{name}")),
            Origin::File(p) => p.clone(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Loaded {
    pub catalog: Catalog,
    pub origin: Origin,
}

/// Parses and checks one catalogue text.
pub fn parse(path: &Path, source: &str) -> Result<Catalog, Diagnostics> {
    let catalog: Catalog = yaml::parse_whole(path, source).map_err(|d| match yaml::shape(source) {
        Some(Shape::Empty) => Diagnostic::new(path, "the catalogue is empty")
            .hint("docs/catalog-format.md describes the format")
            .into(),
        Some(Shape::Profile) => Diagnostic::new(path, "this looks like a profile, not a catalogue")
            .hint("build it with `kravkat build`; a catalogue has `attribution:`, `categories:` and `items:`")
            .into(),
        Some(Shape::Catalog) | None => d,
    })?;
    validate(&catalog, path, source)?;
    Ok(catalog)
}

fn validate(c: &Catalog, path: &Path, source: &str) -> Result<(), Diagnostics> {
    let mut diags = Diagnostics::default();
    let err = |msg: String, pos| Diagnostic::new(path, msg).at(source, pos);
    if c.id.is_empty()
        || !c
            .id
            .chars()
            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-')
    {
        diags.push(Diagnostic::new(
            path,
            format!("catalogue id `{}` must be lowercase letters, digits and `-`", c.id),
        ));
    }
    let categories: HashSet<&str> = c.categories.iter().map(|k| k.name.as_str()).collect();
    let mut seen = HashSet::new();
    for item in &c.items {
        if diags.full() {
            break;
        }
        let id = item.id();
        if crate::is_blank(id) || id.contains(':') || id != id.trim() {
            diags.push(err(
                format!("item id `{id}` is empty, padded or contains `:`"),
                yaml::pos(&item.id),
            ));
        }
        if !seen.insert(id) {
            diags.push(err(format!("duplicate item id `{id}`"), yaml::pos(&item.id)));
        }
        if !categories.contains(item.category()) {
            diags.push(
                err(
                    format!(
                        "item {id}: category `{}` is not listed under `categories`",
                        item.category()
                    ),
                    yaml::pos(&item.category),
                )
                .hint(
                    did_you_mean(item.category(), categories.iter().copied())
                        .unwrap_or_else(|| "add it to `categories`".into()),
                ),
            );
        }
        let needs_level = item.kind == Kind::Requirement;
        if needs_level != item.level.is_some() {
            let msg = if needs_level {
                format!("requirement {id} has no `level` (Ska or Bör)")
            } else {
                format!("item {id}: only requirements have a `level`")
            };
            diags.push(err(msg, yaml::pos(&item.id)));
        }
        let words = |t: &Option<String>| t.as_deref().is_some_and(|t| !crate::is_blank(t));
        let has_words = match item.kind {
            Kind::Checklist => words(&item.title) || words(&item.description),
            _ => words(&item.text),
        };
        if !has_words {
            diags.push(err(format!("item {id} has no text"), yaml::pos(&item.id)));
        }
        for r in &item.references {
            if r.item.is_some() == r.external.is_some() {
                diags.push(err(
                    format!("item {id}: a reference names exactly one of `item` or `external`"),
                    yaml::pos(&item.id),
                ));
            }
        }
    }
    // References within the catalogue must hit. Those into another catalogue (`ramverk:R8`)
    // cannot be checked here, where the other catalogue is not at hand.
    for item in &c.items {
        for target in item.references.iter().filter_map(|r| r.item.as_ref()) {
            if !target.value.contains(':') && !seen.contains(target.value.as_str()) {
                diags.push(err(
                    format!("item {}: reference to unknown item `{}`", item.id(), target.value),
                    yaml::pos(target),
                ));
            }
        }
    }
    if c.items.is_empty() {
        diags.push(Diagnostic::new(path, "the catalogue has no items"));
    }
    diags.into_result()
}

/// The catalogues built into the binary, parsed. A broken embedded catalogue is a bug caught
/// by the tests, so it is reported as an error rather than a panic.
pub fn builtin() -> Result<Vec<Loaded>, Diagnostics> {
    parse_embedded(|_| true)
}

/// The versions of built-in catalogue `id`, oldest first, parsed: only their files are read
/// (`<id>-<version>.yaml`, as a test checks every embedded file is named), so a build does not
/// pay for the catalogues it does not use.
pub fn builtin_versions(id: &str) -> Result<Vec<Loaded>, Diagnostics> {
    let named = |name: &str| name.strip_prefix(id).is_some_and(|rest| rest.starts_with('-'));
    let mut versions = parse_embedded(named)?;
    // `foo-bar-1.yaml` starts with `foo-` too.
    versions.retain(|l| l.catalog.id == id);
    Ok(versions)
}

fn parse_embedded(wanted: impl Fn(&str) -> bool) -> Result<Vec<Loaded>, Diagnostics> {
    embedded::EMBEDDED
        .iter()
        .filter(|(name, _)| wanted(name))
        .map(|(name, source)| {
            let origin = Origin::Builtin(name);
            parse(&origin.path(), source).map(|catalog| Loaded { catalog, origin })
        })
        .collect()
}

/// The text a catalogue was read from: the embedded file, or the file on disk.
pub fn source(origin: &Origin) -> crate::error::Result<std::borrow::Cow<'static, str>> {
    match origin {
        Origin::Builtin(name) => Ok(embedded::EMBEDDED
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, text)| std::borrow::Cow::Borrowed(*text))
            .ok_or_else(|| anyhow!("no built-in catalogue file `{name}`"))?),
        Origin::File(path) => Ok(std::borrow::Cow::Owned(crate::read_text(path)?)),
    }
}

/// Reads a catalogue file given by path.
pub fn load_file(path: &Path) -> crate::error::Result<Loaded> {
    Ok(Loaded {
        catalog: parse_file(path, &crate::read_input(path)?)?,
        origin: Origin::File(path.to_path_buf()),
    })
}

/// A catalogue file's text as an editor holds it.
pub fn from_file_text(path: &Path, source: &str) -> Result<Loaded, Diagnostics> {
    Ok(Loaded {
        catalog: parse(path, source)?,
        origin: Origin::File(path.to_path_buf()),
    })
}

/// Parses and checks the bytes read from catalogue file `path`.
pub(crate) fn parse_file(path: &Path, bytes: &[u8]) -> crate::error::Result<Catalog> {
    crate::parse_input(path, bytes, Shape::Catalog, |source| parse(path, &source))
}

/// Finds a catalogue by `id`, `id@version` or file path. A bare id means its newest version.
pub fn find(spec: &str) -> crate::error::Result<Loaded> {
    let path = Path::new(spec);
    // A pipe or device is a file too, to be refused by `load_file`; a folder named like a
    // built-in catalogue is not.
    if spec.ends_with(".yaml") || spec.ends_with(".yml") || path.exists() && !path.is_dir() {
        return load_file(path);
    }
    let (id, version) = spec.split_once('@').map_or((spec, None), |(i, v)| (i, Some(v)));
    let found = builtin_versions(id)?;
    let versions: Vec<&Loaded> = found.iter().collect();
    if versions.is_empty() {
        let builtin = builtin()?;
        let ids: Vec<&str> = builtin.iter().map(|l| l.catalog.id.as_str()).collect();
        let hint =
            did_you_mean(id, ids.iter().copied()).unwrap_or_else(|| format!("built-in catalogues: {}", ids.join(", ")));
        return Err(anyhow!("unknown catalogue `{id}` ({hint})").into());
    }
    match version {
        None => Ok((*versions.last().expect("non-empty")).clone()),
        Some(v) => versions
            .iter()
            .find(|l| l.catalog.version == v)
            .map(|l| (*l).clone())
            .ok_or_else(|| {
                let have: Vec<&str> = versions.iter().map(|l| l.catalog.version.as_str()).collect();
                anyhow!("catalogue `{id}` has no version `{v}` (available: {})", have.join(", ")).into()
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_within_the_catalogue_must_hit() {
        let source = "id: t\ntitle: T\npublisher: P\nversion: \"1\"\nsource: S\n\
            attribution: { statement: S }\ncategories: [{ name: K }]\nitems:\n\
            - { id: \"1\", kind: principle, category: K, text: x, references: [{ item: \"2\", relation: relates }] }\n";
        let e = parse(Path::new("t.yaml"), source).unwrap_err();
        assert!(e.to_string().contains("item 1: reference to unknown item `2`"), "{e}");
        assert!(e.0[0].pos.is_some_and(|p| p.line == 9), "{e}");
        let qualified = source.replace("item: \"2\"", "item: \"other:2\"");
        assert!(
            parse(Path::new("t.yaml"), &qualified).is_ok(),
            "other catalogues are not checked here"
        );
    }

    #[test]
    fn every_builtin_catalogue_loads() {
        let all = builtin().unwrap_or_else(|e| panic!("{e}"));
        assert!(all.iter().any(|l| l.catalog.id == "jonkoping"));
    }

    /// `builtin_versions` finds a catalogue by its file name.
    #[test]
    fn every_builtin_catalogue_is_named_by_id_and_version() {
        for l in builtin().unwrap_or_else(|e| panic!("{e}")) {
            let c = &l.catalog;
            let Origin::Builtin(name) = l.origin else {
                panic!("{}", c.spec())
            };
            assert_eq!(name, format!("{}-{}.yaml", c.id, c.version));
            let versions = builtin_versions(&c.id).unwrap_or_else(|e| panic!("{e}"));
            assert!(versions.iter().any(|v| v.catalog.version == c.version), "{}", c.spec());
            assert!(versions.iter().all(|v| v.catalog.id == c.id), "{}", c.spec());
        }
        assert!(builtin_versions("jonk").unwrap().is_empty());
    }
}
