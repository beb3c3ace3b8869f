//! `kravkat textconv FILE`: a stable plain-text view of a profile (or a catalogue) for git's
//! textconv driver, so `git diff` and `git log -p` show changes requirement by requirement.
//! One block per item, one line per field, texts on one line each where they are one
//! paragraph: a one-line change of intent stays a one-line change in the diff.

use std::fmt::Write as _;
use std::path::Path;

use crate::error::{Error, Result};
use crate::view::{self, Fields, View};
use crate::{catalog, load, profile, resolve};

/// The view of the file, or the file as written when it does not resolve: git shows a diff
/// either way, and a textconv driver that fails would hide the change instead. (git hands the
/// driver a copy of the old side outside the repository, where catalogue files named by a
/// relative `path:` cannot be found; such a profile is shown as written.)
pub fn textconv(path: &Path) -> Result<String> {
    let source = crate::read_text(path)?;
    let document = profile::parse(path, source.clone())
        .map_err(Error::from)
        .and_then(load::with_catalogs)
        .and_then(|input| Ok(resolve::resolve(&input)?));
    Ok(match document {
        Ok(doc) => text(&view::of_document(&doc)),
        Err(_) => match catalog::parse(path, &source) {
            Ok(c) => text(&view::of_catalog(&c)),
            Err(_) => format!("# kravkat: shown as written (not a profile or catalogue that resolves)\n{source}"),
        },
    })
}

fn text(v: &View) -> String {
    let mut out = String::new();
    fields(&mut out, &v.metadata);
    for item in &v.items {
        writeln!(out, "\n[{}]", item.key).unwrap();
        fields(&mut out, &item.fields);
    }
    for (key, reason) in &v.excluded {
        writeln!(out, "\n[excluded {key}]").unwrap();
        value(&mut out, "reason", reason);
    }
    out
}

fn fields(out: &mut String, fields: &Fields) {
    for (name, v) in fields {
        value(out, name, v);
    }
}

/// `name: value`, with a paragraph joined onto one line and further paragraphs indented.
fn value(out: &mut String, name: &str, v: &str) {
    let paragraphs: Vec<String> = v
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect();
    writeln!(out, "{name}: {}", paragraphs.join("\n  ")).unwrap();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_per_paragraph() {
        let mut out = String::new();
        value(&mut out, "text", "Första stycket\nfortsätter här.\n\nAndra stycket.\n");
        assert_eq!(out, "text: Första stycket fortsätter här.\n  Andra stycket.\n");
    }
}
