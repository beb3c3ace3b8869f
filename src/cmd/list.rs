//! `kravkat list`: the built-in catalogues, or the items of one.

use std::fmt::Write as _;

use anyhow::anyhow;

use crate::catalog::{self, Catalog, Kind};
use crate::diagnostic::did_you_mean;
use crate::error::Result;
use crate::one_line;

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  kravkat list
  kravkat list jonkoping --category API
  kravkat list skane@1")]
pub struct Args {
    /// A catalogue: `jonkoping`, `jonkoping@1.0` or a catalogue file
    pub catalog: Option<String>,
    /// Only the items of this category
    #[arg(long, requires = "catalog")]
    pub category: Option<String>,
}

pub fn run(args: Args) -> Result<u8> {
    list(args.catalog.as_deref(), args.category.as_deref())
}

/// "19 requirements" or "13 principles, 41 recommendations".
fn kind_counts(c: &Catalog) -> String {
    let mut parts = Vec::new();
    for (kind, one, many) in [
        (Kind::Requirement, "requirement", "requirements"),
        (Kind::Principle, "principle", "principles"),
        (Kind::Recommendation, "recommendation", "recommendations"),
        (Kind::Checklist, "checklist question", "checklist questions"),
    ] {
        let n = c.items.iter().filter(|i| i.kind == kind).count();
        if n > 0 {
            parts.push(format!("{n} {}", if n == 1 { one } else { many }));
        }
    }
    parts.join(", ")
}

fn list(spec: Option<&str>, category: Option<&str>) -> Result<u8> {
    let mut out = String::new();
    match spec {
        None => {
            for l in catalog::builtin()? {
                let c = &l.catalog;
                writeln!(
                    out,
                    "{:<12} {:<6} {}\n{:<12} {:<6} {}",
                    c.id,
                    c.version,
                    c.title,
                    "",
                    "",
                    kind_counts(c)
                )
                .unwrap();
            }
        }
        Some(spec) => {
            let c = catalog::find(spec)?.catalog;
            if let Some(cat) = category
                && !c.categories.iter().any(|k| k.name == cat)
            {
                let names: Vec<&str> = c.categories.iter().map(|k| k.name.as_str()).collect();
                let hint = did_you_mean(cat, names.iter().copied())
                    .unwrap_or_else(|| format!("categories: {}", names.join(", ")));
                return Err(anyhow!("catalogue `{}` has no category `{cat}` ({hint})", c.id).into());
            }
            writeln!(out, "{} {} — {}", c.id, c.version, c.title).unwrap();
            let items: Vec<_> = c
                .items
                .iter()
                .filter(|i| category.is_none_or(|k| i.category() == k))
                .collect();
            // Columns as wide as their widest entry; the level column only where there are levels.
            let level = |i: &catalog::Item| i.level.map_or(String::new(), |l| format!("{} ", l.as_str()));
            let id_width = items.iter().map(|i| i.id().chars().count()).max().unwrap_or(0);
            let level_width = items.iter().map(|i| level(i).chars().count()).max().unwrap_or(0);
            let category_width = items.iter().map(|i| i.category().chars().count()).max().unwrap_or(0);
            for item in items {
                writeln!(
                    out,
                    "{:<id_width$} {:<level_width$}{:<category_width$} {}",
                    item.id(),
                    level(item),
                    item.category(),
                    one_line(item.summary_text(), 80)
                )
                .unwrap();
            }
        }
    }
    super::stdout(out.as_bytes())
}
