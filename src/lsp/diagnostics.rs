//! kravkat's diagnostics as the protocol's: the same messages and hints `kravkat check`
//! prints, at the same positions, published per file and only when they change.

use std::collections::BTreeMap;

use lsp_types::{Diagnostic, DiagnosticSeverity, NumberOrString, Url};

use crate::diagnostic::{Diagnostic as Found, Severity};
use crate::lsp::text::{Text, value_end};
use crate::lsp::workspace::{Kind, Workspace};

/// The diagnostics of every file that the open documents' checks report on, the open
/// documents themselves always among them (with none, once they are fixed).
pub fn collect(ws: &Workspace) -> BTreeMap<Url, Vec<Diagnostic>> {
    let mut all: BTreeMap<Url, Vec<Diagnostic>> = BTreeMap::new();
    for doc in ws.documents() {
        all.entry(doc.uri.clone()).or_default();
        if doc.kind == Kind::Other {
            continue;
        }
        for found in ws.check(doc) {
            // A built-in catalogue has no file to show; it is checked by kravkat's own tests.
            let Ok(uri) = Url::from_file_path(&found.file) else {
                continue;
            };
            let closed;
            let text = match ws.get(&uri) {
                Some(open) => Some(&open.text),
                None => {
                    closed = crate::read_text(&found.file).ok().map(Text::new);
                    closed.as_ref()
                }
            };
            let converted = convert(&found, text);
            let list = all.entry(uri).or_default();
            // A catalogue's problem is found by its own check and by each profile using it.
            if !list.contains(&converted) {
                list.push(converted);
            }
        }
    }
    all
}

/// One diagnostic, underlining the words it names (a rule's finding) or else the value it
/// points at, with the rule's code and its severity.
pub fn convert(found: &Found, text: Option<&Text>) -> Diagnostic {
    let range = match (found.pos, text) {
        (Some(pos), Some(text)) => {
            let start = text.offset_of(pos);
            let end = match found.end {
                Some(end) => text.offset_of(end),
                None => value_end(text.as_str(), start),
            };
            text.range(start..end.max(start))
        }
        _ => Default::default(),
    };
    let message = match &found.hint {
        Some(hint) => format!("{}\nhint: {hint}", found.message),
        None => found.message.clone(),
    };
    Diagnostic {
        range,
        severity: Some(match found.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: found.code.map(|c| NumberOrString::String(c.into())),
        source: Some("kravkat".into()),
        message,
        ..Default::default()
    }
}

/// What was published last, so that only changes are sent.
#[derive(Default)]
pub struct Published(BTreeMap<Url, Vec<Diagnostic>>);

impl Published {
    /// The files whose diagnostics differ from those published (a newly opened document's
    /// always), with the new ones (none for a file that has no problems any more); remembered
    /// as published.
    pub fn changes(&mut self, now: BTreeMap<Url, Vec<Diagnostic>>) -> Vec<(Url, Vec<Diagnostic>)> {
        let mut out = Vec::new();
        for (uri, old) in &self.0 {
            if !old.is_empty() && !now.contains_key(uri) {
                out.push((uri.clone(), Vec::new()));
            }
        }
        for (uri, new) in &now {
            let old = self.0.get(uri);
            if old != Some(new) {
                out.push((uri.clone(), new.clone()));
            }
        }
        self.0 = now;
        out
    }
}
