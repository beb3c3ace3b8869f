//! A YAML text as an untyped tree with the position of every key and value. It is read only
//! when a message needs a place the typed model does not keep: after a typed read failed, to
//! find which field the parser's position is in, so the message can name it
//! (`procurement.title`, the `own` entry `E-1`) and, for a repeated key, the line of its first
//! occurrence; and, as a [`SourceMap`], when a procurement rule finds words in a text, to
//! underline them in the file.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Location, Spanned};

use crate::diagnostic::{Diagnostic, Pos};

#[derive(Debug)]
pub enum Node {
    /// Keys in file order; a repeated key is kept (the tree is read with repeated keys let
    /// through), so both occurrences can be named.
    Map(Vec<(Spanned<String>, Spanned<Node>)>),
    Seq(Vec<Spanned<Node>>),
    Text(String),
    Null,
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Text(v.to_owned()))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Text(v.to_string()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Text(v.to_string()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Text(v.to_string()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Text(v.to_string()))
    }

    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<Node, E> {
        Ok(Node::Text(String::new()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key()? {
            entries.push((key, map.next_value()?));
        }
        Ok(Node::Map(entries))
    }
}

/// One step of the way from the top of the file to a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// The value of a key.
    Key(String),
    /// An entry of a list, 0-based, with its `id` when it is a mapping that has one.
    Entry(usize, Option<String>),
}

/// What is at a position: the way to it, and whether the position is a key (of the mapping the
/// way leads to) or a value.
#[derive(Debug)]
pub struct Found<'a> {
    pub path: Vec<Step>,
    pub at: At<'a>,
}

#[derive(Debug)]
pub enum At<'a> {
    /// A value: the node.
    Value(&'a Node),
    /// Key `index` of the mapping at the end of `path`.
    Key {
        map: &'a [(Spanned<String>, Spanned<Node>)],
        index: usize,
    },
}

fn same(a: Location, b: Location) -> bool {
    a.line() == b.line() && a.column() == b.column()
}

/// The key or value that starts at `loc`.
pub fn find(root: &Spanned<Node>, loc: Location) -> Option<Found<'_>> {
    let mut path = Vec::new();
    let at = find_in(root, loc, &mut path).or_else(|| same(root.referenced, loc).then_some(At::Value(&root.value)));
    at.map(|at| Found { path, at })
}

fn find_in<'a>(node: &'a Spanned<Node>, loc: Location, path: &mut Vec<Step>) -> Option<At<'a>> {
    // A collection starts where its first key or entry does; that position means the collection.
    match &node.value {
        Node::Map(entries) => {
            for (index, (key, value)) in entries.iter().enumerate() {
                path.push(Step::Key(key.value.clone()));
                if same(value.referenced, loc) {
                    return Some(At::Value(&value.value));
                }
                path.pop();
                if same(key.referenced, loc) {
                    return Some(At::Key { map: entries, index });
                }
                path.push(Step::Key(key.value.clone()));
                if let Some(at) = find_in(value, loc, path) {
                    return Some(at);
                }
                path.pop();
            }
            None
        }
        Node::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Step::Entry(i, id_of(&item.value)));
                if same(item.referenced, loc) {
                    return Some(At::Value(&item.value));
                }
                if let Some(at) = find_in(item, loc, path) {
                    return Some(at);
                }
                path.pop();
            }
            None
        }
        Node::Text(_) | Node::Null => None,
    }
}

/// The `id` of a mapping, which names a list entry better than its number.
fn id_of(node: &Node) -> Option<String> {
    let Node::Map(entries) = node else { return None };
    entries
        .iter()
        .find(|(k, _)| k.value == "id")
        .and_then(|(_, v)| match &v.value {
            Node::Text(t) => Some(t.clone()),
            _ => None,
        })
}

/// A step of a way to look a value up by ([`SourceMap::get`]): a key of a mapping, or an index
/// into a sequence or (in file order) into a mapping's entries. Borrowed, as the rules name
/// every text they read by one; [`Step`] is what [`find`] reports, owned and named for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

/// A file's values with their spans, over the file's text.
pub struct SourceMap<'s> {
    source: &'s str,
    root: Option<Spanned<Node>>,
    /// The byte offset each line starts at, so that a position is found without reading the
    /// file from its start (a catalogue has hundreds of findings).
    lines: Vec<usize>,
}

/// A text of the file, where it stands.
pub struct Located<'n> {
    pub key: Option<&'n str>,
    pub text: &'n str,
    pub node: &'n Spanned<Node>,
}

/// A range of the file, as positions an editor shows (the end is exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    pub start: Pos,
    pub end: Pos,
}

