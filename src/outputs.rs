//! Outputs: the files one `build` produces — those a profile declares under `outputs:`, or the
//! one `-o FILE` names. All are rendered in memory first; only then are they written together
//! or, with `--check`, compared with the files on disk. So a failed render writes nothing, and
//! CI can tell a stale appendix without touching it.

use std::ops::ControlFlow;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use anyhow::anyhow;
use clap::ValueEnum;

use crate::diagnostic::{Diagnostic, Diagnostics, visible};
use crate::document::Document;
use crate::error::{Error, FOUND, Result};
use crate::load::Input;
use crate::render::{self, Audience, Format, Templates};
use crate::report::Reporter;
use crate::run::Run;
use crate::write::{self, Target};
use crate::{resolve, yaml};

/// One output: a file (or standard output) in a format for an audience.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// `None` is standard output.
    pub path: Option<PathBuf>,
    pub format: Format,
    pub audience: Audience,
}

/// What the command line asks `build` for.
pub struct Request<'a> {
    pub profiles: &'a [PathBuf],
    pub format: Option<Format>,
    pub output: Option<&'a Path>,
    pub audience: Option<Audience>,
    pub templates: &'a Templates,
    /// The reference document and date for DOCX outputs.
    pub docx: &'a render::docx::Options,
    /// The file the reference document was read from (`--reference-docx`), if one was given.
    pub reference: Option<&'a Path>,
    /// Compare with the files on disk instead of writing.
    pub check: bool,
}

impl Request<'_> {
    /// `-f`, `-o` or `-a` ask for one output, whatever the profile declares.
    fn single(&self) -> bool {
        self.format.is_some() || self.output.is_some() || self.audience.is_some()
    }
}

/// An output rendered in memory, with the command that regenerates it.
struct Rendered {
    output: Output,
    bytes: Vec<u8>,
    rebuild: String,
}

/// `kravkat build`: renders every requested output of every profile, then writes or checks them.
pub fn build(req: &Request, reporter: &Reporter) -> Result<u8> {
    let mut rendered: Vec<Rendered> = Vec::new();
    let mut inputs: Vec<PathBuf> = req.reference.iter().map(|p| p.to_path_buf()).collect();
    let mut problems = Diagnostics::default();
    let mut fatal = None;
    let mut held = 0;
    Run::new(req.profiles).each(
        |profile, input| render_profile(req, profile, input),
        |built| match take(built, &mut held, &mut inputs, &mut rendered) {
            Ok(()) => ControlFlow::Continue(()),
            Err(Error::Invalid(d)) => {
                problems.0.extend(d.0);
                ControlFlow::Continue(())
            }
            Err(e) => {
                fatal = Some(e);
                ControlFlow::Break(())
            }
        },
    );
    if let Some(e) = fatal {
        return Err(e);
    }
    problems.into_result()?;
    inputs.extend(req.templates.files_read());
    let inputs: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
    let paths: Vec<&Path> = rendered.iter().filter_map(|r| r.output.path.as_deref()).collect();
    write::check_targets(&paths, &inputs)?;
    if req.check {
        return check(&rendered, reporter);
    }
    write_all(&rendered, &inputs, reporter)?;
    Ok(0)
}

/// All the documents of one run together: they are held in memory until every one rendered.
pub const MAX_RUN_OUTPUT: u64 = 2 * render::MAX_DOCUMENT_BYTES;

/// What one profile of a `build` came to: the files it read and its outputs rendered in order,
/// up to the first that failed (`failed`) or that brought them past [`MAX_RUN_OUTPUT`].
struct Built {
    inputs: Vec<PathBuf>,
    rendered: Vec<Rendered>,
    failed: Option<Error>,
}

