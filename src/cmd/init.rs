//! `kravkat init`: a starter profile (written by `crate::init`).

use std::path::PathBuf;

use crate::error::Result;

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  kravkat init -o profil.kravkat.yaml
  kravkat init --catalog skane -o skane.kravkat.yaml")]
pub struct Args {
    /// The catalogue: `jonkoping`, `jonkoping@1.0` or a catalogue file
    #[arg(long, default_value = "jonkoping")]
    pub catalog: String,
    /// A new file to write, or `-` for standard output (the default)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<u8> {
    crate::init::init(&args.catalog, args.output.as_deref())?;
    Ok(0)
}
