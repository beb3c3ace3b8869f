//! Resolve: a pure function from a profile and its catalogues to the resolved document.
//! Every semantic rule of a profile lives here, and every broken rule becomes a diagnostic
//! pointing at the profile line that breaks it.

use std::collections::{HashMap, HashSet};

use serde_saphyr::Spanned;

use crate::catalog::{Catalog, Item as CatItem, Kind, Level, Relation};
use crate::diagnostic::{Diagnostic, Diagnostics, Pos, Suggestions, did_you_mean};
use crate::document::*;
use crate::load::Input;
use crate::profile::{Allow, Change as ProfileChange, Profile};
use crate::{rules, yaml};

mod evaluation;

/// Category name used for own items that do not name one.
pub const OWN_CATEGORY: &str = "Egna krav";

/// An item's address: (catalogue index, item index).
type Addr = (usize, usize);

struct Ctx<'a> {
    input: &'a Input,
    /// Every catalogue item id, grouped by catalogue, for "did you mean": built at the first
    /// unknown id, once for all of them.
    suggest: std::cell::OnceCell<Suggestions<'a>>,
    /// A catalogue or category under `select` was not found: what it would have brought in is
    /// unknown, so "not selected" is not said of anything (the unknown name is the error).
    selection_incomplete: bool,
    diags: Diagnostics,
}

impl<'a> Ctx<'a> {
    fn profile(&self) -> &'a Profile {
        &self.input.profile.profile
    }

    fn catalogs(&self) -> impl Iterator<Item = &'a Catalog> + 'a {
        self.input.catalogs.iter().map(|l| &l.catalog)
    }

    fn error(&mut self, pos: Option<Pos>, message: String, hint: Option<String>) {
        if self.diags.full() {
            return;
        }
        let p = &self.input.profile;
        let mut d = Diagnostic::new(&p.path, message).at(&p.source, pos);
        d.hint = hint;
        self.diags.push(d);
    }

    fn item(&self, (c, i): Addr) -> &'a CatItem {
        &self.input.catalogs[c].catalog.items[i]
    }

    fn catalog(&self, c: usize) -> &'a Catalog {
        &self.input.catalogs[c].catalog
    }

    fn key(&self, addr: Addr) -> String {
        crate::document::qualified(&self.catalog(addr.0).id, self.item(addr).id())
    }

    /// Splits `cat:rest` when `cat` is a catalogue the profile uses.
    fn split_qualified<'s>(&mut self, s: &'s Spanned<String>, what: &str) -> Result<(Option<usize>, &'s str), ()> {
        let Some((cat, rest)) = s.value.split_once(':') else {
            return Ok((None, s.value.as_str()));
        };
        match self.catalogs().position(|c| c.id == cat) {
            Some(c) => Ok((Some(c), rest)),
            None => {
                let ids: Vec<&str> = self.catalogs().map(|c| c.id.as_str()).collect();
                let hint = did_you_mean(cat, ids.iter().copied())
                    .unwrap_or_else(|| format!("this profile uses: {}", ids.join(", ")));
                self.error(
                    yaml::pos(s),
                    format!(
                        "{what} `{}` names catalogue `{cat}`, which this profile does not use",
                        s.value
                    ),
                    Some(hint),
                );
                Err(())
            }
        }
    }

    /// Finds the item an id in the profile means, or reports why it cannot.
    fn find_item(&mut self, s: &Spanned<String>) -> Option<Addr> {
        let (only, id) = self.split_qualified(s, "id").ok()?;
        // At most a few catalogues, each with an index: no walk over items.
        let hits: Vec<Addr> = (0..self.input.catalogs.len())
            .filter(|c| only.is_none_or(|o| o == *c))
            .filter_map(|c| self.input.item_at(c, id).map(|i| (c, i)))
            .collect();
        match hits.as_slice() {
            [one] => Some(*one),
            // The hint compares the id with every id, work not worth doing for an unshown error.
            [] if self.diags.full() => None,
            [] => {
                let input = self.input;
                let suggest = self.suggest.get_or_init(|| {
                    Suggestions::grouped(
                        input
                            .catalogs
                            .iter()
                            .enumerate()
                            .flat_map(|(c, l)| l.catalog.items.iter().map(move |i| (c, i.id()))),
                    )
                });
                let hint = suggest
                    .did_you_mean_in(id, |c| only.is_none_or(|o| o == c))
                    .unwrap_or_else(|| "`kravkat list` shows the ids of the catalogues".into());
                self.error(yaml::pos(s), format!("unknown id `{}`", s.value), Some(hint));
                None
            }
            many => {
                let options: Vec<String> = many.iter().map(|a| format!("`{}`", self.key(*a))).collect();
                self.error(
                    yaml::pos(s),
                    format!("id `{id}` is ambiguous: several catalogues of this profile have it"),
                    Some(format!("qualify it: {}", options.join(" or "))),
                );
                None
            }
        }
    }

    /// Whether the item a `changes` or `checklist` entry names (`what`: "change to") is outside
    /// the document, reported with the fix that fits: an excluded item is selected already, so
    /// the fix is to keep it; what a misspelt category would have brought in is unknown, so
    /// "not selected" is not said then (the misspelling is the error).
    fn outside_document(
        &mut self,
        key: &Spanned<String>,
        addr: Addr,
        excluded: &HashMap<Addr, String>,
        in_document: &impl Fn(&Addr) -> bool,
        what: &str,
        section: &str,
    ) -> bool {
        let k = &key.value;
        if excluded.contains_key(&addr) {
            let hint = format!("remove `{k}` from `exclude` to keep it, or remove it from `{section}`");
            self.error(yaml::pos(key), format!("{what} `{k}`, which is excluded"), Some(hint));
            return true;
        }
        if in_document(&addr) {
            return false;
        }
        if !self.selection_incomplete {
            let hint = format!("select `{k}` or remove it from `{section}`");
            self.error(
                yaml::pos(key),
                format!("{what} `{k}`, which is not selected"),
                Some(hint),
            );
        }
        true
    }

    /// Finds the (catalogue, category) a category name means.
    fn find_category(&mut self, s: &Spanned<String>) -> Option<(usize, String)> {
        let (only, name) = self.split_qualified(s, "category").ok()?;
        let hits: Vec<usize> = self
            .catalogs()
            .enumerate()
            .filter(|(c, cat)| only.is_none_or(|o| o == *c) && cat.categories.iter().any(|k| k.name == name))
            .map(|(c, _)| c)
            .collect();
        match hits.as_slice() {
            [c] => Some((*c, name.to_owned())),
            [] if self.diags.full() => None,
            [] => {
                let names: Vec<&str> = self
                    .catalogs()
                    .enumerate()
                    .filter(|(c, _)| only.is_none_or(|o| o == *c))
                    .flat_map(|(_, cat)| cat.categories.iter().map(|k| k.name.as_str()))
                    .collect();
                let hint = did_you_mean(name, names.iter().copied())
                    .unwrap_or_else(|| format!("categories: {}", names.join(", ")));
                self.error(yaml::pos(s), format!("unknown category `{}`", s.value), Some(hint));
                None
            }
            many => {
                let options: Vec<String> = many
                    .iter()
                    .map(|c| format!("`{}:{name}`", self.catalog(*c).id))
                    .collect();
                self.error(
                    yaml::pos(s),
                    format!("category `{name}` is ambiguous"),
                    Some(format!("qualify it: {}", options.join(" or "))),
                );
                None
            }
        }
    }
}

