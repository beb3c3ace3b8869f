//! The minijinja templates, embedded in the binary and overridable file by file from a
//! directory (`--templates DIR`), as mdBook does with its theme.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use minijinja::syntax::SyntaxConfig;
use minijinja::{Environment, Error, ErrorKind, UndefinedBehavior};

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

/// Where templates come from: the embedded set, with a directory's files taking precedence.
#[derive(Debug, Clone, Default)]
pub struct Templates {
    dir: Option<PathBuf>,
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
        })
    }

    /// A minijinja environment that finds templates in the override directory first.
    pub fn environment(&self) -> Environment<'static> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        let syntax = SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()
            .expect("the default delimiters are valid");
        env.set_syntax(syntax);
        let dir = self.dir.clone();
        env.set_loader(move |name| {
            if let Some(d) = &dir {
                let path = d.join(name);
                if path.is_file() {
                    return std::fs::read_to_string(&path).map(Some).map_err(|e| {
                        Error::new(
                            ErrorKind::InvalidOperation,
                            format!("cannot read template `{}`", path.display()),
                        )
                        .with_source(e)
                    });
                }
            }
            Ok(EMBEDDED.iter().find(|(n, _)| *n == name).map(|(_, t)| (*t).to_owned()))
        });
        env
    }

    /// Renders template `name` with `ctx`.
    pub fn render(&self, env: &Environment<'static>, name: &str, ctx: minijinja::Value) -> anyhow::Result<String> {
        let template = env
            .get_template(name)
            .with_context(|| format!("loading template `{name}`"))?;
        template
            .render(ctx)
            .map_err(|e| anyhow::anyhow!("rendering template `{name}`: {e:#}"))
    }
}
