//! The documents the editor has open, and kravkat's reading of them. An open document is read
//! from the editor's text, never from the disk: a profile, and any open catalogue file a
//! profile names, is checked as the user types.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

use lsp_types::Url;

use crate::catalog::{self, Loaded as LoadedCatalog};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::document::Document as Resolved;
use crate::error::{Error, Result};
use crate::load::{self, Builtin, Input};
use crate::lsp::fields::Fields;
use crate::lsp::text::Text;
use crate::yaml::{self, Shape};
use crate::{outputs, profile, resolve};

/// What kravkat makes of an open document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Profile,
    Catalog,
    /// Some other YAML file: the server leaves it alone.
    Other,
}

pub struct Document {
    pub uri: Url,
    pub path: PathBuf,
    pub version: i32,
    pub text: Text,
    pub kind: Kind,
}

/// A profile as far as it resolves: its catalogues, and the document of what resolves.
pub struct Profile {
    pub input: Input,
    pub doc: Arc<Resolved>,
}

pub struct Workspace {
    docs: BTreeMap<Url, Document>,
    /// The built-in catalogues, parsed once: a check per keystroke must not parse them again.
    builtin: Vec<LoadedCatalog>,
    pub fields: Fields,
    /// Counts the changes to any open document; a profile read at one count is current until
    /// the next (an open catalogue file may have changed under it).
    generation: u64,
    /// Per profile, the last reading that loaded, and at which generation: while the user types
    /// a line that does not parse yet, completion still knows the catalogues.
    profiles: RefCell<HashMap<Url, (u64, Rc<Profile>)>>,
}

impl Workspace {
    pub fn new() -> Result<Self> {
        Ok(Workspace {
            docs: BTreeMap::new(),
            builtin: catalog::builtin()?,
            fields: Fields::default(),
            generation: 0,
            profiles: RefCell::default(),
        })
    }

    /// The profile `doc` as it reads now, or as it last read when it does not load now.
    pub fn profile(&self, doc: &Document) -> Option<Rc<Profile>> {
        if doc.kind != Kind::Profile {
            return None;
        }
        self.load(doc)
            .ok()
            .or_else(|| self.profiles.borrow().get(&doc.uri).map(|(_, p)| Rc::clone(p)))
    }

    /// The profile `doc` as it reads now, remembered as its last reading when it loads.
    fn load(&self, doc: &Document) -> Result<Rc<Profile>> {
        if let Some((generation, p)) = self.profiles.borrow().get(&doc.uri)
            && *generation == self.generation
        {
            return Ok(Rc::clone(p));
        }
        let input = self.input(doc)?;
        let (resolved, _) = resolve::resolve_all(&input);
        let p = Rc::new(Profile {
            input,
            doc: Arc::new(resolved),
        });
        let entry = (self.generation, Rc::clone(&p));
        self.profiles.borrow_mut().insert(doc.uri.clone(), entry);
        Ok(p)
    }

    /// A catalogue document as it reads now.
    pub fn catalog(&self, doc: &Document) -> Option<LoadedCatalog> {
        (doc.kind == Kind::Catalog)
            .then(|| self.read_catalog(&doc.path).ok())
            .flatten()
    }

    pub fn builtin(&self) -> &[LoadedCatalog] {
        &self.builtin
    }

    /// Opens or replaces a document. Only `file:` documents are kravkat's: a profile names its
    /// catalogues by paths relative to its own.
    pub fn set(&mut self, uri: Url, version: i32, text: String) {
        let Ok(path) = uri.to_file_path() else { return };
        let doc = Document {
            uri: uri.clone(),
            path,
            version,
            text: Text::new(text),
            kind: Kind::Other,
        };
        self.docs.insert(uri, doc);
        self.generation += 1;
        self.classify();
    }

    pub fn close(&mut self, uri: &Url) {
        self.docs.remove(uri);
        self.profiles.borrow_mut().remove(uri);
        self.generation += 1;
        self.classify();
    }

    /// Something outside the open documents may have changed (a file was saved).
    pub fn touch(&mut self) {
        self.generation += 1;
    }

    pub fn get(&self, uri: &Url) -> Option<&Document> {
        self.docs.get(uri)
    }