/// How an item came into the selection.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Why {
    /// Named by id: excluding it would contradict the profile.
    ById,
    /// Brought in by a category or a whole catalogue.
    Broadly,
}

pub fn resolve(input: &Input) -> Result<Document, Diagnostics> {
    let (doc, diags) = resolve_all(input);
    diags.into_result().map(|()| doc)
}

/// The document of what resolves, beside the problems of the rest: what an editor shows of a
/// profile that is being written. Only a profile without problems is rendered.
pub fn resolve_all(input: &Input) -> (Document, Diagnostics) {
    let mut cx = Ctx {
        input,
        suggest: std::cell::OnceCell::new(),
        selection_incomplete: false,
        diags: Diagnostics::default(),
    };
    let selected = select(&mut cx);
    let excluded = exclusions(&mut cx, &selected);
    let in_document = |addr: &Addr| selected.contains_key(addr) && !excluded.contains_key(addr);
    let changes = changes(&mut cx, &in_document, &excluded);
    let own_references = own_items(&mut cx);
    let checklist = checklist(&mut cx, &in_document, &excluded);
    procurement(&mut cx);
    let evaluation = evaluation::check(&mut cx, &in_document, &changes);
    let profile = cx.profile();
    if selected.len() == excluded.len() && profile.own.is_empty() && cx.diags.is_empty() {
        let pos = profile.select.as_ref().and_then(yaml::pos);
        cx.error(
            pos,
            "the selection is empty: no catalogue item and no own item".into(),
            Some("select items, categories or catalogues under `select`".into()),
        );
    }

    let Ctx { diags, .. } = cx;
    let choices = Choices {
        selected,
        excluded,
        changes,
        own_references,
        checklist,
        evaluation,
    };
    (build(input, &choices), diags)
}

