//! Write: outputs go to standard output or to files, so that a failed run leaves every output as
//! it was.
//!
//! Files are written in three steps. Every target is checked first ([`inspect`]): it is a regular
//! file or absent, not a folder, not executable, not in version-control metadata, none of the
//! run's inputs and not another output under a second name; a pipe must have a reader. Then each
//! file is written in full to a temporary file beside it and closed (so a thousand outputs need
//! no thousand descriptors). Only when all are written are they renamed into place, and pipes and
//! devices written last. What this can and cannot promise across several files is in the README
//! ("Declared outputs").

use std::ffi::OsString;
use std::fs;
use std::io::{self, Write as _};
use std::path::{Component, Path, PathBuf};

use anyhow::{Context as _, anyhow, bail};

/// Where an output goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target<'a> {
    Stdout,
    File(&'a Path),
}

impl<'a> Target<'a> {
    pub fn from_arg(arg: Option<&'a Path>) -> Self {
        match arg {
            None => Target::Stdout,
            Some(p) if p.as_os_str() == "-" => Target::Stdout,
            Some(p) => Target::File(p),
        }
    }
}

/// Standard output was closed by its reader (`kravkat list | head -1`): the reader has what it
/// wanted, so kravkat ends quietly with exit status 0, as ripgrep does, rather than report an
/// error nobody asked about. `main` looks for it.
#[derive(Debug)]
pub struct StdoutClosed;

impl std::fmt::Display for StdoutClosed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("standard output was closed")
    }
}

impl std::error::Error for StdoutClosed {}

/// Whether `e` is standard output closed by its reader.
pub fn is_stdout_closed(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| cause.is::<StdoutClosed>())
}

pub fn write(target: &Target, bytes: &[u8]) -> anyhow::Result<()> {
    match target {
        Target::Stdout => {
            let mut out = std::io::stdout().lock();
            match out.write_all(bytes).and_then(|()| out.flush()) {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(StdoutClosed.into()),
                result => result.context("writing to standard output"),
            }
        }
        Target::File(path) => write_files(&[(path, bytes)], &[]),
    }
}

/// The folders (and files) where version-control systems keep their metadata. A file written
/// there can become code that runs: a hook, or configuration naming a program. Compared without
/// regard to case, as on the file systems of macOS and Windows.
const VCS_METADATA: &[&str] = &[
    ".git",
    ".hg",
    ".svn",
    ".bzr",
    "_darcs",
    "CVS",
    ".pijul",
    ".jj",
    ".fslckout",
    "_FOSSIL_",
];

/// How kravkat's temporary files end: `bilaga.md.Ab3xZ9.4711.kravkat-tmp` is `bilaga.md` being
/// written by process 4711. A run killed while writing leaves one; the next run that writes to
/// the same folder removes those whose process is gone.
pub const TEMPORARY_SUFFIX: &str = ".kravkat-tmp";

/// Why a path cannot be an output, in the user's terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal(pub String);

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A device and inode: the same file under any name.
type FileId = (u64, u64);

/// An output path, checked.
#[derive(Debug)]
struct Checked {
    /// The file the bytes end up in: links followed, `.` and `..` resolved.
    real: PathBuf,
    /// Set for a file that exists.
    id: Option<FileId>,
    kind: Kind,
}

#[derive(Debug)]
enum Kind {
    /// An existing regular file; it keeps its permissions.
    Replace { mode: u32 },
    /// A new file; `missing` are the folders to create, outermost first.
    New { missing: Vec<PathBuf> },
    /// A pipe or a character device (`/dev/null`, `/dev/stdout`): written to, never replaced.
    Stream,
}

/// Why `path` cannot be an output, if it cannot: the checks [`write_files`] makes of every
/// target before it writes any, for callers that report them with a position (declared outputs).
pub fn refusal(path: &Path) -> Option<Refusal> {
    inspect(path).err()
}

/// Checks every output path as [`write_files`] does, writing nothing: for `--check`, which must
/// fail where a build would.
pub fn check_targets(paths: &[&Path], inputs: &[&Path]) -> anyhow::Result<()> {
    plan(paths, inputs).map(drop)
}

