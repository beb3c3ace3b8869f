//! The command line: clap definitions and one function per subcommand. Each subcommand is a
//! thin composition of load → resolve → render → write.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::anyhow;
use clap::{CommandFactory as _, Parser, Subcommand};

use crate::catalog::{self, Catalog, Kind, Loaded};
use crate::diagnostic::did_you_mean;
use crate::diff::{self, DiffFormat};
use crate::error::Result;
use crate::render::{self, Audience, Format, Templates};
use crate::report::{self, Reporter};
use crate::write::{self, Target};
use crate::{init, load, man, one_line, outputs, resolve, schema, textconv};

#[derive(Debug, Parser)]
#[command(name = "kravkat", version, about = "Build procurement requirement appendices from published requirement catalogues", long_about = None, after_help = report::EXIT_CODES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    #[command(flatten)]
    pub report: report::Options,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render a profile's appendix: its declared outputs, or one document as -f/-o/-a say
    Build {
        /// The profile (YAML); several when each declares its `outputs`
        #[arg(required = true)]
        profiles: Vec<PathBuf>,
        /// Output format [default: md]
        #[arg(short, long, value_enum)]
        format: Option<Format>,
        /// Output file, or `-` for standard output (the default when the profile declares no outputs)
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Who the document is for [default: tender]
        #[arg(short, long, value_enum)]
        audience: Option<Audience>,
        /// Directory whose templates replace the built-in ones, file by file
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
        /// Write nothing; exit 1 naming each output file that is stale or missing
        #[arg(long)]
        check: bool,
        /// A .docx whose styles, theme and page setup the DOCX output takes (`-f docx`), as
        /// with pandoc's --reference-doc; `kravkat reference-docx` writes one to start from
        #[arg(long, value_name = "FILE")]
        reference_docx: Option<PathBuf>,
    },
    /// Write kravkat's reference .docx, for restyling in Word and `build --reference-docx`
    ReferenceDocx {
        /// The file to write
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
    },
    /// Validate profiles and their declared outputs without rendering anything
    Check {
        /// The profiles (YAML)
        #[arg(required = true)]
        profiles: Vec<PathBuf>,
    },
    /// List the built-in catalogues, or the items of one
    List {
        /// A catalogue: `jonkoping`, `jonkoping@1.0` or a catalogue file
        catalog: Option<String>,
        /// Only the items of this category
        #[arg(long, requires = "catalog")]
        category: Option<String>,
    },
    /// Show one item with everything its catalogue says about it
    Show {
        /// The item id: `1.12`, or qualified `jonkoping:1.12`
        id: String,
        /// The catalogue to look in (`jonkoping`, `jonkoping@1.0` or a file)
        #[arg(long)]
        catalog: Option<String>,
    },
    /// Compare two profiles, a profile with a git revision, or two catalogue versions (exit 1 if they differ)
    #[command(after_help = "Examples:
  kravkat diff old.yaml new.yaml
  kravkat diff profile.yaml --rev HEAD
  kravkat diff --catalog jonkoping@1.0 jonkoping@1.1 --profile profile.yaml")]
    Diff {
        /// The old profile; with --rev, the profile
        #[arg(required_unless_present = "catalog")]
        old: Option<PathBuf>,
        /// The new profile
        #[arg(required_unless_present_any = ["rev", "catalog"], conflicts_with = "rev")]
        new: Option<PathBuf>,
        /// Compare the profile with itself as committed at this git revision (HEAD, main, a1b2c3d)
        #[arg(long, value_name = "REV")]
        rev: Option<String>,
        /// Compare two catalogues: built-in `id@version` or files
        #[arg(long, num_args = 2, value_names = ["OLD", "NEW"], conflicts_with_all = ["old", "rev"])]
        catalog: Option<Vec<String>>,
        /// With --catalog: only the items this profile selects
        #[arg(long, value_name = "PROFILE", requires = "catalog")]
        profile: Option<PathBuf>,
        /// Output format
        #[arg(short, long, value_enum, default_value = "text")]
        format: DiffFormat,
    },
    /// Print a profile (or catalogue) as plain text, one block per item, for git's textconv driver
    #[command(after_help = "Set up once per repository:
  echo '*.kravkat.yaml diff=kravkat' >> .gitattributes
  git config diff.kravkat.textconv 'kravkat textconv'")]
    Textconv {
        /// The profile or catalogue (YAML)
        file: PathBuf,
    },
    /// Write a starter profile listing every item of a catalogue as a comment line to uncomment
    Init {
        /// The catalogue: `jonkoping`, `jonkoping@1.0` or a catalogue file
        #[arg(long, default_value = "jonkoping")]
        catalog: String,
        /// A new file to write, or `-` for standard output (the default)
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Print the JSON Schema of profiles or catalogues, for editors
    #[command(
        after_help = "Committed as schema/profile.schema.json and schema/catalog.schema.json. In a profile:
  # yaml-language-server: $schema=../schema/profile.schema.json"
    )]
    Schema {
        /// Which schema
        #[arg(value_enum)]
        kind: schema::Kind,
    },
    /// Print the completion script for a shell
    #[command(
        after_help = "For example: kravkat completions bash > ~/.local/share/bash-completion/completions/kravkat"
    )]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print a man page (roff): kravkat(1), or kravkat-COMMAND(1)
    #[command(after_help = "For example: kravkat man > kravkat.1; kravkat man build > kravkat-build.1")]
    Man {
        /// A command, for its own page
        command: Option<String>,
    },
}