/// The items a name in a profile (`1.12`, `jonkoping:1.12`) can mean among the input's
/// catalogues: one, none, or several (an ambiguous bare id), as (catalogue, item) indexes.
pub fn items_named(input: &Input, name: &str) -> Vec<(usize, usize)> {
    let (only, id) = match name.split_once(':') {
        Some((cat, id)) => match input.catalogs.iter().position(|l| l.catalog.id == cat) {
            Some(c) => (Some(c), id),
            None => return Vec::new(),
        },
        None => (None, name),
    };
    (0..input.catalogs.len())
        .filter(|c| only.is_none_or(|o| o == *c))
        .filter_map(|c| input.item_at(c, id).map(|i| (c, i)))
        .collect()
}

/// Item `i` of catalogue `c` as a document shows it when the profile changes nothing about it:
/// how an editor shows an item the profile does not select.
pub fn unchanged_item(input: &Input, (c, i): (usize, usize)) -> Item {
    catalog_item(input, c, &input.catalogs[c].catalog.items[i], None)
}

/// The title and organisation every document names: text a reader can see.
fn procurement(cx: &mut Ctx) {
    /// Where the two fields are, read again only when one of them is blank.
    #[derive(serde::Deserialize)]
    struct Fields {
        procurement: Positions,
    }
    #[derive(serde::Deserialize)]
    struct Positions {
        title: Option<serde_saphyr::Spanned<String>>,
        organisation: Option<serde_saphyr::Spanned<String>>,
    }
    let p = &cx.profile().procurement;
    let blank: Vec<&str> = [("title", &p.title), ("organisation", &p.organisation)]
        .into_iter()
        .filter(|(_, v)| crate::is_blank(v))
        .map(|(k, _)| k)
        .collect();
    if blank.is_empty() {
        return;
    }
    let at = serde_saphyr::from_str::<Fields>(&cx.input.profile.source).ok();
    for field in blank {
        let pos = at.as_ref().and_then(|f| match field {
            "title" => f.procurement.title.as_ref(),
            _ => f.procurement.organisation.as_ref(),
        });
        cx.error(
            pos.and_then(yaml::pos),
            format!("`procurement.{field}` is empty"),
            Some(format!(
                "every document names the procurement's {field}; write it (text of only spaces or invisible characters is empty)"
            )),
        );
    }
}

/// What `select` brings in, and how each item came in.
fn select(cx: &mut Ctx) -> HashMap<Addr, Why> {
    let profile = cx.profile();
    let mut selected: HashMap<Addr, Why> = HashMap::new();
    if let Some(sel) = profile.select.as_ref() {
        let mut seen_catalogs = HashSet::new();
        for s in &sel.value.catalogs {
            match cx.catalogs().position(|c| c.id == s.value) {
                Some(c) if !seen_catalogs.insert(c) => cx.error(
                    yaml::pos(s),
                    format!("duplicate catalogue `{}` in `select.catalogs`", s.value),
                    None,
                ),
                Some(c) => {
                    for i in 0..cx.catalog(c).items.len() {
                        selected.entry((c, i)).or_insert(Why::Broadly);
                    }
                }
                None => {
                    cx.selection_incomplete = true;
                    let ids: Vec<&str> = cx.catalogs().map(|c| c.id.as_str()).collect();
                    let hint = format!("this profile uses: {}", ids.join(", "));
                    cx.error(
                        yaml::pos(s),
                        format!("`select.catalogs` names `{}`, which is not under `catalogs`", s.value),
                        Some(hint),
                    );
                }
            }
        }
        let mut seen_categories = HashSet::new();
        for s in &sel.value.categories {
            let found = cx.find_category(s);
            cx.selection_incomplete |= found.is_none();
            if let Some((c, name)) = found {
                if !seen_categories.insert((c, name.clone())) {
                    cx.error(
                        yaml::pos(s),
                        format!("duplicate category `{}` in `select.categories`", s.value),
                        None,
                    );
                    continue;
                }
                for (i, item) in cx.catalog(c).items.iter().enumerate() {
                    if item.category() == name {
                        selected.entry((c, i)).or_insert(Why::Broadly);
                    }
                }
            }
        }
        let mut seen_ids = HashSet::new();
        for s in &sel.value.items {
            if let Some(addr) = cx.find_item(s) {
                if !seen_ids.insert(addr) {
                    cx.error(
                        yaml::pos(s),
                        format!("duplicate id `{}` in `select.items`", s.value),
                        Some("list each item once".into()),
                    );
                }
                selected.insert(addr, Why::ById);
            }
        }
    }
    selected
}