impl<'s> SourceMap<'s> {
    /// Reads `source`. A file kravkat has already read as a profile or catalogue reads here
    /// too; should it not, every lookup finds nothing and findings fall back to coarser places.
    pub fn new(source: &'s str) -> Self {
        let root = super::tree(source).ok();
        let lines = std::iter::once(0)
            .chain(source.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        SourceMap { source, root, lines }
    }

    /// Line `n` (1-based) as `str::lines` gives it: without its line break.
    pub fn line(&self, n: usize) -> Option<&'s str> {
        let start = *self.lines.get(n.checked_sub(1)?)?;
        let end = self.lines.get(n).map_or(self.source.len(), |&next| next - 1);
        let line = self.source.get(start..end)?;
        Some(line.strip_suffix('\r').unwrap_or(line))
    }

    /// The position of byte `offset`: 1-based, columns in characters.
    pub fn pos_at(&self, offset: usize) -> Option<Pos> {
        let line = self.lines.partition_point(|&start| start <= offset);
        let start = self.lines[line.checked_sub(1)?];
        let column = self.source.get(start..offset)?.chars().count() + 1;
        Some(Pos { line, column })
    }

    /// `d` pointed at `range` of this file, the words underlined.
    pub fn point(&self, d: Diagnostic, range: Option<Range>) -> Diagnostic {
        let line = range.and_then(|r| self.line(r.start.line));
        d.span_on(line, range.map(|r| r.start), range.map(|r| r.end))
    }

    /// The range a spanned value of this file takes in it.
    pub fn range_of<T>(&self, value: &Spanned<T>) -> Option<Range> {
        let (start, len) = byte_range(value)?;
        Some(Range {
            start: self.pos_at(start)?,
            end: self.pos_at(start + len)?,
        })
    }

