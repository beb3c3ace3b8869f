//! Markdown (CommonMark + GFM tables) through the `appendix.md` template.

use minijinja::value::{Serde, Value};
use minijinja::{Environment, context};

use super::{Audience, Templates, labels};
use crate::catalog::Relation;
use crate::document::{ChangeKind, Document};

pub fn render(doc: &Document, audience: Audience, templates: &Templates) -> anyhow::Result<String> {
    let mut env = templates.environment();
    add_filters(&mut env);
    let ctx = context! { doc => Value::from(Serde(doc)), audience => Value::from(Serde(audience)) };
    let out = templates.render(&env, "appendix.md", ctx)?;
    Ok(tidy(&out))
}

/// Filters the Markdown templates use; shared with any template a user writes.
pub fn add_filters(env: &mut Environment<'static>) {
    env.add_filter("cell", cell);
    env.add_filter("quote", quote);
    env.add_filter("change_label", change_label);
    env.add_filter("relation_label", relation_label);
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

/// Trailing spaces off, blank-line runs collapsed to one, exactly one final newline: templates
/// stay readable and the output stays diff-friendly.
fn tidy(text: &str) -> String {
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
    fn tidy_collapses_blank_runs() {
        assert_eq!(tidy("\n# A  \n\n\n\nb\n\n"), "# A\n\nb\n");
    }

    #[test]
    fn quote_keeps_paragraphs_inside_the_quote() {
        assert_eq!(quote("a\n\nb\n".into()), "> a\n>\n> b");
    }
}
