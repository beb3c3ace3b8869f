//! Semantic diffs: two profiles compared as resolved documents (so a reordered or reformatted
//! YAML file is no difference, and a category that brings in a new item is one), or two versions
//! of a catalogue compared item by item. The result is what was added, what was removed and
//! which fields changed, as text for people or JSON for tools.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::Path;

use anyhow::anyhow;
use clap::ValueEnum;
use serde::Serialize;

use crate::catalog::{self, Loaded};
use crate::error::{Error, Result};
use crate::load::{self, Input};
use crate::report::Reporter;
use crate::view::{self, Fields, View};
use crate::{git, one_line, profile, resolve, run};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// For people
    #[default]
    Text,
    /// For tools
    Json,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diff {
    pub old: String,
    pub new: String,
    pub same: bool,
    /// Procurement and catalogue versions (profiles), or the catalogue's own metadata.
    pub metadata: Vec<Change>,
    pub added: Vec<Entry>,
    pub removed: Vec<Entry>,
    pub changed: Vec<Changed>,
    /// Exclusions added, removed or given another reason.
    pub excluded: Vec<Exclusion>,
}

/// An exclusion that differs: its reason on each side, `None` where the item is not excluded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Exclusion {
    pub key: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// One field that differs; `None` where it is absent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// An added or removed item with all its fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub key: String,
    #[serde(flatten)]
    pub fields: Fields,
}

/// An item on both sides whose fields differ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Changed {
    pub key: String,
    pub changes: Vec<Change>,
}

/// Compares two views.
pub fn compare(old_label: &str, old: &View, new_label: &str, new: &View) -> Diff {
    let find = |v: &View, key: &str| v.items.iter().position(|i| i.key == key);
    let entry = |i: &view::Item| Entry {
        key: i.key.clone(),
        fields: i.fields.clone(),
    };
    let removed: Vec<Entry> = old
        .items
        .iter()
        .filter(|i| find(new, &i.key).is_none())
        .map(entry)
        .collect();
    let mut added = Vec::new();
    let mut changed = Vec::new();
    for item in &new.items {
        match find(old, &item.key) {
            None => added.push(entry(item)),
            Some(o) => {
                let changes = compare_fields(&old.items[o].fields, &item.fields);
                if !changes.is_empty() {
                    changed.push(Changed {
                        key: item.key.clone(),
                        changes,
                    });
                }
            }
        }
    }
    let metadata = compare_fields(&old.metadata, &new.metadata);
    let excluded = compare_fields(&old.excluded, &new.excluded)
        .into_iter()
        .map(|c| Exclusion {
            key: c.field,
            old: c.old,
            new: c.new,
        })
        .collect::<Vec<_>>();
    let same =
        metadata.is_empty() && added.is_empty() && removed.is_empty() && changed.is_empty() && excluded.is_empty();
    Diff {
        old: old_label.to_owned(),
        new: new_label.to_owned(),
        same,
        metadata,
        added,
        removed,
        changed,
        excluded,
    }
}

/// The fields that differ, in the old order, then the ones only the new side has.
fn compare_fields(old: &Fields, new: &Fields) -> Vec<Change> {
    let names = old.keys().chain(new.keys().filter(|k| !old.contains_key(*k)));
    names
        .filter(|name| old.get(*name) != new.get(*name))
        .map(|name| Change {
            field: name.clone(),
            old: old.get(name).cloned(),
            new: new.get(name).cloned(),
        })
        .collect()
}

impl Diff {
    pub fn render(&self, format: DiffFormat) -> String {
        match format {
            DiffFormat::Text => self.text(),
            DiffFormat::Json => serde_json::to_string_pretty(self).expect("plain data serialises") + "\n",
        }
    }

