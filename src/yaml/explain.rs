//! The YAML reader's errors in a buyer's words: which field, what is wrong with its value, and
//! what to write instead. The reader's own messages speak of its types (`Option<String>`,
//! "variant", "mapping start"); here each error is matched by its kind, never by its text, and
//! described from the file itself — the field the position is in, the lines around it.

use serde_saphyr::granit_parser::ErrorKind as Syntax;
use serde_saphyr::{Error, ExternalMessageSource, Spanned};

use super::tree::{self, At, Node, Step};
use super::{MAX_ALIASES, MAX_DEPTH, MAX_NODES, MAX_TEXT_BYTES};
use crate::diagnostic::{Pos, Suggestions};

/// A parser error in kravkat's words, with the position to show.
pub struct Explained {
    pub message: String,
    pub hint: Option<String>,
    pub pos: Option<Pos>,
}

impl Explained {
    fn new(message: String, hint: impl Into<Option<String>>, pos: Option<Pos>) -> Self {
        Explained {
            message,
            hint: hint.into(),
            pos,
        }
    }
}

/// Explains `e`, an error reading `source`. `tree` reads the file again as an untyped tree, when
/// the error is about a value; when that fails, the file is not valid YAML further on, and that
/// is the error to fix first.
pub fn explain(e: &Error, source: &str, tree: impl FnOnce() -> Result<Spanned<Node>, Error>) -> Explained {
    if let Some(explained) = without_tree(e, source) {
        return explained;
    }
    let e = innermost(e);
    let loc = e.location();
    let pos = loc.and_then(Pos::from_location);
    match e {
        Error::UnknownAnchor { .. } => {
            let name = pos.map(|p| word_at(source.lines().nth(p.line - 1).unwrap_or(""), p.column));
            return Explained::new(
                format!("`{}` refers to no `&name` above it", name.unwrap_or_default()),
                "define the anchor with `&name` before `*name` uses it, or quote a text that starts with `*`"
                    .to_owned(),
                pos,
            );
        }
        Error::MultipleDocuments { .. } => {
            return Explained::new(
                "a second YAML document starts here (after a `---` line)".into(),
                "a file holds one profile or catalogue: remove the `---` and what follows, or move it to a file of its own"
                    .to_owned(),
                pos,
            );
        }
        _ => {}
    }
    let Some(loc) = loc else { return fallback(e, pos) };
    match tree() {
        Ok(root) => {
            let found = tree::find(&root, loc);
            value(e, source, found.as_ref(), pos).unwrap_or_else(|| fallback(e, pos))
        }
        // The rest of the file is not valid YAML: that is the first thing to fix.
        Err(later) if is_syntax(&later) => without_tree(&later, source).unwrap_or_else(|| fallback(e, pos)),
        // A limit the typed read stopped short of (it stops at the first error, the tree reads
        // on): the error explained without naming its field, or else the limit.
        Err(later) => value(e, source, None, pos)
            .or_else(|| without_tree(&later, source))
            .unwrap_or_else(|| fallback(e, pos)),
    }
}

fn is_syntax(e: &Error) -> bool {
    matches!(innermost(e), Error::ExternalMessage { source, .. } if matches!(source.as_ref(), ExternalMessageSource::Parser(_)))
}

/// `e` explained, when it is a limit or a syntax error: about the file, not a value in it.
fn without_tree(e: &Error, source: &str) -> Option<Explained> {
    if let Some(limit) = limit_breached(e) {
        return Some(Explained::new(
            format!("the file exceeds a limit of kravkat: {limit}"),
            "see \"Limits\" in kravkat's README".to_owned(),
            e.location().and_then(Pos::from_location),
        ));
    }
    let e = innermost(e);
    match e {
        Error::ExternalMessage { source: from, .. } => match from.as_ref() {
            ExternalMessageSource::Parser(p) => {
                Some(syntax(p.kind(), source, e.location().and_then(Pos::from_location)))
            }
            _ => None,
        },
        _ => None,
    }
}

/// The error an alias use or a snippet wraps.
fn innermost(e: &Error) -> &Error {
    match e.without_snippet() {
        Error::AliasError { error, .. } => innermost(error),
        other => other,
    }
}

