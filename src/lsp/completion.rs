//! Completion: item ids with their level and the start of their text (those the document has
//! already marked as such), categories, catalogue ids and versions, field names and the values
//! the schema lists (`Ska`, `Bör` …), for what is at the cursor.

use std::collections::HashSet;

use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionItemLabelDetails, CompletionTextEdit, Documentation, MarkupContent,
    MarkupKind, Range, TextEdit,
};

use crate::catalog::{Catalog, Item as CatItem, Loaded as LoadedCatalog};
use crate::document::Status;
use crate::lsp::context::{Place, Role, Step};
use crate::lsp::workspace::{Document, Kind, Workspace};
use crate::render::labels;

/// One candidate before it becomes the protocol's item.
struct Candidate {
    label: String,
    kind: CompletionItemKind,
    detail: Option<String>,
    /// Shown after the label: "i underlaget" for an item the document has.
    mark: Option<&'static str>,
    doc: Option<String>,
    /// Candidates with a lower rank come first; then catalogue order.
    rank: u8,
    /// What is inserted: the label quoted for ids, with a `:` for a key.
    insert: String,
}

/// The completions at `place`, replacing `range` of the document.
pub fn complete(ws: &Workspace, doc: &Document, place: &Place, range: Range) -> Vec<CompletionItem> {
    let candidates = match doc.kind {
        Kind::Profile => in_profile(ws, doc, place),
        Kind::Catalog => in_catalog(ws, doc, place),
        Kind::Other => Vec::new(),
    };
    let quoted = doc.text.as_str()[place.span.clone()].starts_with(['"', '\'']);
    candidates
        .into_iter()
        .enumerate()
        .map(|(order, c)| CompletionItem {
            label: c.label.clone(),
            label_details: c.mark.map(|m| CompletionItemLabelDetails {
                detail: None,
                description: Some(m.to_owned()),
            }),
            kind: Some(c.kind),
            detail: c.detail,
            documentation: c.doc.map(|value| {
                Documentation::MarkupContent(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value,
                })
            }),
            sort_text: Some(format!("{}{order:05}", c.rank)),
            // What the user typed is matched against what replaces it, opening quote and all.
            filter_text: Some(if quoted { c.insert.clone() } else { c.label.clone() }),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(range, c.insert))),
            ..Default::default()
        })
        .collect()
}

fn in_profile(ws: &Workspace, doc: &Document, place: &Place) -> Vec<Candidate> {
    let role = place.role(Kind::Profile);
    match role {
        Role::Field => fields(ws, crate::schema::Kind::Profile, place),
        Role::Value => values(ws, crate::schema::Kind::Profile, place),
        Role::Status => Status::ALL
            .iter()
            .map(|s| plain(s.as_str(), CompletionItemKind::ENUM_MEMBER, None))
            .collect(),
        Role::BuiltinCatalog => builtin_ids(ws),
        Role::Version => versions(ws, place),
        Role::OwnId => Vec::new(),
        Role::ItemId | Role::Category | Role::UsedCatalog => {
            let Some(p) = ws.profile(doc) else { return Vec::new() };
            let catalogs: Vec<&Catalog> = p.input.catalogs.iter().map(|l| &l.catalog).collect();
            match role {
                Role::ItemId => {
                    let in_doc: HashSet<&str> = p.doc.items().map(|i| i.key.as_str()).collect();
                    // Where an id is selected, what is selected already comes last; where one
                    // is changed, excluded or given a status, it comes first.
                    let selecting = place.path.first() == Some(&Step::Key("select".into()));
                    let rank = |has: bool| u8::from(has == selecting);
                    let mut ids = item_ids(&catalogs, place, |key| {
                        let has = in_doc.contains(key);
                        (rank(has), has.then_some("i underlaget"))
                    });
                    // The evaluation values and describes own requirements too.
                    if place.path.first() == Some(&Step::Key("evaluation".into())) {
                        ids.extend(p.doc.own.iter().map(|o| Candidate {
                            insert: insertion(&o.id, place.key),
                            label: o.id.clone(),
                            kind: CompletionItemKind::REFERENCE,
                            detail: Some(format!(
                                "{} – {}",
                                o.level.map_or("", |l| l.as_str()),
                                crate::one_line(o.text.as_deref().unwrap_or(""), 60)
                            )),
                            mark: Some("eget krav"),
                            doc: o.text.clone(),
                            rank: 0,
                        }));
                    }
                    ids
                }
                Role::Category => {
                    let chosen: HashSet<&str> = p
                        .input
                        .profile
                        .profile
                        .select
                        .iter()
                        .flat_map(|s| &s.value.categories)
                        .map(|c| c.value.as_str())
                        .collect();
                    categories(&catalogs, |name| chosen.contains(name))
                }
                _ => catalogs
                    .iter()
                    .map(|c| quoted(&c.id, CompletionItemKind::MODULE, Some(c.title.clone()), place.key))
                    .collect(),
            }
        }
    }
}

fn in_catalog(ws: &Workspace, doc: &Document, place: &Place) -> Vec<Candidate> {
    match place.role(Kind::Catalog) {
        Role::Field => fields(ws, crate::schema::Kind::Catalog, place),
        Role::Value => values(ws, crate::schema::Kind::Catalog, place),
        Role::ItemId | Role::Category => {
            let Some(this) = ws.catalog(doc) else { return Vec::new() };
            match place.role(Kind::Catalog) {
                Role::ItemId => item_ids(&[&this.catalog], place, |_| (0, None)),
                _ => categories(&[&this.catalog], |_| false),
            }
        }
        _ => Vec::new(),
    }
}