/// Writes several files as nearly together as a file system allows (see the module comment):
/// a full disk, a missing permission or a refused target leaves every one as it was.
///
/// A symbolic link is written through, so it stays a link. A pipe or device cannot be replaced
/// by renaming, which would put a regular file where it was; it is written to after every
/// regular file is in place, and a pipe that no program reads from is refused before anything is
/// written. `inputs` are the files the run read: no output may be one of them.
pub fn write_files(files: &[(&Path, &[u8])], inputs: &[&Path]) -> anyhow::Result<()> {
    let paths: Vec<&Path> = files.iter().map(|(p, _)| *p).collect();
    let checked = plan(&paths, inputs)?;
    let mut streams = Vec::new();
    let mut regular = Vec::new();
    for (&(path, bytes), c) in files.iter().zip(checked) {
        match c.kind {
            Kind::Stream => streams.push((path, open_stream(path)?, bytes)),
            _ => regular.push((path, bytes, c)),
        }
    }
    let mut folders = Folders::default();
    for (path, _, c) in &regular {
        if let Kind::New { missing } = &c.kind {
            folders.create(missing).map_err(|e| cannot_write(path, e))?;
        }
    }
    let mut cleaned = Vec::new();
    for (_, _, c) in &regular {
        let dir = parent(&c.real);
        if !cleaned.contains(&dir) {
            remove_stale_temporaries(dir);
            cleaned.push(dir);
        }
    }
    let mut staged = Vec::new();
    for (path, bytes, c) in &regular {
        let mode = match c.kind {
            Kind::Replace { mode } => Some(mode),
            _ => None,
        };
        match stage(&c.real, bytes, mode) {
            Ok(tmp) => staged.push((tmp, *path, &c.real)),
            Err(e) => {
                drop(staged);
                folders.remove();
                return Err(cannot_write(path, e));
            }
        }
    }
    let mut written: Vec<&Path> = Vec::new();
    let mut staged = staged.into_iter();
    for (tmp, path, real) in staged.by_ref() {
        if let Err(e) = tmp.persist(real) {
            // The temporaries not yet renamed go with the iterator.
            drop(staged);
            if written.is_empty() {
                folders.remove();
                return Err(cannot_write(path, e.error));
            }
            let done: Vec<String> = written.iter().map(|p| format!("`{}`", p.display())).collect();
            return Err(cannot_write(path, e.error).context(format!(
                "{} already written; the others are as they were",
                done.join(", ")
            )));
        }
        written.push(path);
    }
    for (path, mut stream, bytes) in streams {
        stream
            .write_all(bytes)
            .and_then(|()| stream.flush())
            .map_err(|e| cannot_write(path, e))?;
    }
    Ok(())
}

/// Checks every target; then that none is an input and no two are the same file.
fn plan(paths: &[&Path], inputs: &[&Path]) -> anyhow::Result<Vec<Checked>> {
    let inputs = Inputs::new(inputs);
    let mut checked: Vec<Checked> = Vec::with_capacity(paths.len());
    for path in paths {
        let c = inspect(path).map_err(|r| anyhow!("cannot write `{}`: {r}", path.display()))?;
        if let Some(j) = checked.iter().position(|o| same(o, &c)) {
            bail!(
                "`{}` and `{}` are the same file; give each output its own",
                paths[j].display(),
                path.display()
            );
        }
        if let Some(input) = inputs.under(&c) {
            let alias = if input == *path {
                String::new()
            } else {
                format!(" (`{}` is that file)", path.display())
            };
            bail!(
                "refusing to write the output over the input `{}`{alias}",
                input.display()
            );
        }
        checked.push(c);
    }
    Ok(checked)
}

fn same(a: &Checked, b: &Checked) -> bool {
    a.real == b.real || a.id.is_some() && a.id == b.id
}

/// The input that an output at `out` would overwrite, if any.
pub fn which_input<'a>(out: &Path, inputs: &[&'a Path]) -> Option<&'a Path> {
    Inputs::new(inputs).under(&inspect(out).ok()?)
}

/// A run's inputs, each looked up once however many outputs are compared with it (a run of
/// 300 profiles has 300 outputs and 300 inputs): its file and where its path leads.
struct Inputs<'a>(Vec<(&'a Path, Option<FileId>, Option<PathBuf>)>);

impl<'a> Inputs<'a> {
    fn new(inputs: &[&'a Path]) -> Self {
        let look = |input: &'a Path| {
            let id = fs::metadata(input).ok().and_then(|m| file_id(&m));
            (input, id, input.canonicalize().ok())
        };
        Inputs(inputs.iter().copied().map(look).collect())
    }

    /// The input that the output `c` would overwrite.
    fn under(&self, c: &Checked) -> Option<&'a Path> {
        let id = c.id?;
        self.0
            .iter()
            .find(|(_, input, real)| *input == Some(id) || real.as_ref() == Some(&c.real))
            .map(|(path, ..)| *path)
    }
}