/// The exclusions, each of an item a broad selection brought in, with its reason.
fn exclusions(cx: &mut Ctx, selected: &HashMap<Addr, Why>) -> HashMap<Addr, String> {
    let profile = cx.profile();
    let mut excluded: HashMap<Addr, String> = HashMap::new();
    for (key, reason) in &profile.exclude.0 {
        let Some(addr) = cx.find_item(key) else { continue };
        match selected.get(&addr) {
            None if cx.selection_incomplete => {}
            None => cx.error(
                yaml::pos(key),
                format!("`{}` is excluded but was not selected", key.value),
                Some("remove it from `exclude`".into()),
            ),
            Some(Why::ById) => cx.error(
                yaml::pos(key),
                format!("`{}` is both selected by id and excluded", key.value),
                Some("remove it from `select.items` or from `exclude`".into()),
            ),
            Some(Why::Broadly) => {
                if crate::is_blank(&reason.value) {
                    cx.error(
                        yaml::pos(reason),
                        format!("the exclusion of `{}` has no reason", key.value),
                        Some("every exclusion needs a reason: `1.1: Regleras i de allmänna villkoren.`".into()),
                    );
                }
                excluded.insert(addr, reason.value.clone());
            }
        }
    }
    excluded
}

/// The changes, each to an item in the document.
fn changes<'a>(
    cx: &mut Ctx<'a>,
    in_document: &impl Fn(&Addr) -> bool,
    excluded: &HashMap<Addr, String>,
) -> HashMap<Addr, &'a ProfileChange> {
    let profile = cx.profile();
    let mut changes: HashMap<Addr, &ProfileChange> = HashMap::new();
    for (key, change) in &profile.changes.0 {
        let Some(addr) = cx.find_item(key) else { continue };
        if cx.outside_document(key, addr, excluded, in_document, "change to", "changes") {
            continue;
        }
        let item = cx.item(addr);
        let ch = &change.value;
        let has_reason = ch.reason.as_deref().is_some_and(|r| !crate::is_blank(r));
        if ch.level.is_none() && ch.text.is_none() && ch.specify.is_none() && ch.allow.0.is_empty() {
            cx.error(
                yaml::pos(key),
                format!("the change to `{}` changes nothing", key.value),
                Some("give `level`, `text`, `specify` or `allow`".into()),
            );
        }
        allows(cx, &format!("`{}`", key.value), &ch.allow);
        if let Some(level) = &ch.level {
            match item.level {
                None => cx.error(
                    yaml::pos(level),
                    format!("`{}` is a {}, which has no level", key.value, kind_name(item.kind)),
                    None,
                ),
                Some(l) if l == level.value => cx.error(
                    yaml::pos(level),
                    format!("`{}` is already {}", key.value, l.as_str()),
                    Some("remove `level`".into()),
                ),
                Some(_) => {}
            }
        }
        for (what, present) in [
            ("level change", ch.level.is_some()),
            ("replaced text", ch.text.is_some()),
        ] {
            if present && !has_reason {
                cx.error(
                    yaml::pos(key),
                    format!("the {what} of `{}` has no reason", key.value),
                    Some("a deviation from the catalogue needs `reason:` saying why".into()),
                );
            }
        }
        for (what, text) in [("text", &ch.text), ("specify", &ch.specify)] {
            if text.as_deref().is_some_and(crate::is_blank) {
                cx.error(
                    yaml::pos(key),
                    format!("`{what}` of the change to `{}` is empty", key.value),
                    None,
                );
            }
        }
        changes.insert(addr, ch);
    }
    changes
}

/// The own items checked; per own item, in profile order, the items it references.
fn own_items(cx: &mut Ctx) -> Vec<Vec<Addr>> {
    let profile = cx.profile();
    let mut own_ids = HashSet::new();
    let mut own_references: Vec<Vec<Addr>> = Vec::new();
    for own in &profile.own {
        let o = &own.value;
        let id = o.id.value.as_str();
        if crate::is_blank(id) || id.contains(':') {
            cx.error(
                yaml::pos(&o.id),
                format!("own id `{id}` is empty or contains `:`"),
                None,
            );
        }
        if let Some(c) = (0..cx.input.catalogs.len()).find(|&c| cx.input.item_at(c, id).is_some()) {
            let cat = cx.catalog(c);
            let hint = "give own items a prefix of your own, e.g. `EGEN-1`".to_string();
            cx.error(
                yaml::pos(&o.id),
                format!("own id `{id}` collides with {} {id}", cat.id),
                Some(hint),
            );
        }
        if !own_ids.insert(id) {
            cx.error(yaml::pos(&o.id), format!("duplicate own id `{id}`"), None);
        }
        match (o.kind, o.level) {
            (Kind::Requirement, None) => cx.error(
                yaml::pos(&o.id),
                format!("own requirement `{id}` has no `level` (Ska or Bör)"),
                None,
            ),
            (k, Some(_)) if k != Kind::Requirement => cx.error(
                yaml::pos(&o.id),
                format!("own item `{id}`: only requirements have a `level`"),
                None,
            ),
            _ => {}
        }
        if crate::is_blank(&o.text) {
            cx.error(yaml::pos(&o.id), format!("own item `{id}` has no text"), None);
        }
        allows(cx, &format!("own item `{id}`"), &o.allow);
        let mut targets = Vec::new();
        for r in &o.references {
            if let Some(addr) = cx.find_item(r) {
                targets.push(addr);
            }
        }
        own_references.push(targets);
    }
    own_references
}

