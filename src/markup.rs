//! The one Markdown path: catalogue and profile text is parsed once, by comrak, into this small
//! tree, which the HTML and DOCX renderers both walk. Raw HTML in the input never becomes
//! markup: it is kept as literal text, so `<script>` in a profile comes out inert.

use comrak::nodes::{AstNode, ListType, NodeValue};
use comrak::{Arena, Options, parse_document};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Block {
    Paragraph(Vec<Inline>),
    Heading(u8, Vec<Inline>),
    List {
        ordered: bool,
        start: usize,
        items: Vec<Vec<Block>>,
    },
    Quote(Vec<Block>),
    Code(String),
    Rule,
    /// A GFM table: header row first.
    Table(Vec<Vec<Vec<Inline>>>),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Inline {
    Text(String),
    Emph(Vec<Inline>),
    Strong(Vec<Inline>),
    Strike(Vec<Inline>),
    Code(String),
    /// Only `http`, `https` and `mailto` links are kept as links; others become their text.
    Link {
        url: String,
        content: Vec<Inline>,
    },
    SoftBreak,
    LineBreak,
}

fn options() -> Options<'static> {
    let mut o = Options::default();
    o.extension.table = true;
    o.extension.strikethrough = true;
    o.extension.autolink = true;
    o
}

/// Deeper nesting (quotes in quotes, emphasis in emphasis, images in images …) is kept as plain
/// text. Real text nests a few levels; the tree is walked recursively, here and by every
/// renderer, so `>>>>…` thousands deep would otherwise overflow the stack.
const MAX_NESTING: usize = 32;

/// Parses Markdown into blocks.
pub fn parse(markdown: &str) -> Vec<Block> {
    let arena = Arena::new();
    let root = parse_document(&arena, markdown, &options());
    blocks(root, 0)
}

fn blocks<'a>(node: &'a AstNode<'a>, depth: usize) -> Vec<Block> {
    if depth > MAX_NESTING {
        let text = flat_text(node);
        return if text.is_empty() {
            Vec::new()
        } else {
            vec![Block::Paragraph(vec![Inline::Text(text)])]
        };
    }
    node.children().filter_map(|child| block(child, depth)).collect()
}

fn block<'a>(node: &'a AstNode<'a>, depth: usize) -> Option<Block> {
    let value = node.data().value.clone();
    Some(match value {
        NodeValue::Paragraph => Block::Paragraph(inlines(node, depth)),
        NodeValue::Heading(h) => Block::Heading(h.level, inlines(node, depth)),
        NodeValue::List(l) => Block::List {
            ordered: l.list_type == ListType::Ordered,
            start: l.start,
            items: node.children().map(|item| blocks(item, depth + 1)).collect(),
        },
        NodeValue::BlockQuote | NodeValue::MultilineBlockQuote(_) => Block::Quote(blocks(node, depth + 1)),
        NodeValue::CodeBlock(c) => Block::Code(c.literal),
        // Raw HTML is shown as the text it is, never interpreted.
        NodeValue::HtmlBlock(h) => Block::Paragraph(vec![Inline::Text(h.literal.trim_end().to_owned())]),
        NodeValue::ThematicBreak => Block::Rule,
        NodeValue::Table(_) => Block::Table(
            node.children()
                .map(|row| row.children().map(|cell| inlines(cell, depth)).collect())
                .collect(),
        ),
        _ => {
            // Anything else (footnotes, front matter …) keeps its text.
            let text = plain(&inlines(node, depth));
            if text.is_empty() {
                return None;
            }
            Block::Paragraph(vec![Inline::Text(text)])
        }
    })
}

fn inlines<'a>(node: &'a AstNode<'a>, depth: usize) -> Vec<Inline> {
    if depth > MAX_NESTING {
        return vec![Inline::Text(flat_text(node))];
    }
    let mut out: Vec<Inline> = Vec::new();
    for child in node.children() {
        let value = child.data().value.clone();
        let inline = match value {
            NodeValue::Text(t) => Inline::Text(t.into_owned()),
            NodeValue::HtmlInline(t) | NodeValue::Raw(t) => Inline::Text(t),
            NodeValue::Code(c) => Inline::Code(c.literal),
            NodeValue::Emph => Inline::Emph(inlines(child, depth + 1)),
            NodeValue::Strong => Inline::Strong(inlines(child, depth + 1)),
            NodeValue::Strikethrough => Inline::Strike(inlines(child, depth + 1)),
            NodeValue::SoftBreak => Inline::SoftBreak,
            NodeValue::LineBreak => Inline::LineBreak,
            NodeValue::Link(l) if link_url(&l.url).is_some() => Inline::Link {
                url: link_url(&l.url).unwrap_or_default(),
                content: inlines(child, depth + 1),
            },
            _ => {
                for inner in inlines(child, depth + 1) {
                    push(&mut out, inner);
                }
                continue;
            }
        };
        push(&mut out, inline);
    }
    out
}

