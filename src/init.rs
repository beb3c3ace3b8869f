//! `kravkat init`: a starter profile that lists every item of a catalogue as a commented-out
//! line, grouped by category, so a buyer selects by uncommenting and the profile's git history
//! starts from the whole catalogue.

use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context as _, anyhow};

use crate::catalog::{self, Origin};
use crate::error::Result;
use crate::one_line;
use crate::write::{self, Target};
use crate::yaml::quoted;

/// The values of the starter that the buyer must replace: `kravkat check` refuses a profile that
/// still holds one (rule `init-placeholder`), so they never reach an appendix.
pub const TITLE: &str = "Upphandling av …";
pub const BLANK: &str = "…";
pub const REFERENCE: &str = "KS 2026/0000";
pub const SPECIFY: &str = "Köparens specificering.";
pub const REASON: &str = "Varför.";
pub const PLACEHOLDERS: [&str; 5] = [TITLE, BLANK, REFERENCE, SPECIFY, REASON];

/// Writes the starter for catalogue `spec` to `output` (a new file) or standard output.
pub fn init(spec: &str, output: Option<&Path>) -> Result<()> {
    let target = Target::from_arg(output);
    let dir = match target {
        Target::File(path) => {
            if path.exists() {
                return Err(anyhow!("`{}` exists; kravkat init writes only new files", path.display()).into());
            }
            Some(path.parent().unwrap_or(Path::new("")))
        }
        Target::Stdout => None,
    };
    let text = starter(spec, dir)?;
    Ok(write::write(&target, text.as_bytes())?)
}

/// The starter profile for catalogue `spec` (`jonkoping`, `jonkoping@1.0` or a file); a
/// catalogue file is named relative to `dir`, the folder the profile goes to.
pub fn starter(spec: &str, dir: Option<&Path>) -> Result<String> {
    let loaded = catalog::find(spec)?;
    let c = &loaded.catalog;
    let mut out = String::new();
    let w = &mut out;
    writeln!(
        w,
        "# yaml-language-server: $schema=profile.schema.json
# A kravkat profile over
#   {title} {version} ({publisher}).
# Fill in the procurement, then select items by uncommenting their lines under `select.items`
# (`kravkat show ID` shows all the catalogue says about one). `kravkat build` on this file
# renders the appendix. The first line gives completion in editors with the YAML language
# server once `kravkat schema profile > profile.schema.json` is run beside this file.
procurement:
  title: {TITLE}
  organisation: {BLANK}
  # reference: \"{REFERENCE}\"
  # date: \"2026-01-01\"
  # contact: Upphandlingsenheten

catalogs:",
        title = comment(&c.title),
        version = comment(&c.version),
        publisher = comment(&c.publisher),
    )
    .unwrap();
    match &loaded.origin {
        // A catalogue id is lowercase letters, digits and `-` (checked when it is read): plain YAML.
        Origin::Builtin(_) => writeln!(w, "  - id: {}", c.id).unwrap(),
        Origin::File(path) => {
            let rel = relative(dir.unwrap_or(Path::new("")), path)?;
            let rel = rel
                .to_str()
                .ok_or_else(|| anyhow!("the path of `{}` is not UTF-8, which YAML cannot hold", path.display()))?;
            writeln!(w, "  - path: {}", quoted(rel)).unwrap();
        }
    }
    writeln!(w, "    version: {}", quoted(&c.version)).unwrap();
    writeln!(w, "\nselect:\n  items:").unwrap();
    // The descriptions line up, so the list reads as a table.
    let width = c
        .items
        .iter()
        .map(|i| quoted(i.id()).chars().count())
        .max()
        .unwrap_or(0);
    for category in &c.categories {
        writeln!(w, "    # Kategori: {}", comment(&category.name)).unwrap();
        for item in c.items.iter().filter(|i| i.category() == category.name) {
            let what = item.level.map_or_else(
                || crate::resolve::kind_name(item.kind).to_owned(),
                |l| l.as_str().to_owned(),
            );
            let id = quoted(item.id());
            writeln!(
                w,
                "    # - {id:<width$}  # {what}: {}",
                one_line(item.summary_text(), 80)
            )
            .unwrap();
        }
    }
    write!(
        w,
        "
# changes:                 # per selected item; a deviation needs a reason
#   \"ID\":
#     level: Bör
#     specify: {SPECIFY}
#     reason: {REASON}
# exclude:                 # items a category brought in, with the reason
#   \"ID\": {REASON}
# own:                     # the organisation's own requirements
#   - id: EGEN-1
#     level: Ska
#     text: {BLANK}
# outputs:                 # what `kravkat build` writes; `kravkat build --check` in CI
#   - path: bilaga.md
#   - path: bilaga-intern.md
#     audience: internal
"
    )
    .unwrap();
    Ok(out)
}

/// Catalogue text on one comment line: a line break in it would end the comment and make the
/// rest of the line YAML.
fn comment(text: &str) -> String {
    one_line(text, usize::MAX)
}

/// The path of `file` as seen from folder `dir`, as a profile's `path:` must give it.
fn relative(dir: &Path, file: &Path) -> anyhow::Result<PathBuf> {
    let absolute = |p: &Path| {
        let p = if p.as_os_str().is_empty() { Path::new(".") } else { p };
        p.canonicalize()
            .with_context(|| format!("cannot find `{}`", p.display()))
    };
    let (dir, file) = (absolute(dir)?, absolute(file)?);
    let common = dir
        .components()
        .zip(file.components())
        .take_while(|(a, b)| a == b)
        .count();
    let mut out: PathBuf = dir.components().skip(common).map(|_| Component::ParentDir).collect();
    out.extend(file.components().skip(common));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_files_are_named_from_the_profile_folder() {
        let root = tempfile::tempdir().unwrap();
        let (a, b) = (root.path().join("upphandling"), root.path().join("kataloger"));
        std::fs::create_dir(&a).unwrap();
        std::fs::create_dir(&b).unwrap();
        std::fs::write(b.join("k.yaml"), "").unwrap();
        assert_eq!(
            relative(&a, &b.join("k.yaml")).unwrap(),
            Path::new("../kataloger/k.yaml")
        );
        assert_eq!(relative(&b, &b.join("k.yaml")).unwrap(), Path::new("k.yaml"));
    }
}
