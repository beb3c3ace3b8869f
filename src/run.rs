//! One run over many profiles, as CI checks a repository of them: each catalogue is read and
//! parsed once however many profiles name it, its problems are reported once, and the
//! profiles are worked on the machine's cores with their results taken in the order given.

use std::collections::HashMap;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};

use anyhow::anyhow;
use rayon::prelude::*;

use crate::catalog::{self, Catalog, Loaded, Origin};
use crate::diagnostic::Diagnostics;
use crate::error::{Error, Result};
use crate::load::{self, Builtin, Input};
use crate::profile::{self, Loaded as LoadedProfile};
use crate::yaml::Shape;

/// The catalogues of one run: the built-in ones parsed when first named and kept, the files
/// parsed when first needed and let go when the last profile that names them has them.
#[derive(Default)]
pub struct Catalogs {
    files: Mutex<Files>,
    builtin: Mutex<HashMap<String, Arc<OnceLock<Builtins>>>>,
    ids: OnceLock<Result<Vec<String>, Diagnostics>>,
}

type Builtins = Result<Vec<Loaded>, Diagnostics>;

/// The catalogue files named so far, by the path a profile gives (from the current folder)
/// and by the file that path leads to, so that `a/../k.yaml` and `k.yaml` are one.
#[derive(Default)]
struct Files {
    named: HashMap<PathBuf, Arc<File>>,
    real: HashMap<PathBuf, Arc<File>>,
}

/// One catalogue file.
struct File {
    /// The path as the first profile to name it gives it: its problems are told under this name.
    named: PathBuf,
    /// That profile's place in the run: its problems are reported with that profile only.
    user: usize,
    state: Mutex<State>,
}

enum State {
    Read {
        bytes: Result<Vec<u8>, Failure>,
        uses: usize,
    },
    Parsed {
        // Boxed: a catalogue is large beside the other states.
        catalog: Result<Box<Catalog>, Failure>,
        uses: usize,
    },
    /// Every profile that was to use it has it.
    Gone,
}

/// Why a catalogue file cannot be used, kept to tell each profile that names it.
#[derive(Clone)]
enum Failure {
    /// Its problems, reported with the first profile that names it.
    Invalid(Diagnostics),
    /// It cannot be read: told at each profile's entry.
    Other(String),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        match e {
            Error::Invalid(d) => Failure::Invalid(d),
            Error::Other(e) => Failure::Other(format!("{e:#}")),
        }
    }
}

/// A lock, also after another thread panicked holding it (the panic is reported by itself).
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Catalogs {
    /// Notes the catalogue files profile `user` names, reading those not named before.
    pub fn register(&self, user: usize, profile: &LoadedProfile) {
        for path in load::catalog_files(profile) {
            self.add(user, &path);
        }
    }

    fn add(&self, user: usize, path: &Path) -> Arc<File> {
        let mut files = lock(&self.files);
        let real = path.canonicalize().ok();
        let known = files
            .named
            .get(path)
            .or_else(|| real.as_ref().and_then(|r| files.real.get(r)))
            .cloned();
        let file = match known {
            Some(f) => {
                match &mut *lock(&f.state) {
                    State::Read { uses, .. } | State::Parsed { uses, .. } => *uses += 1,
                    // All its users had it: read afresh for this one.
                    gone @ State::Gone => *gone = read(path),
                }
                f
            }
            None => {
                let f = Arc::new(File {
                    named: path.to_path_buf(),
                    user,
                    state: Mutex::new(read(path)),
                });
                if let Some(r) = real {
                    files.real.insert(r, f.clone());
                }
                f
            }
        };
        files.named.insert(path.to_path_buf(), file.clone());
        file
    }

    /// The catalogue file `path`, for profile `user`.
    fn file(&self, user: usize, path: &Path) -> Result<Loaded> {
        let known = lock(&self.files).named.get(path).cloned();
        let file = known.unwrap_or_else(|| self.add(user, path));
        let catalog = file.take();
        match catalog {
            Ok(catalog) => Ok(Loaded {
                catalog,
                origin: Origin::File(path.to_path_buf()),
            }),
            Err(Failure::Invalid(d)) if file.user == user => Err(Error::Invalid(d)),
            Err(Failure::Invalid(_)) => Err(anyhow!(
                "catalogue `{}` is invalid; its problems are reported with the first profile that uses it",
                file.named.display()
            )
            .into()),
            Err(Failure::Other(message)) => Err(anyhow!(message).into()),
        }
    }

    /// The versions of built-in catalogue `id`, oldest first.
    pub fn builtin_versions(&self, id: &str) -> Builtins {
        let slot = lock(&self.builtin).entry(id.to_owned()).or_default().clone();
        slot.get_or_init(|| catalog::builtin_versions(id)).clone()
    }

    /// The ids of the built-in catalogues, to suggest one for an unknown id.
    pub fn builtin_ids(&self) -> Result<Vec<String>, Diagnostics> {
        let ids = || catalog::builtin().map(|all| all.into_iter().map(|l| l.catalog.id).collect());
        self.ids.get_or_init(ids).clone()
    }

    /// `profile` (the `user`th of the run) with its catalogues from here.
    pub fn input(&self, user: usize, profile: LoadedProfile) -> Result<Input> {
        load::with_catalogs_from(profile, Builtin::Shared(self), |path| self.file(user, path))
    }
}