/// The reader's own message, without the position it appends (the diagnostic shows that).
fn fallback(e: &Error, pos: Option<Pos>) -> Explained {
    let message = e.to_string();
    let message = match message.rfind(" at line ") {
        Some(i) if message[i..].contains(", column ") => message[..i].to_owned(),
        _ => message,
    };
    Explained::new(message, None, pos)
}

/// Which of kravkat's limits the parser stopped at, in the user's terms.
fn limit_breached(e: &Error) -> Option<String> {
    use serde_saphyr::Error as E;
    use serde_saphyr::budget::BudgetBreach as B;
    use serde_saphyr::granit_parser;
    Some(match e.without_snippet() {
        E::AliasError { error, .. } => return limit_breached(error),
        E::Budget {
            breach: B::Depth { .. },
            ..
        } => format!("values nested more than {MAX_DEPTH} deep"),
        // Nested `[` and `{` are counted by the parser itself.
        E::ExternalMessage { source, .. }
            if matches!(source.as_ref(), ExternalMessageSource::Parser(p)
                if matches!(p.kind(), granit_parser::ErrorKind::RecursionLimitExceeded)) =>
        {
            format!("values nested more than {MAX_DEPTH} deep")
        }
        E::Budget {
            breach: B::Nodes { .. },
            ..
        }
        | E::AliasReplayLimitExceeded { .. } => {
            format!("more than {MAX_NODES} values, counting what aliases (`*name`) repeat")
        }
        E::Budget {
            breach: B::ScalarBytes { .. },
            ..
        } => format!(
            "more than {} MiB of text, counting what aliases (`*name`) repeat",
            MAX_TEXT_BYTES >> 20
        ),
        E::Budget {
            breach: B::Aliases { .. },
            ..
        } => format!("more than {MAX_ALIASES} aliases (`*name`)"),
        E::Budget { breach, .. } => format!("{breach:?}"),
        E::AliasExpansionLimitExceeded { .. } | E::AliasReplayStackDepthExceeded { .. } => {
            "aliases (`*name`) nested or repeated too often".to_owned()
        }
        _ => return None,
    })
}

// ---- Errors about a value: the file is YAML, but not what kravkat reads. ----

/// `found` is what is at the error's position, when the file could be read as a tree.
fn value(e: &Error, source: &str, found: Option<&tree::Found>, pos: Option<Pos>) -> Option<Explained> {
    let path: &[Step] = found.map_or(&[], |f| &f.path);
    Some(match e {
        Error::NullIntoString { .. } => Explained::new(
            match found {
                Some(_) => format!("{} is empty", place(path)),
                None => "a text here is empty".to_owned(),
            },
            match found {
                Some(_) => format!("write its text {}", after_key(path)),
                None => "write the text after the colon".to_owned(),
            },
            pos,
        ),
        Error::SerdeUnknownField { field, expected, .. } => {
            let here = if path.is_empty() {
                String::new()
            } else {
                format!(" in {}", place(path))
            };
            let hint = Suggestions::new(expected.iter().copied())
                .did_you_mean(field)
                .unwrap_or_else(|| format!("the fields here are: {}", list(expected)));
            Explained::new(format!("unknown field `{field}`{here}"), hint, pos)
        }
        Error::SerdeMissingField { field, .. } => missing_field(field, path, &found?.at, source, pos),
        Error::SerdeUnknownVariant { variant, expected, .. } => unknown_value(variant, expected, path, pos),
        Error::DuplicateMappingKey { .. } => {
            let At::Key { map, index } = found?.at else { return None };
            let key = &map[index].0;
            let first = &map[..index].iter().find(|(k, _)| k.value == key.value)?.0;
            let (a, b) = (first.referenced, key.referenced);
            let lines = if a.line() == b.line() {
                format!("on line {}, at columns {} and {}", a.line(), a.column(), b.column())
            } else {
                format!("on line {} and on line {}", a.line(), b.line())
            };
            let here = if path.is_empty() {
                String::new()
            } else {
                format!(" in {}", place(path))
            };
            let mut key_path = path.to_vec();
            key_path.push(Step::Key(key.value.clone()));
            let written = written_key(&key_path).unwrap_or_else(|| key.value.clone());
            Explained::new(
                format!("`{}` is given twice{here}: {lines}", key.value),
                format!("keep one `{written}:` and put everything under it"),
                pos,
            )
        }
        Error::Unexpected { expected, .. } => wrong_shape(wanted_from_reader(expected)?, path, &found?.at, pos)?,
        Error::SerdeInvalidType { expected, .. } => wrong_shape(wanted_from_serde(expected)?, path, &found?.at, pos)?,
        _ => return None,
    })
}

