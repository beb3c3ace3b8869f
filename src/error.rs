//! The two ways a run fails, and their exit codes (documented in README.md):
//! 1 when an input is invalid (diagnostics point into it), 2 for usage and I/O errors.

use std::fmt;

use crate::diagnostic::{Diagnostic, Diagnostics, visible};

#[derive(Debug)]
pub enum Error {
    /// An input file is wrong; the diagnostics say where.
    Invalid(Diagnostics),
    /// Anything else: a file that cannot be read or written, a broken template.
    Other(anyhow::Error),
}

impl Error {
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Invalid(_) => 1,
            Error::Other(_) => 2,
        }
    }
}

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