/// Adds a profile's outputs to those of the profiles before it, in order, as long as they stay
/// within [`MAX_RUN_OUTPUT`] together; then its failure, if it had one.
fn take(built: Result<Built>, held: &mut u64, inputs: &mut Vec<PathBuf>, rendered: &mut Vec<Rendered>) -> Result<()> {
    let built = built?;
    inputs.extend(built.inputs);
    for r in built.rendered {
        *held += r.bytes.len() as u64;
        if *held > MAX_RUN_OUTPUT {
            return Err(anyhow!(
                "cannot render {}: the documents of this run would be more than {} MiB together, the most \
                 kravkat holds to write at once; build the profiles one at a time, or declare fewer outputs",
                shown(&r.output),
                MAX_RUN_OUTPUT >> 20
            )
            .into());
        }
        rendered.push(r);
    }
    built.failed.map_or(Ok(()), Err)
}

/// An output as messages name it.
fn shown(output: &Output) -> String {
    output
        .path
        .as_ref()
        .map_or_else(|| "standard output".to_owned(), |p| format!("`{}`", p.display()))
}

/// Renders the outputs `profile` asks for.
fn render_profile(req: &Request, profile: &Path, input: Result<Input>) -> Result<Built> {
    let input = input?;
    let (doc, declared) = resolve_and_declared(&input)?;
    let inputs = input.files().into_iter().map(Path::to_path_buf).collect();
    let doc = Arc::new(doc);
    let rebuild;
    let wanted = if req.single() || declared.is_empty() {
        if req.profiles.len() > 1 {
            let why = if req.single() {
                "`-f`, `-o` and `-a` are for one profile".to_owned()
            } else {
                format!("`{}` declares no `outputs`", profile.display())
            };
            return Err(anyhow!("{why}; to build several profiles at once, declare `outputs` in each").into());
        }
        let output = single(req)?;
        let mut cmd = format!("kravkat build {}", profile.display());
        for (flag, value) in [
            ("-f", req.format.map(name)),
            ("-a", req.audience.map(name)),
            ("-o", output.path.as_ref().map(|p| p.display().to_string())),
        ] {
            if let Some(v) = value {
                cmd.push_str(&format!(" {flag} {v}"));
            }
        }
        rebuild = cmd;
        vec![output]
    } else {
        rebuild = format!("kravkat build {}", profile.display());
        declared
    };
    // The command reads the profile from standard input again: say from where.
    let rebuild = if profile == Path::new("-") {
        format!("{rebuild} < PROFILE")
    } else {
        rebuild
    };
    // Rendering reads only the document: the parsed catalogues go first, so a large catalogue
    // is not held in memory beside the rendered output.
    drop(input);
    let mut built = Built {
        inputs,
        rendered: Vec::new(),
        failed: None,
    };
    let mut held = 0;
    for output in wanted {
        let bytes = match render::render(&doc, output.format, output.audience, req.templates, req.docx) {
            Ok(bytes) => bytes,
            Err(e) => {
                built.failed = Some(e.context(format!("cannot render {}", shown(&output))).into());
                break;
            }
        };
        held += bytes.len() as u64;
        built.rendered.push(Rendered {
            output,
            bytes,
            rebuild: rebuild.clone(),
        });
        // Past the bound on its own: `take` refuses the run at this output at the latest.
        if held > MAX_RUN_OUTPUT {
            break;
        }
    }
    Ok(built)
}