/// What a value should have been.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    Fields,
    List,
    Text,
}

impl Shape {
    fn words(self) -> &'static str {
        match self {
            Shape::Fields => "fields (`name: value` lines)",
            Shape::List => "a list",
            Shape::Text => "a text",
        }
    }
}

fn wanted_from_reader(expected: &str) -> Option<Shape> {
    match expected {
        "mapping start" | "empty mapping start" => Some(Shape::Fields),
        "sequence start" => Some(Shape::List),
        "string scalar" | "scalar" | "str expected" | "missing string" => Some(Shape::Text),
        _ => None,
    }
}

fn wanted_from_serde(expected: &str) -> Option<Shape> {
    if expected.contains("sequence") {
        Some(Shape::List)
    } else if expected.contains("string") {
        Some(Shape::Text)
    } else if expected.contains("struct") || expected.contains("map") {
        Some(Shape::Fields)
    } else {
        None
    }
}

/// A value of the wrong shape: text where fields belong, a list where a text does.
fn wrong_shape(wanted: Shape, path: &[Step], at: &At, pos: Option<Pos>) -> Option<Explained> {
    let At::Value(node) = at else { return None };
    let key = written_key(path);
    let on_line = match &key {
        Some(k) => format!("on the same line as `{k}:`"),
        None => "as one entry".to_owned(),
    };
    let example = |value: &str| match &key {
        Some(k) => format!("`{k}: {value}`"),
        None => format!("`{value}`"),
    };
    let (found, hint) = match (wanted, node) {
        (Shape::Fields, Node::Text(t)) => (
            format!("the text `{}`", short(t)),
            match &key {
                Some(k) => format!("write its fields on the lines under `{k}:`, each indented two spaces more"),
                None => "write its fields as `name: value` lines".to_owned(),
            },
        ),
        (Shape::Fields, Node::Seq(_)) => (
            "a list".to_owned(),
            "remove the `- ` in front of its entries: they are `name: value` lines".to_owned(),
        ),
        (Shape::Text, Node::Map(_)) => (
            "fields".to_owned(),
            format!("write the text {on_line}, in quotes if it contains `: `"),
        ),
        (Shape::Text, Node::Seq(_)) => (
            "a list".to_owned(),
            format!(
                "a text that starts with `[` or `-` must be quoted: {}",
                example("\"…\"")
            ),
        ),
        (Shape::List, Node::Text(t)) => (
            format!("the text `{}`", short(t)),
            format!("write it as a list: {}", example(&format!("[\"{}\"]", short(t)))),
        ),
        (Shape::List, Node::Map(_)) => (
            "fields".to_owned(),
            "write each entry on its own line starting with `- `".to_owned(),
        ),
        (_, Node::Null) => ("empty".to_owned(), format!("write it {}", after_key(path))),
        _ => return None,
    };
    Some(Explained::new(
        format!("{} must be {}, not {found}", place(path), wanted.words()),
        hint,
        pos,
    ))
}

fn missing_field(field: &str, path: &[Step], at: &At, source: &str, pos: Option<Pos>) -> Explained {
    let what = match path {
        [] => "the file".to_owned(),
        _ => place(path),
    };
    // A field that is there but indented differently belongs to another block.
    let first_line = match at {
        At::Key { map, .. } => map.first().map_or(0, |(k, _)| k.referenced.line() as usize),
        At::Value(_) => pos.map_or(0, |p| p.line),
    };
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let fields_indent = source
        .lines()
        .nth(first_line.saturating_sub(1))
        .map(|l| indent(l.trim_start_matches("- ")));
    let stray = source.lines().enumerate().skip(first_line).find(|(_, l)| {
        l.trim_start()
            .strip_prefix(field)
            .is_some_and(|rest| rest.starts_with(':'))
    });
    let hint = match (stray, fields_indent) {
        (Some((n, l)), Some(want)) if indent(l) != want => format!(
            "`{field}:` on line {} is indented {} spaces; indent it like the other fields of this entry",
            n + 1,
            indent(l)
        ),
        _ => format!("add `{field}: …`"),
    };
    Explained::new(format!("{what} has no `{field}`"), hint, pos)
}