/// Runs a command; `Ok` carries the exit code.
pub fn run(cli: Cli, reporter: &Reporter) -> Result<u8> {
    match cli.command {
        Command::Build {
            profiles,
            format,
            output,
            audience,
            templates,
            check,
            reference_docx,
        } => {
            if reference_docx.is_some() && format.is_some_and(|f| f != Format::Docx) {
                return Err(anyhow!("--reference-docx is for `-f docx` only").into());
            }
            let docx = render::docx::Options {
                reference: match &reference_docx {
                    Some(path) => render::docx::Reference::load(path)?,
                    None => render::docx::Reference::kravkat(),
                },
                source_date_epoch: render::docx::source_date_epoch()?,
            };
            outputs::build(
                &outputs::Request {
                    profiles: &profiles,
                    format,
                    output: output.as_deref(),
                    audience,
                    templates: &Templates::new(templates.as_deref())?,
                    docx: &docx,
                    check,
                },
                reporter,
            )
        }
        Command::ReferenceDocx { output } => reference_docx(&output),
        Command::Check { profiles } => check(&profiles, reporter),
        Command::List { catalog, category } => list(catalog.as_deref(), category.as_deref()),
        Command::Show { id, catalog } => show(&id, catalog.as_deref()),
        Command::Diff {
            old,
            new,
            rev,
            catalog,
            profile,
            format,
        } => {
            let diff = match (old, new, rev, catalog.as_deref()) {
                (_, _, _, Some([a, b])) => diff::catalogs(a, b, profile.as_deref(), reporter)?,
                (Some(old), Some(new), None, None) => diff::profiles(&old, &new)?,
                (Some(path), None, Some(rev), None) => diff::against_revision(&path, &rev)?,
                _ => unreachable!("clap enforces OLD NEW, PROFILE --rev REV or --catalog OLD NEW"),
            };
            stdout(diff.render(format).as_bytes())?;
            // Like diff(1): 1 means "different", so scripts can branch on it.
            Ok(u8::from(!diff.same))
        }
        Command::Textconv { file } => stdout(textconv::textconv(&file)?.as_bytes()),
        Command::Init { catalog, output } => {
            init::init(&catalog, output.as_deref())?;
            Ok(0)
        }
        Command::Schema { kind } => stdout(schema::generate(kind).as_bytes()),
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "kravkat", &mut std::io::stdout());
            Ok(0)
        }
        Command::Man { command } => stdout(&man::page(Cli::command(), command.as_deref())?),
    }
}

/// Writes a command's result; a closed pipe is an error to report, not a panic.
fn stdout(bytes: &[u8]) -> Result<u8> {
    write::write(&Target::Stdout, bytes)?;
    Ok(0)
}

fn reference_docx(output: &Path) -> Result<u8> {
    let bytes = render::docx::reference_docx(render::docx::source_date_epoch()?)?;
    write::write(&Target::from_arg(Some(output)), &bytes)?;
    Ok(0)
}

