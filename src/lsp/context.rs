//! What is at a position of a profile or catalogue: the way from the top of the file to the
//! key or value there, and what that value means to kravkat (an item id, a category …).

use std::ops::Range;

use serde_saphyr::granit_parser::Event;

use crate::lsp::workspace::Kind;

/// One step from the top of a file to a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// A key or scalar value at a position.
#[derive(Debug, Clone)]
pub struct Place {
    /// The way to the value, or, for a key, to the mapping it is a key of.
    pub path: Vec<Step>,
    /// The position is on a key.
    pub key: bool,
    /// The scalar as YAML reads it.
    pub text: String,
    /// The bytes it takes in the document, quotes included.
    pub span: Range<usize>,
    /// The other scalar entries of the mapping it is in (`id` beside a catalogue's `version`).
    pub siblings: Vec<(String, String)>,
}

impl Place {
    fn key_at(&self, i: usize) -> Option<&str> {
        match self.path.get(i) {
            Some(Step::Key(k)) => Some(k),
            _ => None,
        }
    }

    /// The path as keys, `_` for list entries, for matching.
    fn shape(&self) -> Vec<&str> {
        self.path
            .iter()
            .map(|s| match s {
                Step::Key(k) => k.as_str(),
                Step::Index(_) => "_",
            })
            .collect()
    }

    /// What the scalar is to kravkat in a document of `kind`.
    pub fn role(&self, kind: Kind) -> Role {
        let shape = self.shape();
        let in_map_of_ids = |s: &[&str]| {
            matches!(
                s,
                ["changes" | "exclude" | "checklist"]
                    | ["evaluation", "values" | "verification" | "answers"]
                    | ["evaluation", "criteria", _, "points"]
            )
        };
        match (kind, self.key, shape.as_slice()) {
            (Kind::Profile, true, s) if in_map_of_ids(s) => Role::ItemId,
            (_, true, _) => Role::Field,
            (Kind::Profile, false, ["select", "items", _] | ["own", _, "references", _]) => Role::ItemId,
            (Kind::Profile, false, ["select", "categories", _]) => Role::Category,
            (Kind::Profile, false, ["select", "catalogs", _]) => Role::UsedCatalog,
            (Kind::Profile, false, ["catalogs", _, "id"]) => Role::BuiltinCatalog,
            (Kind::Profile, false, ["catalogs", _, "version"]) => Role::Version,
            (Kind::Profile, false, ["checklist", _, "status"]) => Role::Status,
            (Kind::Profile, false, ["own", _, "id"]) => Role::OwnId,
            (Kind::Catalog, false, ["items", _, "id"] | ["items", _, "references", _, "item"]) => Role::ItemId,
            (Kind::Catalog, false, ["items", _, "category"]) => Role::Category,
            _ => Role::Value,
        }
    }

    /// The id of the change, exclusion or checklist entry the place is inside
    /// (`changes: { "1.12": { level: … } }`).
    pub fn entry_id(&self) -> Option<&str> {
        matches!(self.key_at(0), Some("changes" | "exclude" | "checklist"))
            .then(|| self.key_at(1))
            .flatten()
    }
}

/// What a scalar is to kravkat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// An item of a catalogue: selected, changed, excluded, referenced.
    ItemId,
    /// An own item's id.
    OwnId,
    Category,
    /// A catalogue the profile uses, under `select.catalogs`.
    UsedCatalog,
    /// A built-in catalogue's id, under `catalogs`.
    BuiltinCatalog,
    Version,
    /// A checklist question's status.
    Status,
    /// The name of a field.
    Field,
    /// Any other value: the schema may list what it can be.
    Value,
}

/// The key or scalar at byte `offset` of `text` (its first character to just after its last),
/// when the text reads as YAML.
pub fn locate(text: &str, offset: usize) -> Option<Place> {
    walk(text, |span| span.contains(&offset) || span.end == offset)
}

/// What the user is typing at byte `offset`: the key or value with [`CURSOR`] in it in the
/// first of the [`typed`] texts that reads as YAML, given as it stood before the cursor, and the
/// bytes of the document a completion replaces (from its start to the end of what was typed
/// there).
pub fn typing(text: &str, offset: usize) -> Option<(Place, Range<usize>)> {
    typed(text, offset).into_iter().find_map(|t| {
        let mut place = walk(&t, |span| span.contains(&offset))?;
        let at = place.text.find(CURSOR)?;
        place.text.truncate(at);
        let start = place.span.start.min(offset);
        let end = crate::lsp::text::value_end(text, start).max(offset);
        place.span = start..end;
        place
            .siblings
            .retain(|(k, v)| !k.contains(CURSOR) && !v.contains(CURSOR));
        Some((place, start..end))
    })
}

