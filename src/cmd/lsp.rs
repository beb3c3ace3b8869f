//! `kravkat lsp`: the language server editors start, speaking over standard input and output.

use crate::error::Result;
use crate::lsp;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Speak over standard input and output (the only way; accepted because clients pass it)
    #[arg(long)]
    pub stdio: bool,
}

pub fn run(_args: Args) -> Result<u8> {
    lsp::run()
}