    pub fn text(&self) -> String {
        let mut out = String::new();
        if self.same {
            writeln!(out, "no differences between {} and {}", self.old, self.new).unwrap();
            return out;
        }
        writeln!(out, "--- {}\n+++ {}", self.old, self.new).unwrap();
        if !self.metadata.is_empty() {
            out.push_str("metadata\n");
            for c in &self.metadata {
                write_change(&mut out, "  ", c);
            }
        }
        for (title, sign, entries) in [("added", '+', &self.added), ("removed", '-', &self.removed)] {
            if !entries.is_empty() {
                writeln!(out, "{title}").unwrap();
                for e in entries {
                    writeln!(out, "  {sign} {}", summary(&e.key, &e.fields)).unwrap();
                }
            }
        }
        if !self.changed.is_empty() {
            out.push_str("changed\n");
            for c in &self.changed {
                writeln!(out, "  ~ {}", c.key).unwrap();
                for change in &c.changes {
                    write_change(&mut out, "      ", change);
                }
            }
        }
        if !self.excluded.is_empty() {
            out.push_str("excluded\n");
            for e in &self.excluded {
                let c = Change {
                    field: e.key.clone(),
                    old: e.old.clone(),
                    new: e.new.clone(),
                };
                write_change(&mut out, "  ", &c);
            }
        }
        out
    }
}

/// `1.12 (Ska) Systemet ska logga …`: an item on one line.
pub fn summary(key: &str, fields: &Fields) -> String {
    let level = fields.get("level").map(|l| format!(" ({l})")).unwrap_or_default();
    let words = ["title", "text", "description"]
        .iter()
        .find_map(|f| fields.get(*f))
        .map(|t| format!(" {}", one_line(t, 70)))
        .unwrap_or_default();
    format!("{key}{level}{words}")
}

/// Short values on one line (`level: Ska → Bör`), long or multi-line ones as `-` and `+` lines.
fn write_change(out: &mut String, indent: &str, c: &Change) {
    let short = |v: &Option<String>| v.as_ref().is_none_or(|s| !s.contains('\n') && s.chars().count() <= 40);
    let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "(none)".into());
    if short(&c.old) && short(&c.new) {
        writeln!(out, "{indent}{}: {} → {}", c.field, show(&c.old), show(&c.new)).unwrap();
        return;
    }
    writeln!(out, "{indent}{}:", c.field).unwrap();
    for (sign, value) in [('-', &c.old), ('+', &c.new)] {
        match value {
            None => writeln!(out, "{indent}  {sign} (none)").unwrap(),
            Some(v) => {
                for line in v.lines() {
                    writeln!(out, "{indent}  {sign} {line}").unwrap();
                }
            }
        }
    }
}

/// `kravkat diff OLD NEW`.
pub fn profiles(old: &Path, new: &Path) -> Result<Diff> {
    let catalogs = run::Catalogs::default();
    let a = profile::load(old)?;
    let b = profile::load(new);
    // Both profiles are registered first, so that a catalogue they share is parsed once.
    catalogs.register(0, &a);
    if let Ok(b) = &b {
        catalogs.register(1, b);
    }
    let a = resolve::resolve(&catalogs.input(0, a)?)?;
    let b = resolve::resolve(&catalogs.input(1, b?)?)?;
    Ok(compare(
        &old.display().to_string(),
        &view::of_document(&a),
        &new.display().to_string(),
        &view::of_document(&b),
    ))
}

/// `kravkat diff PROFILE --rev REV`: the profile as committed at REV against the file as it is.
/// Catalogue paths in the old text are resolved against the profile's folder, as for the new.
pub fn against_revision(path: &Path, rev: &str) -> Result<Diff> {
    let label = format!("{rev}:{}", path.display());
    let source = crate::decode(Path::new(&label), &git::show(path, rev, crate::MAX_INPUT_BYTES)?)?;
    // The old text is read as if it were at `path`; its problems name the revision instead.
    let catalogs = run::Catalogs::default();
    let old = profile::parse(path, source).map_err(Error::from);
    let new = profile::load(path);
    for (user, p) in [&old, &new].into_iter().enumerate() {
        if let Ok(p) = p {
            catalogs.register(user, p);
        }
    }
    let old = old
        .and_then(|p| catalogs.input(0, p))
        .and_then(|input| Ok(resolve::resolve(&input)?))
        .map_err(|e| match e {
            Error::Invalid(mut d) => {
                for one in d.0.iter_mut().filter(|one| one.file == path) {
                    one.file = label.clone().into();
                }
                Error::Invalid(d)
            }
            other => other,
        })?;
    let new = resolve::resolve(&catalogs.input(1, new?)?)?;
    Ok(compare(
        &label,
        &view::of_document(&old),
        &path.display().to_string(),
        &view::of_document(&new),
    ))
}