/// An item's `allow:`: each a warning of the procurement rules (`rules::RULES`), with a reason
/// a reader can see.
fn allows(cx: &mut Ctx, item: &str, allow: &Allow) {
    let codes: Vec<&str> = rules::RULES.iter().filter(|r| r.allowable).map(|r| r.code).collect();
    for (code, reason) in &allow.0 {
        match rules::rule(&code.value) {
            Some(r) if r.allowable => {}
            Some(r) => cx.error(
                yaml::pos(code),
                format!("`{}` cannot be accepted: it is {}", r.code, r.summary),
                Some(format!("`allow` accepts warnings: {}", codes.join(", "))),
            ),
            None => cx.error(
                yaml::pos(code),
                format!("unknown warning `{}` in the `allow` of {item}", code.value),
                Some(
                    did_you_mean(&code.value, codes.iter().copied())
                        .unwrap_or_else(|| format!("`allow` accepts: {}", codes.join(", "))),
                ),
            ),
        }
        if reason.value.as_deref().is_none_or(crate::is_blank) {
            cx.error(
                // An empty reason has no place of its own to point at.
                reason.value.as_ref().and(yaml::pos(reason)).or(yaml::pos(code)),
                format!("the `allow` of `{}` for {item} has no reason", code.value),
                Some(format!(
                    "say why the warning does not apply, as for any deviation: `{}: Texten anpassas i avtalet.`",
                    code.value
                )),
            );
        }
    }
}

/// A working checklist: where each question in the document stands.
fn checklist(
    cx: &mut Ctx,
    in_document: &impl Fn(&Addr) -> bool,
    excluded: &HashMap<Addr, String>,
) -> HashMap<Addr, (Status, Option<String>)> {
    let profile = cx.profile();
    let mut checklist: HashMap<Addr, (Status, Option<String>)> = HashMap::new();
    for (key, entry) in &profile.checklist.0 {
        let Some(addr) = cx.find_item(key) else { continue };
        let item = cx.item(addr);
        if item.kind != Kind::Checklist {
            cx.error(
                yaml::pos(key),
                format!(
                    "`{}` is a {}; only checklist questions have a status",
                    key.value,
                    kind_name(item.kind)
                ),
                Some("remove it from `checklist`".into()),
            );
            continue;
        }
        if cx.outside_document(key, addr, excluded, in_document, "status for", "checklist") {
            continue;
        }
        let Some(status) = Status::parse(&entry.status.value) else {
            let names = Status::ALL.map(Status::as_str);
            let hint = did_you_mean(&entry.status.value, names)
                .unwrap_or_else(|| format!("a status is one of: {}", names.join(", ")));
            cx.error(
                yaml::pos(&entry.status),
                format!("unknown status `{}`", entry.status.value),
                Some(hint),
            );
            continue;
        };
        if checklist.insert(addr, (status, entry.note.clone())).is_some() {
            cx.error(
                yaml::pos(key),
                format!("`{}` has a status twice in `checklist`", key.value),
                None,
            );
        }
    }
    checklist
}

/// The profile's choices, checked and resolved to catalogue addresses.
struct Choices<'p> {
    selected: HashMap<Addr, Why>,
    excluded: HashMap<Addr, String>,
    changes: HashMap<Addr, &'p ProfileChange>,
    /// Per own item, in profile order, the items it references.
    own_references: Vec<Vec<Addr>>,
    checklist: HashMap<Addr, (Status, Option<String>)>,
    evaluation: Option<evaluation::Checked>,
}

impl Choices<'_> {
    /// How a requirement is answered and evaluated, when the profile says.
    fn evaluation(&self, target: evaluation::Target) -> Option<ItemEvaluation> {
        self.evaluation.as_ref()?.items.get(&target).cloned()
    }
}

