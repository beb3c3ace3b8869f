//! The one place kravkat runs git: reading a file as it was at a revision, for
//! `kravkat diff PROFILE --rev REV`.

use std::path::Path;
use std::process::Command;

use anyhow::{Context as _, bail};

/// The bytes of `path` at revision `rev` (`git show REV:PATH`).
pub fn show(path: &Path, rev: &str) -> anyhow::Result<Vec<u8>> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .with_context(|| format!("`{}` names no file", path.display()))?;
    // `REV:./NAME`, run in the file's folder, is the file's path from the repository root
    // without asking git for that root first (see gitrevisions(7)).
    let spec = format!("{rev}:./{}", name.to_string_lossy());
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["show", &spec])
        .output()
        .context("cannot run git (is it installed?)")?;
    if !out.status.success() {
        bail!(
            "git cannot show `{spec}` in `{}`: {}",
            dir.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(out.stdout)
}
