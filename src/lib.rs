//! kravkat: build procurement requirement appendices from published requirement catalogues.
//!
//! The pipeline, one module per step: [`load`] (profile and catalogues, typed, with source
//! positions) → [`resolve`] (pure: the resolved [`document`]) → [`render`] (one module per
//! format) → [`write`] (atomic). [`cli`] lists the commands, one module each in [`cmd`]. Around the pipeline,
//! for git and CI: [`outputs`] (declared outputs, `--check`), [`diff`] and [`textconv`] over a
//! [`view`] of a document, [`schema`], [`init`], [`man`], and [`report`] for how errors print.

pub mod amount;
pub mod answers;
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
pub mod render;
pub mod report;
pub mod resolve;
pub mod schema;
pub mod serve;
pub mod sheet;
pub mod textconv;
pub mod view;
pub mod watch;
pub mod write;
pub mod yaml;

use std::io::Read as _;
use std::path::Path;

use anyhow::Context as _;

use crate::diagnostic::{Diagnostic, Pos};

/// The largest profile or catalogue kravkat reads. Real ones are a few kilobytes (the largest
/// built-in catalogue is under 100 kB); the bound keeps time and memory in check for anything else.
pub const MAX_INPUT_BYTES: u64 = 10 * 1024 * 1024;

/// Reads a text input: at most [`MAX_INPUT_BYTES`], UTF-8 required, a byte-order mark tolerated.
pub fn read_text(path: &Path) -> error::Result<String> {
    let bytes = read_at_most(path, MAX_INPUT_BYTES)?;
    bounded(path, bytes.len())?;
    decode(path, &bytes)
}

/// The text of `path` as an editor holds it (the language server reads open files from the
/// editor, not the disk), bounded and stripped of a byte-order mark as [`read_text`] does.
pub fn editor_text(path: &Path, text: &str) -> error::Result<String> {
    bounded(path, text.len())?;
    decode(path, text.as_bytes())
}

/// Refuses an input of more than [`MAX_INPUT_BYTES`].
fn bounded(path: &Path, len: usize) -> error::Result<()> {
    if len as u64 > MAX_INPUT_BYTES {
        let d = Diagnostic::new(
            path,
            format!(
                "the file is larger than {} MiB, the most kravkat reads",
                MAX_INPUT_BYTES >> 20
            ),
        )
        .hint("profiles and catalogues are a few kilobytes of YAML; is this the right file?");
        return Err(d.into());
    }
    Ok(())
}

/// The bytes of a file, at most `max` and one more: one byte past the limit tells "too large"
/// apart without trusting the size the file system reports (a pipe or /dev/zero reports none).
pub fn read_at_most(path: &Path, max: u64) -> anyhow::Result<Vec<u8>> {
    let context = || format!("cannot read `{}`", path.display());
    let file = std::fs::File::open(path).with_context(context)?;
    let mut bytes = Vec::new();
    file.take(max + 1).read_to_end(&mut bytes).with_context(context)?;
    Ok(bytes)
}

/// The text of an input's bytes: UTF-8 required, a byte-order mark tolerated. `path` names the
/// input in the message.
pub fn decode(path: &Path, bytes: &[u8]) -> error::Result<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_owned()),
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

/// The first `max` characters of a text, on one line: for lists, summaries and diffs.
pub fn one_line(text: &str, max: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        flat
    } else {
        format!("{}…", flat.chars().take(max - 1).collect::<String>())
    }
}
