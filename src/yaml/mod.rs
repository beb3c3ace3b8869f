//! YAML reading shared by catalogues and profiles: one parser configuration (duplicate keys are
//! errors, alias expansion is bounded) and one way of turning parser errors into diagnostics.

use std::fmt;
use std::marker::PhantomData;
use std::path::Path;

use indexmap::IndexMap;
use serde::de::{self, DeserializeOwned, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_saphyr::Spanned;

use crate::diagnostic::{Diagnostic, Diagnostics, Pos};

mod explain;
pub mod tree;

/// Nesting deeper than this is refused: profiles and catalogues need six levels, and a bound
/// keeps hostile input from exhausting the stack.
pub const MAX_DEPTH: usize = 64;
/// Values (scalars, sequences, mappings) in one file, counted after aliases are expanded, so a
/// "billion laughs" stops here (the parser's own alias limits stay at their defaults, which are
/// looser).
pub const MAX_NODES: usize = 250_000;
/// Aliases (`*name`) in one file: a hand-written profile has a few, if any.
pub const MAX_ALIASES: usize = 10_000;
/// Text in one file after aliases are expanded: twice the largest file, so an alias cannot
/// multiply one long text into gigabytes.
pub const MAX_TEXT_BYTES: usize = 2 * crate::MAX_INPUT_BYTES as usize;
/// One text (a requirement, a guidance, a reason …): the longest in the built-in catalogues is
/// under 5 kB. Markdown is parsed one text at a time, and parsing needs up to 300 bytes per
/// byte of dense markup (`*a* *a* …`), so this bound is what keeps that below 100 MB.
pub const MAX_VALUE_BYTES: usize = 256 << 10;

fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        // The parser's own snippet names `<input>`; ours names the file, so it is switched off.
        with_snippet: false,
        // Comments are never read into values, and keeping them would cap how many may follow
        // one another (a starter profile from `kravkat init` lists a catalogue as comment lines).
        emit_comments: false,
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            flow_nesting_limit: MAX_DEPTH,
            max_nodes: MAX_NODES,
            max_aliases: MAX_ALIASES,
            max_total_scalar_bytes: MAX_TEXT_BYTES,
        },
        // `.inf` is text to kravkat; only `Printable`'s untyped pass would see it as a float.
        non_finite_float_policy: serde_saphyr::options::NonFiniteFloatPolicy::PassThrough,
    }
}

/// Parses `source` (the text of `file`) into `T`, or a diagnostic pointing at the problem. `T`
/// holds every text of its file and serializes each (a catalogue, a profile: every field known,
/// none left out): the texts are checked in the parsed value ([`crate::texts`]), and the file
/// is parsed a second time, to place a problem, only when one has one. That second parse was
/// half the time of checking a large catalogue, and a third of checking a profile.
pub fn parse_whole<T: DeserializeOwned + Serialize>(file: &Path, source: &str) -> Result<T, Diagnostics> {
    let diagnostic = |e: serde_saphyr::Error| {
        let explained = explain::explain(&e, source, || tree(source));
        let mut d = Diagnostic::new(file, explained.message).at(source, explained.pos);
        d.hint = explained.hint;
        Diagnostics::from(d)
    };
    if let Some((pos, c)) = first_forbidden(source, true) {
        return Err(forbidden_char(file, source, pos, c).into());
    }
    let value = serde_saphyr::from_str_with_options::<T>(source, options()).map_err(diagnostic)?;
    if !crate::texts::all_allowed(&value) {
        // Escapes (`"\0"`) put characters in values that the source does not show.
        serde_saphyr::from_str_with_options::<Printable>(source, options()).map_err(diagnostic)?;
    }
    Ok(value)
}