/// Assembles the document once the profile is known to be sound.
fn build(input: &Input, choices: &Choices) -> Document {
    let Choices {
        own_references,
        checklist,
        ..
    } = choices;
    let profile = &input.profile.profile;
    let mut doc = Document {
        audience: crate::audience::Audience::Internal,
        procurement: profile.procurement.clone(),
        catalogs: Vec::new(),
        sections: Vec::new(),
        own: Vec::new(),
        deviations: Vec::new(),
        excluded: Vec::new(),
        unselected: Vec::new(),
        counts: Counts::default(),
        traceability: Vec::new(),
        readiness: None,
        evaluation: choices.evaluation.as_ref().map(|e| e.model.clone()),
    };
    for c in 0..input.catalogs.len() {
        add_catalog(&mut doc, input, choices, c);
    }
    for (n, (own, targets)) in profile.own.iter().zip(own_references).enumerate() {
        let mut item = own_item(input, &own.value, targets);
        item.evaluation = choices.evaluation(evaluation::Target::Own(n));
        doc.own.push(item);
        let id = &own.value.id.value;
        doc.deviations.extend(accepted(id, id, None, &own.value.allow));
    }
    mark_live_references(&mut doc);
    doc.counts = counts(&doc);
    doc.traceability = traceability(&doc);
    doc.readiness = (!checklist.is_empty()).then(|| readiness(&doc));
    doc
}

/// A reference is live when its target is in this document.
fn mark_live_references(doc: &mut Document) {
    let keys: HashSet<String> = doc.items().map(|i| i.key.clone()).collect();
    for item in doc
        .sections
        .iter_mut()
        .flat_map(|s| &mut s.categories)
        .flat_map(|g| &mut g.items)
        .chain(&mut doc.own)
    {
        for r in &mut item.references {
            r.selected = r.key.as_ref().is_some_and(|k| keys.contains(k));
        }
    }
}

/// How many items of each level and kind the document has.
fn counts(doc: &Document) -> Counts {
    let mut counts = Counts::default();
    for item in doc.items() {
        counts.items += 1;
        match item.level {
            Some(Level::Ska) => counts.ska += 1,
            Some(Level::Bor) => counts.bor += 1,
            None => {}
        }
        match item.kind {
            Kind::Requirement => {}
            Kind::Principle => counts.principles += 1,
            Kind::Recommendation => counts.recommendations += 1,
            Kind::Checklist => counts.checklist += 1,
        }
        counts.adapted += usize::from(item.adapted);
        counts.specified += usize::from(item.specification.is_some());
    }
    counts
}

/// Catalogue `c`'s attribution, and its items: the selected ones as a section, the excluded
/// and unselected ones in their lists, each change in the deviation log.
fn add_catalog(doc: &mut Document, input: &Input, choices: &Choices, c: usize) {
    let Choices {
        selected,
        excluded,
        changes,
        checklist,
        ..
    } = choices;
    let cat = &input.catalogs[c].catalog;
    doc.catalogs.push(CatalogInfo {
        id: cat.id.clone(),
        title: cat.title.clone(),
        publisher: cat.publisher.clone(),
        version: cat.version.clone(),
        date: cat.date.clone(),
        source: cat.source.clone(),
        licence: cat.licence.clone(),
        attribution_rule: cat.attribution.rule.clone(),
        attribution: cat.attribution.statement.clone(),
        numbering: cat.numbering,
        inferred: cat.inferred.clone(),
    });
    let mut section = Section {
        catalog: cat.id.clone(),
        title: cat.title.clone(),
        categories: Vec::new(),
    };
    // Each category's items in catalogue order, found in one pass over the items.
    let mut by_category: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, item) in cat.items.iter().enumerate() {
        by_category.entry(item.category()).or_default().push(i);
    }
    for category in &cat.categories {
        let mut group = CategoryGroup {
            name: category.name.clone(),
            description: category.description.clone(),
            items: Vec::new(),
        };
        for &i in by_category.get(category.name.as_str()).into_iter().flatten() {
            let item = &cat.items[i];
            let addr = (c, i);
            let key = crate::document::qualified(&cat.id, item.id());
            if let Some(reason) = excluded.get(&addr) {
                doc.excluded.push(Excluded {
                    key: key.clone(),
                    id: item.id().into(),
                    catalog: cat.id.clone(),
                    level: item.level,
                    summary: item.summary_text().into(),
                    reason: reason.clone(),
                });
                doc.deviations.push(Deviation {
                    key,
                    id: item.id().into(),
                    catalog: Some(cat.id.clone()),
                    change: Change {
                        kind: ChangeKind::Exclusion,
                        from: None,
                        to: None,
                        reason: Some(reason.clone()),
                    },
                });
            } else if selected.contains_key(&addr) {
                let mut resolved = catalog_item(input, c, item, changes.get(&addr).copied());
                resolved.evaluation = choices.evaluation(evaluation::Target::Catalog(addr));
                if item.kind == Kind::Checklist && !checklist.is_empty() {
                    let state = checklist.get(&addr);
                    resolved.checklist = Some(ChecklistState {
                        status: state.map(|s| s.0),
                        note: state.and_then(|s| s.1.clone()),
                    });
                }
                for ch in &resolved.changes {
                    doc.deviations.push(Deviation {
                        key: key.clone(),
                        id: item.id().into(),
                        catalog: Some(cat.id.clone()),
                        change: ch.clone(),
                    });
                }
                if let Some(change) = changes.get(&addr) {
                    doc.deviations
                        .extend(accepted(&key, item.id(), Some(&cat.id), &change.allow));
                }
                group.items.push(resolved);
            } else {
                doc.unselected.push(Unselected {
                    key,
                    id: item.id().into(),
                    catalog: cat.id.clone(),
                    kind: item.kind,
                    category: category.name.clone(),
                    level: item.level,
                    summary: item.summary_text().into(),
                });
            }
        }
        if !group.items.is_empty() {
            section.categories.push(group);
        }
    }
    if !section.categories.is_empty() {
        doc.sections.push(section);
    }
}

