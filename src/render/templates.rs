//! The minijinja templates, embedded in the binary and overridable file by file from a
//! directory (`--templates DIR`), as mdBook does with its theme.
//!
//! A template is a program, and one from a folder may come from anywhere: it runs on bounded
//! fuel, its output is bounded, and it can include only templates of the same folder (or the
//! embedded ones), never another file on the machine.

use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use minijinja::syntax::SyntaxConfig;
use minijinja::{Environment, Error, ErrorKind, UndefinedBehavior};

use crate::document::Document;

/// The embedded templates: (name, text).
pub const EMBEDDED: &[(&str, &str)] = &[
    ("appendix.md", include_str!("../../templates/appendix.md")),
    ("item.md", include_str!("../../templates/item.md")),
    ("appendix.html", include_str!("../../templates/appendix.html")),
    ("item.html", include_str!("../../templates/item.html")),
    ("head.html", include_str!("../../templates/head.html")),
    ("style.css", include_str!("../../templates/style.css")),
    ("evaluation.md", include_str!("../../templates/evaluation.md")),
    ("evaluation.html", include_str!("../../templates/evaluation.html")),
];

/// The largest template file kravkat reads; the embedded ones are a few kilobytes.
pub const MAX_TEMPLATE_BYTES: u64 = 1 << 20;

/// The most a template may write, in bytes: as much as any document may be
/// ([`crate::render::MAX_DOCUMENT_BYTES`]).
const MAX_OUTPUT: usize = super::MAX_DOCUMENT_BYTES as usize;

/// Fuel for one document (minijinja counts about one unit per instruction). The embedded
/// templates need at most 220 units per [`entries`] entry and 25,000 for the rest (measured:
/// the benchmark's catalogues of 100 to 10,000 requirements, both audiences), so a template of
/// one's own may do ten times their work, and one that loops without end stops in seconds, or in
/// about ten times what its document takes to render.
const FUEL_BASE: u64 = 10_000_000;
const FUEL_PER_ENTRY: u64 = 2_000;

/// How much there is in `doc` for a template to go through: its items with their parts,
/// changes and references, and the lists of the working copy.
pub fn entries(doc: &Document) -> usize {
    let items: usize = doc
        .items()
        .map(|i| 1 + i.parts.len() + i.changes.len() + i.references.len())
        .sum();
    let traces: usize = doc.traceability.iter().map(|t| 1 + t.related.len()).sum();
    let categories: usize = doc.sections.iter().map(|s| 1 + s.categories.len()).sum();
    items + traces + categories + doc.catalogs.len() + doc.deviations.len() + doc.excluded.len() + doc.unselected.len()
}

/// Where templates come from: the embedded set, with a directory's files taking precedence.
#[derive(Debug, Clone, Default)]
pub struct Templates {
    dir: Option<PathBuf>,
    /// The files read from `dir`, so that no output is written over one.
    read: Arc<Mutex<Vec<PathBuf>>>,
}

impl Templates {
    pub fn new(dir: Option<&Path>) -> anyhow::Result<Self> {
        if let Some(d) = dir
            && !d.is_dir()
        {
            anyhow::bail!("template directory `{}` does not exist", d.display());
        }
        Ok(Templates {
            dir: dir.map(Path::to_path_buf),
            read: Arc::default(),
        })
    }

    /// The template files read from the directory so far.
    pub fn files_read(&self) -> Vec<PathBuf> {
        self.read.lock().map(|r| r.clone()).unwrap_or_default()
    }

    /// A minijinja environment that finds templates in the override directory first, and runs
    /// them on the fuel a document of so many [`entries`] needs.
    pub fn environment(&self, entries: usize) -> Environment<'static> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_fuel(Some(FUEL_BASE + FUEL_PER_ENTRY * entries as u64));
        let syntax = SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()
            .expect("the default delimiters are valid");
        env.set_syntax(syntax);
        env.add_global(
            "labels",
            minijinja::Value::from(minijinja::value::Serde(&super::labels::LABELS)),
        );
        let dir = self.dir.clone();
        let read = Arc::clone(&self.read);
        env.set_loader(move |name| {
            if let Some(d) = &dir
                && let Some(path) = in_folder(d, name)?
            {
                let text = load(&path)?;
                if let Ok(mut r) = read.lock() {
                    r.push(path);
                }
                return Ok(Some(text));
            }
            Ok(EMBEDDED.iter().find(|(n, _)| *n == name).map(|(_, t)| (*t).to_owned()))
        });
        env
    }

    /// Renders template `name` with `ctx`.
    pub fn render(&self, env: &Environment<'static>, name: &str, ctx: minijinja::Value) -> anyhow::Result<String> {
        let template = env.get_template(name).map_err(|e| failed("loading", name, &e))?;
        let mut out = Bounded(Vec::new());
        template
            .render_captured_to(ctx, &mut out)
            .map_err(|e| failed("rendering", name, &e))?;
        Ok(String::from_utf8(out.0).expect("minijinja writes UTF-8"))
    }
}

