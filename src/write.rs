//! Write: outputs go to stdout or atomically to a file (temporary file in the same directory,
//! then rename), so a failed run never leaves a half-written appendix behind.

use std::io::Write as _;
use std::path::Path;

use anyhow::{Context as _, bail};

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

/// Refuses to write over one of the run's inputs.
pub fn guard_inputs(out: &Path, inputs: &[&Path]) -> anyhow::Result<()> {
    if let Some(input) = which_input(out, inputs) {
        bail!("refusing to write the output over the input `{}`", input.display());
    }
    Ok(())
}

/// The input that `out` is the same file as, if any.
pub fn which_input<'a>(out: &Path, inputs: &[&'a Path]) -> Option<&'a Path> {
    // A file that does not exist yet is none of the inputs.
    let out_real = out.canonicalize().ok()?;
    inputs
        .iter()
        .find(|input| input.canonicalize().is_ok_and(|i| i == out_real))
        .copied()
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
        Target::File(path) => write_atomic(path, bytes),
    }
}

fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    write_files(&[(path, bytes)])
}

/// Writes several files as nearly together as a file system allows: each is first written in
/// full to a temporary file beside it, and only when all of them are written are they renamed
/// into place, so a full disk or a missing permission leaves every target as it was.
///
/// A symbolic link is written through, so it stays a link. A device or pipe (`/dev/null`, a
/// FIFO) cannot be replaced by renaming, which would put a regular file where the device was;
/// it is written to as a stream, after every regular file is staged.
pub fn write_files(files: &[(&Path, &[u8])]) -> anyhow::Result<()> {
    let mut streams = Vec::new();
    let mut staged = Vec::new();
    for &(path, bytes) in files {
        match std::fs::metadata(path) {
            Ok(m) if !m.is_file() && !m.is_dir() => streams.push((path, bytes)),
            _ => {
                let target = if path.is_symlink() {
                    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
                } else {
                    path.to_path_buf()
                };
                staged.push((stage(&target, bytes)?, target));
            }
        }
    }
    for (tmp, path) in staged {
        tmp.persist(&path)
            .map_err(|e| e.error)
            .with_context(|| format!("cannot write `{}`", path.display()))?;
    }
    for (path, bytes) in streams {
        std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .and_then(|mut f| f.write_all(bytes))
            .with_context(|| format!("cannot write `{}`", path.display()))?;
    }
    Ok(())
}

/// The bytes of an existing output, to compare with new ones. Only a regular file is read: a
/// pipe would block and a device like /dev/zero never end.
pub fn read_existing(path: &Path) -> std::io::Result<Vec<u8>> {
    if std::fs::metadata(path)?.is_file() {
        std::fs::read(path)
    } else {
        Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file",
        ))
    }
}

fn stage(path: &Path, bytes: &[u8]) -> anyhow::Result<tempfile::NamedTempFile> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let context = || format!("cannot write `{}`", path.display());
    let mut builder = tempfile::Builder::new();
    builder.prefix(".kravkat-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        // A temporary file is private (0600), but the output is an ordinary document: it keeps
        // the mode of the file it replaces, or gets 0644 (less the umask) when new.
        let mode = std::fs::metadata(path).map_or(0o644, |m| m.permissions().mode());
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    let mut tmp = builder.tempfile_in(dir).with_context(context)?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .with_context(context)?;
    Ok(tmp)
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
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        write(&Target::File(&p), b"y").unwrap();
        assert_eq!(
            std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o640,
            "mode kept"
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
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read(fifo).unwrap())
        };
        write(&Target::File(&fifo), b"through the pipe").unwrap();
        assert_eq!(reader.join().unwrap(), b"through the pipe");
        assert!(
            !std::fs::metadata(&fifo).unwrap().is_file(),
            "the pipe was replaced by a file"
        );
        assert_eq!(
            read_existing(&fifo).unwrap_err().kind(),
            std::io::ErrorKind::InvalidInput
        );
    }

    #[test]
    fn refuses_to_overwrite_an_input() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("profile.yaml");
        std::fs::write(&p, "x").unwrap();
        assert!(guard_inputs(&p, &[&p]).is_err());
        assert!(guard_inputs(&dir.path().join("other.md"), &[&p]).is_ok());
    }
}