/// A mapping or sequence the walk is inside.
enum Frame {
    Map {
        /// The key whose value comes next, or `None` when a key comes next.
        key: Option<String>,
        entries: Vec<(String, String)>,
        /// Whether this collection added a step to the path.
        stepped: bool,
    },
    Seq {
        index: usize,
        stepped: bool,
    },
}

/// Reads `text` with the YAML parser's events (no tree is built) up to the first scalar whose
/// byte span `hit` accepts, then on to the end of the mapping it is in, for its siblings.
fn walk(text: &str, hit: impl Fn(&Range<usize>) -> bool) -> Option<Place> {
    let mut frames: Vec<Frame> = Vec::new();
    let mut path: Vec<Step> = Vec::new();
    let mut found: Option<(Place, usize)> = None;
    for event in serde_saphyr::granit_parser::Parser::new_from_str(text) {
        let (event, span) = event.ok()?;
        let span = span.start.byte_offset()?..span.end.byte_offset()?;
        match event {
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let stepped = next_step(&frames).map(|s| path.push(s)).is_some();
                frames.push(match event {
                    Event::MappingStart(..) => Frame::Map {
                        key: None,
                        entries: Vec::new(),
                        stepped,
                    },
                    _ => Frame::Seq { index: 0, stepped },
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                let frame = frames.pop()?;
                if let Some((mut place, depth)) = found.take() {
                    if depth == frames.len() {
                        if let Frame::Map { entries, .. } = frame {
                            place.siblings = entries;
                        }
                        return Some(place);
                    }
                    found = Some((place, depth));
                }
                if matches!(
                    frame,
                    Frame::Map { stepped: true, .. } | Frame::Seq { stepped: true, .. }
                ) {
                    path.pop();
                }
                advance(&mut frames, None);
            }
            Event::Scalar(value, ..) => {
                let key = matches!(frames.last(), Some(Frame::Map { key: None, .. }));
                if found.is_none() && hit(&span) {
                    let mut at = path.clone();
                    if !key {
                        at.extend(next_step(&frames));
                    }
                    let place = Place {
                        path: at,
                        key,
                        text: value.to_string(),
                        span: span.clone(),
                        siblings: Vec::new(),
                    };
                    if !matches!(frames.last(), Some(Frame::Map { .. })) {
                        return Some(place);
                    }
                    found = Some((place, frames.len() - 1));
                }
                advance(&mut frames, Some(value.to_string()));
            }
            Event::Alias(_) => advance(&mut frames, Some(String::new())),
            _ => {}
        }
    }
    found.map(|(place, _)| place)
}

/// The step to the value that comes next in the innermost collection.
fn next_step(frames: &[Frame]) -> Option<Step> {
    match frames.last()? {
        Frame::Map { key: Some(k), .. } => Some(Step::Key(k.clone())),
        Frame::Map { key: None, .. } => None,
        Frame::Seq { index, .. } => Some(Step::Index(*index)),
    }
}

/// Moves the innermost collection past a key or value (`scalar`: its text, if a scalar).
fn advance(frames: &mut [Frame], scalar: Option<String>) {
    match frames.last_mut() {
        Some(Frame::Map { key, entries, .. }) => match key.take() {
            None => *key = Some(scalar.unwrap_or_default()),
            Some(k) => entries.push((k, scalar.unwrap_or_default())),
        },
        Some(Frame::Seq { index, .. }) => *index += 1,
        None => {}
    }
}

/// What completion puts at the cursor to read a half-typed line: a word no profile has.
pub const CURSOR: &str = "KRAVKATCURSOR";

/// The document with [`CURSOR`] typed at byte `offset`, in the ways that may make the line
/// being typed read as YAML, least changed first: as it is; the line cut at the cursor with
/// its open quote and brackets closed (`items: ["1.1", "1.` → `items: ["1.1", "1.KRAVKATCURSOR"]`);
/// and that as a key (`  ite` → `  iteKRAVKATCURSOR:`), for a field name begun on a line of
/// its own.
pub fn typed(text: &str, offset: usize) -> Vec<String> {
    let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line_end = text[offset..].find(['\n', '\r']).map_or(text.len(), |i| offset + i);
    let (before, after) = (&text[line_start..offset], &text[offset..line_end]);
    let closers = closers(before);
    let rewrite = |line: String| format!("{}{line}{}", &text[..line_start], &text[line_end..]);
    let mut out = vec![rewrite(format!("{before}{CURSOR}{after}"))];
    let cut = format!("{before}{CURSOR}{closers}");
    if !after.is_empty() || !closers.is_empty() {
        out.push(rewrite(cut.clone()));
    }
    let content = before.trim_start();
    if closers.is_empty() && !content.contains(':') && !content.starts_with('#') {
        out.push(rewrite(format!("{cut}:")));
    }
    out
}

/// What closes the quote and the flow collections open at the end of `line`.
fn closers(line: &str) -> String {
    let mut stack = Vec::new();
    let mut quote: Option<char> = None;
    let mut chars = line.chars().peekable();
    let mut previous = ' ';
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some('"'), '\\') => {
                chars.next();
            }
            (Some('\''), '\'') if chars.peek() == Some(&'\'') => {
                chars.next();
            }
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') if previous.is_whitespace() || "[{,:".contains(previous) => quote = Some(c),
            (None, '#') if previous.is_whitespace() => break,
            (None, '[') => stack.push(']'),
            (None, '{') => stack.push('}'),
            (None, ']' | '}') => {
                stack.pop();
            }
            _ => {}
        }
        previous = c;
    }
    quote.into_iter().chain(stack.into_iter().rev()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(path: &[&str], key: bool) -> Place {
        let path = path
            .iter()
            .map(|s| match s.parse() {
                Ok(i) => Step::Index(i),
                Err(_) => Step::Key((*s).into()),
            })
            .collect();
        Place {
            path,
            key,
            text: String::new(),
            span: 0..0,
            siblings: Vec::new(),
        }
    }

    #[test]
    fn ids_are_ids_wherever_they_stand() {
        let role = |path: &[&str], key| place(path, key).role(Kind::Profile);
        assert_eq!(role(&["select", "items", "0"], false), Role::ItemId);
        assert_eq!(role(&["changes"], true), Role::ItemId);
        assert_eq!(role(&["exclude"], true), Role::ItemId);
        assert_eq!(role(&["checklist"], true), Role::ItemId);
        assert_eq!(role(&["evaluation", "values"], true), Role::ItemId);
        assert_eq!(role(&["evaluation", "criteria", "Drift", "points"], true), Role::ItemId);
        assert_eq!(role(&["evaluation", "criteria"], true), Role::Field);
        assert_eq!(role(&["own", "1", "references", "0"], false), Role::ItemId);
        assert_eq!(role(&["changes", "1.12"], true), Role::Field);
        assert_eq!(role(&["changes", "1.12", "level"], false), Role::Value);
        assert_eq!(role(&["select", "categories", "1"], false), Role::Category);
        assert_eq!(role(&["catalogs", "0", "version"], false), Role::Version);
        assert_eq!(role(&["procurement"], true), Role::Field);
        let in_catalogue = place(&["items", "3", "references", "0", "item"], false);
        assert_eq!(in_catalogue.role(Kind::Catalog), Role::ItemId);
        assert_eq!(place(&["changes", "1.12", "level"], false).entry_id(), Some("1.12"));
    }

    #[test]
    fn a_half_typed_line_is_closed_at_the_cursor() {
        let at = |text: &str| typed(&text.replace('|', ""), text.find('|').unwrap());
        let c = CURSOR;
        assert_eq!(
            at("items: [\"1.1\", \"1.|"),
            [
                format!("items: [\"1.1\", \"1.{c}"),
                format!("items: [\"1.1\", \"1.{c}\"]"),
            ]
        );
        assert_eq!(
            at("a:\n  ite|\nb: 1\n"),
            [format!("a:\n  ite{c}\nb: 1\n"), format!("a:\n  ite{c}:\nb: 1\n")]
        );
        assert_eq!(at("  level: |B"), [format!("  level: {c}B"), format!("  level: {c}")]);
        assert_eq!(closers("x: [{ a: 'it''s"), "'}]");
        assert_eq!(closers("x: [a, \"b\\\"\", c] # [\""), "");
        assert_eq!(closers("x: don't ["), "]");
    }
}