/// The file template `name` is in `dir`, if there is one. A name is a path inside the folder: an
/// absolute path, `..` or a link that leads out is refused, not followed.
fn in_folder(dir: &Path, name: &str) -> Result<Option<PathBuf>, Error> {
    let refuse = || {
        Error::new(
            ErrorKind::InvalidOperation,
            format!("template `{name}` is not a file name inside the template directory"),
        )
    };
    if !Path::new(name).components().all(|c| matches!(c, Component::Normal(_))) {
        return Err(refuse());
    }
    let path = dir.join(name);
    if !path.exists() {
        return Ok(None);
    }
    let (Ok(real), Ok(base)) = (path.canonicalize(), dir.canonicalize()) else {
        return Err(refuse());
    };
    if !real.starts_with(&base) {
        return Err(refuse());
    }
    Ok(Some(path))
}

/// A template file's text: a regular file of at most [`MAX_TEMPLATE_BYTES`], UTF-8.
fn load(path: &Path) -> Result<String, Error> {
    let cannot = |why: String| {
        Error::new(
            ErrorKind::InvalidOperation,
            format!("cannot read template `{}`: {why}", path.display()),
        )
    };
    let bytes = crate::read::read(path, MAX_TEMPLATE_BYTES).map_err(|e| cannot(e.to_string()))?;
    String::from_utf8(bytes).map_err(|_| cannot("it is not UTF-8".into()))
}

/// What went wrong in a template, with the template and line where minijinja knows them.
fn failed(doing: &str, name: &str, e: &Error) -> anyhow::Error {
    let at = match (e.name(), e.line()) {
        (Some(n), Some(line)) => format!("`{n}`, line {line}"),
        (Some(n), None) => format!("`{n}`"),
        _ => format!("`{name}`"),
    };
    let what = match e.kind() {
        ErrorKind::OutOfFuel => {
            "the template ran too long (it looped more than any document needs); kravkat stopped it".to_owned()
        }
        ErrorKind::WriteFailure => format!(
            "the template wrote more than {} MiB, the most a document may have",
            MAX_OUTPUT >> 20
        ),
        _ => format!("{e:#}"),
    };
    anyhow::anyhow!("{doing} template {at}: {what}")
}

/// Output that refuses to grow past [`MAX_OUTPUT`].
struct Bounded(Vec<u8>);

impl io::Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.0.len() + buf.len() > MAX_OUTPUT {
            return Err(io::Error::other("the output is too large"));
        }
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(dir: &Path, name: &str) -> anyhow::Result<String> {
        let t = Templates::new(Some(dir)).unwrap();
        let env = t.environment(0);
        t.render(&env, name, minijinja::context! {})
    }

    #[test]
    fn includes_stay_in_the_template_folder() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("mallar");
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(root.path().join("secret.txt"), "hemligt").unwrap();
        std::fs::write(dir.join("own.md"), "egen").unwrap();
        for (name, include) in [
            ("abs.md", format!("{}", root.path().join("secret.txt").display())),
            ("up.md", "../secret.txt".to_owned()),
        ] {
            std::fs::write(dir.join(name), format!("{{% include \"{include}\" %}}")).unwrap();
            let e = format!("{:#}", render(&dir, name).unwrap_err());
            assert!(e.contains("not a file name inside the template directory"), "{e}");
            assert!(!e.contains("hemligt"), "{e}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.path().join("secret.txt"), dir.join("link.md")).unwrap();
            std::fs::write(dir.join("via-link.md"), "{% include \"link.md\" %}").unwrap();
            let e = format!("{:#}", render(&dir, "via-link.md").unwrap_err());
            assert!(e.contains("not a file name inside"), "{e}");
        }
        std::fs::write(dir.join("ok.md"), "{% include \"own.md\" %}+{% include \"own.md\" %}").unwrap();
        assert_eq!(render(&dir, "ok.md").unwrap(), "egen+egen");
    }

    #[test]
    fn a_template_that_loops_without_end_is_stopped_where_it_loops() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("loop.md"),
            "rad ett\n{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}\n",
        )
        .unwrap();
        let e = format!("{:#}", render(dir.path(), "loop.md").unwrap_err());
        assert!(
            e.contains("template `loop.md`, line 2") && e.contains("ran too long"),
            "{e}"
        );
        std::fs::write(
            dir.path().join("big.md"),
            "{% for a in range(100000) %}{{ 'x' * 10000 }}{% endfor %}",
        )
        .unwrap();
        let e = format!("{:#}", render(dir.path(), "big.md").unwrap_err());
        assert!(e.contains("template `big.md`") && e.contains("wrote more than"), "{e}");
    }
}