/// `kravkat diff --catalog OLD NEW [--profile P]`: what changed between two catalogue versions
/// (built-in `id@version` or files); with a profile, only the items it selects from either.
pub fn catalogs(old: &str, new: &str, profile: Option<&Path>, reporter: &Reporter) -> Result<Diff> {
    let a = catalog::find(old)?;
    let b = catalog::find(new)?;
    let mut va = view::of_catalog(&a.catalog);
    let mut vb = view::of_catalog(&b.catalog);
    if let Some(p) = profile {
        let keep = selected(p, &b, reporter)?;
        va.items.retain(|i| keep.contains(&i.key));
        vb.items.retain(|i| keep.contains(&i.key));
    }
    Ok(compare(old, &va, new, &vb))
}

/// The ids a profile selects from catalogue `new.catalog.id`: under the version it pins, and
/// under `new` — where a selected category may bring in items that version added.
fn selected(path: &Path, new: &Loaded, reporter: &Reporter) -> Result<HashSet<String>> {
    let input = load::load(path)?;
    let id = &new.catalog.id;
    if !input.catalogs.iter().any(|c| &c.catalog.id == id) {
        return Err(anyhow!("`{}` does not use catalogue `{id}`", path.display()).into());
    }
    let ids = |doc: &crate::document::Document| -> Vec<String> {
        doc.items()
            .filter(|i| i.catalog.as_ref() == Some(id))
            .map(|i| i.id.clone())
            .collect()
    };
    let mut keep: HashSet<String> = ids(&resolve::resolve(&input)?).into_iter().collect();
    let upgraded = Input {
        profile: input.profile.clone(),
        catalogs: input
            .catalogs
            .iter()
            .map(|c| if &c.catalog.id == id { new.clone() } else { c.clone() })
            .collect(),
    };
    match resolve::resolve(&upgraded) {
        Ok(doc) => keep.extend(ids(&doc)),
        Err(problems) => reporter.info(format!(
            "note: `{}` does not resolve against {}, so what that version would bring in through a \
             category is not listed:\n{problems}",
            path.display(),
            new.catalog.spec()
        )),
    }
    Ok(keep)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> Fields {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    fn item(key: &str, pairs: &[(&str, &str)]) -> view::Item {
        view::Item {
            key: key.into(),
            fields: fields(pairs),
        }
    }

    #[test]
    fn added_removed_and_changed_fields() {
        let old = View {
            metadata: fields(&[("title", "A"), ("date", "2026")]),
            items: vec![
                item("1.1", &[("level", "Ska"), ("text", "x")]),
                item("1.2", &[("level", "Ska")]),
            ],
            excluded: fields(&[("1.7", "nej")]),
        };
        let new = View {
            metadata: fields(&[("title", "B"), ("reference", "KS 1")]),
            items: vec![
                item("1.1", &[("level", "Bör"), ("text", "x"), ("reason", "r")]),
                item("1.3", &[("level", "Bör"), ("text", "ny")]),
            ],
            excluded: Fields::new(),
        };
        let d = compare("a", &old, "b", &new);
        let names = |c: &[Change]| c.iter().map(|c| c.field.clone()).collect::<Vec<_>>();
        assert_eq!(names(&d.metadata), ["title", "date", "reference"]);
        assert_eq!(d.added[0].key, "1.3");
        assert_eq!(d.removed[0].key, "1.2");
        assert_eq!(d.changed[0].key, "1.1");
        assert_eq!(names(&d.changed[0].changes), ["level", "reason"]);
        assert_eq!(d.excluded[0].new, None);
        assert!(!d.same);
        assert!(compare("a", &old, "a", &old).same);
        let text = d.text();
        assert!(
            text.contains("  ~ 1.1\n      level: Ska → Bör\n      reason: (none) → r\n"),
            "{text}"
        );
        assert!(text.contains("added\n  + 1.3 (Bör) ny\n"), "{text}");
        assert!(text.contains("excluded\n  1.7: nej → (none)\n"), "{text}");
    }

    #[test]
    fn long_values_are_shown_line_by_line() {
        let mut out = String::new();
        let long = "ett två tre fyra fem sex sju åtta nio tio elva tolv".to_owned();
        write_change(
            &mut out,
            "",
            &Change {
                field: "text".into(),
                old: Some(long.clone()),
                new: None,
            },
        );
        assert_eq!(out, format!("text:\n  - {long}\n  + (none)\n"));
    }
}