    pub fn documents(&self) -> impl Iterator<Item = &Document> {
        self.docs.values()
    }

    /// Decides each document's kind: by its name (`*.kravkat.yaml` is a profile), by being a
    /// catalogue file an open profile names, or by its top-level keys, read as text when the
    /// YAML does not parse yet (a profile with a typo is still a profile).
    fn classify(&mut self) {
        for doc in self.docs.values_mut() {
            doc.kind = own_kind(doc);
        }
        let named: Vec<PathBuf> = self
            .docs
            .values()
            .filter(|d| d.kind == Kind::Profile)
            .filter_map(|d| profile::parse(&d.path, d.text.as_str().to_owned()).ok())
            .flat_map(|p| load::catalog_files(&p))
            .collect();
        for doc in self.docs.values_mut() {
            if named.iter().any(|n| same_file(n, &doc.path)) {
                doc.kind = Kind::Catalog;
            }
        }
    }

    /// The open document that is the file `path`.
    fn open_at(&self, path: &Path) -> Option<&Document> {
        self.docs.values().find(|d| same_file(&d.path, path))
    }

    /// A profile as `kravkat check` loads it, from the editor's text, with its catalogue files
    /// from the editor where they are open.
    pub fn input(&self, doc: &Document) -> Result<Input> {
        let source = crate::editor_text(&doc.path, doc.text.as_str())?;
        let profile = profile::parse(&doc.path, source)?;
        load::with_catalogs_from(profile, Builtin::Parsed(&self.builtin), |path| self.read_catalog(path))
    }

    fn read_catalog(&self, path: &Path) -> Result<LoadedCatalog> {
        match self.open_at(path) {
            Some(open) => {
                let source = crate::editor_text(path, open.text.as_str())?;
                Ok(catalog::from_file_text(path, &source)?)
            }
            None => catalog::load_file(path),
        }
    }

    /// The problems of a document, as `kravkat check` finds them: for a profile, what loading,
    /// resolving and its declared outputs report (its catalogues' problems included, which point
    /// into them), or else the procurement rules' warnings, and the error they are when the
    /// profile denies them; for a catalogue file, what reading it reports.
    pub fn check(&self, doc: &Document) -> Vec<Diagnostic> {
        // As `kravkat check` of this one file would be: a run of its own for the bound on what
        // a run reads, however many documents are open.
        crate::read::new_run();
        let found = match doc.kind {
            Kind::Profile => self.load(doc).and_then(|p| {
                let warnings = outputs::resolve_and_declared(&p.input)?.warnings;
                let denial = warnings.denial(false);
                let mut all = warnings.warnings.0;
                all.extend(denial);
                Ok(all)
            }),
            Kind::Catalog => self.read_catalog(&doc.path).map(|_| Vec::new()),
            Kind::Other => Ok(Vec::new()),
        };
        match found {
            Ok(warnings) => warnings,
            Err(Error::Invalid(Diagnostics(d))) => d,
            Err(Error::Other(e)) => vec![Diagnostic::new(&doc.path, format!("{e:#}"))],
        }
    }
}

fn own_kind(doc: &Document) -> Kind {
    let name = doc.path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name.ends_with(".kravkat.yaml") || name.ends_with(".kravkat.yml") {
        return Kind::Profile;
    }
    let text = doc.text.as_str();
    let shape = yaml::shape(text).or_else(|| yaml::shape_of_keys(top_level_keys(text)));
    match shape {
        Some(Shape::Profile) => Kind::Profile,
        Some(Shape::Catalog) => Kind::Catalog,
        // An empty YAML file is not yet anything: no "the profile is empty" on every new file.
        Some(Shape::Empty) | None => Kind::Other,
    }
}

/// The keys at the start of lines, as written: enough to tell a profile from a catalogue
/// while the YAML has an error.
fn top_level_keys(text: &str) -> impl Iterator<Item = &str> {
    text.lines().filter_map(|line| {
        let (key, _) = line.split_once(':')?;
        let plain = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        plain.then_some(key)
    })
}

/// Whether two paths name the same file: the same after `.` and `..` are worked out, or the
/// same once links are resolved.
pub fn same_file(a: &Path, b: &Path) -> bool {
    lexical(a) == lexical(b) || matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
}

fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}
