//! `kravkat check`: load and resolve profiles and check their declared outputs, rendering
//! nothing.

use std::ops::ControlFlow;
use std::path::PathBuf;

use crate::error::{Error, FOUND, Result, TROUBLE};
use crate::outputs;
use crate::report::{self, Reporter};
use crate::run::Run;

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
    let mut closed = Ok(());
    Run::new(profiles).each(
        |path, input| {
            let checked = input.and_then(|input| Ok(outputs::resolve_and_declared(&input)?));
            (path.to_path_buf(), checked.map(|(doc, _)| doc.counts))
        },
        |(path, checked)| {
            match checked {
                Ok(_) if reporter.quiet() => {}
                Ok(counts) => {
                    closed = super::stdout_line(&format!(
                        "ok: {} ({} items: {} Ska, {} Bör)",
                        path.display(),
                        counts.items,
                        counts.ska,
                        counts.bor
                    ));
                    if closed.is_err() {
                        return ControlFlow::Break(());
                    }
                }
                Err(e) => {
                    // An invalid profile is what `check` looks for; one it cannot read is trouble.
                    match e {
                        Error::Invalid(_) => invalid += 1,
                        Error::Other(_) => trouble += 1,
                    }
                    reporter.error(&e);
                }
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