/// The one output `-f`, `-o` and `-a` ask for. Without `-f` the format is the one `-o`'s
/// extension names, as for declared outputs; standard output gets Markdown.
fn single(req: &Request) -> Result<Output> {
    let target = Target::from_arg(req.output);
    let path = match target {
        Target::Stdout if req.check => {
            return Err(
                anyhow!("`--check` compares with files: give `-o FILE` or declare `outputs` in the profile").into(),
            );
        }
        Target::Stdout => None,
        Target::File(p) => Some(p),
    };
    let by_name = path.and_then(by_extension);
    let format = match (req.format, path) {
        (Some(f), Some(p)) => match by_name {
            Some(named) if named != f => {
                return Err(anyhow!(
                    "`-f {}` contradicts the extension of `{}`, which names {}; give one or make them agree",
                    name(f),
                    p.display(),
                    name(named)
                )
                .into());
            }
            _ => f,
        },
        (Some(f), None) => f,
        (None, Some(p)) => by_name.ok_or_else(|| {
            anyhow!(
                "the extension of `{}` names no format; give `-f` ({})",
                p.display(),
                names::<Format>()
            )
        })?,
        (None, None) => Format::Md,
    };
    if req.reference.is_some() && format != Format::Docx {
        return Err(anyhow!("--reference-docx is for DOCX outputs; this one is {}", name(format)).into());
    }
    binary_needs_a_file(format, req.output)?;
    Ok(Output {
        path: path.map(Path::to_path_buf),
        format,
        audience: req.audience.unwrap_or(Audience::Tender),
    })
}

/// A binary format goes to a file, or to standard output only when asked with `-o -`: never
/// to a terminal by default.
pub fn binary_needs_a_file(format: Format, output: Option<&Path>) -> anyhow::Result<()> {
    if format.is_binary() && output.is_none() {
        let name = format.extension().to_uppercase();
        return Err(anyhow!(
            "{name} is binary: give -o FILE (or `-o -` for standard output)"
        ));
    }
    Ok(())
}

/// The document and the declared outputs of a profile, with the problems of both reported
/// together.
pub fn resolve_and_declared(input: &Input) -> Result<(Document, Vec<Output>), Diagnostics> {
    match (resolve::resolve(input), declared(input)) {
        (Ok(doc), Ok(outputs)) => Ok((doc, outputs)),
        (doc, outputs) => {
            let mut all = Diagnostics::default();
            all.0.extend(doc.err().into_iter().flat_map(|d| d.0));
            all.0.extend(outputs.err().into_iter().flat_map(|d| d.0));
            Err(all)
        }
    }
}

/// The outputs a profile declares, each checked: a path inside the profile's folder that is not
/// one of the inputs and not declared twice, and a known format and audience.
pub fn declared(input: &Input) -> Result<Vec<Output>, Diagnostics> {
    let p = &input.profile;
    let dir = p.path.parent().unwrap_or(Path::new(""));
    // A profile from standard input has the working directory for its folder.
    let folder = if p.path == Path::new(crate::STDIN) {
        "the working directory"
    } else {
        "the profile's folder"
    };
    let relative = format!("give a file path relative to {folder}, such as `bilaga.md` or `ut/bilaga.md`");
    let inputs = input.files();
    let mut diags = Diagnostics::default();
    let mut out: Vec<Output> = Vec::new();
    for decl in &p.profile.outputs {
        let d = &decl.value;
        let err = |at, msg: String| Diagnostic::new(&p.path, msg).at(&p.source, at);
        let at = yaml::pos(&d.path);
        let Some(rel) = normalise(Path::new(&d.path.value)).filter(|rel| !leaves_through_link(dir, rel)) else {
            diags.push(err(at, format!("output `{}` is outside {folder}", d.path.value)).hint(&relative));
            continue;
        };
        let path = dir.join(&rel);
        if let Some(input) = write::which_input(&path, &inputs) {
            diags.push(
                err(
                    at,
                    format!("output `{}` is the input `{}`", d.path.value, input.display()),
                )
                .hint("an output must not overwrite the profile or a catalogue; choose another file name"),
            );
            continue;
        }
        if let Some(why) = write::refusal(&path) {
            diags.push(
                err(at, format!("output `{}` cannot be written: {why}", d.path.value)).hint(relative.replacen(
                    "a file",
                    "another file",
                    1,
                )),
            );
            continue;
        }
        if out.iter().any(|o| o.path.as_deref() == Some(&path)) {
            diags.push(err(at, format!("output `{}` is declared twice", d.path.value)));
            continue;
        }
        let format = match &d.format {
            Some(f) => match Format::from_str(&f.value, false) {
                Ok(format) => format,
                Err(_) => {
                    let hint = format!("formats: {}", names::<Format>());
                    diags.push(err(yaml::pos(f), format!("unknown format `{}`", f.value)).hint(hint));
                    continue;
                }
            },
            None => match by_extension(&rel) {
                Some(format) => format,
                None => {
                    let hint = format!("add `format:` ({})", names::<Format>());
                    diags.push(err(at, format!("the extension of `{}` names no format", d.path.value)).hint(hint));
                    continue;
                }
            },
        };
        let audience = match &d.audience {
            None => Audience::Tender,
            Some(a) => match Audience::from_str(&a.value, false) {
                Ok(audience) => audience,
                Err(_) => {
                    let hint = format!("audiences: {}", names::<Audience>());
                    diags.push(err(yaml::pos(a), format!("unknown audience `{}`", a.value)).hint(hint));
                    continue;
                }
            },
        };
        out.push(Output {
            path: Some(path),
            format,
            audience,
        });
    }
    diags.into_result().map(|()| out)
}

