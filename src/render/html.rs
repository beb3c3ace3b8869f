//! HTML: one standalone file through the `appendix.html` template. minijinja auto-escapes every
//! value in a `.html` template; the only markup that reaches the output unescaped is the
//! template's own and what the filters here build from the [`markup`] tree, where every text
//! node is escaped and only `http`, `https` and `mailto` links survive.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::sync::Arc;

use minijinja::Environment;
use minijinja::value::Value;

use super::Templates;
use crate::document::Document;
use crate::markup::{self, Block, Inline};

pub fn render(doc: &Arc<Document>, templates: &Templates) -> anyhow::Result<String> {
    let mut env = templates.environment(super::templates::entries(doc));
    super::markdown::add_filters(&mut env);
    add_filters(&mut env, doc);
    let out = templates.render(&env, "appendix.html", super::context::template(doc))?;
    Ok(one_final_newline(out))
}

/// A template's output with one final newline, whatever its last lines are.
pub(super) fn one_final_newline(mut out: String) -> String {
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// Filters the HTML templates use; shared with any template a user writes.
fn add_filters(env: &mut Environment<'static>, doc: &Document) {
    add_text_filters(env);
    let keys = doc
        .sections
        .iter()
        .flat_map(|s| &s.categories)
        .flat_map(|g| &g.items)
        .chain(&doc.own)
        .map(|i| i.key.as_str());
    let anchors = anchors(keys);
    env.add_filter("anchor", move |key: String| {
        anchors.get(&key).cloned().unwrap_or_else(|| anchor_base(&key))
    });
}

/// The filters that render text safely, for every HTML template (the appendix and the
/// evaluation report).
pub(super) fn add_text_filters(env: &mut Environment<'static>) {
    env.add_filter("md", |text: String| Value::from_safe_string(markdown(&text)));
    env.add_filter("md_inline", |text: String| {
        Value::from_safe_string(markdown_inline(&text))
    });
    env.add_filter("plain", |text: String| plain(&markup::parse(&text)));
    env.add_filter("css_string", |text: String| Value::from_safe_string(css_string(&text)));
}

/// Element ids for the items, by key, so links can target them: `jonkoping:1.12` becomes
/// `jonkoping-1.12`. Catalogue ids may contain `-`, so two keys can meet on one id; the later
/// item then gets a numeric suffix, in document order so the bytes stay the same.
fn anchors<'a>(keys: impl Iterator<Item = &'a str>) -> HashMap<String, String> {
    let mut used = HashSet::new();
    let mut out = HashMap::new();
    for key in keys {
        let base = anchor_base(key);
        let mut id = base.clone();
        let mut n = 2;
        while !used.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        out.insert(key.to_owned(), id);
    }
    out
}

/// An id is valid HTML when it is non-empty and has no whitespace, and a link to it is a valid
/// URL when the fragment has only URL code points: so letters, digits and `-._~` stay, `:`
/// becomes `-` and anything else (a quote, a `#`, a space) `_`.
fn anchor_base(key: &str) -> String {
    let id: String = key
        .chars()
        .map(|c| match c {
            ':' => '-',
            c if c.is_alphanumeric() || "-._~".contains(c) => c,
            _ => '_',
        })
        .collect();
    if id.is_empty() { "_".to_owned() } else { id }
}

/// Markdown as HTML blocks.
pub fn markdown(text: &str) -> String {
    let mut out = String::new();
    for block in markup::parse(text) {
        write_block(&mut out, &block);
    }
    out.truncate(out.trim_end().len());
    out
}

/// Markdown as phrasing content, for headings and table cells where blocks are not allowed:
/// paragraphs run together as one line, as the Markdown output's table cells do.
pub fn markdown_inline(text: &str) -> String {
    let mut out = String::new();
    for (n, block) in markup::parse(text).iter().enumerate() {
        if n > 0 {
            out.push(' ');
        }
        match block {
            Block::Paragraph(inlines) | Block::Heading(_, inlines) => write_inlines(&mut out, inlines),
            other => escape_into(&mut out, &plain(std::slice::from_ref(other))),
        }
    }
    out
}

