//! Load: a profile file and the catalogues it names, read and typed with their source
//! positions. Everything touching the file system before `resolve` happens here.

use std::path::{Path, PathBuf};

use crate::catalog::{self, Loaded as LoadedCatalog};
use crate::diagnostic::{Diagnostic, Diagnostics, did_you_mean};
use crate::error::Error;
use crate::profile::{self, Loaded as LoadedProfile};
use crate::{run, yaml};

/// A profile with its catalogues, in the order the profile lists them.
pub struct Input {
    pub profile: LoadedProfile,
    pub catalogs: Vec<LoadedCatalog>,
}

/// More catalogues than a procurement uses; the bound keeps a profile from having kravkat read
/// the same large file thousands of times.
pub const MAX_CATALOGS: usize = 32;

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

    /// The index of item `id` in catalogue `c`.
    pub fn item_at(&self, c: usize, id: &str) -> Option<usize> {
        self.catalogs[c].catalog.items.position(id)
    }
}

/// Where a profile's built-in catalogues come from.
#[derive(Clone, Copy)]
pub enum Builtin<'a> {
    /// Parsed from the binary when a profile of the run first names them: only the catalogues
    /// named, since parsing all of them is most of a small build's time.
    Shared(&'a run::Catalogs),
    /// Already parsed: the property tests and the fuzz targets parse them once for many profiles.
    Parsed(&'a [LoadedCatalog]),
}

impl Builtin<'_> {
    /// The versions of catalogue `id`, oldest first.
    fn versions(self, id: &str) -> Result<Vec<LoadedCatalog>, Diagnostics> {
        match self {
            Builtin::Shared(run) => run.builtin_versions(id),
            Builtin::Parsed(all) => Ok(all.iter().filter(|l| l.catalog.id == id).cloned().collect()),
        }
    }

    /// The ids of all of them, to suggest one for an unknown id.
    fn ids(self) -> Result<Vec<String>, Diagnostics> {
        match self {
            Builtin::Shared(run) => run.builtin_ids(),
            Builtin::Parsed(all) => Ok(all.iter().map(|l| l.catalog.id.clone()).collect()),
        }
    }
}

pub fn load(path: &Path) -> crate::error::Result<Input> {
    with_catalogs(profile::load(path)?)
}

/// Adds to a profile the catalogues it names.
pub fn with_catalogs(profile: LoadedProfile) -> crate::error::Result<Input> {
    run::Catalogs::default().input(0, profile)
}

/// [`with_catalogs`] from the given built-in catalogues, reading `path:` catalogues with
/// `read_catalog`: the run's catalogues for `with_catalogs`, texts in memory for the property
/// tests and the fuzz targets.
pub fn with_catalogs_from(
    profile: LoadedProfile,
    builtin: Builtin,
    read_catalog: impl Fn(&Path) -> crate::error::Result<LoadedCatalog>,
) -> crate::error::Result<Input> {
    let catalogs = catalogs_for(&profile, builtin, read_catalog)?;
    Ok(Input { profile, catalogs })
}

/// The catalogue files a profile names, as paths from the current folder; none when it names
/// more catalogues than it may (then none is read).
pub fn catalog_files(p: &LoadedProfile) -> Vec<PathBuf> {
    if p.profile.catalogs.len() > MAX_CATALOGS {
        return Vec::new();
    }
    p.profile
        .catalogs
        .iter()
        .filter_map(|entry| entry.value.path.as_ref())
        .map(|rel| catalog_file(p, &rel.value))
        .collect()
}

/// Where catalogue file `rel`, named in profile `p`, is: relative to the profile.
fn catalog_file(p: &LoadedProfile, rel: &str) -> PathBuf {
    p.path.parent().unwrap_or(Path::new("")).join(rel)
}

fn catalogs_for(
    p: &LoadedProfile,
    builtin: Builtin,
    read_catalog: impl Fn(&Path) -> crate::error::Result<LoadedCatalog>,
) -> Result<Vec<LoadedCatalog>, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut out: Vec<LoadedCatalog> = Vec::new();
    let here = |pos| Diagnostic::new(&p.path, "").at(&p.source, pos);
    if let Some(entry) = p.profile.catalogs.get(MAX_CATALOGS) {
        let mut d = here(yaml::pos(entry));
        d.message = format!("a profile uses at most {MAX_CATALOGS} catalogues");
        diags.push(d);
        return Err(diags);
    }
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
            (_, Some(rel)) => match read_catalog(&catalog_file(p, &rel.value)) {
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
            },
            (Some(id), None) => {
                let versions = builtin.versions(&id.value)?;
                if versions.is_empty() {
                    let ids = builtin.ids()?;
                    let mut d = here(yaml::pos(id));
                    d.message = format!("unknown catalogue `{}`", id.value);
                    let known: Vec<&str> = ids.iter().map(String::as_str).collect();
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
                        Some(v) => match versions.into_iter().find(|b| b.catalog.version == v.value) {
                            Some(b) => Some(b),
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
