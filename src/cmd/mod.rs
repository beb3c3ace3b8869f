//! One module per subcommand, as mdBook has it: each declares its arguments (clap derive) and
//! runs them, composing the pipeline (load → resolve → render → write) and the modules around
//! it. `cli` only lists them.

use crate::error::Result;
use crate::write::{self, Target};

pub mod build;
pub mod check;
pub mod completions;
pub mod diff;
pub mod evaluate;
pub mod init;
pub mod list;
pub mod lsp;
pub mod man;
pub mod reference_docx;
pub mod schema;
pub mod serve;
pub mod show;
pub mod textconv;

/// Writes a command's result; a closed pipe is an error to report, not a panic.
fn stdout(bytes: &[u8]) -> Result<u8> {
    write::write(&Target::Stdout, bytes)?;
    Ok(0)
}

/// Writes one line of a command's result.
fn stdout_line(line: &str) -> Result<()> {
    write::write(&Target::Stdout, format!("{line}\n").as_bytes())?;
    Ok(())
}