/// The text under a node, gathered without recursion; paragraphs and breaks become spaces.
fn flat_text<'a>(node: &'a AstNode<'a>) -> String {
    let mut s = String::new();
    for n in node.descendants() {
        match &n.data().value {
            NodeValue::Text(t) => s.push_str(t),
            NodeValue::Code(c) => s.push_str(&c.literal),
            NodeValue::CodeBlock(c) => s.push_str(&c.literal),
            NodeValue::HtmlInline(t) | NodeValue::Raw(t) => s.push_str(t),
            NodeValue::HtmlBlock(h) => s.push_str(&h.literal),
            NodeValue::SoftBreak | NodeValue::LineBreak | NodeValue::Paragraph | NodeValue::Heading(_)
                if !s.is_empty() && !s.ends_with(' ') =>
            {
                s.push(' ')
            }
            _ => {}
        }
    }
    s.trim_end().to_owned()
}

/// Appends, merging adjacent text so renderers emit one run per styled span.
fn push(out: &mut Vec<Inline>, inline: Inline) {
    match (out.last_mut(), inline) {
        (Some(Inline::Text(prev)), Inline::Text(t)) => prev.push_str(&t),
        (_, inline) => out.push(inline),
    }
}

/// A link's target as every format can carry it, or `None` when it is no link kravkat makes:
/// only `http`, `https` and `mailto` targets, with a host a URL can have, and every character a
/// URL cannot hold percent-encoded (spaces, quotes, `[`, a second `#`, a `%` that starts no
/// escape, anything not ASCII). So HTML's `href` and a DOCX relationship get the same valid URL.
pub fn link_url(url: &str) -> Option<String> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let (scheme, rest) = ["https://", "http://", "mailto:"]
        .into_iter()
        .find(|p| lower.starts_with(p))
        .map(|p| (p, &url[p.len()..]))?;
    let mut out = scheme.to_owned();
    let path = if scheme == "mailto:" {
        rest
    } else {
        let end = rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len());
        out.push_str(&authority(&rest[..end])?);
        &rest[end..]
    };
    let mut in_fragment = false;
    for (i, c) in path.char_indices() {
        match c {
            '#' if !in_fragment => {
                in_fragment = true;
                out.push(c);
            }
            '%' if path
                .get(i + 1..i + 3)
                .is_some_and(|h| h.bytes().all(|b| b.is_ascii_hexdigit())) =>
            {
                out.push(c)
            }
            c if c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/?".contains(c) => out.push(c),
            c => {
                let mut utf8 = [0; 4];
                for b in c.encode_utf8(&mut utf8).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
        }
    }
    Some(out)
}

/// `[user@]host[:port]` of an http(s) URL when it is one a browser can reach: a name of
/// letters, digits, `-`, `.` and `_`, or `[` an IPv6 address `]`, and digits for the port.
fn authority(authority: &str) -> Option<String> {
    let (user, host_port) = match authority.rsplit_once('@') {
        Some((user, host_port)) => (Some(user), host_port),
        None => (None, authority),
    };
    if user.is_some_and(|u| {
        !u.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:".contains(c))
    }) {
        return None;
    }
    let port = match host_port.strip_prefix('[') {
        Some(v6) => {
            let (address, after) = v6.split_once(']')?;
            if address.is_empty() || !address.chars().all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.') {
                return None;
            }
            if after.is_empty() {
                None
            } else {
                Some(after.strip_prefix(':')?)
            }
        }
        None => {
            let (host, port) = host_port
                .split_once(':')
                .map_or((host_port, None), |(h, p)| (h, Some(p)));
            if host.is_empty() || !host.chars().all(|c| c.is_alphanumeric() || "-._".contains(c)) {
                return None;
            }
            port
        }
    };
    if port.is_some_and(|p| !p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    Some(authority.to_owned())
}

/// The text of some inlines, without markup.
pub fn plain(inlines: &[Inline]) -> String {
    let mut s = String::new();
    for i in inlines {
        match i {
            Inline::Text(t) | Inline::Code(t) => s.push_str(t),
            Inline::Emph(c) | Inline::Strong(c) | Inline::Strike(c) | Inline::Link { content: c, .. } => {
                s.push_str(&plain(c))
            }
            Inline::SoftBreak | Inline::LineBreak => s.push(' '),
        }
    }
    s
}

