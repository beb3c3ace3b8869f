//! Reading input files: regular files only, each bounded, and all of one run bounded together.
//!
//! A path in a profile can name anything: a pipe, whose reader waits for ever for a writer;
//! `/dev/zero`, which never ends; a folder. Each is refused before a byte is read. A file is
//! opened without waiting (a pipe that appears between a look and the open cannot block) and
//! looked at through the descriptor opened, so what is read is what was checked.

use std::fmt;
use std::fs::File;
use std::io::{self, Read as _};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

/// Everything one run reads from files, together: profiles, catalogue files, templates and
/// the reference document. Each has its own bound as well; this keeps a run of many profiles,
/// each near the bound of its files, within the memory the README promises.
pub const MAX_RUN_BYTES: u64 = 32 << 20;

/// What the process has read so far: one run is one process.
static READ: AtomicU64 = AtomicU64::new(0);

/// Why an input could not be read.
#[derive(Debug)]
pub enum ReadError {
    Io(io::Error),
    /// Not a regular file: what it is instead.
    NotAFile(&'static str),
    /// More than its own bound (the bytes given).
    TooLarge(u64),
    /// More than [`MAX_RUN_BYTES`] together with what the run read before.
    RunTooLarge,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "{e}"),
            ReadError::NotAFile(what) => write!(f, "it is {what}, not a file"),
            ReadError::TooLarge(max) => write!(f, "the file is larger than {} MiB, the most kravkat reads", max >> 20),
            ReadError::RunTooLarge => write!(
                f,
                "the files of this run are more than {} MiB together, the most kravkat reads in one run",
                MAX_RUN_BYTES >> 20
            ),
        }
    }
}

impl std::error::Error for ReadError {}

/// Starts a new run: what is read from now on is bounded afresh. A command that builds again
/// and again (`serve`, `build --watch`, `lsp`) starts one per build, so its bound is that of
/// one build's reads and not of everything read since it started.
pub fn new_run() {
    READ.store(0, Ordering::Relaxed);
}

/// The bytes of the regular file `path`, at most `max` of them, counted in what the run reads.
pub fn read(path: &Path, max: u64) -> Result<Vec<u8>, ReadError> {
    let bytes = read_one(path, max)?;
    let before = READ.fetch_add(bytes.len() as u64, Ordering::Relaxed);
    if before + bytes.len() as u64 > MAX_RUN_BYTES {
        return Err(ReadError::RunTooLarge);
    }
    Ok(bytes)
}

/// [`read`] for a file that is not counted with the others of the run (an answer sheet).
pub fn read_one(path: &Path, max: u64) -> Result<Vec<u8>, ReadError> {
    let file = open(path).map_err(ReadError::Io)?;
    let m = file.metadata().map_err(ReadError::Io)?;
    if !m.is_file() {
        return Err(ReadError::NotAFile(what(&m)));
    }
    let mut bytes = Vec::new();
    // One byte past the limit tells "too large" apart without trusting the size the file system
    // reports (a file under /proc reports none).
    file.take(max + 1).read_to_end(&mut bytes).map_err(ReadError::Io)?;
    if bytes.len() as u64 > max {
        return Err(ReadError::TooLarge(max));
    }
    Ok(bytes)
}

#[cfg(unix)]
fn open(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt as _;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
        .open(path)
}

#[cfg(not(unix))]
fn open(path: &Path) -> io::Result<File> {
    File::open(path)
}

/// What a file that is not a regular file is, for the message.
fn what(m: &std::fs::Metadata) -> &'static str {
    if m.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        let t = m.file_type();
        if t.is_fifo() {
            return "a pipe";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "a special file"
}

/// Makes a named pipe (FIFO) at `path`, for the tests here and in `write`.
#[cfg(all(test, unix))]
pub(crate) fn mkfifo(path: &Path) {
    assert!(
        std::process::Command::new("mkfifo")
            .arg(path)
            .status()
            .unwrap()
            .success()
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn only_regular_files_are_read_and_none_waits() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        mkfifo(&fifo);
        for (path, what) in [
            (fifo.as_path(), "a pipe"),
            (Path::new("/dev/zero"), "a device"),
            (dir.path(), "a folder"),
        ] {
            let e = read(path, 100).unwrap_err();
            assert_eq!(e.to_string(), format!("it is {what}, not a file"), "{}", path.display());
        }
        let file = dir.path().join("f");
        std::fs::write(&file, "12345").unwrap();
        assert_eq!(read(&file, 5).unwrap(), b"12345");
        assert!(matches!(read(&file, 4), Err(ReadError::TooLarge(4))));
    }
}
