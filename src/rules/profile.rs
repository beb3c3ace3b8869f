//! The rules over a profile: its resolved document's items (through [`super::text_rules`]), its
//! own items against the catalogues, `kravkat init`'s placeholders, and its `allow:` entries.

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};

use serde_saphyr::Spanned;

use super::duplicates::{self, Match};
use super::{DUPLICATE, PLACEHOLDER, Place, Subject, Text, UNUSED_ALLOW, explain, text_rules};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{Document, Item, Origin};
use crate::load::Input;
use crate::profile::{Allow, Change, OwnItem, Profile};
use crate::yaml::tree::{Range, Seg, SourceMap};

/// Where the profile says something about an item.
#[derive(Clone, Copy)]
enum Owner<'p> {
    /// Entry `usize` of `changes`.
    Change(usize, &'p Spanned<String>, &'p Change),
    /// Entry `usize` of `own`.
    Own(usize, &'p OwnItem),
    None,
}

/// The profile's entries by the key or id they are written with, so that each of thousands of
/// items finds its own at once.
struct Owners<'p> {
    profile: &'p Profile,
    changes: HashMap<&'p str, usize>,
    own: HashMap<&'p str, usize>,
    /// Entries of `evaluation.verification`.
    verification: HashMap<&'p str, usize>,
}

impl<'p> Owners<'p> {
    fn new(profile: &'p Profile) -> Self {
        let index = |keys: Vec<&'p str>| keys.into_iter().enumerate().map(|(i, k)| (k, i)).collect();
        Owners {
            profile,
            changes: index(profile.changes.0.iter().map(|(k, _)| k.value.as_str()).collect()),
            own: index(profile.own.iter().map(|o| o.value.id.value.as_str()).collect()),
            verification: index(
                profile
                    .evaluation
                    .iter()
                    .flat_map(|e| &e.value.verification.0)
                    .map(|(k, _)| k.value.as_str())
                    .collect(),
            ),
        }
    }

    /// Which entry of `evaluation.verification` says how `item` is shown to be fulfilled.
    fn verification(&self, item: &Item) -> Option<usize> {
        let at = |k: &str| self.verification.get(k).copied();
        at(&item.key).or_else(|| at(&item.id))
    }

    /// Where the profile speaks of `item`. `resolve` has checked that each key names one item,
    /// so a key that spells the item's id, bare or qualified, is its change.
    fn of(&self, item: &Item) -> Owner<'p> {
        match item.origin {
            Origin::Own => self
                .own
                .get(item.id.as_str())
                .map_or(Owner::None, |&i| Owner::Own(i, &self.profile.own[i].value)),
            Origin::Catalog => self
                .changes
                .get(item.key.as_str())
                .or_else(|| self.changes.get(item.id.as_str()))
                .map_or(Owner::None, |&i| {
                    let (key, change) = &self.profile.changes.0[i];
                    Owner::Change(i, key, &change.value)
                }),
        }
    }
}

impl<'p> Owner<'p> {
    fn allow(self) -> Option<&'p Allow> {
        match self {
            Owner::Change(_, _, c) => Some(&c.allow),
            Owner::Own(_, o) => Some(&o.allow),
            Owner::None => None,
        }
    }

    fn accepts(self, code: &str) -> bool {
        self.allow().is_some_and(|a| a.0.iter().any(|(k, _)| k.value == code))
    }

    /// Where `allow:` goes for this item, for a hint.
    fn where_to_allow(self, name: &str) -> String {
        match self {
            Owner::Own(..) => format!("under own item `{name}`"),
            Owner::Change(_, key, _) => format!("under `changes: \"{}\"`", key.value),
            Owner::None => format!("under `changes: \"{name}\"`"),
        }
    }

    /// Identifies the owner among the profile's entries.
    fn slot(self) -> Option<(bool, usize)> {
        match self {
            Owner::Change(i, ..) => Some((false, i)),
            Owner::Own(i, _) => Some((true, i)),
            Owner::None => None,
        }
    }
}

