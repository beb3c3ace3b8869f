//! `kravkat serve`: a live preview of a profile's appendix in the browser.

use std::path::PathBuf;

use crate::error::Result;
use crate::report::Reporter;
use crate::serve;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The profile (YAML)
    pub profile: PathBuf,
    /// The port on 127.0.0.1 [default: a free one, printed]
    #[arg(long, default_value_t = 0, hide_default_value = true)]
    pub port: u16,
    /// Open the preview in the browser ($BROWSER, or the desktop's default)
    #[arg(long)]
    pub open: bool,
}

pub fn run(args: Args, reporter: &Reporter) -> Result<u8> {
    serve::serve(
        &serve::Options {
            profile: args.profile,
            port: args.port,
            open: args.open,
        },
        reporter,
    )
}
