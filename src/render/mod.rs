//! Render: one module per output format, each reading only the audience's view of the resolved
//! document.

use std::sync::Arc;

use clap::ValueEnum;
use serde::Serialize;

pub use crate::audience::Audience;
use crate::document::Document;

mod context;
pub mod docx;
pub mod html;
pub mod json;
pub mod labels;
pub mod markdown;
pub mod protocol;
pub mod templates;
pub mod xlsx;

pub use templates::Templates;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Markdown (CommonMark with GFM tables)
    Md,
    /// The resolved document as JSON
    Json,
    /// One standalone HTML file, for screen and print
    Html,
    /// A Word document (binary: needs `-o FILE`)
    Docx,
    /// The answer sheet suppliers fill in, a spreadsheet (binary: needs `-o FILE`)
    Xlsx,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Json => "json",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Xlsx => "xlsx",
        }
    }

    /// Binary formats are written to a file (or to `-o -` on purpose), never to a terminal.
    pub fn is_binary(self) -> bool {
        matches!(self, Format::Docx | Format::Xlsx)
    }
}

/// The largest document kravkat writes, in any format. The largest appendix within the
/// input Limits is well under it.
pub const MAX_DOCUMENT_BYTES: u64 = 128 << 20;

/// Renders `doc` for `audience`: every format renders the same [`crate::audience::view`] of it.
/// The document is shared so that the Markdown and HTML templates can read it lazily.
pub fn render(
    doc: &Arc<Document>,
    format: Format,
    audience: Audience,
    templates: &Templates,
    docx: &docx::Options,
) -> anyhow::Result<Vec<u8>> {
    // The answer sheet is for suppliers: the tender appendix's view, whichever audience is asked.
    let audience = if format == Format::Xlsx {
        Audience::Tender
    } else {
        audience
    };
    let doc = &crate::audience::view(doc, audience);
    let bytes = match format {
        Format::Md => markdown::render(doc, templates).map(String::into_bytes),
        Format::Json => json::render(doc).map(String::into_bytes),
        Format::Html => html::render(doc, templates).map(String::into_bytes),
        Format::Docx => docx::render(doc, docx),
        Format::Xlsx => xlsx::render(doc, docx.source_date_epoch),
    }?;
    if bytes.len() as u64 > MAX_DOCUMENT_BYTES {
        anyhow::bail!(
            "the {} document would be larger than {} MiB, the most kravkat writes",
            format.extension(),
            MAX_DOCUMENT_BYTES >> 20
        );
    }
    Ok(bytes)
}
