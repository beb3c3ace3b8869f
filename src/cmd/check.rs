//! `kravkat check`: load and resolve profiles, check their declared outputs and run the
//! procurement rules over them, rendering nothing; or, with `--catalog`, run the rules over a
//! catalogue for its maintainers.

use std::ops::ControlFlow;
use std::path::PathBuf;

use anyhow::anyhow;

use crate::catalog;
use crate::diagnostic::{Diagnostics, counted};
use crate::error::{Error, FOUND, Result, TROUBLE};
use crate::outputs::{self, Checked, Warnings};
use crate::report::{self, Reporter};
use crate::rules;
use crate::run::Run;

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  kravkat check upphandlingar/*.kravkat.yaml
  kravkat check --deny warnings --error-format github profil.yaml
  kravkat check --catalog skane@1
  kravkat explain bor-says-ska")]
pub struct Args {
    #[command(flatten)]
    pub quiet: report::Quiet,
    /// The profiles (YAML); `-` for standard input
    #[arg(required_unless_present = "catalog")]
    pub profiles: Vec<PathBuf>,
    /// `--deny warnings`: a warning of the procurement rules fails the check (exit 1)
    #[arg(long, value_enum, value_name = "WHAT")]
    pub deny: Option<super::Deny>,
    /// Run the procurement rules over catalogues instead (`skane`, `skane@1` or a file): what
    /// buyers who select their items would be warned of, counted per rule
    #[arg(long, value_name = "CATALOG", num_args = 1.., conflicts_with = "profiles")]
    pub catalog: Vec<String>,
}

pub fn run(args: Args, reporter: &Reporter) -> Result<u8> {
    let reporter = &reporter.with_quiet(&args.quiet);
    let deny = args.deny == Some(super::Deny::Warnings);
    if !args.catalog.is_empty() {
        return catalogs(&args.catalog, deny, reporter);
    }
    let profiles = &args.profiles;
    let (mut invalid, mut trouble) = (0, 0);
    let mut closed = Ok(());
    Run::new(profiles).each(
        |path, input| {
            let checked = input.and_then(|input| Ok(outputs::resolve_and_declared(&input)?));
            let found = checked.map(|Checked { doc, warnings, .. }| (doc.counts, warnings));
            (path.to_path_buf(), found)
        },
        |(path, found)| {
            let (counts, found) = match &found {
                Ok(found) => found,
                Err(e) => {
                    // An invalid profile is what `check` looks for; one it cannot read is trouble.
                    match e {
                        Error::Invalid(_) => invalid += 1,
                        Error::Other(_) => trouble += 1,
                    }
                    reporter.error(e);
                    return ControlFlow::Continue(());
                }
            };
            let Warnings { warnings, .. } = found;
            if let Some(denial) = found.denial(deny) {
                invalid += 1;
                // The denial first: past the first problems only a count is shown.
                let mut all = Diagnostics(vec![denial]);
                all.0.extend(warnings.0.iter().cloned());
                reporter.error(&all.into());
                return ControlFlow::Continue(());
            }
            // Warnings are what `check` is asked for: shown with `-q` too.
            reporter.warnings(warnings, false);
            let noted = match warnings.0.len() {
                0 => String::new(),
                n => format!("; {}", counted(n, "warning", "warnings")),
            };
            closed = reporter.outcome(format!(
                "ok: {} ({} items: {} Ska, {} Bör{noted})",
                path.display(),
                counts.items,
                counts.ska,
                counts.bor
            ));
            if closed.is_err() {
                return ControlFlow::Break(());
            }
            ControlFlow::Continue(())
        },
    );
    closed?;
    if invalid + trouble > 0 {
        eprintln!(
            "error: {} of {} profiles failed the check",
            invalid + trouble,
            profiles.len()
        );
    }
    Ok(if trouble > 0 {
        TROUBLE
    } else if invalid > 0 {
        FOUND
    } else {
        0
    })
}

/// `check --catalog`: the rules over each catalogue, every warning where it stands, and a count
/// per rule on standard output.
fn catalogs(specs: &[String], deny: bool, reporter: &Reporter) -> Result<u8> {
    let mut total = 0;
    for spec in specs {
        let loaded = catalog::find(spec)?;
        let source = catalog::source(&loaded.origin)?;
        let warnings = Diagnostics(rules::check_catalog(&loaded, &source));
        reporter.warnings(&warnings, false);
        total += warnings.0.len();
        let mut summary = format!(
            "{} ({}): {}",
            loaded.catalog.spec(),
            loaded.origin.path().display(),
            counted(warnings.0.len(), "warning", "warnings")
        );
        for rule in rules::RULES.iter().filter(|r| r.for_catalogs) {
            let n = warnings.0.iter().filter(|d| d.code == Some(rule.code)).count();
            summary.push_str(&format!("\n  {:<32} {n:>4}", rule.code));
        }
        reporter.outcome(summary)?;
    }
    if deny && total > 0 {
        let e = anyhow!(
            "{}, and `--deny warnings` makes them errors",
            counted(total, "warning", "warnings")
        );
        reporter.error(&e.into());
        return Ok(FOUND);
    }
    Ok(0)
}