/// A relative path with `.` and `..` worked out, or `None` when it is absolute, names no file or
/// climbs out of its base.
fn normalise(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::Normal(part) => out.push(part),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    (out.file_name().is_some()).then_some(out)
}

/// Whether `dir/rel`, lexically inside `dir`, really lies outside it because a folder on the
/// way is a symbolic link that leads out.
fn leaves_through_link(dir: &Path, rel: &Path) -> bool {
    let base = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let Ok(base) = base.canonicalize() else { return false };
    let full = base.join(rel);
    full.ancestors()
        .find_map(|a| a.canonicalize().ok())
        .is_some_and(|real| !real.starts_with(&base))
}

/// The format whose extension the path has.
pub fn by_extension(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?;
    Format::value_variants()
        .iter()
        .copied()
        .find(|f| f.extension().eq_ignore_ascii_case(ext))
}

/// How the command line spells a value: `md`, `internal`.
fn name<T: ValueEnum>(value: T) -> String {
    value
        .to_possible_value()
        .map_or_else(String::new, |v| v.get_name().to_owned())
}

/// Every value of a command-line enum, for hints.
fn names<T: ValueEnum>() -> String {
    T::value_variants()
        .iter()
        .cloned()
        .map(name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Writes every rendered output; a file that already has the right bytes is left untouched,
/// so its modification time stays and tools like make see nothing to do.
fn write_all(rendered: &[Rendered], inputs: &[&Path], reporter: &Reporter) -> Result<()> {
    let mut files: Vec<(&Path, &[u8])> = Vec::new();
    for r in rendered {
        match &r.output.path {
            None => write::write(&Target::Stdout, &r.bytes)?,
            Some(p) if write::holds(p, &r.bytes) => {
                reporter.detail(format!("unchanged: {}", p.display()));
            }
            Some(p) => files.push((p, &r.bytes)),
        }
    }
    write::write_files(&files, inputs)?;
    for (p, _) in files {
        reporter.info(format!("wrote {}", p.display()));
    }
    Ok(())
}

/// Compares every rendered output with its file. Each stale or missing file is reported, and
/// makes the exit status 1 (a file that cannot be read is trouble, 2); the difference of a text
/// file is shown as a short unified diff on standard output.
fn check(rendered: &[Rendered], reporter: &Reporter) -> Result<u8> {
    let mut diags = Diagnostics::default();
    for r in rendered {
        let path = r
            .output
            .path
            .as_deref()
            .expect("build refuses --check for standard output");
        let hint = format!("regenerate it: `{}`", r.rebuild);
        match write::read_existing(path, render::MAX_DOCUMENT_BYTES) {
            Ok(Some(old)) if old == r.bytes => reporter.info(format!("up to date: {}", path.display())),
            Ok(old) => {
                if !reporter.quiet() {
                    let diff = match old {
                        Some(old) => short_diff(&old, &r.bytes, path),
                        None => format!("{} is larger than any document kravkat writes\n", path.display()),
                    };
                    // The file on disk may hold anything, an escape sequence too: shown as the
                    // diagnostics show control characters, never sent to the terminal.
                    write::write(&Target::Stdout, visible(&diff).as_bytes())?;
                }
                let msg = format!("`{}` is stale: the profile renders something else", path.display());
                diags.push(Diagnostic::new(path, msg).hint(hint));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                diags.push(Diagnostic::new(path, format!("`{}` is missing", path.display())).hint(hint));
            }
            Err(e) => return Err(anyhow!(e).context(format!("cannot read `{}`", path.display())).into()),
        }
    }
    if diags.is_empty() {
        return Ok(0);
    }
    reporter.error(&Error::Invalid(diags));
    Ok(FOUND)
}

/// At most this many lines of a stale file's diff are shown: enough to see what changed.
const DIFF_LINES: usize = 60;

/// A unified diff of a file on disk and what the profile renders, cut to [`DIFF_LINES`], or a
/// one-line note for formats that are not text (DOCX).
fn short_diff(old: &[u8], new: &[u8], path: &Path) -> String {
    let name = path.display();
    let (Ok(old), Ok(new)) = (std::str::from_utf8(old), std::str::from_utf8(new)) else {
        return format!("binary file {name} differs\n");
    };
    let diff = similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(2)
        .header(&format!("{name} (on disk)"), &format!("{name} (rendered)"))
        .to_string();
    // Split at line feeds only, so that a carriage return before one shows (as ␍).
    let lines: Vec<&str> = diff.split_terminator('\n').collect();
    let mut out: String = lines.iter().take(DIFF_LINES).map(|l| format!("{l}\n")).collect();
    if lines.len() > DIFF_LINES {
        out.push_str(&format!("… {} more lines of difference\n", lines.len() - DIFF_LINES));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_kept_inside_their_folder() {
        let n = |s: &str| normalise(Path::new(s));
        assert_eq!(n("bilaga.md"), Some(PathBuf::from("bilaga.md")));
        assert_eq!(n("./ut/../ut/bilaga.md"), Some(PathBuf::from("ut/bilaga.md")));
        assert_eq!(n("../bilaga.md"), None);
        assert_eq!(n("ut/../../bilaga.md"), None);
        assert_eq!(n("/tmp/bilaga.md"), None);
        assert_eq!(n("ut/.."), None);
    }

    #[test]
    fn the_extension_names_the_format() {
        assert_eq!(by_extension(Path::new("a.md")), Some(Format::Md));
        assert_eq!(by_extension(Path::new("a.JSON")), Some(Format::Json));
        assert_eq!(by_extension(Path::new("a.txt")), None);
    }

    #[test]
    fn text_diffs_are_unified_and_short() {
        let old: String = (0..200).map(|i| format!("line {i}\n")).collect();
        let new = old.replace("line 5\n", "line five\n");
        let d = short_diff(old.as_bytes(), new.as_bytes(), Path::new("a.md"));
        assert!(d.starts_with("--- a.md (on disk)\n+++ a.md (rendered)\n@@"), "{d}");
        assert!(d.contains("-line 5\n+line five\n"), "{d}");
        let all: String = (0..200).map(|i| format!("other {i}\n")).collect();
        let d = short_diff(old.as_bytes(), all.as_bytes(), Path::new("a.md"));
        assert_eq!(d.lines().count(), DIFF_LINES + 1);
        assert!(d.ends_with("more lines of difference\n"), "{d}");
        assert_eq!(
            short_diff(b"\xff", b"\xfe", Path::new("a.docx")),
            "binary file a.docx differs\n"
        );
    }
}