fn unknown_value(value: &str, expected: &[&str], path: &[Step], pos: Option<Pos>) -> Explained {
    let what = match path.last() {
        Some(Step::Key(k)) if is_field(k) => k.as_str(),
        _ => "value",
    };
    let options = match expected {
        [a, b] => format!("`{a}` or `{b}`"),
        _ => list(expected),
    };
    let capitals = expected.iter().all(|e| e.starts_with(char::is_uppercase));
    let hint = match expected.iter().find(|e| e.to_lowercase() == value.to_lowercase()) {
        Some(e) if capitals => format!("write `{e}`, with a capital first letter"),
        Some(e) => format!("write `{e}`"),
        None => {
            let mut hint = format!("write {options}");
            if capitals {
                hint.push_str(", with a capital first letter");
            }
            match Suggestions::new(expected.iter().copied()).did_you_mean(value) {
                Some(dym) => format!("{dym} ({hint})"),
                None => hint,
            }
        }
    };
    Explained::new(format!("unknown {what} `{}`", short(value)), hint, pos)
}

// ---- Syntax errors: the file is not YAML. Described from the lines around the position. ----

fn syntax(kind: &Syntax, source: &str, pos: Option<Pos>) -> Explained {
    let line = |n: usize| source.lines().nth(n.wrapping_sub(1)).unwrap_or("");
    let Some(p) = pos else {
        return Explained::new("the file is not valid YAML".into(), None, None);
    };
    let here = line(p.line);
    let at = here.chars().nth(p.column - 1);
    let flow = matches!(
        kind,
        Syntax::ExpectedFlowMappingSeparator
            | Syntax::ExpectedFlowSequenceSeparator
            | Syntax::InvalidColonPlacement
            | Syntax::FlowMappingValueAdjacentCollection
            | Syntax::UnexpectedEofFlowMapping
            | Syntax::UnexpectedEofFlowSequence
            | Syntax::UnclosedFlowCollection { .. }
    );
    let quote_trouble = matches!(kind, Syntax::UnclosedQuotedScalar | Syntax::InvalidQuotedScalarIndent);
    if quote_trouble && let Some((opened, quote)) = open_at(source, p).quote.filter(|q| q.0.line < p.line) {
        return Explained::new(
            format!(
                "the `{quote}` on line {} starts a text that is never closed",
                opened.line
            ),
            format!("end it with `{quote}` where the text ends"),
            Some(opened),
        );
    }
    if flow && let Some((opened, open)) = unclosed_above(source, p) {
        let close = if open == '[' { ']' } else { '}' };
        return Explained::new(
            format!("the `{open}` on line {} is never closed", opened.line),
            format!("end it with `{close}` on its line; a text that contains `{open}` must be quoted"),
            Some(opened),
        );
    }
    match kind {
        Syntax::MappingValueNotAllowed | Syntax::InvalidMappingValueWhitespace | Syntax::MappingKeyNotAllowed => {
            colon_in_text(here, p)
        }
        Syntax::TabNotAllowed
        | Syntax::TabInBlockIndentation
        | Syntax::TabInIndentation
        | Syntax::TabInPlainScalar
        | Syntax::TabAtBlockScalarStart => tab(source, p),
        Syntax::ExpectedBlockMappingKey
        | Syntax::ExpectedBlockSequenceEntry
        | Syntax::InvalidIndentation
        | Syntax::BlockSequenceEntryNotAllowed
        | Syntax::InvalidBlockScalarIndent
        | Syntax::InvalidQuotedScalarIndent
        | Syntax::InvalidFlowScalarIndent => indentation(source, p),
        Syntax::ExpectedFlowMappingSeparator
        | Syntax::ExpectedFlowSequenceSeparator
        | Syntax::InvalidColonPlacement
        | Syntax::FlowMappingValueAdjacentCollection
            if at == Some(':') =>
        {
            Explained::new(
                "a `:` inside a text in `[ … ]` or `{ … }`".into(),
                format!("quote the text that contains it: `{}`", quoted_around(here, p.column)),
                pos,
            )
        }
        Syntax::ExpectedFlowMappingSeparator | Syntax::UnexpectedEofFlowMapping => Explained::new(
            format!("expected `,` or `}}` here, found {}", found(at)),
            "separate the fields of `{ … }` with `, `, end it with `}`, and quote a text that contains `,` or `:`"
                .to_owned(),
            pos,
        ),
        Syntax::ExpectedFlowSequenceSeparator | Syntax::UnexpectedEofFlowSequence => Explained::new(
            format!("expected `,` or `]` here, found {}", found(at)),
            "separate the entries of `[ … ]` with `, `, end it with `]`, and quote an entry that contains `,` or `:`"
                .to_owned(),
            pos,
        ),
        Syntax::InvalidColonPlacement | Syntax::FlowMappingValueAdjacentCollection => Explained::new(
            "a `:` where no field can start".into(),
            "quote the text that contains it: `\"x: y\"`".to_owned(),
            pos,
        ),
        Syntax::UnclosedFlowCollection { open } => {
            let close = if *open == '[' { ']' } else { '}' };
            Explained::new(
                format!("the `{open}` here is never closed"),
                format!("end it with `{close}`; a text that contains `{open}` must be quoted"),
                pos,
            )
        }
        Syntax::MismatchedFlowCollectionEnd { open, close } => Explained::new(
            format!("`{close}` closes a `{open}`"),
            format!("end a `{open}` with `{}`", if *open == '[' { ']' } else { '}' }),
            pos,
        ),
        Syntax::MisplacedFlowCollectionEnd => Explained::new(
            format!("{} closes nothing", found(at)),
            "remove it, or quote the text it is part of".to_owned(),
            pos,
        ),
        Syntax::UnclosedQuotedScalar => Explained::new(
            "the quoted text here is never closed".into(),
            "end it with the quote it starts with; inside `\"…\"` write a `\"` as `\\\"`, inside `'…'` a `'` as `''`"
                .to_owned(),
            pos,
        ),
        Syntax::UnknownQuotedScalarEscape
        | Syntax::InvalidQuotedScalarHexEscape
        | Syntax::InvalidUnicodeEscape
        | Syntax::InvalidLowSurrogate
        | Syntax::InvalidLowSurrogateHexEscape
        | Syntax::MissingLowSurrogate
        | Syntax::UnpairedLowSurrogate => Explained::new(
            "a `\\` in a `\"…\"` text that starts no known escape".into(),
            "write a backslash as `\\\\`, or put the text in single quotes `'…'`".to_owned(),
            pos,
        ),
        Syntax::CommentNotSeparated => Explained::new(
            "a `#` that starts a comment must follow a space".into(),
            "put a space before the `#`, or quote the text it is part of".to_owned(),
            pos,
        ),
        Syntax::InvalidTrailingDoubleQuotedScalar | Syntax::InvalidTrailingSingleQuotedScalar => Explained::new(
            "text after the closing quote".into(),
            "put all of the text inside the quotes".to_owned(),
            pos,
        ),
        Syntax::UnknownAnchor => Explained::new(
            format!("`{}` refers to no `&name` above it", word_at(here, p.column)),
            "define it with `&name` before using it as `*name`, or quote a text that starts with `*`".to_owned(),
            pos,
        ),
        Syntax::UnexpectedCharacter { character } => Explained::new(
            format!("a text cannot start with `{character}`"),
            format!("quote the text: `\"{character}…\"`"),
            pos,
        ),
        _ => Explained::new(
            "the file is not valid YAML here".into(),
            "quote a text that contains `: ` or ` #` or starts with one of `[ ] { } * & ! | > ' \" % @ ,`".to_owned(),
            pos,
        ),
    }
}

