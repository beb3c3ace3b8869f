//! The one place kravkat runs git: reading a file as it was at a revision, for
//! `kravkat diff PROFILE --rev REV`.
//!
//! The revision comes from the command line or a CI variable, so it is not trusted: a value that
//! starts with `-` would be an option to git (`--output=FILE` makes `git show` write a file), so
//! it is refused, verified as a commit with `--end-of-options` before it, and only the commit id
//! git answers with is passed on.

use std::io::Read as _;
use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::{Context as _, bail};

/// The bytes of `path` at revision `rev` (`git show COMMIT:./NAME`), at most `max` of them.
pub fn show(path: &Path, rev: &str, max: u64) -> anyhow::Result<Vec<u8>> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .with_context(|| format!("`{}` names no file", path.display()))?;
    let commit = commit(dir, rev)?;
    // `COMMIT:./NAME`, run in the file's folder, is the file's path from the repository root
    // without asking git for that root first (see gitrevisions(7)).
    let spec = format!("{commit}:./{}", name.to_string_lossy());
    let shown = format!("{rev}:./{}", name.to_string_lossy());
    let mut child = git(dir)
        .args(["show", "--end-of-options", &spec])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("cannot run git (is it installed?)")?;
    let mut bytes = Vec::new();
    let stdout = child.stdout.take().expect("stdout is piped");
    stdout
        .take(max + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read `{shown}` from git"))?;
    if bytes.len() as u64 > max {
        // The rest is not wanted; git stops on the closed pipe.
        let _ = child.kill();
        let _ = child.wait();
        bail!("`{shown}` is larger than {} MiB, the most kravkat reads", max >> 20);
    }
    let out = child.wait_with_output().context("cannot run git")?;
    if !out.status.success() {
        bail!(
            "git cannot show `{shown}` in `{}`: {}",
            dir.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(bytes)
}

/// The commit id `rev` names, as `git rev-parse --verify` finds it.
fn commit(dir: &Path, rev: &str) -> anyhow::Result<String> {
    if rev.starts_with('-') || rev.is_empty() {
        bail!("`{rev}` is not a git revision (a revision does not start with `-`)");
    }
    let out = git(dir)
        .args(["rev-parse", "--verify", "--quiet", "--end-of-options"])
        .arg(format!("{rev}^{{commit}}"))
        .stdin(Stdio::null())
        .output()
        .context("cannot run git (is it installed?)")?;
    let id = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    if !out.status.success() || id.is_empty() || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        let why = String::from_utf8_lossy(&out.stderr).trim().to_owned();
        bail!(
            "git cannot show `{rev}` in `{}`: it names no commit{}",
            dir.display(),
            if why.is_empty() {
                String::new()
            } else {
                format!(" ({why})")
            }
        );
    }
    Ok(id)
}

fn git(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.arg("-C").arg(dir);
    cmd
}
