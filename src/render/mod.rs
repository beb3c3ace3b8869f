//! Render: one module per output format, each reading only the resolved document.

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
pub mod templates;

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
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Json => "json",
            Format::Html => "html",
            Format::Docx => "docx",
        }
    }
}

/// Renders `doc` for `audience`: every format renders the same [`crate::audience::view`] of it.
/// The document is shared so that the Markdown and HTML templates can read it lazily.
pub fn render(
    doc: &Arc<Document>,
    format: Format,
    audience: Audience,
    templates: &Templates,
    docx: &docx::Options,
) -> anyhow::Result<Vec<u8>> {
    let doc = &crate::audience::view(doc, audience);
    match format {
        Format::Md => markdown::render(doc, templates).map(String::into_bytes),
        Format::Json => json::render(doc).map(String::into_bytes),
        Format::Html => html::render(doc, templates).map(String::into_bytes),
        Format::Docx => docx::render(doc, docx),
    }
}