/// The items of `catalogs`: qualified where a bare id would be ambiguous or the user has
/// started to qualify; `status` gives each item's rank and mark by its key.
fn item_ids(
    catalogs: &[&Catalog],
    place: &Place,
    status: impl Fn(&str) -> (u8, Option<&'static str>),
) -> Vec<Candidate> {
    let qualifying = place.text.contains(':');
    let mut out = Vec::new();
    for c in catalogs {
        for item in &c.items {
            let key = crate::document::qualified(&c.id, item.id());
            let ambiguous = catalogs.iter().filter(|o| o.item(item.id()).is_some()).count() > 1;
            let label = if ambiguous || qualifying {
                key.clone()
            } else {
                item.id().to_owned()
            };
            let (rank, mark) = status(&key);
            out.push(Candidate {
                insert: insertion(&label, place.key),
                label,
                kind: CompletionItemKind::REFERENCE,
                detail: Some(summary(item)),
                mark,
                doc: item.text.clone().or_else(|| item.description.clone()),
                rank,
            });
        }
    }
    out
}

/// "Ska – Systemets API ska kunna …": the level (or kind) and the start of the text.
fn summary(item: &CatItem) -> String {
    let what = item
        .level
        .map_or_else(|| labels::kind_noun(item.kind).to_owned(), |l| l.as_str().to_owned());
    format!("{what} – {}", crate::one_line(item.summary_text(), 60))
}

fn categories(catalogs: &[&Catalog], chosen: impl Fn(&str) -> bool) -> Vec<Candidate> {
    let mut out = Vec::new();
    for c in catalogs {
        for k in &c.categories {
            let ambiguous = catalogs
                .iter()
                .filter(|o| o.categories.iter().any(|x| x.name == k.name))
                .count()
                > 1;
            let label = if ambiguous {
                crate::document::qualified(&c.id, &k.name)
            } else {
                k.name.clone()
            };
            let count = c.items.iter().filter(|i| i.category() == k.name).count();
            let has = chosen(&label);
            out.push(Candidate {
                insert: insertion(&label, false),
                label,
                kind: CompletionItemKind::FOLDER,
                detail: Some(format!("{count} punkter – {}", c.title)),
                mark: has.then_some("vald"),
                doc: k.description.clone(),
                rank: u8::from(has),
            });
        }
    }
    out
}

/// The newest version of each built-in catalogue, by id.
fn builtin_ids(ws: &Workspace) -> Vec<Candidate> {
    let mut seen = HashSet::new();
    let newest: Vec<&LoadedCatalog> = ws
        .builtin()
        .iter()
        .rev()
        .filter(|l| seen.insert(l.catalog.id.clone()))
        .collect();
    newest
        .into_iter()
        .rev()
        .map(|l| plain(&l.catalog.id, CompletionItemKind::MODULE, Some(l.catalog.title.clone())))
        .collect()
}

/// The versions of the catalogue the entry names, newest first, quoted (`"1.0"`, not 1.0).
fn versions(ws: &Workspace, place: &Place) -> Vec<Candidate> {
    let id = place.siblings.iter().find(|(k, _)| k == "id").map(|(_, v)| v.as_str());
    let mut out: Vec<Candidate> = ws
        .builtin()
        .iter()
        .filter(|l| Some(l.catalog.id.as_str()) == id)
        .map(|l| {
            let date = l.catalog.date.clone().map(|d| format!("{} – {d}", l.catalog.title));
            quoted(&l.catalog.version, CompletionItemKind::CONSTANT, date, false)
        })
        .collect();
    out.reverse();
    out
}

/// The fields of the mapping the cursor is in, those it has already left out.
fn fields(ws: &Workspace, schema: crate::schema::Kind, place: &Place) -> Vec<Candidate> {
    let present: HashSet<&str> = place.siblings.iter().map(|(k, _)| k.as_str()).collect();
    ws.fields
        .names(schema, &place.path)
        .into_iter()
        .filter(|(name, _)| !present.contains(name.as_str()))
        .map(|(name, description)| Candidate {
            insert: format!("{name}: "),
            label: name,
            kind: CompletionItemKind::FIELD,
            detail: None,
            mark: None,
            doc: description,
            rank: 0,
        })
        .collect()
}

/// The values the schema lists for the field; where a mapping is expected (`- ` begun under
/// `catalogs:`), its field names.
fn values(ws: &Workspace, schema: crate::schema::Kind, place: &Place) -> Vec<Candidate> {
    let values = ws.fields.values(schema, &place.path);
    if values.is_empty() {
        return fields(ws, schema, place);
    }
    values
        .into_iter()
        .map(|(value, description)| plain(&value, CompletionItemKind::ENUM_MEMBER, description))
        .collect()
}

fn plain(label: &str, kind: CompletionItemKind, detail: Option<String>) -> Candidate {
    Candidate {
        label: label.to_owned(),
        kind,
        detail,
        mark: None,
        doc: None,
        rank: 0,
        insert: label.to_owned(),
    }
}

fn quoted(label: &str, kind: CompletionItemKind, detail: Option<String>, key: bool) -> Candidate {
    Candidate {
        insert: insertion(label, key),
        ..plain(label, kind, detail)
    }
}

/// An id as a profile should spell it: quoted, so that YAML never reads `1.10` as a number,
/// and followed by `:` where it is a key.
fn insertion(label: &str, key: bool) -> String {
    let escaped = label.replace('\\', "\\\\").replace('"', "\\\"");
    if key {
        format!("\"{escaped}\":")
    } else {
        format!("\"{escaped}\"")
    }
}