/// The `[` or `{` still open at `p` when it was opened on an earlier line and `p` starts a line
/// indented no deeper than that one: a bracket left open that swallowed the next field.
fn unclosed_above(source: &str, p: Pos) -> Option<(Pos, char)> {
    let (opened, bracket) = *open_at(source, p).brackets.last()?;
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let line = |n: usize| source.lines().nth(n - 1).unwrap_or("");
    (opened.line < p.line && indent(line(p.line)) <= indent(line(opened.line))).then_some((opened, bracket))
}

/// What is open at a position: brackets, and a quote.
struct Open {
    brackets: Vec<(Pos, char)>,
    quote: Option<(Pos, char)>,
}

/// Reads `source` up to `p` as far as brackets and quotes go. Comments are skipped; a bracket or
/// quote counts only where a value can start, so the apostrophe in `It's` starts nothing.
fn open_at(source: &str, p: Pos) -> Open {
    let mut open = Open {
        brackets: Vec::new(),
        quote: None,
    };
    for (n, line) in source.lines().enumerate().take(p.line) {
        let mut previous = '\n';
        let mut chars = line.chars().enumerate().peekable();
        while let Some((c, ch)) = chars.next() {
            let at = Pos {
                line: n + 1,
                column: c + 1,
            };
            if at == p {
                return open;
            }
            let starts_value = previous.is_whitespace() || matches!(previous, '\n' | '[' | '{' | ',' | ':');
            match (open.quote.map(|q| q.1), ch) {
                (Some('"'), '\\') => {
                    chars.next();
                }
                (Some('\''), '\'') if chars.peek().is_some_and(|&(_, c)| c == '\'') => {
                    chars.next();
                }
                (Some(q), c) if c == q => open.quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') if starts_value => open.quote = Some((at, ch)),
                (None, '#') if starts_value => break,
                (None, '[' | '{') if starts_value => open.brackets.push((at, ch)),
                (None, ']' | '}') => {
                    open.brackets.pop();
                }
                _ => {}
            }
            previous = ch;
        }
    }
    open
}