fn write_block(out: &mut String, block: &Block) {
    match block {
        Block::Paragraph(inlines) => {
            out.push_str("<p>");
            write_inlines(out, inlines);
            out.push_str("</p>\n");
        }
        // The appendix owns the heading outline; a heading inside an item's text would break it,
        // so it is shown as a bold paragraph.
        Block::Heading(_, inlines) => {
            out.push_str("<p><strong>");
            write_inlines(out, inlines);
            out.push_str("</strong></p>\n");
        }
        Block::List { ordered, start, items } => {
            let tag = if *ordered { "ol" } else { "ul" };
            out.push('<');
            out.push_str(tag);
            if *ordered && *start != 1 {
                write!(out, " start=\"{start}\"").unwrap();
            }
            out.push_str(">\n");
            for item in items {
                out.push_str("<li>");
                for b in item {
                    write_block(out, b);
                }
                out.truncate(out.trim_end().len());
                out.push_str("</li>\n");
            }
            writeln!(out, "</{tag}>").unwrap();
        }
        Block::Quote(blocks) => {
            out.push_str("<blockquote>\n");
            for b in blocks {
                write_block(out, b);
            }
            out.push_str("</blockquote>\n");
        }
        Block::Code(code) => {
            out.push_str("<pre><code>");
            escape_into(out, code);
            out.push_str("</code></pre>\n");
        }
        Block::Rule => out.push_str("<hr>\n"),
        Block::Table(rows) => {
            out.push_str("<table>\n");
            for (n, row) in rows.iter().enumerate() {
                if n == 0 {
                    out.push_str("<thead>\n");
                } else if n == 1 {
                    out.push_str("<tbody>\n");
                }
                out.push_str("<tr>");
                for cell in row {
                    out.push_str(if n == 0 { "<th scope=\"col\">" } else { "<td>" });
                    write_inlines(out, cell);
                    out.push_str(if n == 0 { "</th>" } else { "</td>" });
                }
                out.push_str("</tr>\n");
                if n == 0 {
                    out.push_str("</thead>\n");
                }
            }
            if rows.len() > 1 {
                out.push_str("</tbody>\n");
            }
            out.push_str("</table>\n");
        }
    }
}

fn write_inlines(out: &mut String, inlines: &[Inline]) {
    for inline in inlines {
        match inline {
            Inline::Text(t) => escape_into(out, t),
            Inline::Emph(c) => wrap(out, "em", c),
            Inline::Strong(c) => wrap(out, "strong", c),
            Inline::Strike(c) => wrap(out, "del", c),
            Inline::Code(t) => {
                out.push_str("<code>");
                escape_into(out, t);
                out.push_str("</code>");
            }
            Inline::Link { url, content } => {
                out.push_str("<a href=\"");
                // A valid URL already (`markup::link_url`): only its `&` needs escaping.
                escape_into(out, url);
                out.push_str("\">");
                write_inlines(out, content);
                out.push_str("</a>");
            }
            Inline::SoftBreak => out.push('\n'),
            Inline::LineBreak => out.push_str("<br>\n"),
        }
    }
}

fn wrap(out: &mut String, tag: &str, content: &[Inline]) {
    write!(out, "<{tag}>").unwrap();
    write_inlines(out, content);
    write!(out, "</{tag}>").unwrap();
}

/// Escapes text for element content and double-quoted attribute values alike: the same escaping
/// the DOCX writer uses, as HTML's needs (`&`, `<`, `>`, `"`) are XML's.
pub fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    super::docx::xml::escape(text)
}

fn escape_into(out: &mut String, text: &str) {
    out.push_str(&escape(text));
}

