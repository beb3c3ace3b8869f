//! `kravkat completions SHELL`: a completion script generated from the clap definitions.

use clap::CommandFactory as _;

use crate::cli::Cli;
use crate::error::Result;

#[derive(Debug, clap::Args)]
#[command(after_help = "For example: kravkat completions bash > ~/.local/share/bash-completion/completions/kravkat")]
pub struct Args {
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

pub fn run(args: Args) -> Result<u8> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "kravkat", &mut script);
    super::stdout(&script)
}