fn read(path: &Path) -> State {
    State::Read {
        bytes: crate::read_input(path).map_err(Failure::from),
        uses: 1,
    }
}

impl File {
    /// The parsed catalogue for one of its users: parsed by the first to ask (the others wait
    /// for it), moved out to the last.
    fn take(&self) -> Result<Catalog, Failure> {
        let mut state = lock(&self.state);
        if let State::Read { bytes, uses } = &mut *state {
            let catalog = std::mem::replace(bytes, Err(Failure::Other(String::new()))).and_then(|b| {
                catalog::parse_file(&self.named, &b)
                    .map(Box::new)
                    .map_err(Failure::from)
            });
            *state = State::Parsed { catalog, uses: *uses };
        }
        match std::mem::replace(&mut *state, State::Gone) {
            State::Parsed { catalog, uses } if uses > 1 => {
                let given = catalog.clone().map(|c| *c);
                *state = State::Parsed {
                    catalog,
                    uses: uses - 1,
                };
                given
            }
            State::Parsed { catalog, .. } => catalog.map(|c| *c),
            // Taken more often than registered: only by a caller that did not register.
            State::Read { .. } | State::Gone => catalog::load_file(&self.named)
                .map(|l| l.catalog)
                .map_err(Failure::from),
        }
    }
}

/// A profile as read: the bytes of a file, or standard input (`-`), read and parsed at once.
enum Read {
    Bytes(Vec<u8>),
    Parsed(Box<LoadedProfile>),
}

/// The profiles of one run, read and parsed, their catalogue files registered.
pub struct Run<'a> {
    paths: &'a [PathBuf],
    profiles: Vec<Result<LoadedProfile>>,
    catalogs: Catalogs,
}

impl<'a> Run<'a> {
    /// Reads the profiles one after the other, so that what the run reads is counted in the same
    /// order every time (its bound names the same file), and parses them on all cores.
    pub fn new(paths: &'a [PathBuf]) -> Self {
        let read: Vec<Result<Read>> = paths
            .iter()
            .map(|p| match p.as_os_str() == "-" {
                true => profile::load(p).map(|p| Read::Parsed(Box::new(p))),
                false => crate::read_input(p).map(Read::Bytes),
            })
            .collect();
        let profiles = in_order(read.into_iter().zip(paths).collect(), |(read, path)| match read? {
            Read::Bytes(b) => crate::parse_input(path, &b, Shape::Profile, |s| profile::parse(path, s)),
            Read::Parsed(p) => Ok(*p),
        });
        let catalogs = Catalogs::default();
        for (user, p) in profiles.iter().enumerate() {
            if let Ok(p) = p {
                catalogs.register(user, p);
            }
        }
        Run {
            paths,
            profiles,
            catalogs,
        }
    }

    /// Gives each profile with its catalogues to `work`, on all cores, and each result to
    /// `take` in the order of the paths. When `take` breaks, the profiles not yet started are
    /// left alone (a few after the one it broke at may have been worked on, and are dropped).
    pub fn each<R: Send>(
        self,
        work: impl Fn(&Path, Result<Input>) -> R + Sync,
        mut take: impl FnMut(R) -> ControlFlow<()>,
    ) {
        let Run {
            paths,
            profiles,
            catalogs,
        } = self;
        // A few profiles per core at a time: enough to keep the cores busy, few enough that
        // little is done past a profile that stops the run.
        let batch = 4 * rayon::current_num_threads().max(1);
        let mut queue = profiles.into_iter().zip(paths).enumerate();
        loop {
            let next: Vec<_> = queue.by_ref().take(batch).collect();
            if next.is_empty() {
                return;
            }
            let done = in_order(next, |(user, (profile, path))| {
                work(path, profile.and_then(|p| catalogs.input(user, p)))
            });
            for r in done {
                if take(r).is_break() {
                    return;
                }
            }
        }
    }
}

/// `f` of each item, the results in the items' order: on all cores when there are several (for
/// one, starting the threads would cost more than it saves).
fn in_order<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync + Send) -> Vec<R> {
    if items.len() < 2 {
        items.into_iter().map(f).collect()
    } else {
        items.into_par_iter().map(f).collect()
    }
}
