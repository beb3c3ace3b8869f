//! Finding the catalogue item an own item repeats (rule `own-duplicates-catalog`): the same
//! words in the same order once case, punctuation and spacing are set aside, or nearly —
//! [`NEARLY`] of the distinct words shared (Jaccard similarity of the word sets).
//!
//! A profile's few own items are compared with every item of its catalogues, which may be
//! thousands. So each catalogue is indexed once per run: exact texts by their words, and each item by
//! the rarest words of its set (prefix filtering, as in Chaudhuri, Ganti and Kaushik's
//! "set-similarity joins"): two sets that share four fifths of their words share one of the
//! rarest fifth-and-one of either, so only items that share such a word are compared.

use std::collections::HashMap;

use crate::catalog::{Item, Kind, Loaded};

/// Words shared for "nearly", as a fraction of the words of both together: four fifths.
pub const NEARLY: (usize, usize) = (4, 5);
/// Fewer distinct words than this are not compared for "nearly": two short requirements that
/// differ in one word differ in a word that matters.
pub const NEARLY_MIN_WORDS: usize = 5;

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// The words of a text, set apart from punctuation and spacing.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty())
}

/// A word in lower case as a number (FNV-1a), so that texts are compared without copying or
/// comparing strings. Two words that share a number count as shared, a chance too small to
/// matter for "nearly"; "word for word" is confirmed on the words themselves.
fn fingerprint(word: &str) -> u64 {
    let mut h = FNV_OFFSET;
    let mut buf = [0; 4];
    for c in word.chars().flat_map(char::to_lowercase) {
        for &b in c.encode_utf8(&mut buf).as_bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(FNV_PRIME);
        }
    }
    h
}

/// A text's words as the index compares them.
struct Words {
    /// How many words there are, and a fingerprint of all of them in order.
    exact: (usize, u64),
    /// Fingerprints of the distinct words, sorted.
    set: Vec<u64>,
}

impl Words {
    fn of(text: &str) -> Self {
        let mut set: Vec<u64> = words(text).map(fingerprint).collect();
        let all = set.iter().fold(FNV_OFFSET, |h, w| (h ^ w).wrapping_mul(FNV_PRIME));
        let exact = (set.len(), all);
        set.sort_unstable();
        set.dedup();
        Words { exact, set }
    }
}

/// Whether two texts have the same words in the same order, case aside.
fn same_words(a: &str, b: &str) -> bool {
    let lower = |w: &str| w.chars().flat_map(char::to_lowercase).collect::<String>();
    words(a).map(lower).eq(words(b).map(lower))
}

/// How many of the words of a set of `n` must be looked at for the prefix filter.
fn prefix(n: usize) -> usize {
    n - (n * NEARLY.0).div_ceil(NEARLY.1) + 1
}

struct Entry {
    /// The item's index in its catalogue.
    item: usize,
    set: Vec<u64>,
}

/// What an own item repeats.
#[derive(Debug, PartialEq, Eq)]
pub struct Match<'a> {
    pub catalog: &'a str,
    pub id: &'a str,
    /// Word for word; otherwise nearly, with `shared` of `union` distinct words in common.
    pub exact: bool,
    pub shared: usize,
    pub union: usize,
}

/// The items of one catalogue, indexed for [`closest`]. Built once per catalogue and shared by
/// every profile of a run that uses it ([`crate::catalog::Items::words`]): building it is most
/// of the rule's work.
pub struct Index {
    entries: Vec<Entry>,
    /// The entries by their words in order ([`Words::exact`]).
    exact: HashMap<(usize, u64), Vec<usize>>,
    /// In how many entries each word occurs: rarer words come first in a prefix.
    frequency: HashMap<u64, usize>,
    /// For each word, the entries whose prefix holds it.
    by_prefix: HashMap<u64, Vec<usize>>,
}

impl Index {
    pub fn new(items: &[Item]) -> Self {
        let mut index = Index {
            entries: Vec::new(),
            exact: HashMap::new(),
            frequency: HashMap::new(),
            by_prefix: HashMap::new(),
        };
        for (i, item) in items.iter().enumerate() {
            let Some(text) = &item.text else { continue };
            let Words { exact, set } = Words::of(text);
            for w in &set {
                *index.frequency.entry(*w).or_default() += 1;
            }
            index.exact.entry(exact).or_default().push(index.entries.len());
            index.entries.push(Entry { item: i, set });
        }
        for e in 0..index.entries.len() {
            for w in index.prefix_of(&index.entries[e].set) {
                index.by_prefix.entry(w).or_default().push(e);
            }
        }
        index
    }

    /// The rarest words of a set, as many as the prefix filter needs. The prefixes of an
    /// index and of the texts looked up in it are drawn in the same order (this index's
    /// frequencies), which is all the filter needs.
    fn prefix_of(&self, set: &[u64]) -> Vec<u64> {
        // Each word's frequency is looked up once, not at every comparison of the sort.
        let mut ranked: Vec<(usize, u64)> = set
            .iter()
            .map(|w| (self.frequency.get(w).copied().unwrap_or(0), *w))
            .collect();
        ranked.sort_unstable();
        ranked.truncate(prefix(set.len()));
        ranked.into_iter().map(|(_, w)| w).collect()
    }

