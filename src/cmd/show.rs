//! `kravkat show ID`: one item with everything its catalogue says about it, its references and
//! what references it.

use std::fmt::Write as _;

use anyhow::anyhow;

use crate::catalog::{self, Catalog, Loaded};
use crate::diagnostic::did_you_mean;
use crate::error::Result;
use crate::resolve;

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  kravkat show 1.12
  kravkat show skane:5.5
  kravkat show P3 --catalog ramverk@1.3")]
pub struct Args {
    /// The item id: `1.12`, or qualified `jonkoping:1.12`
    pub id: String,
    /// The catalogue to look in (`jonkoping`, `jonkoping@1.0` or a file)
    #[arg(long)]
    pub catalog: Option<String>,
}

pub fn run(args: Args) -> Result<u8> {
    show(&args.id, args.catalog.as_deref())
}

fn show(id: &str, spec: Option<&str>) -> Result<u8> {
    let (qual, bare) = match id.split_once(':') {
        Some((c, i)) => (Some(c), i),
        None => (None, id),
    };
    let candidates: Vec<Loaded> = match (spec, qual) {
        (Some(s), _) => vec![catalog::find(s)?],
        (None, Some(c)) => vec![catalog::find(c)?],
        (None, None) => {
            // The newest version of each built-in catalogue.
            let mut all = catalog::builtin()?;
            all.reverse();
            let mut seen = std::collections::HashSet::new();
            all.retain(|l| seen.insert(l.catalog.id.clone()));
            all.reverse();
            all
        }
    };
    let hits: Vec<&Loaded> = candidates.iter().filter(|l| l.catalog.item(bare).is_some()).collect();
    let loaded = match hits.as_slice() {
        [one] => *one,
        [] => {
            let ids: Vec<&str> = candidates
                .iter()
                .flat_map(|l| l.catalog.items.iter().map(|i| i.id()))
                .collect();
            let hint = did_you_mean(bare, ids.iter().copied())
                .unwrap_or_else(|| "`kravkat list CATALOG` shows the ids".into());
            return Err(anyhow!("no item `{id}` ({hint})").into());
        }
        many => {
            let q: Vec<String> = many.iter().map(|l| format!("{}:{bare}", l.catalog.id)).collect();
            return Err(anyhow!("`{id}` is in several catalogues; qualify it: {}", q.join(", ")).into());
        }
    };
    super::stdout(describe(&loaded.catalog, bare, &candidates).as_bytes())
}

/// Everything the catalogue says about one item, as plain text: what `kravkat show` prints,
/// and what an editor shows for an id in a catalogue file.
pub fn describe(c: &Catalog, id: &str, all: &[Loaded]) -> String {
    let item = c.item(id).expect("caller found it");
    let mut out = String::new();
    let level = item.level.map(|l| format!(" ({})", l.as_str())).unwrap_or_default();
    writeln!(out, "{}:{}{level}", c.id, item.id()).unwrap();
    writeln!(out, "Catalogue: {} {} ({})", c.title, c.version, c.publisher).unwrap();
    writeln!(out, "Kind: {}", resolve::kind_name(item.kind)).unwrap();
    writeln!(out, "Category: {}", item.category()).unwrap();
    let fields = [
        ("About the level (Om nivån)", &item.level_note),
        ("Title", &item.title),
        ("Text", &item.text),
        ("Description (Beskrivning)", &item.description),
        ("Examples (Exempel)", &item.examples),
        ("Motive (Motiv)", &item.motive),
        ("Consequence (Konsekvens)", &item.consequence),
        ("Specify or extend (Specificera eller utöka kravet)", &item.specify),
        ("Guidance (Vägledning)", &item.guidance),
        ("Note", &item.note),
    ];
    for (label, value) in fields {
        if let Some(v) = value {
            writeln!(out, "\n{label}:\n{}", indent(v)).unwrap();
        }
    }
    if !item.parts.is_empty() {
        writeln!(out, "\nParts:").unwrap();
        for p in &item.parts {
            writeln!(out, "  {}) {}", p.label, p.text.trim()).unwrap();
        }
    }
    // Titles of referenced items come from whichever of the catalogues at hand has them.
    let title_of = |cat: &str, id: &str| {
        all.iter()
            .find(|l| l.catalog.id == cat)
            .and_then(|l| l.catalog.item(id))
            .and_then(|i| i.title.clone())
    };
    let with_title = |label: &str, title: Option<String>| match title {
        Some(t) => format!("{label} ({t})"),
        None => label.to_owned(),
    };
    let refs: Vec<String> = item
        .references
        .iter()
        .map(|r| {
            let target = match (&r.item, &r.external) {
                (Some(t), _) => {
                    let (cat, id) = t.value.split_once(':').unwrap_or((&c.id, &t.value));
                    with_title(&t.value, r.title.clone().or_else(|| title_of(cat, id)))
                }
                (None, external) => with_title(external.as_deref().unwrap_or_default(), r.title.clone()),
            };
            format!("  {} {target}", r.relation.as_str())
        })
        .collect();
    if !refs.is_empty() {
        writeln!(out, "\nReferences:\n{}", refs.join("\n")).unwrap();
    }
    let key = crate::document::qualified(&c.id, item.id());
    let mut back = Vec::new();
    for l in all {
        for other in &l.catalog.items {
            for r in &other.references {
                let Some(t) = &r.item else { continue };
                let target = if t.value.contains(':') {
                    t.value.clone()
                } else {
                    crate::document::qualified(&l.catalog.id, &t.value)
                };
                if target == key {
                    let source = with_title(
                        &crate::document::qualified(&l.catalog.id, other.id()),
                        other.title.clone(),
                    );
                    back.push(format!("  {source} {} this item", r.relation.as_str()));
                }
            }
        }
    }
    if !back.is_empty() {
        writeln!(out, "\nReferenced by:\n{}", back.join("\n")).unwrap();
    }
    out
}

fn indent(text: &str) -> String {
    text.trim_end()
        .lines()
        .map(|l| if l.is_empty() { String::new() } else { format!("  {l}") })
        .collect::<Vec<_>>()
        .join("\n")
}