    pub fn source(&self) -> &'s str {
        self.source
    }

    /// Every scalar of the file (a number or a boolean as the tree writes it) in file order,
    /// with the key it stands under (the nearest one, for an element of a list) and its span.
    /// Keys are not values.
    pub fn texts(&self) -> Vec<Located<'_>> {
        fn walk<'n>(key: Option<&'n str>, node: &'n Spanned<Node>, out: &mut Vec<Located<'n>>) {
            match &node.value {
                Node::Text(text) => out.push(Located { key, text, node }),
                Node::Null => {}
                Node::Seq(items) => items.iter().for_each(|n| walk(key, n, out)),
                Node::Map(entries) => entries.iter().for_each(|(k, n)| walk(Some(&k.value), n, out)),
            }
        }
        let mut out = Vec::new();
        if let Some(root) = &self.root {
            walk(None, root, &mut out);
        }
        out
    }

    /// The value at `path`.
    pub fn get(&self, path: &[Seg]) -> Option<&Spanned<Node>> {
        let mut node = self.root.as_ref()?;
        for seg in path {
            node = match (&node.value, seg) {
                (Node::Map(entries), Seg::Key(k)) => &entries.iter().find(|(key, _)| key.value == *k)?.1,
                (Node::Map(entries), Seg::Index(i)) => &entries.get(*i)?.1,
                (Node::Seq(items), Seg::Index(i)) => items.get(*i)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// The range a value takes in the file (for a text: from its first character, quote or
    /// block indicator to its last).
    pub fn range(&self, node: &Spanned<Node>) -> Option<Range> {
        self.range_of(node)
    }

    /// Where the words `value[word]` of the text at `path` (whose parsed value is `value`)
    /// stand in the file: the same words, the same how-many-th time they occur, found in the
    /// value's source. Folding and line breaks may put other whitespace between the words. When
    /// the source does not show them as often as the value has them (an escape, an alias), the
    /// text's own start is the best place there is.
    pub fn words(&self, path: &[Seg], value: &str, word: std::ops::Range<usize>) -> Option<Range> {
        let node = self.get(path)?;
        let (start, len) = byte_range(node)?;
        let raw = self.source.get(start..start + len)?;
        let needle = value.get(word.clone())?;
        let nth = occurrences(value, needle).take_while(|r| r.start < word.start).count();
        let in_value = occurrences(value, needle).count();
        let in_raw: Vec<_> = occurrences(raw, needle).collect();
        match in_raw.get(nth) {
            Some(r) if in_raw.len() == in_value => Some(Range {
                start: self.pos_at(start + r.start)?,
                end: self.pos_at(start + r.end)?,
            }),
            _ => self.range(node),
        }
    }
}

/// The byte range of a value in the source it was read from.
fn byte_range<T>(node: &Spanned<T>) -> Option<(usize, usize)> {
    let span = node.referenced.span();
    let start = usize::try_from(span.byte_offset()?).ok()?;
    let len = usize::try_from(span.byte_len()?).ok()?;
    Some((start, len))
}

/// Where `needle` occurs in `text` as whole words (nothing alphanumeric right before or after),
/// any run of whitespace in it matching any run in the text.
fn occurrences<'a>(text: &'a str, needle: &'a str) -> impl Iterator<Item = std::ops::Range<usize>> + 'a {
    let words: Vec<&str> = needle.split_whitespace().collect();
    let first = words.first().copied().unwrap_or("");
    text.match_indices(first).filter_map(move |(at, _)| {
        if first.is_empty() || text[..at].chars().next_back().is_some_and(char::is_alphanumeric) {
            return None;
        }
        let mut end = at + first.len();
        for word in &words[1..] {
            let rest = &text[end..];
            let gap = rest.len() - rest.trim_start().len();
            if gap == 0 || !rest[gap..].starts_with(word) {
                return None;
            }
            end += gap + word.len();
        }
        (!text[end..].chars().next().is_some_and(char::is_alphanumeric)).then_some(at..end)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = "a:
  plain: Systemet ska kunna exportera
  quoted: \"Systemet 'ska' kunna\"
  folded: >-
    Det ska gå, och det
    ska vara  enkelt.
  literal: |
    rad ett
    SS-EN ISO
      9001 gäller
  list: [x, 1.10, true]
";

    fn words(map: &SourceMap, key: &str, value: &str, needle: &str, nth: usize) -> Option<Range> {
        let at = value.match_indices(needle).nth(nth).unwrap().0;
        map.words(&[Seg::Key("a"), Seg::Key(key)], value, at..at + needle.len())
    }

    fn range(start: (usize, usize), end: (usize, usize)) -> Option<Range> {
        let pos = |(line, column)| Pos { line, column };
        Some(Range {
            start: pos(start),
            end: pos(end),
        })
    }

    #[test]
    fn words_of_a_text_are_found_where_the_file_has_them() {
        let map = SourceMap::new(SOURCE);
        assert_eq!(
            words(&map, "plain", "Systemet ska kunna exportera", "ska", 0),
            range((2, 19), (2, 22))
        );
        assert_eq!(
            words(&map, "quoted", "Systemet 'ska' kunna", "ska", 0),
            range((3, 22), (3, 25))
        );
        let folded = "Det ska gå, och det ska vara  enkelt.";
        assert_eq!(words(&map, "folded", folded, "ska", 1), range((6, 5), (6, 8)));
        assert_eq!(words(&map, "folded", folded, "ska", 0), range((5, 9), (5, 12)));
        // Words the value has on one line may stand on two in the file.
        let literal = "rad ett\nSS-EN ISO\n  9001 gäller\n";
        assert_eq!(
            words(&map, "literal", literal, "SS-EN ISO\n  9001", 0),
            range((9, 5), (10, 11))
        );
    }

    #[test]
    fn what_the_source_does_not_show_falls_back_to_the_text() {
        let map = SourceMap::new(SOURCE);
        // "skall" is nowhere in the source of `plain`: its start it is.
        let r = map
            .words(&[Seg::Key("a"), Seg::Key("plain")], "Systemet skall", 9..14)
            .unwrap();
        assert_eq!(r.start, Pos { line: 2, column: 10 });
        assert!(map.get(&[Seg::Key("a"), Seg::Key("nope")]).is_none());
        assert!(SourceMap::new("a: [").get(&[Seg::Key("a")]).is_none());
    }

    #[test]
    fn texts_are_walked_in_file_order_and_keep_their_spelling() {
        let map = SourceMap::new(SOURCE);
        let texts: Vec<&str> = map.texts().into_iter().map(|t| t.text).collect();
        // The list's number and boolean are scalars too.
        assert_eq!(texts.len(), 7, "{texts:?}");
        assert_eq!(texts[0], "Systemet ska kunna exportera");
        assert_eq!(texts[4], "x");
        assert_eq!(map.texts()[4].key, Some("list"));
        let list = map.get(&[Seg::Key("a"), Seg::Key("list"), Seg::Index(1)]).unwrap();
        assert_eq!(map.range(list).map(|r| r.start), Some(Pos { line: 11, column: 13 }));
        assert!(map.get(&[Seg::Key("a"), Seg::Index(4), Seg::Index(2)]).is_some());
    }

    #[test]
    fn lines_and_positions_are_counted_as_editors_show_them() {
        let map = SourceMap::new("a: å\r\nb: [x]\nc\n");
        assert_eq!(map.line(1), Some("a: å"));
        assert_eq!(map.line(3), Some("c"));
        assert_eq!(map.line(4), Some(""));
        assert_eq!(map.line(5), None);
        assert_eq!(map.line(0), None);
        assert_eq!(map.pos_at(0), Some(Pos { line: 1, column: 1 }));
        // Columns count characters: `å` is two bytes.
        assert_eq!(map.pos_at(5), Some(Pos { line: 1, column: 5 }));
        assert_eq!(map.pos_at(11), Some(Pos { line: 2, column: 5 }));
    }

    #[test]
    fn words_match_whole_words_only() {
        let found: Vec<_> = occurrences("ska skall ska-krav ska", "ska").collect();
        // A hyphen ends a word, in the value as in the source, so counting stays the same in both.
        assert_eq!(found, [0..3, 10..13, 19..22]);
    }
}