/// Every error and warning the rules find in a profile whose document resolved: errors for
/// `kravkat init`'s placeholders, warnings for the rest, leaving out those the profile accepts.
/// In file order.
pub fn check(input: &Input, doc: &Document) -> Vec<Diagnostic> {
    let p = &input.profile;
    let cx = Cx {
        profile: &p.profile,
        path: &p.path,
        source: &p.source,
        map: OnceCell::new(),
        qualified: input.catalogs.len() > 1,
    };
    let mut out = placeholders(&cx);
    // The rules each owner's `allow:` accepted, so that an `allow:` that accepts nothing is told.
    let mut accepted: HashSet<((bool, usize), &'static str)> = HashSet::new();
    let owners = Owners::new(cx.profile);
    for item in doc.items() {
        let owner = owners.of(item);
        // What the profile accepts is noted, and never described: most findings of a profile
        // that passes are accepted ones.
        let mut accepts = |code: &'static str| {
            let yes = owner.accepts(code);
            if yes {
                accepted.extend(owner.slot().map(|s| (s, code)));
            }
            yes
        };
        let subject = cx.subject(item, owner, owners.verification(item));
        let mut found = Vec::new();
        for hit in text_rules(&subject) {
            if !accepts(hit.code) {
                found.push((hit.code, cx.diagnostic(item, owner, &subject, hit)));
            }
        }
        let repeated = match (owner, item.text.as_deref()) {
            (Owner::Own(i, _), Some(text)) => duplicates::closest(&input.catalogs, item.kind, text).map(|m| (i, m)),
            _ => None,
        };
        if let Some((i, theirs)) = repeated
            && !accepts(DUPLICATE)
        {
            found.push((DUPLICATE, duplicate(&cx, doc, item, i, &theirs)));
        }
        for (code, mut d) in found {
            if let Some(h) = &mut d.hint {
                h.push_str(&format!(
                    "; or accept it: `allow: {{ {code}: \"why\" }}` {} {}",
                    owner.where_to_allow(&subject.name),
                    explain(code)
                ));
            }
            out.push(d);
        }
    }
    out.extend(unused_allows(&cx, &accepted));
    out.sort_by_key(|d| d.pos.map(|p| (p.line, p.column)));
    out
}

/// What every rule over a profile needs.
struct Cx<'a> {
    profile: &'a Profile,
    path: &'a std::path::Path,
    source: &'a str,
    /// Read when a finding needs a position: most profiles have none.
    map: OnceCell<SourceMap<'a>>,
    /// The profile uses several catalogues, so items are named `catalog:id`.
    qualified: bool,
}

impl<'a> Cx<'a> {
    fn map(&self) -> &SourceMap<'a> {
        self.map.get_or_init(|| SourceMap::new(self.source))
    }

    /// An item's texts as suppliers read them, each where it is written.
    fn subject<'d>(&self, item: &'d Item, owner: Owner, verification: Option<usize>) -> Subject<'d> {
        let catalogue = |value| Text {
            value,
            place: Place::Catalog,
            own: false,
            wording: true,
        };
        let mut texts = Vec::new();
        match owner {
            Owner::Own(i, _) => texts.extend(
                item.text
                    .as_deref()
                    .map(|value| Text::here(value, vec![Seg::Key("own"), Seg::Index(i), Seg::Key("text")])),
            ),
            _ => {
                let change = match owner {
                    Owner::Change(i, _, c) => Some((i, c)),
                    _ => None,
                };
                let replaced = change.filter(|(_, c)| c.text.is_some());
                texts.extend(item.text.as_deref().map(|value| match replaced {
                    Some((i, _)) => Text::here(value, vec![Seg::Key("changes"), Seg::Index(i), Seg::Key("text")]),
                    None => catalogue(value),
                }));
                texts.extend(item.parts.iter().map(|part| catalogue(&part.text)));
                if let (Some(value), Some((i, _))) = (item.specification.as_deref(), change) {
                    texts.push(Text::here(
                        value,
                        vec![Seg::Key("changes"), Seg::Index(i), Seg::Key("specify")],
                    ));
                }
            }
        }
        let shown = item.evaluation.as_ref().and_then(|e| e.verification.as_deref());
        if let (Some(value), Some(k)) = (shown, verification) {
            texts.push(Text {
                wording: false,
                ..Text::here(
                    value,
                    vec![Seg::Key("evaluation"), Seg::Key("verification"), Seg::Index(k)],
                )
            });
        }
        Subject {
            name: if self.qualified || item.origin == Origin::Own {
                item.key.clone()
            } else {
                item.id.clone()
            },
            kind: item.kind,
            level: item.level,
            texts,
        }
    }

    /// A hit as a diagnostic: the offending words when the profile has them, otherwise the
    /// profile's entry for the item.
    fn diagnostic(&self, item: &Item, owner: Owner, subject: &Subject, hit: super::Hit) -> Diagnostic {
        let text = &subject.texts[hit.text];
        let range = match &text.place {
            Place::Here(path) => self.map().words(path, text.value, hit.words.clone()),
            Place::Catalog => self.anchor(item, owner, hit.code == super::BOR_SAYS_SKA),
        };
        self.warning(hit.code, hit.message, hit.hint, range)
    }

    fn warning(&self, code: &'static str, message: String, hint: String, range: Option<Range>) -> Diagnostic {
        self.map()
            .point(Diagnostic::warning(self.path, code, message), range)
            .hint(hint)
    }

    /// The profile's entry for a catalogue item: its level change (for a rule about the level),
    /// its change, or what selects it (the item, its category, its catalogue).
    fn anchor(&self, item: &Item, owner: Owner, about_level: bool) -> Option<Range> {
        if let Owner::Change(i, key, change) = owner {
            if about_level && change.level.is_some() {
                let level = self.map().get(&[Seg::Key("changes"), Seg::Index(i), Seg::Key("level")]);
                if let Some(r) = level.and_then(|n| self.map().range(n)) {
                    return Some(r);
                }
            }
            return self.map().range_of(key);
        }
        let select = &self.profile.select.as_ref()?.value;
        let catalog = item.catalog.as_deref().unwrap_or_default();
        let names = |s: &Spanned<String>, bare: &str| s.value == bare || s.value == format!("{catalog}:{bare}");
        let entry = select
            .items
            .iter()
            .find(|s| names(s, &item.id))
            .or_else(|| select.categories.iter().find(|s| names(s, &item.category)))
            .or_else(|| select.catalogs.iter().find(|s| s.value == catalog))?;
        self.map().range_of(entry)
    }
}

