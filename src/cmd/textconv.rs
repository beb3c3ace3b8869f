//! `kravkat textconv FILE`: git's textconv driver (the view itself is in `crate::textconv`).

use std::path::PathBuf;

use crate::error::Result;

#[derive(Debug, clap::Args)]
#[command(after_help = "Set up once per repository:
  echo '*.kravkat.yaml diff=kravkat' >> .gitattributes
  git config diff.kravkat.textconv 'kravkat textconv'")]
pub struct Args {
    /// The profile or catalogue (YAML)
    pub file: PathBuf,
}

pub fn run(args: Args) -> Result<u8> {
    super::stdout(crate::textconv::textconv(&args.file)?.as_bytes())
}
