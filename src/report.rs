//! How kravkat speaks: errors for people (coloured only on a terminal, never with `NO_COLOR`),
//! as JSON lines or as GitHub annotations for CI (`--error-format`, for every command), and how
//! much else it says (`-q` for the commands that say more than their output, `-v` for `build`,
//! the one that has something to add). Every command prints through one [`Reporter`].

use std::fmt::Display;
use std::io::{IsTerminal as _, Write as _};

use clap::{Args, ValueEnum};
use serde::Serialize;

use crate::diagnostic::{Diagnostic, visible};
use crate::error::Error;

/// Exit codes, as `--help`, the man pages and README.md state them: diff(1)'s convention.
pub const EXIT_CODES: &str = "Exit status:
  0  success: done, and `check`, `build --check` and `diff` found nothing
  1  `check` found an invalid profile, `build --check` a stale or missing output, `diff` a
     difference, `evaluate` an answer sheet it refuses (the message names its file and cell)
  2  trouble: an input is invalid (the message names file:line:column), a file cannot be read or
     written, a template is broken, or the command line is wrong; nothing is written";

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ErrorFormat {
    /// Messages that point into the file, for people (on standard error)
    #[default]
    Human,
    /// One JSON object per problem and line (on standard output)
    Json,
    /// GitHub Actions annotations, `::error file=…,line=…,col=…::…` (on standard output)
    Github,
}

/// The global flag that decides how kravkat speaks: every command can fail.
#[derive(Debug, Clone, Args)]
pub struct Options {
    /// How problems are printed
    #[arg(long, global = true, value_enum, default_value = "human", value_name = "FORMAT")]
    pub error_format: ErrorFormat,
}

/// `-q`, for a command that prints more than what it is asked for (`check`'s "ok" lines,
/// `diff`'s notes).
#[derive(Debug, Clone, Args)]
pub struct Quiet {
    /// Print only errors and what the command is asked for
    #[arg(short, long)]
    pub quiet: bool,
}

/// `-q` and `-v`, for `build`, which can also say what it left unchanged.
#[derive(Debug, Clone, Args)]
pub struct Verbosity {
    /// Print only errors and what the command is asked for
    #[arg(short, long, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print the outputs that were left unchanged
    #[arg(short, long)]
    pub verbose: bool,
}

#[derive(Debug, Clone)]
pub struct Reporter {
    format: ErrorFormat,
    quiet: bool,
    verbose: bool,
    colour: bool,
}

impl Reporter {
    pub fn new(options: &Options) -> Self {
        // https://no-color.org: set and not empty means no colour.
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Reporter {
            format: options.error_format,
            quiet: false,
            verbose: false,
            colour: !no_color && std::io::stderr().is_terminal(),
        }
    }

    /// The reporter for a command with `-q`.
    pub fn with_quiet(&self, quiet: &Quiet) -> Self {
        Reporter {
            quiet: quiet.quiet,
            ..self.clone()
        }
    }

    /// The reporter for a command with `-q` and `-v`.
    pub fn with_verbosity(&self, v: &Verbosity) -> Self {
        Reporter {
            quiet: v.quiet,
            verbose: v.verbose,
            ..self.clone()
        }
    }

    pub fn quiet(&self) -> bool {
        self.quiet
    }

    /// A status line (what was written, what is up to date), on standard error unless `-q`.
    pub fn info(&self, message: impl Display) {
        if !self.quiet {
            eprintln!("{}", visible(&message.to_string()));
        }
    }

    /// A detail only `-v` asks for.
    pub fn detail(&self, message: impl Display) {
        if self.verbose {
            eprintln!("{}", visible(&message.to_string()));
        }
    }

    /// Prints an error in the chosen format. Machine formats go to standard output, where
    /// GitHub Actions reads workflow commands and where tools expect data.
    pub fn error(&self, e: &Error) {
        match self.format {
            ErrorFormat::Human => {
                let text = e.to_string();
                eprint!("{}", if self.colour { paint(&text) } else { text });
            }
            ErrorFormat::Json | ErrorFormat::Github => {
                let lines: String = match e {
                    Error::Invalid(d) => d.0.iter().map(|d| self.machine_line(Some(d), "")).collect(),
                    Error::Other(e) => self.machine_line(None, &format!("{e:#}")),
                };
                let mut out = std::io::stdout().lock();
                // Nothing sensible is left to do when standard output is gone.
                let _ = out.write_all(lines.as_bytes()).and_then(|()| out.flush());
            }
        }
    }

