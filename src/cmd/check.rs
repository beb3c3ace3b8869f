//! `kravkat check`: load and resolve profiles and check their declared outputs, rendering
//! nothing.

use std::path::PathBuf;

use crate::error::{Error, FOUND, Result, TROUBLE};
use crate::report::{self, Reporter};
use crate::{load, outputs};

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  kravkat check profil.yaml
  kravkat check --error-format github upphandlingar/*.kravkat.yaml")]
pub struct Args {
    #[command(flatten)]
    pub quiet: report::Quiet,
    /// The profiles (YAML); `-` for standard input
    #[arg(required = true)]
    pub profiles: Vec<PathBuf>,
}

pub fn run(args: Args, reporter: &Reporter) -> Result<u8> {
    let reporter = &reporter.with_quiet(&args.quiet);
    let profiles = &args.profiles;
    let (mut invalid, mut trouble) = (0, 0);
    for path in profiles {
        let checked = load::load(path).and_then(|input| Ok(outputs::resolve_and_declared(&input)?));
        match checked {
            Ok(_) if reporter.quiet() => {}
            Ok((doc, _)) => super::stdout_line(&format!(
                "ok: {} ({} items: {} Ska, {} Bör)",
                path.display(),
                doc.counts.items,
                doc.counts.ska,
                doc.counts.bor
            ))?,
            Err(e) => {
                // An invalid profile is what `check` looks for; one it cannot read is trouble.
                match e {
                    Error::Invalid(_) => invalid += 1,
                    Error::Other(_) => trouble += 1,
                }
                reporter.error(&e);
            }
        }
    }
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
