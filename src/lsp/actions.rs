//! Code actions: the fixes the hints of kravkat's diagnostics describe, made by the editor —
//! apply the did-you-mean or one of the qualified ids, add the missing `reason:` of a change —
//! and quoting an id written without quotes.

use std::collections::HashMap;

use lsp_types::{CodeAction, CodeActionKind, CodeActionOrCommand, Position, Range, TextEdit, WorkspaceEdit};

use crate::diagnostic::{Diagnostic as Found, suggestions};
use crate::lsp::context::{Place, Role};
use crate::lsp::diagnostics::convert;
use crate::lsp::text::{Text, value_end};
use crate::lsp::workspace::{Document, Workspace, same_file};

/// The fixes for the problems in `range` of `doc`, and for the id at its start (`place`).
pub fn actions(ws: &Workspace, doc: &Document, range: Range, place: Option<&Place>) -> Vec<CodeActionOrCommand> {
    let mut out = Vec::new();
    let here = ws.check(doc).into_iter().filter(|d| same_file(&d.file, &doc.path));
    for found in here {
        let diagnostic = convert(&found, Some(&doc.text));
        if !overlaps(diagnostic.range, range) {
            continue;
        }
        let fix = |title: String, edit: TextEdit| {
            let mut action = quick_fix(doc, title, edit);
            action.diagnostics = Some(vec![diagnostic.clone()]);
            action
        };
        for s in found.hint.as_deref().map(suggestions).unwrap_or_default() {
            let value = doc.text.as_str()
                [doc.text.offset(diagnostic.range.start)..doc.text.offset(diagnostic.range.end)]
                .to_owned();
            let edit = TextEdit::new(diagnostic.range, requote(&value, s));
            out.push(fix(format!("Replace with `{s}`"), edit));
        }
        if let Some(edit) = missing_reason(&doc.text, &found) {
            out.push(fix("Add `reason:`".to_owned(), edit));
        }
    }
    if let Some(p) = place
        && matches!(p.role(doc.kind), Role::ItemId | Role::Category | Role::Version)
        && !doc.text.as_str()[p.span.clone()].starts_with(['"', '\''])
        && !p.text.is_empty()
    {
        let edit = TextEdit::new(doc.text.range(p.span.clone()), quote(&p.text));
        out.push(quick_fix(doc, format!("Quote `{}`", p.text), edit));
    }
    out.into_iter().map(CodeActionOrCommand::CodeAction).collect()
}

fn quick_fix(doc: &Document, title: String, edit: TextEdit) -> CodeAction {
    CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(doc.uri.clone(), vec![edit])])),
            ..Default::default()
        }),
        ..Default::default()
    }
}

fn overlaps(a: Range, b: Range) -> bool {
    let key = |p: Position| (p.line, p.character);
    key(a.start) <= key(b.end) && key(b.start) <= key(a.end)
}

/// `value` replaced by `with`, quoted as the original was (and quoted when it was not: ids
/// are strings).
fn requote(value: &str, with: &str) -> String {
    if value.starts_with('\'') && !with.contains('\'') {
        format!("'{with}'")
    } else {
        quote(with)
    }
}

fn quote(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// For "the level change of `X` has no reason" (and of replaced text): a `reason: ""` line at
/// the end of the change's mapping, indented as its other fields; or `, reason: ""` in a
/// mapping written on the key's line. The empty reason keeps the problem until it is written.
fn missing_reason(text: &Text, found: &Found) -> Option<TextEdit> {
    // The deviations `resolve` reports without a reason (tests/lsp.rs checks the wording).
    let deviation = ["the level change of ", "the replaced text of "];
    if !(deviation.iter().any(|d| found.message.starts_with(d)) && found.message.ends_with("has no reason")) {
        return None;
    }
    let key_line = found.pos?.line - 1;
    let indent = |line: &str| line.len() - line.trim_start().len();
    let key_indent = indent(text.line(key_line));
    let mut last = key_line;
    let mut field_indent = None;
    for n in key_line + 1..text.line_count() {
        let line = text.line(n);
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if indent(line) <= key_indent {
            break;
        }
        let at = *field_indent.get_or_insert(indent(line));
        if indent(line) == at && trimmed.starts_with("reason:") {
            return None;
        }
        last = n;
    }
    let edit = match field_indent {
        Some(at) => {
            let end = text.position(text.line_span(last).end);
            TextEdit::new(Range::new(end, end), format!("\n{}reason: \"\"", " ".repeat(at)))
        }
        None => {
            // `"1.12": { level: Bör }`: before the closing brace.
            let span = text.line_span(key_line);
            let line = text.line(key_line);
            let close = line.rfind('}')?;
            let start = text.offset_of(found.pos?);
            if start > span.start + close || value_end(text.as_str(), start) > span.start + close {
                return None;
            }
            let at = text.position(span.start + line[..close].trim_end().len());
            TextEdit::new(Range::new(at, at), ", reason: \"\"".to_owned())
        }
    };
    Some(edit)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::diagnostic::Pos;

    fn apply(text: &Text, edit: &TextEdit) -> String {
        let mut s = text.as_str().to_owned();
        let (a, b) = (text.offset(edit.range.start), text.offset(edit.range.end));
        s.replace_range(a..b, &edit.new_text);
        s
    }

    fn no_reason(line: usize, column: usize) -> Found {
        let mut d = Found::new(Path::new("p.yaml"), "the level change of `1.12` has no reason");
        d.pos = Some(Pos { line, column });
        d
    }

    #[test]
    fn a_missing_reason_is_added_beside_the_other_fields() {
        let text = Text::new("changes:\n  \"1.12\":\n    level: Bör\n    specify: >-\n      x\n\n  \"1.13\":\n".into());
        let edit = missing_reason(&text, &no_reason(2, 3)).unwrap();
        assert_eq!(
            apply(&text, &edit),
            "changes:\n  \"1.12\":\n    level: Bör\n    specify: >-\n      x\n    reason: \"\"\n\n  \"1.13\":\n"
        );
        let flow = Text::new("changes:\n  \"1.12\": { level: Bör }\n".into());
        let edit = missing_reason(&flow, &no_reason(2, 3)).unwrap();
        assert_eq!(
            apply(&flow, &edit),
            "changes:\n  \"1.12\": { level: Bör, reason: \"\" }\n"
        );
        let has = Text::new("changes:\n  \"1.12\":\n    level: Bör\n    reason: \" \"\n".into());
        assert!(
            missing_reason(&has, &no_reason(2, 3)).is_none(),
            "a reason is there, empty"
        );
    }

    #[test]
    fn a_suggestion_keeps_the_quotes() {
        assert_eq!(requote("\"1.99\"", "1.9"), "\"1.9\"");
        assert_eq!(requote("1.99", "1.9"), "\"1.9\"");
        assert_eq!(requote("'1.99'", "1.9"), "'1.9'");
    }
}
