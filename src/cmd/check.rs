//! `kravkat check`: load and resolve profiles and check their declared outputs, rendering
//! nothing.

use std::path::PathBuf;

use crate::error::Result;
use crate::report::Reporter;
use crate::{load, outputs};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The profiles (YAML)
    #[arg(required = true)]
    pub profiles: Vec<PathBuf>,
}

pub fn run(args: Args, reporter: &Reporter) -> Result<u8> {
    let profiles = &args.profiles;
    let mut failed = 0;
    for path in profiles {
        let checked = load::load(path).and_then(|input| Ok(outputs::resolve_and_declared(&input)?));
        match checked {
            Ok(_) if reporter.quiet() => {}
            Ok((doc, _)) => println!(
                "ok: {} ({} items: {} Ska, {} Bör)",
                path.display(),
                doc.counts.items,
                doc.counts.ska,
                doc.counts.bor
            ),
            Err(e) => {
                failed += 1;
                reporter.error(&e);
            }
        }
    }
    if failed > 0 {
        eprintln!("error: {failed} of {} profiles failed the check", profiles.len());
        return Ok(1);
    }
    Ok(0)
}
