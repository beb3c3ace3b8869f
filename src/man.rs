//! `kravkat man [COMMAND]`: man pages generated from the clap definitions, as ripgrep and just
//! do — kravkat(1), and one page per command (kravkat-build(1) …), which kravkat(1) lists.

use anyhow::{Context as _, anyhow};
use clap_mangen::Man;

use crate::report::EXIT_CODES;

/// kravkat(1)'s examples, also under `kravkat --help`.
pub const EXAMPLES: &str = "Examples:
  kravkat init -o profil.kravkat.yaml        a starter profile to fill in
  kravkat check profil.kravkat.yaml          is it valid?
  kravkat build profil.kravkat.yaml -f docx -o bilaga.docx
  kravkat diff profil.kravkat.yaml --rev main
  kravkat show 1.12";

/// The environment kravkat reads, for the man pages; README.md says the same.
pub const ENVIRONMENT: &str = "SOURCE_DATE_EPOCH
  Seconds since 1970 (reproducible-builds.org): the creation date a Word document and the
  answer sheet carry. Without it a Word document carries none and the answer sheet 1980-01-01;
  no other output has a date of its own. Empty counts as unset; a value that is not whole
  seconds since 1970, in digits, up to 9999-12-31, is an error.
NO_COLOR
  Set and not empty: messages are never coloured (no-color.org). Without it they are coloured
  only on a terminal.
PATH
  Where `kravkat diff --rev` finds git.
kravkat reads no other variable (git reads its own). KRAVKAT_SEEDS (the folder of the documents
the catalogues were transcribed from) and KRAVKAT_VNU_JAR (the Nu HTML Checker) are read by its
test suite.";

/// The roff of kravkat(1), or of kravkat-`name`(1).
pub fn page(mut cmd: clap::Command, name: Option<&str>) -> anyhow::Result<Vec<u8>> {
    // Building fills in what pages show: `kravkat build` as the name, the global options.
    cmd.build();
    let cmd = match name {
        None => cmd,
        Some(n) => cmd
            .find_subcommand(n)
            .cloned()
            .ok_or_else(|| anyhow!("no command `{n}` (`kravkat --help` lists them)"))?,
    };
    let man = Man::new(cmd.clone()).source(format!("kravkat {}", env!("CARGO_PKG_VERSION")));
    let mut out = Vec::new();
    let context = "rendering the man page";
    man.render_title(&mut out).context(context)?;
    man.render_name_section(&mut out).context(context)?;
    man.render_synopsis_section(&mut out).context(context)?;
    man.render_description_section(&mut out).context(context)?;
    if cmd.get_arguments().next().is_some() {
        man.render_options_section(&mut out).context(context)?;
    }
    if cmd.has_subcommands() {
        man.render_subcommands_section(&mut out).context(context)?;
    }
    // The after-help of a command holds its examples; kravkat(1) has its own. The environment
    // and the exit codes hold for every command.
    let examples = match name {
        None => Some(EXAMPLES.to_owned()),
        Some(_) => cmd.get_after_help().map(ToString::to_string),
    };
    if let Some(examples) = examples {
        let body = examples.strip_prefix("Examples:\n").unwrap_or(&examples);
        section(&mut out, "EXAMPLES", body);
    }
    section(&mut out, "ENVIRONMENT", ENVIRONMENT);
    let codes = EXIT_CODES.split_once('\n').map_or(EXIT_CODES, |(_, rest)| rest);
    section(&mut out, "EXIT STATUS", codes);
    if cmd.get_version().is_some() {
        man.render_version_section(&mut out).context(context)?;
    }
    Ok(out)
}

/// A section of preformatted text, escaped for roff.
fn section(out: &mut Vec<u8>, title: &str, text: &str) {
    out.extend_from_slice(format!(".SH \"{title}\"\n.nf\n").as_bytes());
    for line in text.lines() {
        let line = line.replace('\\', "\\e").replace('-', "\\-");
        // A line starting with `.` or `'` would be read as a request.
        let guard = if line.starts_with(['.', '\'']) { "\\&" } else { "" };
        out.extend_from_slice(format!("{guard}{line}\n").as_bytes());
    }
    out.extend_from_slice(b".fi\n");
}