/// The value of `[ … ]` or `{ … }` around column `column` of `line`, quoted, with its field
/// name when it has one: `text: "Systemet ska stödja: Peppol"`.
fn quoted_around(line: &str, column: usize) -> String {
    let chars: Vec<char> = line.chars().collect();
    let at = (column - 1).min(chars.len());
    let is_end = |c: char| matches!(c, ',' | '[' | '{' | ']' | '}');
    let start = (0..at).rev().find(|&i| is_end(chars[i])).map_or(0, |i| i + 1);
    let end = (at..chars.len()).find(|&i| is_end(chars[i])).unwrap_or(chars.len());
    let part: String = chars[start..end].iter().collect();
    let part = part.trim();
    match part.split_once(": ") {
        Some((key, value)) if !key.contains(' ') => format!("{key}: \"{}\"", short(value.trim())),
        _ => format!("\"{}\"", short(part)),
    }
}

/// A `: ` in prose: YAML reads what comes before it as a new field.
fn colon_in_text(line: &str, p: Pos) -> Explained {
    let trimmed = line.trim_start().trim_start_matches("- ");
    let hint = match trimmed.split_once(": ") {
        Some((key, text)) if !key.is_empty() && !key.contains(' ') => format!(
            "quote the text (`{key}: \"{}\"`) or write it on the lines under `{key}: >-`",
            short(text)
        ),
        _ => "quote the text, or write it on the lines under `field: >-`".to_owned(),
    };
    Explained::new(
        "a `: ` inside a text: YAML reads the words before it as a field name".into(),
        hint,
        Some(p),
    )
}

/// A tab where YAML allows only spaces: the first on the line the reader names or after it (it
/// may name the end of the line before).
fn tab(source: &str, p: Pos) -> Explained {
    let mut at = p;
    'lines: for (n, line) in source.lines().enumerate().skip(p.line - 1) {
        for (c, ch) in line.chars().enumerate() {
            if ch == '\t' {
                at = Pos {
                    line: n + 1,
                    column: c + 1,
                };
                break 'lines;
            }
        }
    }
    Explained::new(
        format!("a tab on line {}, where YAML allows only spaces", at.line),
        "indent with spaces (an editor can convert tabs to spaces); a tab inside a text is fine in quotes".to_owned(),
        Some(at),
    )
}