    fn machine_line(&self, d: Option<&Diagnostic>, other: &str) -> String {
        let shown = d.map(Diagnostic::shown_message);
        let message = shown.as_deref().unwrap_or(other);
        let hint = d.and_then(|d| d.hint.as_deref());
        match self.format {
            ErrorFormat::Github => {
                let mut props = Vec::new();
                if let Some(d) = d {
                    props.push(format!("file={}", property(&d.file.display().to_string())));
                    if let Some(p) = d.pos {
                        props.push(format!("line={},col={}", p.line, p.column));
                    }
                }
                props.push("title=kravkat".into());
                let mut text = match hint {
                    Some(h) => format!("{message}\nhint: {h}"),
                    None => message.to_owned(),
                };
                // Annotations point at lines; a spreadsheet cell goes into the text.
                if let Some(cell) = d.and_then(|d| d.cell.as_deref()) {
                    text = format!("{cell}: {text}");
                }
                format!("::error {}::{}\n", props.join(","), data(&text))
            }
            _ => {
                #[derive(Serialize)]
                struct Line<'a> {
                    severity: &'a str,
                    file: Option<String>,
                    line: Option<usize>,
                    column: Option<usize>,
                    cell: Option<&'a str>,
                    message: &'a str,
                    hint: Option<&'a str>,
                }
                let line = Line {
                    severity: "error",
                    file: d.map(|d| d.file.display().to_string()),
                    line: d.and_then(|d| d.pos).map(|p| p.line),
                    column: d.and_then(|d| d.pos).map(|p| p.column),
                    cell: d.and_then(|d| d.cell.as_deref()),
                    message,
                    hint,
                };
                format!("{}\n", serde_json::to_string(&line).expect("plain data serialises"))
            }
        }
    }
}

/// Colours the `error:` that starts a line. The human text has one source, the `Display` of
/// the diagnostics; colour is laid over it here rather than threaded through every formatter.
fn paint(text: &str) -> String {
    text.split_inclusive('\n')
        .map(|line| match line.strip_prefix("error:") {
            Some(rest) => format!("\x1b[1;31merror\x1b[0m:{rest}"),
            None => line.to_owned(),
        })
        .collect()
}

/// Escapes the message of a GitHub workflow command.
fn data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value of a GitHub workflow command.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::diagnostic::Pos;

    fn reporter(format: ErrorFormat) -> Reporter {
        Reporter {
            format,
            quiet: false,
            verbose: false,
            colour: false,
        }
    }

    #[test]
    fn github_annotations_escape_their_fields() {
        let d = Diagnostic::new(Path::new("a,b:c.yaml"), "100% wrong")
            .at("x\n", Some(Pos { line: 1, column: 2 }))
            .hint("fix it");
        assert_eq!(
            reporter(ErrorFormat::Github).machine_line(Some(&d), ""),
            "::error file=a%2Cb%3Ac.yaml,line=1,col=2,title=kravkat::100%25 wrong%0Ahint: fix it\n"
        );
        assert_eq!(
            reporter(ErrorFormat::Github).machine_line(None, "cannot read"),
            "::error title=kravkat::cannot read\n"
        );
    }

    #[test]
    fn json_lines_carry_position_and_hint() {
        let d = Diagnostic::new(Path::new("p.yaml"), "unknown id").at("x\n", Some(Pos { line: 1, column: 1 }));
        let v: serde_json::Value =
            serde_json::from_str(&reporter(ErrorFormat::Json).machine_line(Some(&d), "")).unwrap();
        assert_eq!(v["file"], "p.yaml");
        assert_eq!(v["line"], 1);
        assert_eq!(v["hint"], serde_json::Value::Null);
    }

    #[test]
    fn only_the_error_prefix_is_coloured() {
        assert_eq!(
            paint("error: x\n  --> f\nerror: 2 problems\n"),
            "\x1b[1;31merror\x1b[0m: x\n  --> f\n\x1b[1;31merror\x1b[0m: 2 problems\n"
        );
    }
}
