//! `kravkat check`: load and resolve profiles and check their declared outputs, rendering
//! nothing.

use std::ops::ControlFlow;
use std::path::PathBuf;

use crate::error::Result;
use crate::outputs;
use crate::report::Reporter;
use crate::run::Run;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The profiles (YAML)
    #[arg(required = true)]
    pub profiles: Vec<PathBuf>,
}

pub fn run(args: Args, reporter: &Reporter) -> Result<u8> {
    let profiles = &args.profiles;
    let mut failed = 0;
    Run::new(profiles).each(
        |path, input| {
            let checked = input.and_then(|input| Ok(outputs::resolve_and_declared(&input)?));
            (path.to_path_buf(), checked.map(|(doc, _)| doc.counts))
        },
        |(path, checked)| {
            match checked {
                Ok(_) if reporter.quiet() => {}
                Ok(counts) => println!(
                    "ok: {} ({} items: {} Ska, {} Bör)",
                    path.display(),
                    counts.items,
                    counts.ska,
                    counts.bor
                ),
                Err(e) => {
                    failed += 1;
                    reporter.error(&e);
                }
            }
            ControlFlow::Continue(())
        },
    );
    if failed > 0 {
        eprintln!("error: {failed} of {} profiles failed the check", profiles.len());
        return Ok(1);
    }
    Ok(0)
}
