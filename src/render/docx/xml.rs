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

/// The root element of a part that [`well_formed`] checked.
#[derive(Debug)]
pub struct Root {
    /// The namespace of the root element, if it has one.
    pub namespace: Option<String>,
    /// Its local name (`styles`, `theme`).
    pub local: String,
    /// Where its end tag starts in the text: what is added to the part goes there. `None` for
    /// an empty root (`<w:styles/>`).
    pub end: Option<usize>,
}

/// Checks that a part from outside (a reference document's) is XML as Word and LibreOffice
/// read it, as a whole, before kravkat copies it into a document: well-formed, one root
/// element, namespaces declared, version 1.0 in UTF-8, only characters XML allows, and no
/// document type declaration. A DTD can declare entities, which expand in some readers and not
/// in others (and without bound in the worst); a Word document never has one, so none is
/// accepted, and the only references allowed are XML's five and character references.
pub fn well_formed(text: &str) -> anyhow::Result<Root> {
    use anyhow::{anyhow, bail};
    use quick_xml::events::Event;
    use quick_xml::name::ResolveResult;

    if let Some(c) = text.chars().find(|&c| !allowed(c)) {
        bail!("it holds the character U+{:04X}, which XML cannot hold", c as u32);
    }
    let mut reader = quick_xml::reader::NsReader::from_str(text);
    reader.config_mut().check_comments = true;
    let mut depth = 0usize;
    let mut root: Option<Root> = None;
    loop {
        let before = reader.buffer_position() as usize;
        let (ns, event) = match reader.read_resolved_event() {
            Ok(read) => read,
            Err(e) => {
                let e = e.to_string();
                bail!("it is not well-formed XML (at byte {}): {e}", reader.error_position())
            }
        };
        let element = match &event {
            Event::Start(e) | Event::Empty(e) => Some(e.clone()),
            _ => None,
        };
        if let Some(e) = element {
            let name = e.name().as_ref().to_owned();
            let namespace = match ns {
                ResolveResult::Bound(n) => Some(n.as_ref().to_owned()),
                ResolveResult::Unbound => None,
                ResolveResult::Unknown(prefix) => {
                    bail!("the element <{name}> has the prefix `{prefix}`, which is not declared")
                }
            };
            for a in e.attributes() {
                let a = a.map_err(|e| anyhow!("<{name}> has a broken attribute: {e}"))?;
                if a.value.contains('<') {
                    bail!("an attribute of <{name}> holds `<`, which XML does not allow there");
                }
                let value = a
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .map_err(|e| anyhow!("an attribute of <{name}> refers to what XML does not define: {e}"))?;
                if let Some(c) = value.chars().find(|&c| !allowed(c)) {
                    bail!(
                        "an attribute of <{name}> holds U+{:04X}, which XML cannot hold",
                        c as u32
                    );
                }
            }
            if depth == 0 {
                if root.is_some() {
                    bail!("it has more than one root element");
                }
                let local = e.local_name().as_ref().to_owned();
                root = Some(Root {
                    namespace,
                    local,
                    end: None,
                });
            }
        }
        match event {
            Event::DocType(_) => {
                bail!("it has a document type declaration (<!DOCTYPE …>), which a Word document never has")
            }
            Event::Decl(d) => {
                let version = d.version().map_err(|e| anyhow!("its XML declaration is broken: {e}"))?;
                if version.as_ref() != "1.0" {
                    bail!("it is XML {version}; Word reads XML 1.0");
                }
                if let Some(enc) = d.encoding() {
                    let enc = enc.map_err(|e| anyhow!("its XML declaration is broken: {e}"))?;
                    if !enc.eq_ignore_ascii_case("utf-8") {
                        bail!("it declares the encoding {enc}, but it is UTF-8");
                    }
                }
            }
            Event::GeneralRef(r) => {
                let name: String = r.chars().collect();
                let ok = match r.resolve_char_ref() {
                    Ok(Some(c)) => allowed(c),
                    Ok(None) => matches!(name.as_str(), "lt" | "gt" | "amp" | "apos" | "quot"),
                    Err(_) => false,
                };
                if !ok {
                    bail!("it refers to `&{name};`, which XML does not define or cannot hold");
                }
            }
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0
                    && let Some(r) = root.as_mut()
                {
                    r.end = Some(before);
                }
            }
            Event::Text(t) if depth == 0 && !t.trim().is_empty() => {
                bail!("it has text outside its root element");
            }
            Event::CData(_) if depth == 0 => bail!("it has text outside its root element"),
            Event::Eof => break,
            _ => {}
        }
    }
    if depth != 0 {
        bail!("it ends before its root element is closed");
    }
    root.ok_or_else(|| anyhow!("it has no root element"))
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
    fn parts_from_outside_must_be_plain_well_formed_xml() {
        let text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<w:styles xmlns:w=\"u\"><w:a b=\"&amp;&#x41;\">&lt;&#65;</w:a><!-- </w:styles> --></w:styles>\n";
        let ok = well_formed(text).unwrap();
        assert_eq!((ok.namespace.as_deref(), ok.local.as_str()), (Some("u"), "styles"));
        // The end of the root, not the text in the comment before it.
        assert_eq!(&text[ok.end.unwrap()..], "</w:styles>\n");
        for (bad, why) in [
            (
                "<!DOCTYPE x [<!ENTITY e \"y\">]><x>&e;</x>",
                "document type declaration",
            ),
            ("<x>&e;</x>", "`&e;`"),
            ("<x>&#1;</x>", "`&#1;`"),
            ("<x a=\"&#1;\"/>", "U+0001"),
            ("<x a=\"&e;\"/>", "does not define"),
            ("<x>\u{1}</x>", "U+0001"),
            ("<x/><y/>", "more than one root"),
            ("<x>", "before its root element is closed"),
            ("<x></y>", "not well-formed"),
            ("t<x/>", "outside its root"),
            ("<p:x/>", "not declared"),
            ("<?xml version=\"1.1\"?><x/>", "XML 1.1"),
            ("<?xml version=\"1.0\" encoding=\"UTF-16\"?><x/>", "UTF-16"),
            ("<x a=\"<\"/>", "`<`"),
            ("", "no root"),
            ("not xml at all", "outside its root"),
        ] {
            let e = format!("{:#}", well_formed(bad).unwrap_err());
            assert!(e.contains(why), "{bad}: {e}");
        }
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