/// `source` as an untyped tree with positions, repeated keys kept: what an error message needs
/// to name the field a position is in, and a rule's finding to point at words. Read on a thread of its own: an untyped value takes more
/// stack per level of nesting than a typed one, and the [`MAX_DEPTH`] levels a file may have
/// must not depend on the stack of the thread that happens to read it (a test's is 2 MiB).
fn tree(source: &str) -> Result<Spanned<tree::Node>, serde_saphyr::Error> {
    let read = || {
        let mut options = options();
        options.duplicate_keys = serde_saphyr::options::DuplicateKeyPolicy::PassThrough;
        serde_saphyr::from_str_with_options(source, options)
    };
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(TREE_STACK)
            .spawn_scoped(scope, read)
            .ok()
            .and_then(|reader| reader.join().ok())
            .unwrap_or_else(|| Err(serde::de::Error::custom("the file could not be read again")))
    })
}

/// The stack of the thread that reads [`tree`]: address space, touched only as deep as a file
/// nests (a debug build needs some 4 MiB at [`MAX_DEPTH`]).
const TREE_STACK: usize = 64 << 20;

/// Characters no output may carry: controls other than tab and line feed (XML 1.0 cannot hold
/// most of them, HTML calls them parse errors, a carriage return would break the outputs' LF
/// line endings), the noncharacters (see [`is_noncharacter`]; U+FFFE and U+FFFF are not XML
/// characters either), and the
/// bidirectional embeddings, overrides and isolates (see [`is_bidi_control`]). In the file
/// itself carriage returns are line endings and fine (`in_source`).
fn forbidden(c: char, in_source: bool) -> bool {
    match c {
        '\t' | '\n' => false,
        '\r' => !in_source,
        c => c.is_control() || is_noncharacter(c) || is_bidi_control(c),
    }
}

/// [`forbidden`] in a value: what the texts of a parsed value are checked for ([`crate::texts`]).
pub(crate) fn forbidden_in_value(c: char) -> bool {
    forbidden(c, false)
}

/// The 66 noncharacters: U+FDD0–U+FDEF and the last two code points of every plane (U+FFFE,
/// U+1FFFF …). Unicode reserves them for a program's own use; HTML calls them errors.
fn is_noncharacter(c: char) -> bool {
    matches!(c, '\u{FDD0}'..='\u{FDEF}') || (c as u32) & 0xFFFE == 0xFFFE
}

/// U+202A–U+202E and U+2066–U+2069 make a reader show text in another order than it is
/// written ("Trojan Source"), so a requirement could read one way in Word or a browser and
/// another in the profile a reviewer diffed. Swedish procurement text has no use for them; the
/// marks U+200E/U+200F, which reorder nothing, stay allowed. (rustc refuses the same set.)
pub(crate) fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The first forbidden character of a text and its position.
fn first_forbidden(text: &str, in_source: bool) -> Option<(Pos, char)> {
    // Only a control byte or a byte of a character beyond ASCII can be forbidden: the bytes
    // are skimmed for those, and a character decoded only where one starts (a tenth of the
    // work on Swedish text).
    let mut from = 0;
    let (offset, c) = loop {
        let at = from + text.as_bytes()[from..].iter().position(|b| !(0x20..0x7F).contains(b))?;
        let c = text[at..].chars().next()?;
        if forbidden(c, in_source) {
            break (at, c);
        }
        from = at + c.len_utf8();
    };
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Some((Pos { line, column }, c))
}

fn forbidden_char_message(c: char) -> String {
    let (what, why) = if is_bidi_control(c) {
        (
            "bidirectional control",
            "which shows text in another order than it is written",
        )
    } else if c.is_control() {
        ("control character", "which no document can hold")
    } else {
        (
            "noncharacter",
            "which Unicode keeps for programs' own use, never for text",
        )
    };
    format!("the text contains the {what} U+{:04X}, {why}", c as u32)
}

fn forbidden_char(file: &Path, source: &str, pos: Pos, c: char) -> Diagnostic {
    Diagnostic::new(file, forbidden_char_message(c))
        .at(source, Some(pos))
        .hint("remove it; an editor that shows invisible characters finds it")
}

/// Accepts any YAML whose texts (keys included) hold no forbidden character; rejects the first
/// such text with an error the parser places at that value.
struct Printable;

