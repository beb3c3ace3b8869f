//! Watching a build's input files, for `kravkat serve` and `kravkat build --watch`: the
//! profiles and the catalogue files they name. The folder of each file is watched rather than
//! the file, because many editors save by writing a new file and renaming it over the old one,
//! which ends a watch on the file itself; events for other files in the folder (the outputs a
//! build writes there among them) are ignored.

use std::collections::BTreeSet;
use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use anyhow::{Context as _, anyhow};
use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use crate::profile;

/// How long a file must be quiet before it counts as saved: one save is several events (a
/// truncation and writes, or a new file and a rename), and rebuilding on the first would read
/// a half-written file.
pub const QUIET: Duration = Duration::from_millis(50);

pub struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    events: Receiver<DebounceEventResult>,
    dirs: BTreeSet<PathBuf>,
    /// The watched files, each as its folder's canonical path joined with its name: the form
    /// the events name them in.
    files: BTreeSet<PathBuf>,
}

impl Watcher {
    pub fn new() -> anyhow::Result<Self> {
        let (tx, events) = channel();
        let debouncer = new_debouncer(QUIET, None, tx).context("cannot watch files for changes")?;
        Ok(Watcher {
            debouncer,
            events,
            dirs: BTreeSet::new(),
            files: BTreeSet::new(),
        })
    }

    /// Watches `files` from now on, and no others. A file whose folder does not exist is left
    /// out; the build that needs it says it is missing.
    pub fn watch(&mut self, files: &[PathBuf]) -> anyhow::Result<()> {
        let keys: BTreeSet<PathBuf> = files.iter().filter_map(|f| key(f)).collect();
        let dirs: BTreeSet<PathBuf> = keys.iter().filter_map(|k| k.parent().map(Path::to_path_buf)).collect();
        for gone in self.dirs.difference(&dirs) {
            // The folder may be gone already, which ends its watch anyway.
            let _ = self.debouncer.unwatch(gone);
        }
        for new in dirs.difference(&self.dirs) {
            self.debouncer
                .watch(new, RecursiveMode::NonRecursive)
                .with_context(|| format!("cannot watch `{}` for changes", new.display()))?;
        }
        self.dirs = dirs;
        self.files = keys;
        Ok(())
    }

    /// Blocks until a watched file has changed, and returns the changed files.
    pub fn wait(&self) -> anyhow::Result<Vec<PathBuf>> {
        loop {
            let events = self
                .events
                .recv()
                .map_err(|_| anyhow!("the file watcher stopped"))?
                .map_err(|errors| match errors.into_iter().next() {
                    Some(e) => anyhow!(e).context("watching files for changes"),
                    None => anyhow!("watching files for changes failed"),
                })?;
            // Reading a file (the build itself does) is an event too, but no change.
            let changed: BTreeSet<PathBuf> = events
                .into_iter()
                .filter(|e| !matches!(e.event.kind, EventKind::Access(_)))
                .flat_map(|e| e.event.paths)
                .filter(|p| self.files.contains(p))
                .collect();
            if !changed.is_empty() {
                return Ok(changed.into_iter().collect());
            }
        }
    }
}

/// `file` as events name it: its folder made canonical (absolute, links resolved), then its
/// name, which need not exist at the moment (an editor may be between deleting and renaming).
fn key(file: &Path) -> Option<PathBuf> {
    let name = file.file_name()?;
    let dir = match file.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    Some(dir.canonicalize().ok()?.join(name))
}

/// The files a build of `profile` reads: the profile and the catalogue files it names. A
/// profile that does not parse yet is watched alone; once it parses, its catalogues are added.
pub fn inputs(profile: &Path) -> Vec<PathBuf> {
    let mut files = vec![profile.to_path_buf()];
    if let Ok(p) = profile::load(profile) {
        files.extend(crate::load::catalog_files(&p));
    }
    files
}

/// Runs `build` now, then again each time one of the inputs of `profiles` is saved (given the
/// changed files), for as long as the watcher works. Each round watches the inputs before it
/// builds, so a save during a build is not missed, and is a run of its own for the bound on
/// what a run reads.
pub fn rebuild_on_change(profiles: &[PathBuf], mut build: impl FnMut(&[PathBuf])) -> anyhow::Result<Infallible> {
    // Standard input is read once, and a save to it never comes.
    if profiles.iter().any(|p| p.as_os_str() == "-") {
        return Err(anyhow!(
            "a profile from standard input (`-`) cannot be watched: give the profile's file"
        ));
    }
    let mut watcher = Watcher::new()?;
    let mut changed = Vec::new();
    loop {
        crate::read::new_run();
        let files: Vec<PathBuf> = profiles.iter().flat_map(|p| inputs(p)).collect();
        watcher.watch(&files)?;
        build(&changed);
        changed = watcher.wait()?;
    }
}
