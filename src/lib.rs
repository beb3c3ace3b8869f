//! kravkat: build procurement requirement appendices from published requirement catalogues.
//!
//! The pipeline, one module per step: [`load`] (profile and catalogues, typed, with source
//! positions) → [`resolve`] (pure: the resolved [`document`]) → [`render`] (one module per
//! format, each over the [`audience`]'s view) → [`write`] (atomic). [`cli`] lists the commands, one module each in [`cmd`]. Around the pipeline,
//! for git and CI: [`outputs`] (declared outputs, `--check`), [`diff`] and [`textconv`] over a
//! [`view`] of a document, [`schema`], [`init`], [`man`], and [`report`] for how errors print;
//! [`run`] for many profiles at once (each catalogue parsed once, the profiles on all cores).

pub mod amount;
pub mod answers;
pub mod audience;
pub mod catalog;
pub mod cli;
pub mod cmd;
pub mod diagnostic;
pub mod diff;
pub mod document;
pub mod error;
pub mod evaluation;
pub mod git;
pub mod init;
pub mod load;
pub mod lsp;
pub mod man;
pub mod markup;
pub mod outputs;
pub mod profile;
pub mod read;
pub mod render;
pub mod report;
pub mod resolve;
pub mod run;
pub mod schema;
pub mod serve;
pub mod sheet;
pub mod textconv;
pub mod texts;
pub mod view;
pub mod watch;
pub mod write;
pub mod yaml;

use std::io::Read as _;
use std::path::Path;

use anyhow::{Context as _, anyhow};

use crate::diagnostic::{Diagnostic, Pos};

/// The largest profile or catalogue kravkat reads. Real ones are a few kilobytes (the largest
/// built-in catalogue is under 100 kB); the bound keeps time and memory in check for anything else.
pub const MAX_INPUT_BYTES: u64 = 10 * 1024 * 1024;

/// Reads a text input: a regular file of at most [`MAX_INPUT_BYTES`], UTF-8 required, a
/// byte-order mark tolerated.
pub fn read_text(path: &Path) -> error::Result<String> {
    decode(path, &read_input(path)?)
}

/// The text of `path` as an editor holds it (the language server reads open files from the
/// editor, not the disk), bounded and stripped of a byte-order mark as [`read_text`] does.
pub fn editor_text(path: &Path, text: &str) -> error::Result<String> {
    if text.len() as u64 > MAX_INPUT_BYTES {
        return Err(too_large(path, &read::ReadError::TooLarge(MAX_INPUT_BYTES)));
    }
    decode(path, text.as_bytes())
}

/// How messages name standard input.
pub const STDIN: &str = "<stdin>";

/// Reads standard input as [`read_text`] reads a file: at most [`MAX_INPUT_BYTES`].
pub fn read_stdin() -> error::Result<String> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .context("cannot read standard input")?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        let e = read::ReadError::TooLarge(MAX_INPUT_BYTES);
        return Err(too_large(Path::new(STDIN), &e));
    }
    decode(Path::new(STDIN), &bytes)
}

/// The bytes of a profile or catalogue file (see [`read_text`]), counted in what the run reads.
pub(crate) fn read_input(path: &Path) -> error::Result<Vec<u8>> {
    read::read(path, MAX_INPUT_BYTES).map_err(|e| match e {
        read::ReadError::TooLarge(_) => too_large(path, &e),
        read::ReadError::RunTooLarge => Diagnostic::new(path, e.to_string())
            .hint("build the profiles one at a time; real catalogues are far smaller")
            .into(),
        e => error::Error::Other(anyhow!("cannot read `{}`: {e}", path.display())),
    })
}

/// The message for a profile or catalogue past its bound.
fn too_large(path: &Path, e: &read::ReadError) -> error::Error {
    Diagnostic::new(path, e.to_string())
        .hint("profiles and catalogues are a few kilobytes of YAML; is this the right file?")
        .into()
}

/// Reads a profile or catalogue (`what`) file and parses its text. A path can name any file
/// (`/etc/shadow`, `/proc/self/environ`, through a link in a pull request that CI builds), and a
/// message about it would show its lines: the problems of a file that is not kravkat's YAML
/// ([`yaml::kravkat_shaped`]) are told by position only.
pub fn read_yaml<T>(
    path: &Path,
    what: yaml::Shape,
    parse: impl FnOnce(String) -> Result<T, diagnostic::Diagnostics>,
) -> error::Result<T> {
    parse_input(path, &read_input(path)?, what, parse)
}

/// [`read_yaml`] of bytes already read: a run reads its files in order, one after the other,
/// and parses them on several cores.
pub(crate) fn parse_input<T>(
    path: &Path,
    bytes: &[u8],
    what: yaml::Shape,
    parse: impl FnOnce(String) -> Result<T, diagnostic::Diagnostics>,
) -> error::Result<T> {
    let parsed = decode(path, bytes).and_then(|text| Ok(parse(text)?));
    match parsed {
        Err(error::Error::Invalid(d)) if !yaml::kravkat_shaped(&String::from_utf8_lossy(bytes)) => {
            Err(yaml::concealed(path, what, &String::from_utf8_lossy(bytes), &d).into())
        }
        other => other,
    }
}

/// The text of an input's bytes: UTF-8 required, a byte-order mark tolerated, in Unicode's
/// composed form (NFC). `path` names the input in the message.
pub fn decode(path: &Path, bytes: &[u8]) -> error::Result<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(composed(s)),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
            let column = good
                .rsplit(|&b| b == b'\n')
                .next()
                .map_or(0, |l| String::from_utf8_lossy(l).chars().count())
                + 1;
            let d = Diagnostic::new(path, "the file is not valid UTF-8")
                .at(&String::from_utf8_lossy(bytes), Some(Pos { line, column }))
                .hint("save the file as UTF-8");
            Err(d.into())
        }
    }
}

/// `text` in NFC, where an `ö` is one character, as most editors write it. Typed as `o` and a
/// combining diaeresis (as macOS file names and text copied from some PDFs give it) it looks the
/// same but would be another word: `Bör` no level, `pågår` no status, `Säkerhet` no category.
/// Composing changes no letter a reader sees, so catalogue wording stays as published.
fn composed(text: &str) -> String {
    use unicode_normalization::{IsNormalized, UnicodeNormalization as _, is_nfc_quick};
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => text.to_owned(),
        _ => text.nfc().collect(),
    }
}

/// Whether a text has nothing a reader can see: only whitespace and characters that show
/// nothing (Unicode's default-ignorable code points — zero-width spaces and joiners, the word
/// joiner, the soft hyphen, variation selectors, tags … — and the blank braille pattern). A
/// reason of zero-width spaces is no reason, so kravkat treats such a text as empty.
pub fn is_blank(text: &str) -> bool {
    text.chars().all(|c| {
        c.is_whitespace()
            || matches!(c,
                '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
                | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}' | '\u{2800}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
                | '\u{FFA0}' | '\u{FFF0}'..='\u{FFF8}' | '\u{1BCA0}'..='\u{1BCA3}' | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0000}'..='\u{E0FFF}')
    })
}

/// The first `max` characters of a text, on one line: for lists, summaries and diffs.
pub fn one_line(text: &str, max: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        flat
    } else {
        format!("{}…", flat.chars().take(max - 1).collect::<String>())
    }
}
