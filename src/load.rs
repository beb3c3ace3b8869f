//! Load: a profile file and the catalogues it names, read and typed with their source
//! positions. Everything touching the file system before `resolve` happens here.

use std::path::Path;

use crate::catalog::{self, Loaded as LoadedCatalog};
use crate::diagnostic::{Diagnostic, Diagnostics, did_you_mean};
use crate::error::Error;
use crate::profile::{self, Loaded as LoadedProfile};
use crate::yaml;

/// A profile with its catalogues, in the order the profile lists them.
pub struct Input {
    pub profile: LoadedProfile,
    pub catalogs: Vec<LoadedCatalog>,
}

impl Input {
    /// The files this input was read from: the profile and its catalogue files. No output may
    /// be written over one of them.
    pub fn files(&self) -> Vec<&Path> {
        let mut files = vec![self.profile.path.as_path()];
        files.extend(self.catalogs.iter().filter_map(|c| match &c.origin {
            catalog::Origin::File(p) => Some(p.as_path()),
            catalog::Origin::Builtin(_) => None,
        }));
        files
    }
}

pub fn load(path: &Path) -> crate::error::Result<Input> {
    with_catalogs(profile::load(path)?)
}

/// Adds to a profile the catalogues it names.
pub fn with_catalogs(profile: LoadedProfile) -> crate::error::Result<Input> {
    let catalogs = catalogs_for(&profile)?;
    Ok(Input { profile, catalogs })
}

/// Only the built-in catalogues the profile names are parsed; all of them only to suggest an id
/// for one that is unknown.
fn catalogs_for(p: &LoadedProfile) -> Result<Vec<LoadedCatalog>, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut out: Vec<LoadedCatalog> = Vec::new();
    let here = |pos| Diagnostic::new(&p.path, "").at(&p.source, pos);
    if p.profile.catalogs.is_empty() {
        diags.push(
            Diagnostic::new(&p.path, "the profile uses no catalogue")
                .hint("add `catalogs: [{ id: jonkoping, version: \"1.0\" }]`; `kravkat list` shows the built-in ones"),
        );
    }
    for entry in &p.profile.catalogs {
        let u = &entry.value;
        let at = yaml::pos(entry);
        let loaded = match (&u.id, &u.path) {
            (_, Some(rel)) => {
                let file = p.path.parent().unwrap_or(Path::new("")).join(&rel.value);
                match catalog::load_file(&file) {
                    Ok(l) => Some(l),
                    Err(Error::Invalid(e)) => {
                        diags.0.extend(e.0);
                        None
                    }
                    Err(Error::Other(e)) => {
                        let mut d = here(yaml::pos(rel));
                        d.message = format!("{e:#}");
                        diags.push(d);
                        None
                    }
                }
            }
            (Some(id), None) => {
                let found = catalog::builtin_versions(&id.value)?;
                let versions: Vec<&LoadedCatalog> = found.iter().collect();
                if versions.is_empty() {
                    let builtin = catalog::builtin()?;
                    let mut d = here(yaml::pos(id));
                    d.message = format!("unknown catalogue `{}`", id.value);
                    let known: Vec<&str> = builtin.iter().map(|b| b.catalog.id.as_str()).collect();
                    d.hint = Some(did_you_mean(&id.value, known.iter().copied()).unwrap_or_else(|| {
                        format!(
                            "built-in catalogues: {}; or give `path:` to a catalogue file",
                            known.join(", ")
                        )
                    }));
                    diags.push(d);
                    None
                } else {
                    let available = versions
                        .iter()
                        .map(|v| format!("\"{}\"", v.catalog.version))
                        .collect::<Vec<_>>()
                        .join(", ");
                    match &u.version {
                        None => {
                            let mut d = here(at);
                            d.message = format!("catalogue `{}` has no pinned version", id.value);
                            d.hint = Some(format!(
                                "pin one so the appendix cannot change under you: `version: {available}`"
                            ));
                            diags.push(d);
                            None
                        }
                        Some(v) => match versions.iter().find(|b| b.catalog.version == v.value) {
                            Some(b) => Some((*b).clone()),
                            None => {
                                let mut d = here(yaml::pos(v));
                                d.message = format!("catalogue `{}` has no version `{}`", id.value, v.value);
                                d.hint = Some(format!("available: {available}"));
                                diags.push(d);
                                None
                            }
                        },
                    }
                }
            }
            (None, None) => {
                let mut d = here(at);
                d.message = "a catalogue entry needs `id` (with `version`) or `path`".into();
                diags.push(d);
                None
            }
        };
        let Some(loaded) = loaded else { continue };
        // A path entry may also state what it expects the file to be.
        for (field, want, have) in [
            ("id", &u.id, &loaded.catalog.id),
            ("version", &u.version, &loaded.catalog.version),
        ] {
            if let Some(want) = want
                && want.value != *have
            {
                let mut d = here(yaml::pos(want));
                d.message = format!("the catalogue file has {field} `{have}`, not `{}`", want.value);
                diags.push(d);
            }
        }
        if out.iter().any(|o| o.catalog.id == loaded.catalog.id) {
            let mut d = here(at);
            d.message = format!("catalogue `{}` is listed twice", loaded.catalog.id);
            diags.push(d);
            continue;
        }
        out.push(loaded);
    }
    diags.into_result().map(|()| out)
}