/// Markdown as plain text that keeps its shape, for places that hold no formatting (a
/// spreadsheet cell): paragraphs apart by a blank line, list items on lines of their own
/// (`– ` or `1. `), quotes and code indented, a link's address after its text.
pub fn text(markdown: &str) -> String {
    let mut out = Vec::new();
    text_blocks(&parse(markdown), "", &mut out);
    out.join("\n\n")
}

fn text_blocks(blocks: &[Block], indent: &str, out: &mut Vec<String>) {
    for block in blocks {
        match block {
            Block::Paragraph(i) | Block::Heading(_, i) => out.push(format!("{indent}{}", text_inlines(i))),
            Block::List { ordered, start, items } => {
                let lines: Vec<String> = items
                    .iter()
                    .enumerate()
                    .map(|(n, item)| {
                        let mark = if *ordered {
                            format!("{}. ", start + n)
                        } else {
                            "– ".to_owned()
                        };
                        let mut inner = Vec::new();
                        text_blocks(item, &format!("{indent}  "), &mut inner);
                        let body = inner.join("\n").trim_start().to_owned();
                        format!("{indent}{mark}{body}")
                    })
                    .collect();
                out.push(lines.join("\n"));
            }
            Block::Quote(inner) => text_blocks(inner, &format!("{indent}  "), out),
            Block::Code(code) => out.push(
                code.trim_end()
                    .lines()
                    .map(|l| format!("{indent}    {l}"))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            Block::Rule => {}
            Block::Table(rows) => out.push(
                rows.iter()
                    .map(|row| {
                        format!(
                            "{indent}{}",
                            row.iter().map(|c| text_inlines(c)).collect::<Vec<_>>().join(" | ")
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
        }
    }
}

fn text_inlines(inlines: &[Inline]) -> String {
    let mut s = String::new();
    for i in inlines {
        match i {
            Inline::Link { url, content } => {
                let label = text_inlines(content);
                if label.trim() == url.trim() || url.strip_prefix("mailto:") == Some(label.trim()) {
                    s.push_str(&label);
                } else {
                    s.push_str(&format!("{label} ({url})"));
                }
            }
            Inline::Emph(c) | Inline::Strong(c) | Inline::Strike(c) => s.push_str(&text_inlines(c)),
            Inline::Text(t) | Inline::Code(t) => s.push_str(t),
            Inline::SoftBreak => s.push(' '),
            Inline::LineBreak => s.push('\n'),
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_keeps_paragraphs_lists_and_addresses() {
        assert_eq!(
            text("A *b* [Digg](https://digg.se)\nc\n\n- x\n- y\n\n3. z\n\n> q\n\nhttps://e.se"),
            "A b Digg (https://digg.se) c\n\n– x\n– y\n\n3. z\n\n  q\n\nhttps://e.se"
        );
    }

    #[test]
    fn paragraphs_emphasis_and_links() {
        let b = parse("A *b* **c** [d](https://e.se)\n\nNext");
        assert_eq!(
            b[0],
            Block::Paragraph(vec![
                Inline::Text("A ".into()),
                Inline::Emph(vec![Inline::Text("b".into())]),
                Inline::Text(" ".into()),
                Inline::Strong(vec![Inline::Text("c".into())]),
                Inline::Text(" ".into()),
                Inline::Link {
                    url: "https://e.se".into(),
                    content: vec![Inline::Text("d".into())]
                },
            ])
        );
        assert_eq!(b.len(), 2);
    }

    #[test]
    fn raw_html_and_script_links_stay_text() {
        let b = parse("<script>alert(1)</script>\n\nx <b>y</b> [z](javascript:alert(1))");
        assert_eq!(
            b[0],
            Block::Paragraph(vec![Inline::Text("<script>alert(1)</script>".into())])
        );
        assert_eq!(b[1], Block::Paragraph(vec![Inline::Text("x <b>y</b> z".into())]));
    }

    /// Every way Markdown spells a link keeps only http, https and mailto targets, however the
    /// scheme is written; XML-special text stays text.
    #[test]
    fn hostile_links_and_xml_special_text_stay_text() {
        let hostile = [
            "[a](JaVaScRiPt:alert(1))",
            "[a]( javascript:alert(1))",
            "[a](&#106;avascript:alert(1))",
            "[a](java%73cript:alert(1))",
            "<javascript:alert(1)>",
            "[a][r]\n\n[r]: javascript:alert(1)",
            "![a](javascript:alert(1))",
            "[a](vbscript:msgbox(1))",
            "[a](data:text/html;base64,PHNjcmlwdD4=)",
            "[a](file:///etc/passwd)",
            "<img src=x onerror=alert(1)>",
            "<a href=\"javascript:alert(1)\">a</a>",
        ];
        fn links(blocks: &[Block]) -> Vec<String> {
            fn walk(inlines: &[Inline], out: &mut Vec<String>) {
                for i in inlines {
                    match i {
                        Inline::Link { url, content } => {
                            out.push(url.clone());
                            walk(content, out);
                        }
                        Inline::Emph(c) | Inline::Strong(c) | Inline::Strike(c) => walk(c, out),
                        _ => {}
                    }
                }
            }
            let mut out = Vec::new();
            for b in blocks {
                if let Block::Paragraph(i) = b {
                    walk(i, &mut out);
                }
            }
            out
        }
        for text in hostile {
            assert_eq!(links(&parse(text)), Vec::<String>::new(), "{text}");
        }
        let b = parse("a & b < c ]]> d &amp; <![CDATA[e]]>");
        assert_eq!(
            plain(match &b[0] {
                Block::Paragraph(i) => i,
                other => panic!("{other:?}"),
            }),
            "a & b < c ]]> d & <![CDATA[e]]>"
        );
    }

    #[test]
    fn link_targets_are_urls_every_format_can_carry() {
        let url = |u: &str| link_url(u);
        for (given, valid) in [
            ("https://e.se/a b?q=c d#e f", "https://e.se/a%20b?q=c%20d#e%20f"),
            ("HTTPS://e.se/å", "https://e.se/%C3%A5"),
            ("https://e.se/100%", "https://e.se/100%25"),
            ("https://e.se/%C3%A5%2", "https://e.se/%C3%A5%252"),
            (
                "https://e.se/a[1]|{x}^`\"<>\\",
                "https://e.se/a%5B1%5D%7C%7Bx%7D%5E%60%22%3C%3E%5C",
            ),
            ("https://e.se/#a#b", "https://e.se/#a%23b"),
            ("https://åland.se:8080/", "https://åland.se:8080/"),
            ("https://[::1]:80/x", "https://[::1]:80/x"),
            ("http://user:pw@e.se", "http://user:pw@e.se"),
            ("mailto:a b@c.se", "mailto:a%20b@c.se"),
            (" https://e.se ", "https://e.se"),
        ] {
            assert_eq!(url(given).as_deref(), Some(valid), "{given}");
        }
        for no_link in [
            "https://",
            "https://e f.se/",
            "https://e%20f.se/",
            "https://e.se:80x/",
            "https://[zz]/",
            "https://[::1]x/",
            "https://a b@e.se/",
            "javascript:alert(1)",
            "ftp://e.se",
        ] {
            assert_eq!(url(no_link), None, "{no_link}");
        }
    }

    #[test]
    fn nesting_past_the_limit_becomes_text() {
        // Each of these, thousands deep, overflowed the stack of the recursive walk.
        for (open, close) in [(">", ""), ("**", "**"), ("![", "](u)"), ("- ", "")] {
            let text = format!("{}deep{}", open.repeat(20_000), close.repeat(20_000));
            let blocks = parse(&text);
            let mut depth = 0;
            let mut level = &blocks;
            loop {
                level = match level.as_slice() {
                    [Block::Quote(inner)] => inner,
                    [Block::List { items, .. }] if items.len() == 1 => &items[0],
                    _ => break,
                };
                depth += 1;
            }
            assert!(depth <= MAX_NESTING + 1, "{open}: {depth} levels");
        }
        // Shallow nesting keeps its markup.
        assert_eq!(
            parse("> > a"),
            vec![Block::Quote(vec![Block::Quote(vec![Block::Paragraph(vec![
                Inline::Text("a".into())
            ])])])]
        );
        let deep = parse(&format!("{}x", "> ".repeat(40)));
        let mut level = &deep;
        while let [Block::Quote(inner)] = level.as_slice() {
            level = inner;
        }
        assert_eq!(level, &vec![Block::Paragraph(vec![Inline::Text("x".into())])]);
    }

    #[test]
    fn lists_keep_their_items() {
        let b = parse("- a\n- b\n");
        let Block::List {
            ordered: false, items, ..
        } = &b[0]
        else {
            panic!("{b:?}")
        };
        assert_eq!(items.len(), 2);
    }
}