/// Rule `init-placeholder`: every value that is still one of `kravkat init`'s placeholders.
fn placeholders(cx: &Cx) -> Vec<Diagnostic> {
    // Looked for in the parsed texts first: a comment may hold a placeholder's words (`…`), and
    // placing a finding takes a second parse.
    let placeholder = |t: &str| crate::init::PLACEHOLDERS.contains(&t.trim());
    if !crate::texts::any(cx.profile, placeholder) {
        return Vec::new();
    }
    cx.map()
        .texts()
        .into_iter()
        .filter(|t| placeholder(t.text))
        .map(|t| {
            let range = cx.map().range(t.node);
            let what = t.key.map_or_else(|| "a value".to_owned(), |k| format!("`{k}`"));
            let d = Diagnostic {
                severity: Severity::Error,
                code: Some(PLACEHOLDER),
                ..Diagnostic::new(
                    cx.path,
                    format!("{what} is still `{}`, a placeholder of `kravkat init`", t.text.trim()),
                )
            };
            cx.map().point(d, range).hint(format!(
                "write the procurement's own {}; a placeholder must not reach the appendix {}",
                match t.key {
                    Some("title") => "title",
                    Some("organisation") => "organisation",
                    Some("reference") => "reference (diarienummer)",
                    Some("reason") => "reason",
                    Some("specify") => "specification",
                    _ => "text",
                },
                explain(PLACEHOLDER)
            ))
        })
        .collect()
}

/// Rule `own-duplicates-catalog`: own item `i` (`own`) repeats catalogue item `theirs`.
fn duplicate(cx: &Cx, doc: &Document, own: &Item, i: usize, theirs: &Match) -> Diagnostic {
    let key = crate::document::qualified(theirs.catalog, theirs.id);
    let name = if cx.qualified {
        key.clone()
    } else {
        theirs.id.to_owned()
    };
    let how = if theirs.exact {
        "word for word".to_owned()
    } else {
        format!("nearly ({} % of the words shared)", theirs.shared * 100 / theirs.union)
    };
    let selected = doc.items().any(|d| d.key == key);
    let hint = if selected {
        format!(
            "`{name}` is selected already: remove `{}`, or put what it adds into `changes: \"{name}\"` (`specify:`, \
             or `text:` with a reason), so the appendix attributes the requirement to its catalogue",
            own.id,
        )
    } else {
        format!(
            "select `{name}` instead, with `specify:` (or `text:` and a reason) for what differs, so the appendix \
             attributes the requirement to its catalogue"
        )
    };
    let map = cx.map();
    let range = map
        .get(&[Seg::Key("own"), Seg::Index(i), Seg::Key("text")])
        .and_then(|n| map.range(n));
    cx.warning(
        DUPLICATE,
        format!(
            "own {kind} `{}` repeats catalogue {kind} `{name}` {how}",
            own.id,
            kind = crate::resolve::kind_name(own.kind)
        ),
        hint,
        range,
    )
}

/// Rule `allow-unused`: each `allow:` entry whose warning the item did not get.
fn unused_allows(cx: &Cx, accepted: &HashSet<((bool, usize), &'static str)>) -> Vec<Diagnostic> {
    let changes = cx
        .profile
        .changes
        .0
        .iter()
        .enumerate()
        .map(|(i, (key, c))| ((false, i), format!("`{}`", key.value), &c.value.allow));
    let own = cx
        .profile
        .own
        .iter()
        .enumerate()
        .map(|(i, o)| ((true, i), format!("own item `{}`", o.value.id.value), &o.value.allow));
    let mut out = Vec::new();
    for (slot, name, allow) in changes.chain(own) {
        for (code, _) in &allow.0 {
            // `resolve` has refused unknown codes.
            let Some(rule) = super::rule(&code.value) else { continue };
            if accepted.contains(&(slot, rule.code)) {
                continue;
            }
            out.push(cx.warning(
                UNUSED_ALLOW,
                format!("{name} accepts `{}`, but gets no such warning", code.value),
                format!(
                    "remove it from `allow:`, or the deviation log lists a warning that is not there {}",
                    explain(UNUSED_ALLOW)
                ),
                cx.map().range_of(code),
            ));
        }
    }
    out
}
