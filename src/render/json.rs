//! JSON: the document as its audience sees it, for other tools and for tests: its first field,
//! `audience`, says which (`-a internal` gives everything). The field names are part of
//! kravkat's interface; `indexmap`-ordered so the bytes are stable.

use crate::document::Document;

pub fn render(doc: &Document) -> anyhow::Result<String> {
    let mut out = serde_json::to_string_pretty(doc)?;
    out.push('\n');
    Ok(out)
}
