//! `kravkat man [COMMAND]`: man pages generated from the clap definitions, as ripgrep and just
//! do — kravkat(1), and one page per command (kravkat-build(1) …), which kravkat(1) lists.

use anyhow::{Context as _, anyhow};
use clap_mangen::Man;

use crate::report::EXIT_CODES;

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
    // The after-help of a command holds examples; the exit codes hold for every command.
    if name.is_some()
        && let Some(after) = cmd.get_after_help()
    {
        section(&mut out, "EXAMPLES", &after.to_string());
    }
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
