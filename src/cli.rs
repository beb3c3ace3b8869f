//! The command line: the clap definitions of kravkat and its subcommands, each of which lives in
//! its own module under [`crate::cmd`].

use clap::{Parser, Subcommand};

use crate::cmd;
use crate::error::Result;
use crate::report::{self, Reporter};

/// Build procurement requirement appendices from published requirement catalogues
///
/// A buyer writes a YAML profile for one procurement: which requirements of the published
/// catalogues to use (kravkat has them built in: `kravkat list`), which Ska to turn into Bör and
/// why, what to specify, what to add. `kravkat build` renders the tender appendix suppliers see
/// (Markdown, HTML, Word or JSON) or the buyer's internal working copy, with every change
/// marked, every deviation documented and each catalogue attributed as it asks. `kravkat init`
/// writes a starter profile; `kravkat check`, `diff` and `build --check` serve review and CI.
#[derive(Debug, Parser)]
#[command(name = "kravkat", version, after_help = format!("{}\n\n{}", crate::man::EXAMPLES, report::EXIT_CODES))]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    #[command(flatten)]
    pub report: report::Options,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render a profile's appendix: its declared outputs, or one document as -f/-o/-a say
    ///
    /// With `-f`, `-o` or `-a`, or when the profile declares no `outputs`, renders one document
    /// to standard output or to `-o FILE`: the format is `-f` (Markdown by default), the audience
    /// `-a` (the tender appendix by default). Otherwise writes every output the profiles declare,
    /// all rendered before any is written. A file is written atomically (a temporary file beside
    /// it, then a rename); one that already has the right bytes is left untouched. With
    /// `--check` nothing is written: each stale or missing output is named, with a short diff,
    /// and the exit status is 1.
    Build(cmd::build::Args),
    /// Write kravkat's reference .docx, for restyling in Word and `build --reference-docx`
    ///
    /// A Word document with every style the appendix uses (headings, table text, the buyer's
    /// specification …), the page setup, header and footer. Restyled in Word and given to
    /// `build --reference-docx`, its styles, theme and page setup replace kravkat's.
    ReferenceDocx(cmd::reference_docx::Args),
    /// A language server for editors: diagnostics, hover, completion and more in profiles
    Lsp(cmd::lsp::Args),
    /// Preview a profile's HTML appendix in the browser, rebuilt on every save
    Serve(cmd::serve::Args),
    /// Validate profiles and their declared outputs without rendering anything
    ///
    /// Prints "ok" with the item counts for each valid profile and every problem of the others,
    /// each pointing at its file, line and column. The exit status is 1 when a profile is
    /// invalid, 2 when one cannot be read.
    Check(cmd::check::Args),
    /// Evaluate returned answer sheets under the profile's model: rejections, values, ranking
    Evaluate(cmd::evaluate::Args),
    /// List the built-in catalogues, or the items of one
    ///
    /// Without a catalogue: each built-in catalogue's id, version, title and number of items per
    /// kind. With one: its items, one line each (id, level, category, the start of the text).
    List(cmd::list::Args),
    /// Show one item with everything its catalogue says about it
    ///
    /// The text, the advice on how to specify it, the guidance, the motive and consequence of a
    /// principle, notes on the item's level and its transcription, what it references and what
    /// references it.
    Show(cmd::show::Args),
    /// Compare two profiles, a profile with a git revision, or two catalogue versions
    ///
    /// Compares what the profiles resolve to, not their YAML: items added and removed, level,
    /// text and specification changes, changed reasons, exclusions and metadata. As diff(1), the
    /// exit status is 0 when they are the same, 1 when they differ, 2 when a side cannot be read
    /// or does not resolve.
    Diff(cmd::diff::Args),
    /// Print a profile (or catalogue) as plain text, one block per item, for git's textconv driver
    ///
    /// Registered as git's diff driver for profiles, it makes `git diff`, `git log -p` and `git
    /// show` show the requirements a change brings in or takes out. It never fails: a profile
    /// that does not resolve is shown as written.
    Textconv(cmd::textconv::Args),
    /// Write a starter profile listing every item of a catalogue as a comment line to uncomment
    ///
    /// Every item of the catalogue is a comment line under `select.items`, grouped by category
    /// with its level and the start of its text; uncomment the ones to use and fill in
    /// `procurement`. Writes only a new file (or standard output).
    Init(cmd::init::Args),
    /// Print the JSON Schema of profiles or catalogues, for editors
    ///
    /// Generated from the types kravkat reads, so an editor with the YAML language server
    /// completes and checks a profile exactly as kravkat will.
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
