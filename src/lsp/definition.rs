//! Go to definition: from an id to the item in its catalogue, from a catalogue's id to the
//! catalogue.
//!
//! A built-in catalogue lives in the binary. It is shown from a copy kravkat writes, read-only,
//! into the user's cache folder (`$XDG_CACHE_HOME/kravkat/VERSION/`, or the platform's cache
//! folder): every editor opens a `file:` location, where a custom URI scheme needs a handler in
//! each client (Neovim 0.7 has none), and a read-only file says that editing it changes nothing.
//! The folder is per kravkat version, as the embedded catalogues are.

use std::path::{Path, PathBuf};

use lsp_types::{Location, Position, Range, Url};

use crate::catalog::{Loaded as LoadedCatalog, Origin};
use crate::lsp::context::{Place, Role};
use crate::lsp::text::Text;
use crate::lsp::workspace::{Document, Kind, Workspace};
use crate::{catalog, resolve, write, yaml};

pub fn definition(ws: &Workspace, doc: &Document, place: &Place) -> Option<Location> {
    let role = place.role(doc.kind);
    match (doc.kind, role) {
        (Kind::Profile, Role::ItemId) => {
            let p = ws.profile(doc)?;
            let &[(c, i)] = resolve::items_named(&p.input, &place.text).as_slice() else {
                return None;
            };
            let l = &p.input.catalogs[c];
            at_item(ws, l, &l.catalog.items[i])
        }
        (Kind::Profile, Role::UsedCatalog | Role::Category) => {
            let p = ws.profile(doc)?;
            let id = match role {
                Role::Category => place.text.split_once(':').map(|(c, _)| c),
                _ => Some(place.text.as_str()),
            };
            let l =
                p.input.catalogs.iter().find(|l| {
                    id.is_none_or(|id| l.catalog.id == id) && (id.is_some() || has_category(l, &place.text))
                })?;
            at_start(ws, l)
        }
        (Kind::Profile, Role::BuiltinCatalog | Role::Version) => {
            let p = ws.profile(doc)?;
            let index = place.path.iter().find_map(|s| match s {
                crate::lsp::context::Step::Index(i) => Some(*i),
                _ => None,
            })?;
            // The entry's position among `catalogs` is the catalogue's among the input's.
            at_start(ws, p.input.catalogs.get(index)?)
        }
        (Kind::Catalog, Role::ItemId) => {
            let this = ws.catalog(doc)?;
            let (cat, id) = place.text.split_once(':').unwrap_or((&this.catalog.id, &place.text));
            let l = if cat == this.catalog.id {
                &this
            } else {
                ws.builtin().iter().rev().find(|l| l.catalog.id == cat)?
            };
            at_item(ws, l, l.catalog.item(id)?)
        }
        _ => None,
    }
}

fn has_category(l: &LoadedCatalog, name: &str) -> bool {
    l.catalog.categories.iter().any(|k| k.name == name)
}

/// The item's id in its catalogue file.
fn at_item(ws: &Workspace, l: &LoadedCatalog, item: &catalog::Item) -> Option<Location> {
    let (uri, text) = file(ws, l)?;
    let start = text.offset_of(yaml::pos(&item.id)?);
    let end = crate::lsp::text::value_end(text.as_str(), start);
    Some(Location::new(uri, text.range(start..end)))
}

fn at_start(ws: &Workspace, l: &LoadedCatalog) -> Option<Location> {
    let (uri, _) = file(ws, l)?;
    Some(Location::new(uri, Range::new(Position::new(0, 0), Position::new(0, 0))))
}

/// The file a catalogue can be shown from, and its text as the editor has it.
fn file(ws: &Workspace, l: &LoadedCatalog) -> Option<(Url, Text)> {
    let path = match &l.origin {
        Origin::File(p) => p.clone(),
        Origin::Builtin(name) => cached(name, &catalog::source(&l.origin).ok()?)?,
    };
    let uri = Url::from_file_path(&path).ok()?;
    let text = match ws.get(&uri) {
        Some(open) => Text::new(open.text.as_str().to_owned()),
        None => Text::new(catalog::source(&Origin::File(path)).ok()?.into_owned()),
    };
    Some((uri, text))
}

/// The read-only copy of built-in catalogue `name` in the cache folder, written when missing or
/// different.
fn cached(name: &str, source: &str) -> Option<PathBuf> {
    let dir = cache_dir()?.join("kravkat").join(env!("CARGO_PKG_VERSION"));
    let path = dir.join(Path::new(name).file_name()?);
    if !write::holds(&path, source.as_bytes()) {
        std::fs::create_dir_all(&dir).ok()?;
        write::write_files(&[(&path, source.as_bytes())], &[]).ok()?;
        let mut permissions = std::fs::metadata(&path).ok()?.permissions();
        permissions.set_readonly(true);
        std::fs::set_permissions(&path, permissions).ok()?;
    }
    Some(path)
}

/// The user's cache folder: `$XDG_CACHE_HOME`, or where the platform keeps caches.
fn cache_dir() -> Option<PathBuf> {
    let env = |name| std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(dir) = env("XDG_CACHE_HOME").filter(|d| d.is_absolute()) {
        return Some(dir);
    }
    if cfg!(windows) {
        return env("LOCALAPPDATA");
    }
    let home = env("HOME")?;
    Some(if cfg!(target_os = "macos") {
        home.join("Library/Caches")
    } else {
        home.join(".cache")
    })
}