impl<'de> Deserialize<'de> for Printable {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(Printable)
    }
}

impl<'de> Visitor<'de> for Printable {
    type Value = Printable;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Printable, E> {
        if v.len() > MAX_VALUE_BYTES {
            return Err(E::custom(format!(
                "the file exceeds a limit of kravkat: a text longer than {} KiB (see \"Limits\" in kravkat's README)",
                MAX_VALUE_BYTES >> 10
            )));
        }
        match v.chars().find(|&c| forbidden(c, false)) {
            Some(c) => Err(E::custom(forbidden_char_message(c))),
            None => Ok(Printable),
        }
    }

    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<Printable, E> {
        Ok(Printable)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Printable, E> {
        Ok(Printable)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Printable, E> {
        Ok(Printable)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Printable, E> {
        Ok(Printable)
    }

    fn visit_i128<E: de::Error>(self, _: i128) -> Result<Printable, E> {
        Ok(Printable)
    }

    fn visit_u128<E: de::Error>(self, _: u128) -> Result<Printable, E> {
        Ok(Printable)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Printable, E> {
        Ok(Printable)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Printable, E> {
        Ok(Printable)
    }

    fn visit_none<E: de::Error>(self) -> Result<Printable, E> {
        Ok(Printable)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Printable, D::Error> {
        Printable::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Printable, A::Error> {
        while seq.next_element::<Printable>()?.is_some() {}
        Ok(Printable)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Printable, A::Error> {
        while map.next_key::<Printable>()?.is_some() {
            map.next_value::<Printable>()?;
        }
        Ok(Printable)
    }
}

/// What a YAML text is, judged by its top-level keys, so a parse error can name the real
/// mistake ("this is a catalogue") instead of its symptom (an unknown field).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Empty,
    Profile,
    Catalog,
}

/// Top-level keys only a profile has, and only a catalogue.
const PROFILE_KEYS: &[&str] = &["procurement", "select", "catalogs", "changes", "own", "exclude"];
const CATALOG_KEYS: &[&str] = &["items", "attribution", "categories", "publisher"];

/// The shape of `source`, when its top-level keys tell.
pub fn shape(source: &str) -> Option<Shape> {
    let keys = serde_saphyr::from_str_with_options::<Option<IndexMap<String, IgnoredAny>>>(source, options()).ok()?;
    shape_of_keys(keys.iter().flat_map(IndexMap::keys).map(String::as_str))
}

/// The shape a text with these top-level keys has, when they tell.
pub fn shape_of_keys<'a>(keys: impl IntoIterator<Item = &'a str>) -> Option<Shape> {
    let keys: Vec<&str> = keys.into_iter().collect();
    let has = |names: &[&str]| keys.iter().any(|k| names.contains(k));
    if keys.is_empty() {
        Some(Shape::Empty)
    } else if has(PROFILE_KEYS) {
        Some(Shape::Profile)
    } else if has(CATALOG_KEYS) {
        Some(Shape::Catalog)
    } else {
        None
    }
}

/// Whether `text` is what kravkat reads at all: empty, a mapping whose keys are all fields of a
/// profile or a catalogue, or text with a line that starts with a key only one of them has (so
/// a profile with a syntax error further down still counts).
pub fn kravkat_shaped(text: &str) -> bool {
    let key_line = text.split(['\n', '\r']).any(|line| {
        let line = line.trim_start_matches(['\u{feff}', '{', ' ', '"', '\'']);
        PROFILE_KEYS.iter().chain(CATALOG_KEYS).any(|key| {
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start_matches(['"', '\'', ' ']).starts_with(':'))
        })
    });
    if key_line || shape(text).is_some() {
        return true;
    }
    let Ok(Some(keys)) = serde_saphyr::from_str_with_options::<Option<IndexMap<String, IgnoredAny>>>(text, options())
    else {
        return false;
    };
    let mut fields = crate::schema::fields(crate::schema::Kind::Profile);
    fields.extend(crate::schema::fields(crate::schema::Kind::Catalog));
    keys.keys().all(|k| fields.contains(k))
}

/// The problems `found` in `source`, a file that is not kravkat's YAML, told without its text:
/// one message, at the first problem's position, saying only what shape the file has.
pub fn concealed(file: &Path, what: Shape, source: &str, found: &Diagnostics) -> Diagnostic {
    let (kind, keys) = match what {
        Shape::Catalog => ("catalogue", CATALOG_KEYS),
        _ => ("profile", PROFILE_KEYS),
    };
    let keys: Vec<String> = keys.iter().map(|k| format!("`{k}:`")).collect();
    let keys = keys.join(", ");
    let is = match tree(source).map(|root| root.value) {
        Ok(tree::Node::Seq(_)) => {
            format!("it is a list, not fields (`name: value` lines) with a {kind}'s keys ({keys})")
        }
        Ok(tree::Node::Text(_)) => {
            format!("it is a text, not fields (`name: value` lines) with a {kind}'s keys ({keys})")
        }
        _ => format!("it has none of a {kind}'s keys ({keys})"),
    };
    let mut d = Diagnostic::new(file, format!("the file is not a kravkat {kind}: {is}"));
    d.pos = found.0.first().and_then(|d| d.pos);
    d.hint("is it the right file? Its text is not shown, since it may be any file")
}

/// `text` as a double-quoted YAML scalar that reads back as exactly `text`: `"` and `\\`
/// escaped, and every character that is not printable on one line (line breaks, controls, the
/// byte-order mark, the line and paragraph separators) written as an escape.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() || c.is_whitespace() && c != ' ' || c == '\u{FEFF}' || is_noncharacter(c) => {
                let code = c as u32;
                out.push_str(&if code <= 0xFFFF {
                    format!("\\u{code:04X}")
                } else {
                    format!("\\U{code:08X}")
                });
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Position of a spanned value, if the parser knew it.
pub fn pos<T>(s: &Spanned<T>) -> Option<Pos> {
    Pos::from_location(s.referenced)
}

/// Reads an empty value as an empty list: `items:` with nothing after it, as in a starter
/// profile (`kravkat init`) before any line under it is uncommented.
pub fn null_as_empty<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

/// A YAML mapping whose keys keep their positions, in file order. serde-saphyr's `Spanned`
/// cannot be a map key (it does not hash by value alone), so keys are collected as pairs.
/// Duplicate keys never get here: the parser rejects them.
#[derive(Debug, Clone)]
pub struct SpannedMap<V>(pub Vec<(Spanned<String>, V)>);

impl<V> Default for SpannedMap<V> {
    fn default() -> Self {
        SpannedMap(Vec::new())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for SpannedMap<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for MapVisitor<V> {
            type Value = SpannedMap<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping from item id to its settings")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    entries.push((key, map.next_value()?));
                }
                Ok(SpannedMap(entries))
            }
        }
        deserializer.deserialize_map(MapVisitor(PhantomData))
    }
}

/// As the mapping it was read from: keys and values are texts of the file, which
/// [`crate::texts`] checks in the serialization.
impl<V: Serialize> Serialize for SpannedMap<V> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Serialize, Debug)]
    #[serde(deny_unknown_fields)]
    struct T {
        ids: Vec<Spanned<String>>,
        #[serde(default)]
        map: SpannedMap<String>,
    }