fn check(profiles: &[PathBuf], reporter: &Reporter) -> Result<u8> {
    let mut failed = 0;
    for path in profiles {
        let checked = load::load(path).and_then(|input| Ok(outputs::resolve_and_declared(&input)?));
        match checked {
            Ok(_) if reporter.quiet() => {}
            Ok((doc, _)) => println!(
                "ok: {} ({} items: {} Ska, {} Bör)",
                path.display(),
                doc.counts.items,
                doc.counts.ska,
                doc.counts.bor
            ),
            Err(e) => {
                failed += 1;
                reporter.error(&e);
            }
        }
    }
    if failed > 0 {
        eprintln!("error: {failed} of {} profiles failed the check", profiles.len());
        return Ok(1);
    }
    Ok(0)
}

/// "19 requirements" or "13 principles, 41 recommendations".
pub fn kind_counts(c: &Catalog) -> String {
    let mut parts = Vec::new();
    for (kind, one, many) in [
        (Kind::Requirement, "requirement", "requirements"),
        (Kind::Principle, "principle", "principles"),
        (Kind::Recommendation, "recommendation", "recommendations"),
        (Kind::Checklist, "checklist question", "checklist questions"),
    ] {
        let n = c.items.iter().filter(|i| i.kind == kind).count();
        if n > 0 {
            parts.push(format!("{n} {}", if n == 1 { one } else { many }));
        }
    }
    parts.join(", ")
}

fn list(spec: Option<&str>, category: Option<&str>) -> Result<u8> {
    let mut out = String::new();
    match spec {
        None => {
            for l in catalog::builtin()? {
                let c = &l.catalog;
                writeln!(
                    out,
                    "{:<12} {:<6} {}\n{:<12} {:<6} {}",
                    c.id,
                    c.version,
                    c.title,
                    "",
                    "",
                    kind_counts(c)
                )
                .unwrap();
            }
        }
        Some(spec) => {
            let c = catalog::find(spec)?.catalog;
            if let Some(cat) = category
                && !c.categories.iter().any(|k| k.name == cat)
            {
                let names: Vec<&str> = c.categories.iter().map(|k| k.name.as_str()).collect();
                let hint = did_you_mean(cat, names.iter().copied())
                    .unwrap_or_else(|| format!("categories: {}", names.join(", ")));
                return Err(anyhow!("catalogue `{}` has no category `{cat}` ({hint})", c.id).into());
            }
            writeln!(out, "{} {} — {}", c.id, c.version, c.title).unwrap();
            let items: Vec<_> = c
                .items
                .iter()
                .filter(|i| category.is_none_or(|k| i.category() == k))
                .collect();
            // Columns as wide as their widest entry; the level column only where there are levels.
            let level = |i: &catalog::Item| i.level.map_or(String::new(), |l| format!("{} ", l.as_str()));
            let id_width = items.iter().map(|i| i.id().chars().count()).max().unwrap_or(0);
            let level_width = items.iter().map(|i| level(i).chars().count()).max().unwrap_or(0);
            let category_width = items.iter().map(|i| i.category().chars().count()).max().unwrap_or(0);
            for item in items {
                writeln!(
                    out,
                    "{:<id_width$} {:<level_width$}{:<category_width$} {}",
                    item.id(),
                    level(item),
                    item.category(),
                    one_line(item.summary_text(), 80)
                )
                .unwrap();
            }
        }
    }
    print!("{out}");
    Ok(0)
}

fn show(id: &str, spec: Option<&str>) -> Result<u8> {
    let (qual, bare) = match id.split_once(':') {
        Some((c, i)) => (Some(c), i),
        None => (None, id),
    };
    let candidates: Vec<Loaded> = match (spec, qual) {
        (Some(s), _) => vec![catalog::find(s)?],
        (None, Some(c)) => vec![catalog::find(c)?],
        (None, None) => {
            // The newest version of each built-in catalogue.
            let mut all = catalog::builtin()?;
            all.reverse();
            let mut seen = std::collections::HashSet::new();
            all.retain(|l| seen.insert(l.catalog.id.clone()));
            all.reverse();
            all
        }
    };
    let hits: Vec<&Loaded> = candidates.iter().filter(|l| l.catalog.item(bare).is_some()).collect();
    let loaded = match hits.as_slice() {
        [one] => *one,
        [] => {
            let ids: Vec<&str> = candidates
                .iter()
                .flat_map(|l| l.catalog.items.iter().map(|i| i.id()))
                .collect();
            let hint = did_you_mean(bare, ids.iter().copied())
                .unwrap_or_else(|| "`kravkat list CATALOG` shows the ids".into());
            return Err(anyhow!("no item `{id}` ({hint})").into());
        }
        many => {
            let q: Vec<String> = many.iter().map(|l| format!("{}:{bare}", l.catalog.id)).collect();
            return Err(anyhow!("`{id}` is in several catalogues; qualify it: {}", q.join(", ")).into());
        }
    };
    print!("{}", describe(&loaded.catalog, bare, &candidates));
    Ok(0)
}

