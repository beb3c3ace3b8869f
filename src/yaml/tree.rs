//! A YAML text as an untyped tree with the position of every key and value. It is read only
//! after a typed read failed, to find which field the parser's position is in, so the message
//! can name it (`procurement.title`, the `own` entry `E-1`) and, for a repeated key, the line
//! of its first occurrence.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Location, Spanned};

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
