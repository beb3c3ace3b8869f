//! `kravkat diff`: two profiles, a profile against a git revision, or two catalogue versions
//! (the comparison itself is in `crate::diff`).

use std::path::PathBuf;

use crate::diff::{self, DiffFormat};
use crate::error::{FOUND, Result};
use crate::report::{self, Reporter};

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  kravkat diff old.yaml new.yaml
  kravkat diff profile.yaml --rev HEAD
  kravkat diff --catalog jonkoping@1.0 jonkoping@1.1 --profile profile.yaml")]
pub struct Args {
    #[command(flatten)]
    pub quiet: report::Quiet,
    /// The old profile; with --rev, the profile
    #[arg(required_unless_present = "catalog")]
    pub old: Option<PathBuf>,
    /// The new profile
    #[arg(required_unless_present_any = ["rev", "catalog"], conflicts_with = "rev")]
    pub new: Option<PathBuf>,
    /// Compare the profile with itself as committed at this git revision (HEAD, main, a1b2c3d)
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
    /// Compare two catalogues: built-in `id@version` or files
    #[arg(long, num_args = 2, value_names = ["OLD", "NEW"], conflicts_with_all = ["old", "rev"])]
    pub catalog: Option<Vec<String>>,
    /// With --catalog: only the items this profile selects
    #[arg(long, value_name = "PROFILE", requires = "catalog")]
    pub profile: Option<PathBuf>,
    /// Output format
    #[arg(short, long, value_enum, default_value = "text")]
    pub format: DiffFormat,
}

pub fn run(args: Args, reporter: &Reporter) -> Result<u8> {
    let reporter = &reporter.with_quiet(&args.quiet);
    let diff = match (args.old, args.new, args.rev, args.catalog.as_deref()) {
        (_, _, _, Some([a, b])) => diff::catalogs(a, b, args.profile.as_deref(), reporter)?,
        (Some(old), Some(new), None, None) => diff::profiles(&old, &new)?,
        (Some(path), None, Some(rev), None) => diff::against_revision(&path, &rev)?,
        _ => unreachable!("clap enforces OLD NEW, PROFILE --rev REV or --catalog OLD NEW"),
    };
    super::stdout(diff.render(args.format).as_bytes())?;
    // Like diff(1): 1 means "different"; a side that does not resolve is an error, exit 2.
    Ok(if diff.same { 0 } else { FOUND })
}