/// The words of some blocks without markup, one line: for `<title>` and for blocks flattened
/// into a cell.
fn plain(blocks: &[Block]) -> String {
    let mut parts = Vec::new();
    for block in blocks {
        match block {
            Block::Paragraph(inlines) | Block::Heading(_, inlines) => parts.push(markup::plain(inlines)),
            Block::List { items, .. } => parts.extend(items.iter().map(|i| plain(i))),
            Block::Quote(blocks) => parts.push(plain(blocks)),
            Block::Code(code) => parts.push(code.clone()),
            Block::Rule => {}
            Block::Table(rows) => parts.extend(rows.iter().flatten().map(|c| markup::plain(c))),
        }
    }
    parts.join(" ").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A quoted CSS string, for text the style sheet shows (the running header of printed pages).
/// Inside `<style>` nothing is HTML-escaped, so `<` is escaped the CSS way: no `</style>` can
/// close the element early.
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in plain(&markup::parse(text)).chars() {
        match c {
            '"' | '\\' | '<' | '>' | '&' => write!(out, "\\{:x} ", c as u32).unwrap(),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_emphasis_is_markup() {
        assert_eq!(
            markdown("A *b* **c** & <script>alert(1)</script>"),
            "<p>A <em>b</em> <strong>c</strong> &amp; &lt;script&gt;alert(1)&lt;/script&gt;</p>"
        );
        assert_eq!(
            markdown("<script>alert(1)</script>"),
            "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
        );
    }

    #[test]
    fn only_safe_links_are_links() {
        assert_eq!(
            markdown("[a](<https://e.se/å b?a=1&b=\"2\">) [b](javascript:alert(1))"),
            "<p><a href=\"https://e.se/%C3%A5%20b?a=1&amp;b=%222%22\">a</a> b</p>"
        );
    }

    #[test]
    fn blocks() {
        assert_eq!(
            markdown("# H\n\n3. a\n4. b\n\n> q\n\n```\n<x>\n```\n\n| A | B |\n| - | - |\n| 1 | 2 |"),
            "<p><strong>H</strong></p>\n<ol start=\"3\">\n<li><p>a</p></li>\n<li><p>b</p></li>\n</ol>\n\
             <blockquote>\n<p>q</p>\n</blockquote>\n<pre><code>&lt;x&gt;\n</code></pre>\n\
             <table>\n<thead>\n<tr><th scope=\"col\">A</th><th scope=\"col\">B</th></tr>\n</thead>\n\
             <tbody>\n<tr><td>1</td><td>2</td></tr>\n</tbody>\n</table>"
        );
    }

    #[test]
    fn inline_runs_paragraphs_together() {
        assert_eq!(markdown_inline("*a*\n\nb\n\n- c\n- d"), "<em>a</em> b c d");
    }

    #[test]
    fn css_strings_cannot_close_the_style_element() {
        assert_eq!(
            css_string("a \"b\" </style> *c*"),
            "\"a \\22 b\\22  \\3c /style\\3e  c\""
        );
    }

    #[test]
    fn anchors_are_valid_ids() {
        assert_eq!(anchor_base("jonkoping:1.12"), "jonkoping-1.12");
        assert_eq!(anchor_base("EGEN 1"), "EGEN_1");
        assert_eq!(anchor_base("E\"1#<å>"), "E_1__å_");
    }

    /// The colours `style.css` declares, by custom property name.
    fn colours() -> HashMap<String, (f64, f64, f64)> {
        let template = super::super::templates::EMBEDDED
            .iter()
            .find(|(n, _)| *n == "style.css")
            .expect("embedded")
            .1;
        let mut out = HashMap::new();
        for line in template.lines() {
            let Some((name, rest)) = line.trim().strip_prefix("--").and_then(|l| l.split_once(':')) else {
                continue;
            };
            let Some(hex) = rest.trim().strip_prefix('#') else {
                continue;
            };
            let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap() as f64 / 255.0;
            out.insert(name.to_owned(), (channel(0), channel(2), channel(4)));
        }
        out
    }

    /// WCAG 2.1 contrast ratio of two sRGB colours.
    fn contrast(a: (f64, f64, f64), b: (f64, f64, f64)) -> f64 {
        let linear = |c: f64| {
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        let luminance = |(r, g, b): (f64, f64, f64)| 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn colours_meet_wcag_aa() {
        let c = colours();
        assert!(contrast((0.0, 0.0, 0.0), (1.0, 1.0, 1.0)) > 20.9);
        // Text on the backgrounds it is drawn on: 4.5:1.
        for (fg, bg) in [
            ("ink", "paper"),
            ("ink", "head"),
            ("ink", "spec"),
            ("ink", "guide"),
            ("muted", "paper"),
            ("muted", "guide"),
            ("accent", "paper"),
            ("accent", "guide"),
            ("spec-ink", "spec"),
            ("warn-ink", "warn"),
        ] {
            let ratio = contrast(c[fg], c[bg]);
            assert!(ratio >= 4.5, "--{fg} on --{bg}: {ratio:.2}:1");
        }
        // Borders that outline a box or a cell: 3:1 (non-text contrast).
        for (fg, bg) in [("rule", "paper"), ("spec-border", "paper"), ("guide-border", "paper")] {
            let ratio = contrast(c[fg], c[bg]);
            assert!(ratio >= 3.0, "--{fg} on --{bg}: {ratio:.2}:1");
        }
    }

    #[test]
    fn anchors_are_unique() {
        let a = anchors(["a-b:c", "a:b-c", "a-b-c"].into_iter());
        assert_eq!(a["a-b:c"], "a-b-c");
        assert_eq!(a["a:b-c"], "a-b-c-2");
        assert_eq!(a["a-b-c"], "a-b-c-3");
    }
}
