//! Markdown (CommonMark + GFM tables) through the `appendix.md` template.

use std::sync::Arc;

use minijinja::Environment;
use minijinja::value::Serde;

use super::{Templates, context, labels};
use crate::catalog::{Kind, Relation};
use crate::document::{AnswerType, CatalogInfo, ChangeKind, Document, Figure, Item, Model, Status};

pub fn render(doc: &Arc<Document>, templates: &Templates) -> anyhow::Result<String> {
    let mut env = templates.environment(super::templates::entries(doc));
    add_filters(&mut env);
    let out = templates.render(&env, "appendix.md", context::template(doc))?;
    Ok(tidy(&out))
}

/// One item as the appendix `doc` (an audience's view) shows it (`item.md`, one heading level
/// below the categories): what an editor shows when the user points at the item's id.
pub fn item(doc: &Arc<Document>, item: &Item, templates: &Templates) -> anyhow::Result<String> {
    // The fuel of the whole appendix: one item needs less.
    let mut env = templates.environment(super::templates::entries(doc));
    add_filters(&mut env);
    let ctx = minijinja::context! {
        item => minijinja::Value::from(Serde(item)),
        marks => "###",
        ..context::template(doc)
    };
    Ok(tidy(&templates.render(&env, "item.md", ctx)?))
}

/// Filters the Markdown templates use; shared with any template a user writes.
pub fn add_filters(env: &mut Environment<'static>) {
    env.add_filter("cell", cell);
    env.add_filter("quote", quote);
    env.add_filter("change_label", change_label);
    env.add_filter("relation_label", relation_label);
    env.add_filter("kind_noun", kind_noun);
    env.add_filter("own_label", own_label);
    env.add_filter("status_label", status_label);
    env.add_filter("percent", percent);
    env.add_filter("provenance", provenance);
    env.add_filter("numbering_note", |title: String| labels::numbering_note(&title));
    env.add_filter("inferred_note", inferred_note);
    env.add_filter("own_heading", |organisation: String| labels::own_heading(&organisation));
    env.add_filter("answer_label", answer_label);
    env.add_filter("maximum_label", maximum_label);
    env.add_filter("maximum_value", maximum_value);
    env.add_filter("untrusted", untrusted);
    env.add_filter("price_scale", |full: String, zero: String| {
        labels::price_scale(&full, &zero)
    });
    env.add_filter("value_column", |model: Serde<Model>| labels::value_column(model.0));
}

/// Text from outside (what a supplier wrote in an answer sheet) as inert Markdown: one line,
/// every ASCII punctuation character that inline Markdown, GFM autolinks or HTML give a meaning
/// backslash-escaped, so it can neither format, link, break a table nor carry HTML. (On one
/// line after other text, it cannot start a block.)
fn untrusted(text: String) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            if c.is_ascii_punctuation() && !",-;'\"%+=?/".contains(c) {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

fn answer_label(answer: Serde<AnswerType>) -> &'static str {
    labels::answer_type(answer.0)
}

fn maximum_label(model: Serde<Model>) -> &'static str {
    labels::maximum(model.0)
}

fn maximum_value(figure: Serde<Figure>, model: Serde<Model>) -> String {
    labels::maximum_value(model.0, &figure.0)
}

/// [`labels::provenance`] of an item: `{{ item | provenance(doc.procurement.organisation) }}`.
fn provenance(item: Serde<Item>, organisation: String) -> String {
    labels::provenance(&item, &organisation)
}

/// [`labels::inferred_note`] of a catalogue, or an empty text.
fn inferred_note(catalog: Serde<CatalogInfo>) -> String {
    labels::inferred_note(&catalog).unwrap_or_default()
}

/// Text fit for one GFM table cell: one line, pipes escaped.
fn cell(text: String) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

/// Markdown text as a block quote.
fn quote(text: String) -> String {
    text.trim_end()
        .lines()
        .map(|l| {
            if l.trim().is_empty() {
                ">".to_owned()
            } else {
                format!("> {l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn change_label(kind: Serde<ChangeKind>) -> &'static str {
    labels::change(kind.0)
}

fn relation_label(relation: Serde<Relation>) -> &'static str {
    labels::relation(relation.0)
}

fn kind_noun(kind: Serde<Kind>) -> &'static str {
    labels::kind_noun(kind.0)
}

fn own_label(kind: Serde<Kind>) -> String {
    labels::own(kind.0)
}

fn status_label(status: Option<Serde<Status>>) -> String {
    labels::status(status.map(|s| s.0))
}

fn percent(value: Option<usize>) -> String {
    labels::percent(value)
}

/// Trailing spaces off, blank-line runs collapsed to one, exactly one final newline: templates
/// stay readable and the output stays diff-friendly.
pub(super) fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = true;
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            if !blank {
                out.push('\n');
            }
            blank = true;
        } else {
            out.push_str(line);
            out.push('\n');
            blank = false;
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_one_line_with_escaped_pipes() {
        assert_eq!(cell("a |\n\n b".into()), "a \\| b");
    }

    #[test]
    fn untrusted_text_is_inert() {
        assert_eq!(
            untrusted("<script>x</script> *a* [l](javascript:1) |\n b".into()),
            "\\<script\\>x\\</script\\> \\*a\\* \\[l\\]\\(javascript\\:1\\) \\| b"
        );
    }

    #[test]
    fn tidy_collapses_blank_runs() {
        assert_eq!(tidy("\n# A  \n\n\n\nb\n\n"), "# A\n\nb\n");
    }

    #[test]
    fn quote_keeps_paragraphs_inside_the_quote() {
        assert_eq!(quote("a\n\nb\n".into()), "> a\n>\n> b");
    }
}