/// The deviation log's entries for the warnings an item's `allow:` accepts.
fn accepted<'a>(
    key: &'a str,
    id: &'a str,
    catalog: Option<&'a str>,
    allow: &'a Allow,
) -> impl Iterator<Item = Deviation> + 'a {
    allow.0.iter().map(move |(code, reason)| Deviation {
        key: key.to_owned(),
        id: id.to_owned(),
        catalog: catalog.map(str::to_owned),
        change: Change {
            kind: ChangeKind::Allow,
            from: None,
            to: Some(match rules::rule(&code.value) {
                Some(r) => format!("{}: {}", r.code, r.label),
                None => code.value.clone(),
            }),
            reason: reason.value.clone(),
        },
    })
}

/// An own item as the document shows it; `targets` are the items it references.
fn own_item(input: &Input, o: &crate::profile::OwnItem, targets: &[Addr]) -> Item {
    Item {
        key: o.id.value.clone(),
        id: o.id.value.clone(),
        origin: Origin::Own,
        catalog: None,
        catalog_title: None,
        catalog_version: None,
        kind: o.kind,
        category: o.category.clone().unwrap_or_else(|| OWN_CATEGORY.into()),
        level: o.level,
        level_note: None,
        title: o.title.clone(),
        text: Some(o.text.clone()),
        parts: Vec::new(),
        specification: None,
        adapted: false,
        original_level: None,
        original_text: None,
        changes: Vec::new(),
        specify: None,
        guidance: o.guidance.clone(),
        left_out_when: None,
        motive: None,
        consequence: None,
        description: None,
        examples: None,
        references: targets
            .iter()
            .map(|&(c, i)| {
                let target = &input.catalogs[c].catalog;
                reference(input, None, &target.id, target.items[i].id(), Relation::Relates, None)
            })
            .collect(),
        note: None,
        reason: o.reason.clone(),
        checklist: None,
        evaluation: None,
    }
}

/// For each principle in the document, the requirements and recommendations in it that refer
/// to the principle or that the principle refers to.
fn traceability(doc: &Document) -> Vec<Trace> {
    let refers = |from: &Item, to: &Item| from.references.iter().any(|r| r.key.as_ref() == Some(&to.key));
    doc.items()
        .filter(|p| p.kind == Kind::Principle)
        .map(|p| Trace {
            key: p.key.clone(),
            id: p.id.clone(),
            origin: p.origin,
            catalog: p.catalog.clone(),
            title: p.title.clone(),
            related: doc
                .items()
                .filter(|i| matches!(i.kind, Kind::Requirement | Kind::Recommendation))
                .filter(|i| refers(p, i) || refers(i, p))
                .map(|i| Related {
                    key: i.key.clone(),
                    label: if i.catalog.is_some() && i.catalog != p.catalog {
                        i.key.clone()
                    } else {
                        i.id.clone()
                    },
                    kind: i.kind,
                    origin: i.origin,
                    title: i.title.clone(),
                })
                .collect(),
        })
        .collect()
}