/// What `path` is as an output, or why it cannot be one.
fn inspect(path: &Path) -> Result<Checked, Refusal> {
    let absolute = std::path::absolute(path).map_err(|e| Refusal(plain(e).to_string()))?;
    in_vcs_metadata(&absolute)?;
    let (real, id, kind) = match fs::metadata(path) {
        Ok(m) => {
            // `/dev/stdout` leads to a pipe that has no path; it is known by its own.
            let real = path.canonicalize().unwrap_or(absolute);
            (real, file_id(&m), existing(&m)?)
        }
        Err(e) if matches!(e.kind(), io::ErrorKind::NotFound | io::ErrorKind::NotADirectory) => {
            if fs::symlink_metadata(path).is_ok() {
                return Err(Refusal("it is a symbolic link to a file that does not exist".into()));
            }
            let (real, missing) = new_file(path)?;
            (real, None, Kind::New { missing })
        }
        Err(e) => return Err(Refusal(plain(e).to_string())),
    };
    in_vcs_metadata(&real)?;
    Ok(Checked { real, id, kind })
}

/// What an existing file is as an output.
fn existing(m: &fs::Metadata) -> Result<Kind, Refusal> {
    if m.is_dir() {
        return Err(Refusal("it is a folder".into()));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::{FileTypeExt as _, PermissionsExt as _};
        let mode = m.permissions().mode();
        if m.is_file() && mode & 0o111 != 0 {
            return Err(Refusal(
                "it is executable (a program or script), and kravkat writes no file that can run; \
                 choose another file, or remove its execute permission if it really is an appendix"
                    .into(),
            ));
        }
        if m.is_file() {
            return Ok(Kind::Replace { mode });
        }
        let t = m.file_type();
        if t.is_fifo() || t.is_char_device() {
            return Ok(Kind::Stream);
        }
        Err(Refusal(if t.is_block_device() {
            "it is a disk device".into()
        } else {
            "it is a socket".into()
        }))
    }
    #[cfg(not(unix))]
    Ok(if m.is_file() {
        Kind::Replace { mode: 0 }
    } else {
        Kind::Stream
    })
}

/// A file that does not exist yet: where it will be, and the folders missing on the way.
fn new_file(path: &Path) -> Result<(PathBuf, Vec<PathBuf>), Refusal> {
    let name = path.file_name().ok_or_else(|| Refusal("it names no file".into()))?;
    let mut missing = Vec::new();
    let mut dir = parent(path).to_path_buf();
    let base = loop {
        match fs::metadata(&dir) {
            Ok(m) if m.is_dir() => break dir,
            Ok(_) => return Err(Refusal(format!("`{}` is not a folder", dir.display()))),
            Err(e) if matches!(e.kind(), io::ErrorKind::NotFound | io::ErrorKind::NotADirectory) => {
                if fs::symlink_metadata(&dir).is_ok() {
                    return Err(Refusal(format!(
                        "`{}` is a symbolic link to a folder that does not exist",
                        dir.display()
                    )));
                }
                let up = parent(&dir).to_path_buf();
                missing.push(dir);
                dir = up;
            }
            Err(e) => return Err(Refusal(format!("cannot read `{}`: {}", dir.display(), plain(e)))),
        }
    };
    let base = base
        .canonicalize()
        .map_err(|e| Refusal(format!("cannot read `{}`: {}", base.display(), plain(e))))?;
    bare_repository(&base)?;
    missing.reverse();
    let mut real = base;
    for m in &missing {
        real.push(m.file_name().unwrap_or_default());
    }
    real.push(name);
    Ok((real, missing))
}

/// Refuses a path with version-control metadata on the way.
fn in_vcs_metadata(path: &Path) -> Result<(), Refusal> {
    for c in path.components() {
        if let Component::Normal(part) = c
            && let Some(name) = VCS_METADATA.iter().find(|v| part.eq_ignore_ascii_case(v))
        {
            return Err(Refusal(format!(
                "it is inside `{name}`, where version control keeps its metadata and its hooks run; \
                 kravkat writes no file there"
            )));
        }
    }
    // Only an existing folder can be a bare repository.
    match path.parent() {
        Some(p) if p.is_dir() => bare_repository(p),
        _ => Ok(()),
    }
}

/// Refuses a folder inside a git repository's own folder that has another name than `.git` (a
/// bare repository, `project.git`): git knows one by its `HEAD`, `objects` and `refs`.
fn bare_repository(dir: &Path) -> Result<(), Refusal> {
    for d in dir.ancestors() {
        if d.join("HEAD").is_file() && d.join("objects").is_dir() && d.join("refs").is_dir() {
            return Err(Refusal(format!(
                "`{}` is a git repository's metadata, where hooks run; kravkat writes no file there",
                d.display()
            )));
        }
    }
    Ok(())
}