/// Everything the catalogue says about one item, as plain text.
fn describe(c: &Catalog, id: &str, all: &[Loaded]) -> String {
    let item = c.item(id).expect("caller found it");
    let mut out = String::new();
    let level = item.level.map(|l| format!(" ({})", l.as_str())).unwrap_or_default();
    writeln!(out, "{}:{}{level}", c.id, item.id()).unwrap();
    writeln!(out, "Catalogue: {} {} ({})", c.title, c.version, c.publisher).unwrap();
    writeln!(out, "Kind: {}", resolve::kind_name(item.kind)).unwrap();
    writeln!(out, "Category: {}", item.category()).unwrap();
    let fields = [
        ("Title", &item.title),
        ("Text", &item.text),
        ("Description (Beskrivning)", &item.description),
        ("Examples (Exempel)", &item.examples),
        ("Motive (Motiv)", &item.motive),
        ("Consequence (Konsekvens)", &item.consequence),
        ("Specify or extend (Specificera eller utöka kravet)", &item.specify),
        ("Guidance (Vägledning)", &item.guidance),
        ("Note", &item.note),
    ];
    for (label, value) in fields {
        if let Some(v) = value {
            writeln!(out, "\n{label}:\n{}", indent(v)).unwrap();
        }
    }
    if !item.parts.is_empty() {
        writeln!(out, "\nParts:").unwrap();
        for p in &item.parts {
            writeln!(out, "  {}) {}", p.label, p.text.trim()).unwrap();
        }
    }
    // Titles of referenced items come from whichever of the catalogues at hand has them.
    let title_of = |cat: &str, id: &str| {
        all.iter()
            .find(|l| l.catalog.id == cat)
            .and_then(|l| l.catalog.item(id))
            .and_then(|i| i.title.clone())
    };
    let with_title = |label: &str, title: Option<String>| match title {
        Some(t) => format!("{label} ({t})"),
        None => label.to_owned(),
    };
    let refs: Vec<String> = item
        .references
        .iter()
        .map(|r| {
            let target = match (&r.item, &r.external) {
                (Some(t), _) => {
                    let (cat, id) = t.value.split_once(':').unwrap_or((&c.id, &t.value));
                    with_title(&t.value, r.title.clone().or_else(|| title_of(cat, id)))
                }
                (None, external) => with_title(external.as_deref().unwrap_or_default(), r.title.clone()),
            };
            format!("  {} {target}", r.relation.as_str())
        })
        .collect();
    if !refs.is_empty() {
        writeln!(out, "\nReferences:\n{}", refs.join("\n")).unwrap();
    }
    let key = format!("{}:{}", c.id, item.id());
    let mut back = Vec::new();
    for l in all {
        for other in &l.catalog.items {
            for r in &other.references {
                let Some(t) = &r.item else { continue };
                let target = if t.value.contains(':') {
                    t.value.clone()
                } else {
                    format!("{}:{}", l.catalog.id, t.value)
                };
                if target == key {
                    let source = with_title(&format!("{}:{}", l.catalog.id, other.id()), other.title.clone());
                    back.push(format!("  {source} {} this item", r.relation.as_str()));
                }
            }
        }
    }
    if !back.is_empty() {
        writeln!(out, "\nReferenced by:\n{}", back.join("\n")).unwrap();
    }
    out
}

fn indent(text: &str) -> String {
    text.trim_end()
        .lines()
        .map(|l| if l.is_empty() { String::new() } else { format!("  {l}") })
        .collect::<Vec<_>>()
        .join("\n")
}
