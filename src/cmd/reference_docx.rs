//! `kravkat reference-docx`: the built-in reference Word document, for an organisation to
//! restyle and give back to `build --reference-docx`.

use std::path::PathBuf;

use crate::error::Result;
use crate::render;
use crate::write::{self, Target};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "For example: kravkat reference-docx -o mall.docx, restyle it in Word, then
  kravkat build profil.yaml -f docx --reference-docx mall.docx -o bilaga.docx"
)]
pub struct Args {
    /// The file to write
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
}

pub fn run(args: Args) -> Result<u8> {
    let bytes = render::docx::reference_docx(render::docx::source_date_epoch()?)?;
    write::write(&Target::from_arg(Some(&args.output)), &bytes)?;
    Ok(0)
}