    /// The item of kind `kind` among `items` (those this index was built from) with the same
    /// words as `text` in the same order.
    fn same(&self, items: &[Item], kind: Kind, text: &str, words: &Words) -> Option<usize> {
        let e = self.exact.get(&words.exact).into_iter().flatten().find(|&&e| {
            let item = &items[self.entries[e].item];
            item.kind == kind && item.text.as_deref().is_some_and(|t| same_words(t, text))
        })?;
        Some(*e)
    }

    /// The item of kind `kind` that `words` repeats most nearly, as (shared, union, entry): the
    /// first of equals, in catalogue order.
    fn nearest(&self, items: &[Item], kind: Kind, words: &Words) -> Option<(usize, usize, usize)> {
        let set = &words.set;
        let mut candidates: Vec<usize> = self
            .prefix_of(set)
            .iter()
            .filter_map(|w| self.by_prefix.get(w))
            .flatten()
            .copied()
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        let mut best: Option<(usize, usize, usize)> = None;
        for e in candidates {
            let theirs = &self.entries[e];
            let (a, b) = (set.len(), theirs.set.len());
            if items[theirs.item].kind != kind || b < NEARLY_MIN_WORDS || a.min(b) * NEARLY.1 < a.max(b) * NEARLY.0 {
                continue;
            }
            let shared = shared(set, &theirs.set);
            let union = a + b - shared;
            if shared * NEARLY.1 >= union * NEARLY.0 && closer((shared, union), best.map(|(s, u, _)| (s, u))) {
                best = Some((shared, union, e));
            }
        }
        best
    }
}

/// Whether `shared` of `union` words is closer than `best`: compared as fractions, so the
/// first of equals stays.
fn closer((shared, union): (usize, usize), best: Option<(usize, usize)>) -> bool {
    best.is_none_or(|(s, u)| shared * u > s * union)
}

/// The item of kind `kind` of the catalogues that `text` repeats word for word, or else the one
/// it repeats most nearly (the first of equals, in catalogue order).
pub fn closest<'a>(catalogs: &'a [Loaded], kind: Kind, text: &str) -> Option<Match<'a>> {
    let words = Words::of(text);
    let found = |l: &'a Loaded, item: usize, exact: bool, shared: usize, union: usize| Match {
        catalog: &l.catalog.id,
        id: l.catalog.items[item].id(),
        exact,
        shared,
        union,
    };
    for l in catalogs {
        let index = l.catalog.items.words();
        if let Some(e) = index.same(&l.catalog.items, kind, text, &words) {
            let n = index.entries[e].set.len();
            return Some(found(l, index.entries[e].item, true, n, n));
        }
    }
    if words.set.len() < NEARLY_MIN_WORDS {
        return None;
    }
    let mut best: Option<(usize, usize, &Loaded, usize)> = None;
    for l in catalogs {
        let index = l.catalog.items.words();
        if let Some((shared, union, e)) = index.nearest(&l.catalog.items, kind, &words)
            && closer((shared, union), best.map(|(s, u, _, _)| (s, u)))
        {
            best = Some((shared, union, l, index.entries[e].item));
        }
    }
    best.map(|(shared, union, l, item)| found(l, item, false, shared, union))
}

/// How many values two sorted lists without repeats share.
fn shared(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => (i, j, n) = (i + 1, j + 1, n + 1),
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_compared_without_case_punctuation_or_spacing() {
        let a = "Systemet ska,  kunna\nexportera (CSV) åt Köparen.";
        let b = "SYSTEMET ska kunna exportera csv ÅT köparen";
        assert_eq!(Words::of(a).exact, Words::of(b).exact);
        assert!(same_words(a, b));
        assert!(!same_words(a, "Systemet ska kunna exportera"));
        let reordered = "kunna Systemet ska exportera CSV åt Köparen";
        assert_ne!(Words::of(a).exact, Words::of(reordered).exact);
        assert_eq!(Words::of(a).set, Words::of(reordered).set);
        assert_eq!(Words::of("a b a").set.len(), 2);
    }

    /// Two sets that share four fifths of their words share one of the prefix of either, the
    /// lemma the index stands on: checked over every pair of small sets drawn from 12 words.
    #[test]
    fn the_prefix_filter_misses_no_near_pair() {
        let sets: Vec<Vec<u64>> = (0u32..1 << 12)
            .filter(|m| (5..=9).contains(&m.count_ones()))
            .map(|m| (0..12).filter(|b| m & (1 << b) != 0).collect())
            .collect();
        // Any fixed order of the words will do for the lemma; here, the words' own order.
        let pre = |s: &Vec<u64>| s[..prefix(s.len())].to_vec();
        let mut near = 0;
        for (i, a) in sets.iter().enumerate().step_by(3) {
            for b in sets.iter().skip(i).step_by(2) {
                let shared = shared(a, b);
                let union = a.len() + b.len() - shared;
                if shared * NEARLY.1 >= union * NEARLY.0 {
                    near += 1;
                    assert!(pre(a).iter().any(|w| pre(b).contains(w)), "{a:?} {b:?}");
                }
            }
        }
        assert!(near > 1000, "{near} near pairs checked");
    }
}
