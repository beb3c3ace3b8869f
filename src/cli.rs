//! The command line: the clap definitions of kravkat and its subcommands, each of which lives in
//! its own module under [`crate::cmd`].

use clap::{Parser, Subcommand};

use crate::cmd;
use crate::error::Result;
use crate::report::{self, Reporter};

#[derive(Debug, Parser)]
#[command(name = "kravkat", version, about = "Build procurement requirement appendices from published requirement catalogues", long_about = None, after_help = report::EXIT_CODES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    #[command(flatten)]
    pub report: report::Options,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render a profile's appendix: its declared outputs, or one document as -f/-o/-a say
    Build(cmd::build::Args),
    /// Write kravkat's reference .docx, for restyling in Word and `build --reference-docx`
    ReferenceDocx(cmd::reference_docx::Args),
    /// A language server for editors: diagnostics, hover, completion and more in profiles
    Lsp(cmd::lsp::Args),
    /// Preview a profile's HTML appendix in the browser, rebuilt on every save
    Serve(cmd::serve::Args),
    /// Validate profiles and their declared outputs without rendering anything
    Check(cmd::check::Args),
    /// Evaluate returned answer sheets under the profile's model: rejections, values, ranking
    Evaluate(cmd::evaluate::Args),
    /// List the built-in catalogues, or the items of one
    List(cmd::list::Args),
    /// Show one item with everything its catalogue says about it
    Show(cmd::show::Args),
    /// Compare two profiles, a profile with a git revision, or two catalogue versions (exit 1 if they differ)
    Diff(cmd::diff::Args),
    /// Print a profile (or catalogue) as plain text, one block per item, for git's textconv driver
    Textconv(cmd::textconv::Args),
    /// Write a starter profile listing every item of a catalogue as a comment line to uncomment
    Init(cmd::init::Args),
    /// Print the JSON Schema of profiles or catalogues, for editors
    Schema(cmd::schema::Args),
    /// Print the completion script for a shell
    Completions(cmd::completions::Args),
    /// Print a man page (roff): kravkat(1), or kravkat-COMMAND(1)
    Man(cmd::man::Args),
}

/// Runs a command; `Ok` carries the exit code.
pub fn run(cli: Cli, reporter: &Reporter) -> Result<u8> {
    match cli.command {
        Command::Build(args) => cmd::build::run(args, reporter),
        Command::ReferenceDocx(args) => cmd::reference_docx::run(args),
        Command::Lsp(args) => cmd::lsp::run(args),
        Command::Serve(args) => cmd::serve::run(args, reporter),
        Command::Check(args) => cmd::check::run(args, reporter),
        Command::Evaluate(args) => cmd::evaluate::run(args, reporter),
        Command::List(args) => cmd::list::run(args),
        Command::Show(args) => cmd::show::run(args),
        Command::Diff(args) => cmd::diff::run(args, reporter),
        Command::Textconv(args) => cmd::textconv::run(args),
        Command::Init(args) => cmd::init::run(args),
        Command::Schema(args) => cmd::schema::run(args),
        Command::Completions(args) => cmd::completions::run(args),
        Command::Man(args) => cmd::man::run(args),
    }
}