    #[test]
    fn unquoted_decimal_ids_keep_their_spelling() {
        // YAML 1.2 would read 1.10 as the float 1.1; kravkat reads ids as the text written.
        let t: T = parse_whole(Path::new("t.yaml"), "ids: [1.10, 1.1, \"1.2\"]\nmap:\n  1.10: x\n").unwrap();
        let ids: Vec<_> = t.ids.iter().map(|s| s.value.as_str()).collect();
        assert_eq!(ids, ["1.10", "1.1", "1.2"]);
        assert_eq!(t.map.0[0].0.value, "1.10");
        assert_eq!(pos(&t.map.0[0].0), Some(Pos { line: 3, column: 3 }));
    }

    #[test]
    fn quoted_text_reads_back_as_written() {
        for text in [
            "1.1",
            "a \"b\" \\c",
            "rad ett\nrad två\r\n\toutputs:\n  - path: x.md",
            "# inte en kommentar: {a: b}, [c], &d *e !f",
            "\u{85}\u{2028}\u{2029}\u{feff}\u{1}\u{FDD0}\u{10FFFF}",
            "",
            " ",
        ] {
            #[derive(Deserialize)]
            struct V {
                v: String,
            }
            let yaml = format!("v: {}\n", quoted(text));
            assert!(!yaml.trim_end().contains(['\n', '\r']), "{yaml:?}");
            let v: V = serde_saphyr::from_str(&yaml).unwrap_or_else(|e| panic!("{yaml:?}: {e}"));
            assert_eq!(v.v, text, "{yaml:?}");
        }
    }

