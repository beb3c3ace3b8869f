//! XML text for the package parts: one escaping function and a small writer that closes what
//! it opens, so no profile or catalogue text can break the markup and no part is unbalanced.

use std::borrow::Cow;

/// The declaration every part starts with.
pub const DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// Escapes text for element content and for attribute values (always quoted with `"`), and
/// drops what XML 1.0 cannot hold at all: C0 controls other than tab, newline and carriage
/// return, and U+FFFE/U+FFFF. Such characters carry no meaning in a requirement text.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| matches!(c, '&' | '<' | '>' | '"') || !allowed(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if allowed(c) => out.push(c),
            _ => {}
        }
    }
    Cow::Owned(out)
}

/// Whether XML 1.0 allows the character (surrogates cannot occur in a Rust `char`).
fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
}

/// Builds one XML part. Elements are closed in the order they were opened.
#[derive(Debug)]
pub struct Xml {
    out: String,
    open: Vec<&'static str>,
}

impl Xml {
    pub fn new() -> Self {
        Xml {
            out: DECLARATION.to_owned(),
            open: Vec::new(),
        }
    }

    /// A writer for a fragment, without the declaration.
    pub fn fragment() -> Self {
        Xml {
            out: String::new(),
            open: Vec::new(),
        }
    }

    pub fn open(&mut self, tag: &'static str, attrs: &[(&str, &str)]) -> &mut Self {
        self.start(tag, attrs);
        self.out.push('>');
        self.open.push(tag);
        self
    }

    pub fn close(&mut self) -> &mut Self {
        let tag = self.open.pop().expect("close matches an open");
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push('>');
        self
    }

    /// An element with no content.
    pub fn empty(&mut self, tag: &str, attrs: &[(&str, &str)]) -> &mut Self {
        self.start(tag, attrs);
        self.out.push_str("/>");
        self
    }

    /// An element holding only text.
    pub fn leaf(&mut self, tag: &'static str, attrs: &[(&str, &str)], text: &str) -> &mut Self {
        self.open(tag, attrs).text(text).close()
    }

    pub fn text(&mut self, text: &str) -> &mut Self {
        self.out.push_str(&escape(text));
        self
    }

    /// Markup that is already XML: kravkat's own constant fragments or a reference part.
    pub fn raw(&mut self, xml: &str) -> &mut Self {
        self.out.push_str(xml);
        self
    }

    /// The length of what is written so far, in bytes.
    pub fn len(&self) -> usize {
        self.out.len()
    }

    /// How many elements are open.
    pub fn depth(&self) -> usize {
        self.open.len()
    }

    pub fn finish(self) -> String {
        assert!(self.open.is_empty(), "unclosed elements: {:?}", self.open);
        self.out
    }

    fn start(&mut self, tag: &str, attrs: &[(&str, &str)]) {
        self.out.push('<');
        self.out.push_str(tag);
        for (name, value) in attrs {
            self.out.push(' ');
            self.out.push_str(name);
            self.out.push_str("=\"");
            self.out.push_str(&escape(value));
            self.out.push('"');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_what_xml_cannot_hold() {
        assert_eq!(escape("a & <b> \"c\" ]]>"), "a &amp; &lt;b&gt; &quot;c&quot; ]]&gt;");
        assert_eq!(escape("x\u{1}y\u{FFFF}\tz\n"), "xy\tz\n");
        assert!(matches!(escape("plain å"), Cow::Borrowed(_)));
    }

    #[test]
    fn closes_in_order() {
        let mut x = Xml::fragment();
        x.open("a", &[("k", "<v>")])
            .leaf("b", &[], "t&")
            .empty("c", &[])
            .close();
        assert_eq!(x.finish(), "<a k=\"&lt;v&gt;\"><b>t&amp;</b><c/></a>");
    }
}
