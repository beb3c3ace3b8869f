//! The rules over a catalogue, for its maintainers (`kravkat check --catalog`): what buyers
//! who select its items would be warned of, pointed at in the catalogue file.

use super::{Place, Subject, Text, explain, text_rules};
use crate::catalog::Loaded;
use crate::diagnostic::Diagnostic;
use crate::yaml::tree::{Seg, SourceMap};

/// The warnings of the text rules over every item of a catalogue whose text is `source`, in
/// file order.
pub fn check_catalog(loaded: &Loaded, source: &str) -> Vec<Diagnostic> {
    let map = SourceMap::new(source);
    let file = loaded.origin.path();
    let mut out = Vec::new();
    for (i, item) in loaded.catalog.items.iter().enumerate() {
        let at = |rest: &[Seg<'static>]| {
            let mut path = vec![Seg::Key("items"), Seg::Index(i)];
            path.extend_from_slice(rest);
            path
        };
        let mut texts: Vec<Text> = item
            .text
            .iter()
            .map(|value| Text::here(value, at(&[Seg::Key("text")])))
            .collect();
        texts.extend(
            item.parts
                .iter()
                .enumerate()
                .map(|(j, part)| Text::here(&part.text, at(&[Seg::Key("parts"), Seg::Index(j), Seg::Key("text")]))),
        );
        let subject = Subject {
            name: item.id().to_owned(),
            kind: item.kind,
            level: item.level,
            texts,
        };
        for hit in text_rules(&subject) {
            let text = &subject.texts[hit.text];
            let Place::Here(path) = &text.place else { continue };
            let range = map.words(path, text.value, hit.words.clone());
            out.push(
                map.point(Diagnostic::warning(&file, hit.code, hit.message), range)
                    .hint(format!(
                        "buyers who select `{}` get this warning {}",
                        item.id(),
                        explain(hit.code)
                    )),
            );
        }
    }
    out
}
