//! The two ways a run fails. Either is "trouble", exit status 2 as with diff(1): the command
//! could not do what it was asked. Exit status 1 is an answer, not an error — `check` found an
//! invalid profile, `build --check` a stale output, `diff` a difference — and those commands
//! return it themselves ([`crate::report::EXIT_CODES`] has the table).

use std::fmt;

use crate::diagnostic::{Diagnostic, Diagnostics, visible};

#[derive(Debug)]
pub enum Error {
    /// An input file is wrong; the diagnostics say where.
    Invalid(Diagnostics),
    /// Anything else: a file that cannot be read or written, a broken template.
    Other(anyhow::Error),
}

/// The exit status of a run that ends in an [`Error`].
pub const TROUBLE: u8 = 2;

/// The exit status of a command whose answer is "no": `check` found an invalid profile,
/// `build --check` a stale output, `diff` a difference.
pub const FOUND: u8 = 1;

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Invalid(d) => write!(f, "{d}"),
            // A path or value from an input may hold an escape sequence: shown, never sent.
            Error::Other(e) => writeln!(f, "error: {}", visible(&format!("{e:#}"))),
        }
    }
}

impl From<Diagnostics> for Error {
    fn from(d: Diagnostics) -> Self {
        Error::Invalid(d)
    }
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error::Invalid(d.into())
    }
}

impl From<anyhow::Error> for Error {
    fn from(e: anyhow::Error) -> Self {
        Error::Other(e)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