#[cfg(unix)]
fn file_id(m: &fs::Metadata) -> Option<FileId> {
    use std::os::unix::fs::MetadataExt as _;
    Some((m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn file_id(_: &fs::Metadata) -> Option<FileId> {
    None
}

/// The folder a path is in; `.` for a bare name.
fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Folders created for new outputs, removed again when the run fails before anything is written.
#[derive(Default)]
struct Folders(Vec<PathBuf>);

impl Folders {
    fn create(&mut self, missing: &[PathBuf]) -> io::Result<()> {
        for dir in missing {
            match fs::create_dir(dir) {
                Ok(()) => self.0.push(dir.clone()),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && dir.is_dir() => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Innermost first; a folder something else has put a file in since stays.
    fn remove(self) {
        for dir in self.0.iter().rev() {
            let _ = fs::remove_dir(dir);
        }
    }
}

/// Writes `bytes` to a new temporary file beside `real` and closes it. The file gets the mode
/// of the file it replaces (never an execute bit), or 0644 less the umask when it is new.
fn stage(real: &Path, bytes: &[u8], mode: Option<u32>) -> io::Result<tempfile::TempPath> {
    let name = real.file_name().unwrap_or_default();
    // File names are at most 255 bytes; the random part and the suffix need 30.
    let mut prefix: OsString = if name.len() <= 200 {
        name.into()
    } else {
        "kravkat".into()
    };
    prefix.push(".");
    let suffix = format!(".{}{TEMPORARY_SUFFIX}", std::process::id());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(&suffix).rand_bytes(6);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(fs::Permissions::from_mode(0o644));
    }
    let mut tmp = builder.tempfile_in(parent(real))?;
    #[cfg(unix)]
    if let Some(mode) = mode {
        use std::os::unix::fs::PermissionsExt as _;
        tmp.as_file()
            .set_permissions(fs::Permissions::from_mode(mode & 0o666))?;
    }
    #[cfg(not(unix))]
    let _ = mode;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    Ok(tmp.into_temp_path())
}

/// Removes the temporary files an earlier run of kravkat left in `dir` when it was killed:
/// files named exactly as [`stage`] names them whose process is gone.
fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(temporary_pid) else {
            continue;
        };
        if !process_runs(pid) && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The process of a temporary file named `NAME.XXXXXX.PID.kravkat-tmp`.
fn temporary_pid(name: &str) -> Option<u32> {
    let (rest, pid) = name.strip_suffix(TEMPORARY_SUFFIX)?.rsplit_once('.')?;
    let (_, random) = rest.rsplit_once('.')?;
    let random_ok = random.len() == 6 && random.bytes().all(|b| b.is_ascii_alphanumeric());
    let pid_ok = !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit());
    if random_ok && pid_ok { pid.parse().ok() } else { None }
}

/// Whether another process with this id runs (this one's own temporaries are not yet made when
/// the stale ones are removed, so one with its id is an earlier process's).
#[cfg(unix)]
fn process_runs(pid: u32) -> bool {
    if pid == std::process::id() {
        return false;
    }
    let Some(pid) = i32::try_from(pid).ok().and_then(rustix::process::Pid::from_raw) else {
        return false;
    };
    matches!(
        rustix::process::test_kill_process(pid),
        Ok(()) | Err(rustix::io::Errno::PERM)
    )
}

#[cfg(not(unix))]
fn process_runs(_: u32) -> bool {
    true
}

/// Opens a pipe or device for writing. A pipe that no program reads from would block for ever:
/// it is refused at once.
#[cfg(unix)]
fn open_stream(path: &Path) -> anyhow::Result<fs::File> {
    use rustix::fs::OFlags;
    use std::os::unix::fs::OpenOptionsExt as _;
    let file = fs::OpenOptions::new()
        .write(true)
        .custom_flags(OFlags::NONBLOCK.bits() as i32)
        .open(path)
        .map_err(|e| {
            if e.raw_os_error() == Some(rustix::io::Errno::NXIO.raw_os_error()) {
                anyhow!(
                    "cannot write `{}`: it is a pipe that no program reads from",
                    path.display()
                )
            } else {
                cannot_write(path, e)
            }
        })?;
    // Once a reader is there, writing waits for it like any pipe.
    let flags = rustix::fs::fcntl_getfl(&file).map_err(|e| cannot_write(path, e.into()))?;
    rustix::fs::fcntl_setfl(&file, flags - OFlags::NONBLOCK).map_err(|e| cannot_write(path, e.into()))?;
    Ok(file)
}

#[cfg(not(unix))]
fn open_stream(path: &Path) -> anyhow::Result<fs::File> {
    fs::OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(|e| cannot_write(path, e))
}

/// The error of writing `path`, in the words of the system but without the temporary file's
/// name, which says nothing to a user.
fn cannot_write(path: &Path, e: io::Error) -> anyhow::Error {
    anyhow!("cannot write `{}`: {}", path.display(), plain(e))
}

/// An I/O error as the system words it, without any path a library added.
fn plain(e: io::Error) -> io::Error {
    match e.raw_os_error() {
        Some(code) => io::Error::from_raw_os_error(code),
        None => io::Error::from(e.kind()),
    }
}

/// Whether a regular file at `path` holds exactly `bytes`: read as [`read_existing`] reads an
/// output, no further than one byte past their length.
pub fn holds(path: &Path, bytes: &[u8]) -> bool {
    read_existing(path, bytes.len() as u64).is_ok_and(|old| old.as_deref() == Some(bytes))
}

/// The bytes of an existing output, to compare with new ones, or `None` when it has more than
/// `max`. Read as inputs are ([`crate::read::read_one`]): a regular file only, opened without
/// waiting, so a pipe cannot block and a device like /dev/zero cannot run on.
pub fn read_existing(path: &Path, max: u64) -> io::Result<Option<Vec<u8>>> {
    use crate::read::{ReadError, read_one};
    match read_one(path, max) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(ReadError::TooLarge(_)) => Ok(None),
        Err(ReadError::Io(e)) => Err(e),
        Err(e @ (ReadError::NotAFile(_) | ReadError::RunTooLarge)) => {
            Err(io::Error::new(io::ErrorKind::InvalidInput, e.to_string()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn outputs_are_readable_like_any_document() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("new.md");
        write(&Target::File(&p), b"x").unwrap();
        assert_eq!(std::fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o644);
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o660)).unwrap();
        write(&Target::File(&p), b"y").unwrap();
        assert_eq!(
            std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o660,
            "mode kept, whatever the umask"
        );
    }

    #[test]
    fn atomic_write_replaces_the_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.md");
        std::fs::write(&p, "old").unwrap();
        write(&Target::File(&p), b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn links_stay_links_and_pipes_are_written_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target.md");
        let link = dir.path().join("link.md");
        std::fs::write(&target, "old").unwrap();
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write(&Target::File(&link), b"new").unwrap();
        assert!(link.is_symlink(), "the link was replaced by a file");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");

        let fifo = dir.path().join("fifo");
        crate::read::mkfifo(&fifo);
        // No reader: refused at once, not a hang.
        let e = write(&Target::File(&fifo), b"nobody").unwrap_err();
        assert!(format!("{e:#}").contains("a pipe that no program reads from"), "{e:#}");
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read(fifo).unwrap())
        };
        // The reader opens the pipe when its thread gets to it.
        let mut tries = 0;
        while let Err(e) = write(&Target::File(&fifo), b"through the pipe") {
            tries += 1;
            assert!(tries < 500, "{e:#}");
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert_eq!(reader.join().unwrap(), b"through the pipe");
        assert!(
            !std::fs::metadata(&fifo).unwrap().is_file(),
            "the pipe was replaced by a file"
        );
        assert_eq!(
            read_existing(&fifo, 10).unwrap_err().kind(),
            std::io::ErrorKind::InvalidInput
        );
    }

    #[test]
    fn refuses_to_overwrite_an_input_under_any_name() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("profile.yaml");
        std::fs::write(&p, "x").unwrap();
        let other = dir.path().join("other.md");
        let twisted = dir.path().join(".").join("profile.yaml");
        assert!(check_targets(&[&twisted], &[&p]).is_err());
        assert!(check_targets(&[&other], &[&p]).is_ok());
        assert!(check_targets(&[&other, &dir.path().join("./other.md")], &[]).is_err());
    }

    #[test]
    fn temporaries_are_known_by_their_exact_name() {
        assert_eq!(temporary_pid("bilaga.md.Ab3xZ9.4711.kravkat-tmp"), Some(4711));
        assert_eq!(temporary_pid("kravkat.000000.1.kravkat-tmp"), Some(1));
        for other in [
            "bilaga.md",
            "bilaga.md.kravkat-tmp",
            "bilaga.md.Ab3xZ.4711.kravkat-tmp",
            "bilaga.md.Ab3xZ9.47x1.kravkat-tmp",
            "bilaga.md.Ab3xZ9..kravkat-tmp",
            "bilaga.md.Ab3xZ9.4711.kravkat-tmp~",
        ] {
            assert_eq!(temporary_pid(other), None, "{other}");
        }
    }
}