/// Checklist questions by status, per focus area (category) and in total.
fn readiness(doc: &Document) -> Readiness {
    let mut areas: Vec<AreaReadiness> = Vec::new();
    let mut total = StatusCounts::default();
    for section in &doc.sections {
        for group in &section.categories {
            let mut counts = StatusCounts::default();
            for state in group.items.iter().filter_map(|i| i.checklist.as_ref()) {
                counts.add(state.status);
                total.add(state.status);
            }
            if counts.total > 0 {
                areas.push(AreaReadiness {
                    catalog: section.catalog.clone(),
                    area: group.name.clone(),
                    counts,
                });
            }
        }
    }
    Readiness { areas, total }
}

/// A reference from an item of catalogue `from` (`None`: an own item) to item `id` of catalogue
/// `cat_id`, which may be one the profile does not use. The label is the id, qualified when
/// the target is in another catalogue (for own items: when the profile uses several).
fn reference(
    input: &Input,
    from: Option<&str>,
    cat_id: &str,
    id: &str,
    relation: Relation,
    title: Option<&str>,
) -> Reference {
    let target = input
        .catalogs
        .iter()
        .position(|l| l.catalog.id == cat_id)
        .and_then(|c| Some(&input.catalogs[c].catalog.items[input.item_at(c, id)?]));
    let bare = match from {
        Some(own_catalog) => own_catalog == cat_id,
        None => input.catalogs.len() == 1,
    };
    Reference {
        relation,
        key: target.map(|_| format!("{cat_id}:{id}")),
        label: if bare { id.to_owned() } else { format!("{cat_id}:{id}") },
        title: title
            .map(str::to_owned)
            .or_else(|| target.and_then(|t| t.title.clone())),
        selected: false,
    }
}

fn catalog_item(input: &Input, c: usize, item: &CatItem, change: Option<&ProfileChange>) -> Item {
    let cat = &input.catalogs[c].catalog;
    let reason = change.and_then(|ch| ch.reason.clone());
    let mut changes = Vec::new();
    let mut level = item.level;
    let mut text = item.text.clone();
    let mut original_level = None;
    let mut original_text = None;
    let mut specification = None;
    if let Some(ch) = change {
        if let Some(new) = &ch.level {
            original_level = item.level;
            level = Some(new.value);
            changes.push(Change {
                kind: ChangeKind::Level,
                from: item.level.map(|l| l.as_str().into()),
                to: Some(new.value.as_str().into()),
                reason: reason.clone(),
            });
        }
        if let Some(new) = &ch.text {
            original_text = item.text.clone();
            text = Some(new.clone());
            changes.push(Change {
                kind: ChangeKind::Text,
                from: item.text.clone(),
                to: Some(new.clone()),
                reason: reason.clone(),
            });
        }
        if let Some(spec) = &ch.specify {
            specification = Some(spec.clone());
            changes.push(Change {
                kind: ChangeKind::Specification,
                from: None,
                to: Some(spec.clone()),
                reason: reason.clone(),
            });
        }
    }
    let references = item
        .references
        .iter()
        .map(|r| match &r.item {
            Some(target) => {
                let (cat_id, id) = target
                    .value
                    .split_once(':')
                    .unwrap_or((cat.id.as_str(), target.value.as_str()));
                reference(input, Some(&cat.id), cat_id, id, r.relation, r.title.as_deref())
            }
            None => Reference {
                relation: r.relation,
                key: None,
                label: r.external.clone().unwrap_or_default(),
                title: r.title.clone(),
                selected: false,
            },
        })
        .collect();
    Item {
        key: crate::document::qualified(&cat.id, item.id()),
        id: item.id().into(),
        origin: Origin::Catalog,
        catalog: Some(cat.id.clone()),
        catalog_title: Some(cat.title.clone()),
        catalog_version: Some(cat.version.clone()),
        kind: item.kind,
        category: item.category().into(),
        level,
        level_note: item.level_note.clone(),
        title: item.title.clone(),
        text,
        parts: item.parts.clone(),
        specification,
        adapted: original_level.is_some() || original_text.is_some(),
        original_level,
        original_text,
        changes,
        specify: item.specify.clone(),
        guidance: item.guidance.clone(),
        left_out_when: item
            .guidance
            .as_deref()
            .and_then(rules::swedish::left_out_when)
            .map(str::to_owned),
        motive: item.motive.clone(),
        consequence: item.consequence.clone(),
        description: item.description.clone(),
        examples: item.examples.clone(),
        references,
        note: item.note.clone(),
        reason: None,
        checklist: None,
        evaluation: None,
    }
}

pub fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Requirement => "requirement",
        Kind::Principle => "principle",
        Kind::Recommendation => "recommendation",
        Kind::Checklist => "checklist question",
    }
}