    #[test]
    fn an_empty_list_may_be_left_empty() {
        #[derive(Deserialize, Serialize)]
        struct L {
            #[serde(default, deserialize_with = "null_as_empty")]
            items: Vec<Spanned<String>>,
        }
        let many = "  # - \"1.1\"\n".repeat(200);
        let l: L = parse_whole(Path::new("t.yaml"), &format!("items:\n{many}")).unwrap();
        assert!(l.items.is_empty());
        let l: L = parse_whole(Path::new("t.yaml"), "items:\n  - \"1.1\"\n").unwrap();
        assert_eq!(pos(&l.items[0]), Some(Pos { line: 2, column: 5 }));
    }

    /// The byte skim finds what a walk over every character finds, at the same place.
    #[test]
    fn the_first_forbidden_character_is_found_wherever_it_is() {
        let naive = |t: &str, src: bool| t.chars().position(|c| forbidden(c, src));
        let bad = [
            '\u{0}',
            '\u{7}',
            '\r',
            '\u{7F}',
            '\u{85}',
            '\u{9F}',
            '\u{202E}',
            '\u{2066}',
            '\u{FDD0}',
            '\u{FFFE}',
            '\u{10FFFF}',
        ];
        for text in ["", "a", "ok: åäö ÅÄÖ é – … ✓ 𝄞", "a\tb\nc"] {
            assert_eq!(first_forbidden(text, true), None, "{text:?}");
            for c in bad {
                for at in [0, text.len()] {
                    let t = format!("{}{c}{}\nx", &text[..at], &text[at..]);
                    for src in [true, false] {
                        let found = first_forbidden(&t, src);
                        assert_eq!(
                            found.map(|f| f.1),
                            naive(&t, src).map(|i| t.chars().nth(i).unwrap()),
                            "{t:?}"
                        );
                        if let Some((pos, _)) = found {
                            let before = &t[..t.find(c).unwrap()];
                            let line = before.matches('\n').count() + 1;
                            let column = before.rsplit('\n').next().unwrap().chars().count() + 1;
                            assert_eq!((pos.line, pos.column), (line, column), "{t:?}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn duplicate_keys_and_unknown_fields_point_at_the_line() {
        let e = parse_whole::<T>(Path::new("t.yaml"), "ids: []\nmap:\n  a: x\n  a: y\n")
            .unwrap_err()
            .0
            .remove(0);
        assert_eq!(e.pos.map(|p| p.line), Some(4));
        assert_eq!(e.message, "`a` is given twice in `map`: on line 3 and on line 4");
        let e = parse_whole::<T>(Path::new("t.yaml"), "ids: []\nidz: []\n")
            .unwrap_err()
            .0
            .remove(0);
        assert_eq!(e.pos.map(|p| p.line), Some(2));
        assert!(e.message.contains("unknown field `idz`"), "{}", e.message);
        assert!(!e.message.contains("at line"), "{}", e.message);
    }
}
