//! JSON: the resolved document as it is, for other tools and for tests. The field names are
//! part of kravkat's interface; `indexmap`-ordered so the bytes are stable.

use crate::document::Document;

pub fn render(doc: &Document) -> anyhow::Result<String> {
    let mut out = serde_json::to_string_pretty(doc)?;
    out.push('\n');
    Ok(out)
}
