//! `kravkat evaluate PROFILE ANSWERS...`: the returned answer sheets evaluated under the
//! profile's model. A stage of its own after resolve: load and resolve the profile, read each
//! sheet against the answer sheet of that document, evaluate (a pure function), render the
//! report, write it. Every sheet is read before anything is written, and all their problems
//! are reported together.

use std::path::PathBuf;

use anyhow::anyhow;

use crate::answers::{self, Tender};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::error::{Error, FOUND, Result};
use crate::render::{self, Format, Templates};
use crate::report::{self, Reporter};
use crate::write::{self, Target};
use crate::{evaluation, load, outputs, resolve, sheet};

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  kravkat evaluate profil.yaml anbud/*.xlsx                  the report, Markdown, on standard output
  kravkat evaluate profil.yaml anbud/*.xlsx -o protokoll.docx")]
pub struct Args {
    #[command(flatten)]
    pub quiet: report::Quiet,
    /// The profile the answer sheets were made from
    pub profile: PathBuf,
    /// The returned answer sheets (.xlsx), one per supplier
    #[arg(required = true, value_name = "ANSWERS")]
    pub answers: Vec<PathBuf>,
    /// Report format: md, html, docx or json [default: the extension of -o, else md]
    #[arg(short, long, value_enum)]
    pub format: Option<Format>,
    /// Output file, or `-` for standard output (the default)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Directory whose templates replace the built-in ones, file by file
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// A .docx whose styles, theme and page setup the DOCX report takes
    #[arg(long, value_name = "FILE")]
    pub reference_docx: Option<PathBuf>,
}

pub fn run(args: Args, reporter: &Reporter) -> Result<u8> {
    let reporter = &reporter.with_quiet(&args.quiet);
    // `-o protokoll.html` says the format, as with `build`.
    let by_name = args.output.as_deref().and_then(outputs::by_extension);
    let format = args.format.or(by_name).unwrap_or(Format::Md);
    if format == Format::Xlsx {
        return Err(anyhow!(
            "the evaluation report is md, html, docx or json; xlsx is the answer sheet (`kravkat build -f xlsx`)"
        )
        .into());
    }
    outputs::binary_needs_a_file(format, args.output.as_deref())?;
    if args.answers.len() > answers::MAX_TENDERS {
        return Err(anyhow!(
            "at most {} answer sheets are evaluated at once, not {}",
            answers::MAX_TENDERS,
            args.answers.len()
        )
        .into());
    }
    let templates = Templates::new(args.templates.as_deref())?;
    let docx = render::docx::Options {
        reference: match &args.reference_docx {
            Some(path) => render::docx::Reference::load(path)?,
            None => render::docx::Reference::kravkat(),
        },
        source_date_epoch: render::docx::source_date_epoch()?,
    };
    let input = load::load(&args.profile)?;
    let doc = resolve::resolve(&input)?;
    if doc.evaluation.as_ref().and_then(|e| e.model).is_none() {
        let d = Diagnostic::new(
            &args.profile,
            "the profile states no evaluation model, so there is nothing to evaluate by",
        )
        .hint("add `evaluation:` with `model: mervärde` (or `procent`, `poäng`) and the value of each Bör requirement");
        return Err(d.into());
    }
    let target = Target::from_arg(args.output.as_deref());
    // No output over a file this run reads, and none where kravkat writes nothing: checked
    // before the sheets are read, and again with the templates once the report is rendered.
    let mut inputs: Vec<PathBuf> = input.files().into_iter().map(PathBuf::from).collect();
    inputs.extend(args.answers.iter().cloned());
    inputs.extend(args.reference_docx.iter().cloned());
    if let Target::File(out) = target {
        write::check_targets(&[out], &paths(&inputs))?;
    }
    drop(input);
    let sheet = sheet::sheet(&doc);
    // A refused sheet is the command's answer about the sheets (exit 1), as an invalid profile
    // is `check`'s; a profile that does not resolve is trouble like any unreadable input.
    let tenders = match read_all(&args.answers, &sheet) {
        Ok(t) => t,
        Err(e @ Error::Invalid(_)) => {
            reporter.error(&e);
            return Ok(FOUND);
        }
        Err(e) => return Err(e),
    };
    let report = evaluation::evaluate(&doc, &sheet, &tenders);
    let bytes = render::protocol::render(&report, format, &templates, &docx)?;
    match target {
        Target::File(out) => {
            inputs.extend(templates.files_read());
            write::write_files(&[(out, &bytes)], &paths(&inputs))?;
            reporter.info(format!("wrote {}", out.display()));
        }
        Target::Stdout => write::write(&target, &bytes)?,
    }
    Ok(0)
}

fn paths(files: &[PathBuf]) -> Vec<&std::path::Path> {
    files.iter().map(PathBuf::as_path).collect()
}

/// Every sheet, read and checked; the problems of all of them together. Two sheets naming the
/// same supplier are a problem too: one tender each.
fn read_all(paths: &[PathBuf], sheet: &sheet::Sheet) -> Result<Vec<Tender>> {
    let mut tenders: Vec<Tender> = Vec::new();
    let mut problems = Diagnostics::default();
    for path in paths {
        match answers::read(path, sheet) {
            Ok(t) => {
                if let Some(other) = tenders.iter().find(|o| o.supplier == t.supplier) {
                    let cell = format!(
                        "{}!{}",
                        sheet::INFO,
                        sheet::cell(sheet::SUPPLIER.row, sheet::VALUE_COLUMN)
                    );
                    problems.push(
                        Diagnostic::new(
                            path,
                            format!(
                                "the supplier `{}` has a tender in `{}` already",
                                crate::one_line(&t.supplier, 60),
                                other.file.display()
                            ),
                        )
                        .in_cell(cell)
                        .hint("evaluate one answer sheet per supplier"),
                    );
                }
                tenders.push(t);
            }
            Err(Error::Invalid(d)) => problems.0.extend(d.0),
            Err(e) => return Err(e),
        }
    }
    problems.into_result()?;
    Ok(tenders)
}
