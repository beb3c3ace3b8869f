//! `kravkat build`: a profile's declared outputs, or one document as `-f`/`-o`/`-a` say.

use std::path::PathBuf;

use crate::error::Result;
use crate::render::{self, Audience, Format, Templates};
use crate::report::{self, Reporter};
use crate::{outputs, watch};

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  kravkat build profil.yaml                          the tender appendix, Markdown, on standard output
  kravkat build profil.yaml -f docx -o bilaga.docx   a Word document
  kravkat build profil.yaml -f html -a internal -o arbetskopia.html
  kravkat build upphandlingar/*.kravkat.yaml         every output the profiles declare
  kravkat build --check upphandlingar/*.kravkat.yaml in CI: exit 1 when an output is stale
  kravkat build - < profil.yaml                      the profile from standard input")]
pub struct Args {
    #[command(flatten)]
    pub verbosity: report::Verbosity,
    /// The profile (YAML), `-` for standard input (catalogue paths then relative to the working
    /// directory); several when each declares its `outputs`
    #[arg(required = true)]
    pub profiles: Vec<PathBuf>,
    /// Output format [default: the one FILE's extension names; md on standard output]
    #[arg(short, long, value_enum)]
    pub format: Option<Format>,
    /// Output file, or `-` for standard output (the default when the profile declares no
    /// outputs); a missing folder is created
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Who the document is for [default: tender]
    #[arg(short, long, value_enum)]
    pub audience: Option<Audience>,
    /// Directory whose templates replace the built-in ones, file by file
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Write nothing; exit 1 naming each output file that is stale or missing
    #[arg(long, conflicts_with = "watch")]
    pub check: bool,
    /// Build, then build again each time the profile or a catalogue file it names is saved
    #[arg(long)]
    pub watch: bool,
    /// A .docx whose styles, theme and page setup the DOCX output takes (`-f docx`), as
    /// with pandoc's --reference-doc; `kravkat reference-docx` writes one to start from
    #[arg(long, value_name = "FILE")]
    pub reference_docx: Option<PathBuf>,
}

pub fn run(args: Args, reporter: &Reporter) -> Result<u8> {
    let reporter = &reporter.with_verbosity(&args.verbosity);
    let docx = render::docx::Options {
        reference: match &args.reference_docx {
            Some(path) => render::docx::Reference::load(path)?,
            None => render::docx::Reference::kravkat(),
        },
        source_date_epoch: render::docx::source_date_epoch()?,
    };
    let request = outputs::Request {
        profiles: &args.profiles,
        format: args.format,
        output: args.output.as_deref(),
        audience: args.audience,
        templates: &Templates::new(args.templates.as_deref())?,
        docx: &docx,
        reference: args.reference_docx.as_deref(),
        check: args.check,
    };
    if !args.watch {
        return outputs::build(&request, reporter);
    }
    reporter.info("building on every save; Ctrl-C stops");
    let Err(e) = watch::rebuild_on_change(&args.profiles, |changed| {
        if !changed.is_empty() {
            let names: Vec<String> = changed.iter().map(|f| f.display().to_string()).collect();
            reporter.info(format!("changed: {}", names.join(", ")));
        }
        // A failed build is reported and waits for the next save, as the first one does.
        if let Err(e) = outputs::build(&request, reporter) {
            reporter.error(&e);
        }
    });
    Err(e.into())
}
