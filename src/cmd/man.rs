//! `kravkat man [COMMAND]`: man pages from the clap definitions.

use clap::CommandFactory as _;

use crate::cli::Cli;
use crate::error::Result;

#[derive(Debug, clap::Args)]
#[command(after_help = "For example: kravkat man > kravkat.1; kravkat man build > kravkat-build.1")]
pub struct Args {
    /// A command, for its own page
    pub command: Option<String>,
}

pub fn run(args: Args) -> Result<u8> {
    super::stdout(&crate::man::page(Cli::command(), args.command.as_deref())?)
}
