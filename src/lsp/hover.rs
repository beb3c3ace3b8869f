//! Hover: an id in a profile shows the item as the appendix shows it (the internal copy's
//! `item.md`: level, text, the buyer's specification and adaptations, the catalogue's specify
//! advice and guidance), headed by its catalogue and what the profile does with it. An id in a
//! catalogue file shows what `kravkat show` prints; a field shows what it is for.

use crate::catalog::Loaded as LoadedCatalog;
use crate::cmd::show;
use crate::lsp::context::{Place, Role, Step};
use crate::lsp::workspace::{Document, Kind, Profile, Workspace};
use crate::render::{self, Templates};
use crate::resolve;

/// The Markdown shown for what is at `place` in `doc`.
pub fn hover(ws: &Workspace, doc: &Document, place: &Place) -> Option<String> {
    let role = place.role(doc.kind);
    if role == Role::Field {
        let mut path = place.path.clone();
        path.push(Step::Key(place.text.clone()));
        let schema = match doc.kind {
            Kind::Catalog => crate::schema::Kind::Catalog,
            _ => crate::schema::Kind::Profile,
        };
        return ws
            .fields
            .description(schema, &path)
            .map(|d| format!("**{}**: {d}", place.text));
    }
    match doc.kind {
        Kind::Profile => in_profile(ws, &*ws.profile(doc)?, role, place),
        Kind::Catalog => in_catalog(ws, &ws.catalog(doc)?, role, &place.text),
        Kind::Other => None,
    }
}

fn in_profile(ws: &Workspace, p: &Profile, role: Role, place: &Place) -> Option<String> {
    let name = place.text.as_str();
    match role {
        // The evaluation names own requirements as it names catalogue items.
        Role::ItemId => item(p, name).or_else(|| own(p, name)),
        Role::OwnId => own(p, name),
        Role::Category => category(p, name),
        Role::UsedCatalog => {
            let l = p.input.catalogs.iter().find(|l| l.catalog.id == name)?;
            Some(catalogue(l))
        }
        Role::BuiltinCatalog | Role::Version => {
            let (id, version) = match role {
                Role::Version => (sibling(place, "id")?, Some(name)),
                _ => (name, sibling(place, "version")),
            };
            let versions: Vec<&LoadedCatalog> = ws.builtin().iter().filter(|l| l.catalog.id == id).collect();
            let l = versions
                .iter()
                .find(|l| Some(l.catalog.version.as_str()) == version)
                .or(versions.last())?;
            Some(catalogue(l))
        }
        _ => None,
    }
}

fn own(p: &Profile, id: &str) -> Option<String> {
    let own = p.doc.own.iter().find(|o| o.id == id)?;
    render::markdown::item(&p.doc, own, &Templates::default()).ok()
}

fn sibling<'p>(place: &'p Place, key: &str) -> Option<&'p str> {
    place.siblings.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

/// An item of the profile's catalogues: where it comes from, whether the document has it,
/// and the item as the appendix shows it (unchanged when the profile does not select it).
fn item(p: &Profile, name: &str) -> Option<String> {
    let hits = resolve::items_named(&p.input, name);
    let &[addr] = hits.as_slice() else {
        if hits.len() > 1 {
            let keys: Vec<String> = hits
                .iter()
                .map(|&(c, _)| format!("`{}:{name}`", p.input.catalogs[c].catalog.id))
                .collect();
            return Some(format!(
                "`{name}` is in several catalogues of this profile: {}",
                keys.join(", ")
            ));
        }
        return None;
    };
    let cat = &p.input.catalogs[addr.0].catalog;
    let key = crate::document::qualified(&cat.id, cat.items[addr.1].id());
    let in_doc = p.doc.items().find(|i| i.key == key).cloned();
    let status = match (&in_doc, p.doc.excluded.iter().find(|e| e.key == key)) {
        (Some(i), _) if i.adapted || i.specification.is_some() => "i underlaget, anpassat av profilen".to_owned(),
        (Some(_), _) => "i underlaget".to_owned(),
        (None, Some(e)) => format!("undantaget: {}", e.reason),
        (None, None) => "inte valt".to_owned(),
    };
    let shown = in_doc.unwrap_or_else(|| resolve::unchanged_item(&p.input, addr));
    let body = render::markdown::item(&p.doc, &shown, &Templates::default()).ok()?;
    Some(format!(
        "**{key}** – {} {} – {status}\n\n---\n\n{body}",
        cat.title, cat.version
    ))
}

/// A category: its catalogue, how many items it brings in, its description.
fn category(p: &Profile, name: &str) -> Option<String> {
    let (qualifier, bare) = match name.split_once(':') {
        Some((c, n)) => (Some(c), n),
        None => (None, name),
    };
    let mut out = Vec::new();
    for l in &p.input.catalogs {
        let c = &l.catalog;
        if qualifier.is_some_and(|q| q != c.id) {
            continue;
        }
        let Some(k) = c.categories.iter().find(|k| k.name == bare) else {
            continue;
        };
        let items: Vec<_> = c.items.iter().filter(|i| i.category() == bare).collect();
        let ids: Vec<&str> = items.iter().map(|i| i.id()).collect();
        let mut text = format!(
            "**{}:{bare}** – {} {}: {} ({})",
            c.id,
            c.title,
            c.version,
            ids.len(),
            ids.join(", ")
        );
        if let Some(d) = &k.description {
            text.push_str(&format!("\n\n{d}"));
        }
        out.push(text);
    }
    (!out.is_empty()).then(|| out.join("\n\n---\n\n"))
}

/// A catalogue: title, version, publisher and the attribution the appendix carries.
fn catalogue(l: &LoadedCatalog) -> String {
    let c = &l.catalog;
    let date = c.date.as_deref().map(|d| format!(" ({d})")).unwrap_or_default();
    format!(
        "**{}** {}{date} – {}\n\n{} punkter. {}",
        c.title,
        c.version,
        c.publisher,
        c.items.len(),
        c.attribution.statement
    )
}

/// An id in a catalogue file: the item as `kravkat show` prints it, references resolved among
/// this catalogue and the built-in ones.
fn in_catalog(ws: &Workspace, this: &LoadedCatalog, role: Role, name: &str) -> Option<String> {
    if role != Role::ItemId {
        return None;
    }
    let (cat, id) = name.split_once(':').unwrap_or((&this.catalog.id, name));
    let mut all = vec![this.clone()];
    all.extend(ws.builtin().iter().filter(|l| l.catalog.id != this.catalog.id).cloned());
    // The newest version of a catalogue stands for it: a catalogue file names no version.
    let target = all
        .iter()
        .rev()
        .find(|l| l.catalog.id == cat && l.catalog.item(id).is_some())?;
    Some(format!("```text\n{}```", show::describe(&target.catalog, id, &all)))
}