/// A line indented unlike the block it belongs to: name the blocks above it that it could
/// belong to, with their indentation.
fn indentation(source: &str, p: Pos) -> Explained {
    let lines: Vec<&str> = source.lines().collect();
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let here = lines.get(p.line - 1).copied().unwrap_or("");
    let item = here.trim_start().starts_with("- ");
    // The blocks open above this line, innermost first: each line less indented than all below it.
    let mut open: Vec<(usize, usize, &str)> = Vec::new();
    let mut limit = usize::MAX;
    for (n, l) in lines.iter().enumerate().take(p.line - 1).rev() {
        let t = l.trim_start();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let i = indent(l);
        if i < limit {
            limit = i;
            if t.starts_with("- ") == item {
                open.push((n + 1, i, t));
            }
        }
        if i == 0 {
            break;
        }
    }
    let token = |t: &str| match t.split_once(':') {
        Some((k, _)) if !k.trim_start_matches("- ").contains(' ') || k.contains('"') => format!("`{k}:`"),
        _ => format!("`{}`", short(t)),
    };
    let choices: Vec<String> = open
        .iter()
        .filter(|&&(_, i, _)| i != indent(here))
        .take(2)
        .map(|&(n, i, t)| format!("{} on line {n} ({i} spaces)", token(t)))
        .collect();
    let hint = match choices.as_slice() {
        [] => "indent it like the lines it belongs with".to_owned(),
        [one] => format!("line it up with {one}"),
        [a, b, ..] => format!("line it up with {a} or with {b}"),
    };
    Explained::new(
        format!(
            "{} is indented {} spaces, unlike the lines it belongs with",
            token(here.trim_start()),
            indent(here)
        ),
        hint,
        Some(Pos {
            line: p.line,
            column: indent(here) + 1,
        }),
    )
}

// ---- Words ----

/// Where a value is, as a buyer reads the file: `procurement.title`, the `own` entry `E-1`,
/// `level` of the `changes` entry `1.12`.
pub(super) fn place(path: &[Step]) -> String {
    match path.split_last() {
        None => "the file".to_owned(),
        Some((Step::Key(k), parent)) if is_field(k) => match dotted(parent) {
            Some(d) => format!("`{d}{k}`"),
            None => format!("`{k}` of {}", place(parent)),
        },
        Some((Step::Key(k), parent)) => format!("the {} entry `{k}`", list_name(parent)),
        Some((Step::Entry(_, Some(id)), parent)) => format!("the {} entry `{id}`", list_name(parent)),
        Some((Step::Entry(i, None), parent)) => format!("entry {} of {}", i + 1, list_name(parent)),
    }
}

fn list_name(path: &[Step]) -> String {
    match dotted(path) {
        Some(d) => format!("`{}`", d.trim_end_matches('.')),
        None => place(path),
    }
}

/// `a.b.` when every step is a field name.
fn dotted(path: &[Step]) -> Option<String> {
    path.iter()
        .map(|s| match s {
            Step::Key(k) if is_field(k) => Some(format!("{k}.")),
            _ => None,
        })
        .collect()
}

/// A field name, as opposed to an item id used as a key.
fn is_field(key: &str) -> bool {
    !key.is_empty() && key.chars().all(|c| c.is_ascii_lowercase() || c == '_')
}

/// The key of a value as it is written in the file: `title`, `"1.2"`; `None` for a list entry.
fn written_key(path: &[Step]) -> Option<String> {
    match path.last() {
        Some(Step::Key(k)) if is_field(k) => Some(k.clone()),
        Some(Step::Key(k)) => Some(format!("\"{k}\"")),
        _ => None,
    }
}

/// "after `title:`", or for a list entry "after its `- `".
fn after_key(path: &[Step]) -> String {
    match written_key(path) {
        Some(k) => format!("after `{k}:`"),
        None => "after its `- `".to_owned(),
    }
}

fn found(c: Option<char>) -> String {
    match c {
        Some(c) => format!("`{c}`"),
        None => "the end of the line".to_owned(),
    }
}

fn word_at(line: &str, column: usize) -> String {
    line.chars()
        .skip(column - 1)
        .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | ']' | '}'))
        .collect()
}

fn list(values: &[&str]) -> String {
    values.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ")
}

/// A value shown in a message: one line, at most 40 characters.
fn short(text: &str) -> String {
    crate::one_line(text, 40)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(k: &str) -> Step {
        Step::Key(k.to_owned())
    }

    #[test]
    fn places_read_as_the_file_does() {
        assert_eq!(place(&[key("procurement"), key("title")]), "`procurement.title`");
        assert_eq!(place(&[key("exclude"), key("1.2")]), "the `exclude` entry `1.2`");
        assert_eq!(
            place(&[key("changes"), key("1.12"), key("level")]),
            "`level` of the `changes` entry `1.12`"
        );
        assert_eq!(
            place(&[key("own"), Step::Entry(0, Some("E-1".into())), key("text")]),
            "`text` of the `own` entry `E-1`"
        );
        assert_eq!(
            place(&[key("select"), key("items"), Step::Entry(2, None)]),
            "entry 3 of `select.items`"
        );
    }
}
