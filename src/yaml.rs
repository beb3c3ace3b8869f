//! YAML reading shared by catalogues and profiles: one parser configuration (duplicate keys are
//! errors, alias expansion is bounded) and one way of turning parser errors into diagnostics.

use std::fmt;
use std::marker::PhantomData;
use std::path::Path;

use serde::de::{DeserializeOwned, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_saphyr::Spanned;

use crate::diagnostic::{Diagnostic, Pos};

/// Parses `source` (the text of `file`) into `T`, or a diagnostic pointing at the problem.
pub fn parse<T: DeserializeOwned>(file: &Path, source: &str) -> Result<T, Diagnostic> {
    // The parser's own snippet names `<input>`; ours names the file, so it is switched off.
    // Comments are never read into values, and keeping them would cap how many may follow one
    // another (a starter profile from `kravkat init` lists a catalogue as comment lines).
    let options = serde_saphyr::options! {
        with_snippet: false,
        emit_comments: false,
    };
    serde_saphyr::from_str_with_options::<T>(source, options).map_err(|e| {
        let pos = e.location().and_then(Pos::from_location);
        let message = strip_location(&e.without_snippet().to_string());
        Diagnostic::new(file, message).at(source, pos)
    })
}

/// The parser appends " at line N, column M" to its messages; the diagnostic shows the
/// position itself.
fn strip_location(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) if message[i..].contains(", column ") => message[..i].to_owned(),
        _ => message.to_owned(),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    struct T {
        ids: Vec<Spanned<String>>,
        #[serde(default)]
        map: SpannedMap<String>,
    }

    #[test]
    fn unquoted_decimal_ids_keep_their_spelling() {
        // YAML 1.2 would read 1.10 as the float 1.1; kravkat reads ids as the text written.
        let t: T = parse(Path::new("t.yaml"), "ids: [1.10, 1.1, \"1.2\"]\nmap:\n  1.10: x\n").unwrap();
        let ids: Vec<_> = t.ids.iter().map(|s| s.value.as_str()).collect();
        assert_eq!(ids, ["1.10", "1.1", "1.2"]);
        assert_eq!(t.map.0[0].0.value, "1.10");
        assert_eq!(pos(&t.map.0[0].0), Some(Pos { line: 3, column: 3 }));
    }

    #[test]
    fn an_empty_list_may_be_left_empty() {
        #[derive(Deserialize)]
        struct L {
            #[serde(default, deserialize_with = "null_as_empty")]
            items: Vec<Spanned<String>>,
        }
        let many = "  # - \"1.1\"\n".repeat(200);
        let l: L = parse(Path::new("t.yaml"), &format!("items:\n{many}")).unwrap();
        assert!(l.items.is_empty());
        let l: L = parse(Path::new("t.yaml"), "items:\n  - \"1.1\"\n").unwrap();
        assert_eq!(pos(&l.items[0]), Some(Pos { line: 2, column: 5 }));
    }

    #[test]
    fn duplicate_keys_and_unknown_fields_point_at_the_line() {
        let e = parse::<T>(Path::new("t.yaml"), "ids: []\nmap:\n  a: x\n  a: y\n").unwrap_err();
        assert_eq!(e.pos.map(|p| p.line), Some(4));
        assert!(e.message.contains("duplicate"), "{}", e.message);
        let e = parse::<T>(Path::new("t.yaml"), "ids: []\nidz: []\n").unwrap_err();
        assert_eq!(e.pos.map(|p| p.line), Some(2));
        assert!(e.message.contains("unknown field `idz`"), "{}", e.message);
        assert!(!e.message.contains("at line"), "{}", e.message);
    }
}
