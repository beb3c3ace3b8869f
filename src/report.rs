//! How kravkat speaks: errors for people (coloured only on a terminal, never with `NO_COLOR`),
//! as JSON lines or as GitHub annotations for CI (`--error-format`, for every command), and how
//! much else it says (`-q` for the commands that say more than their output, `-v` for `build`,
//! the one that has something to add). Every command prints through one [`Reporter`].

use std::fmt::Display;
use std::io::{IsTerminal as _, Write as _};

use clap::{Args, ValueEnum};
use serde::Serialize;

use crate::diagnostic::{Diagnostic, Diagnostics, Severity, visible};
use crate::error::Error;

/// Exit codes, as `--help`, the man pages and README.md state them: diff(1)'s convention.
pub const EXIT_CODES: &str = "Exit status:
  0  success: done, and `check`, `build --check` and `diff` found nothing
  1  `check` found an invalid profile or a denied warning, `build --check` a stale or missing
     output, `diff` a difference, `evaluate` an answer sheet it refuses (the message names its
     file and cell)
  2  trouble: an input is invalid or has a denied warning (the message names file:line:column),
     a file cannot be read or written, a template is broken, or the command line is wrong;
     nothing is written";

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

    /// What a command found, unless `-q`: on standard output for people (a closed pipe is an
    /// error to end on, not a panic), on standard error beside machine-readable problems, which
    /// keep standard output to themselves.
    pub fn outcome(&self, message: impl Display) -> crate::error::Result<()> {
        match (self.quiet, self.format) {
            (true, _) => {}
            (false, ErrorFormat::Human) => {
                let line = format!("{}\n", visible(&message.to_string()));
                crate::write::write(&crate::write::Target::Stdout, line.as_bytes())?;
            }
            (false, _) => eprintln!("{}", visible(&message.to_string())),
        }
        Ok(())
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
        match (e, self.format) {
            (Error::Invalid(d), _) => self.print(&d.to_string(), &d.0, false),
            (Error::Other(_), ErrorFormat::Human) => self.print(&e.to_string(), &[], false),
            (Error::Other(e), _) => self.machine(&self.machine_line(None, &format!("{e:#}")), false),
        }
    }

    /// Prints the warnings of a run that goes on (`build -q` does not ask). `document_on_stdout`: the run
    /// writes its document to standard output, so machine-readable warnings go to standard
    /// error instead of into the document.
    pub fn warnings(&self, warnings: &Diagnostics, document_on_stdout: bool) {
        if !warnings.is_empty() {
            self.print(&warnings.to_string(), &warnings.0, document_on_stdout);
        }
    }

    /// The human text on standard error, or one machine line per diagnostic.
    fn print(&self, human: &str, diagnostics: &[Diagnostic], document_on_stdout: bool) {
        match self.format {
            ErrorFormat::Human => eprint!("{}", if self.colour { paint(human) } else { human.to_owned() }),
            ErrorFormat::Json | ErrorFormat::Github => {
                let lines: String = diagnostics.iter().map(|d| self.machine_line(Some(d), "")).collect();
                self.machine(&lines, document_on_stdout);
            }
        }
    }

    fn machine(&self, lines: &str, to_stderr: bool) {
        if lines.is_empty() {
            return;
        }
        // Nothing sensible is left to do when the stream is gone.
        if to_stderr {
            let mut err = std::io::stderr().lock();
            let _ = err.write_all(lines.as_bytes()).and_then(|()| err.flush());
        } else {
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(lines.as_bytes()).and_then(|()| out.flush());
        }
    }

    fn machine_line(&self, d: Option<&Diagnostic>, other: &str) -> String {
        let shown = d.map(Diagnostic::shown_message);
        let message = shown.as_deref().unwrap_or(other);
        let hint = d.and_then(|d| d.hint.as_deref());
        let severity = d.map_or(Severity::Error, |d| d.severity);
        let code = d.and_then(|d| d.code);
        match self.format {
            ErrorFormat::Github => {
                let mut props = Vec::new();
                if let Some(d) = d {
                    props.push(format!("file={}", property(&d.file.display().to_string())));
                    if let Some(p) = d.pos {
                        props.push(format!("line={},col={}", p.line, p.column));
                        if let Some(e) = d.end {
                            // GitHub takes an end column only on the start line.
                            props.push(if e.line == p.line {
                                format!("endLine={},endColumn={}", e.line, e.column)
                            } else {
                                format!("endLine={}", e.line)
                            });
                        }
                    }
                }
                props.push(match code {
                    Some(code) => format!("title={}", property(&format!("kravkat: {code}"))),
                    None => "title=kravkat".into(),
                });
                let mut text = match hint {
                    Some(h) => format!("{message}\nhint: {h}"),
                    None => message.to_owned(),
                };
                // Annotations point at lines; a spreadsheet cell goes into the text.
                if let Some(cell) = d.and_then(|d| d.cell.as_deref()) {
                    text = format!("{cell}: {text}");
                }
                format!("::{} {}::{}\n", severity.as_str(), props.join(","), data(&text))
            }
            _ => {
                #[derive(Serialize)]
                struct Line<'a> {
                    severity: &'a str,
                    code: Option<&'a str>,
                    file: Option<String>,
                    line: Option<usize>,
                    column: Option<usize>,
                    end_line: Option<usize>,
                    end_column: Option<usize>,
                    cell: Option<&'a str>,
                    message: &'a str,
                    hint: Option<&'a str>,
                }
                let pos = d.and_then(|d| d.pos);
                let end = d.and_then(|d| d.end);
                let line = Line {
                    severity: severity.as_str(),
                    code,
                    file: d.map(|d| d.file.display().to_string()),
                    line: pos.map(|p| p.line),
                    column: pos.map(|p| p.column),
                    end_line: end.map(|p| p.line),
                    end_column: end.map(|p| p.column),
                    cell: d.and_then(|d| d.cell.as_deref()),
                    message,
                    hint,
                };
                format!("{}\n", serde_json::to_string(&line).expect("plain data serialises"))
            }
        }
    }
}

/// Colours the `error` (red) or `warning` (yellow) that starts a line, with its `[code]`. The
/// human text has one source, the `Display` of the diagnostics; colour is laid over it here
/// rather than threaded through every formatter.
fn paint(text: &str) -> String {
    text.split_inclusive('\n')
        .map(|line| {
            for (word, colour) in [("error", "31"), ("warning", "33")] {
                let Some(rest) = line.strip_prefix(word) else { continue };
                let code = if rest.starts_with('[') {
                    rest.find("]:").map_or("", |end| &rest[..=end])
                } else {
                    ""
                };
                if let Some(rest) = rest[code.len()..].strip_prefix(':') {
                    return format!("\x1b[1;{colour}m{word}{code}\x1b[0m:{rest}");
                }
            }
            line.to_owned()
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
        // A warning is yellow, with its code; a word that only starts like one is not.
        assert_eq!(
            paint("warning[skall]: x\nwarnings: y\nerror[init-placeholder]: z\n"),
            "\x1b[1;33mwarning[skall]\x1b[0m: x\nwarnings: y\n\x1b[1;31merror[init-placeholder]\x1b[0m: z\n"
        );
    }

    #[test]
    fn machine_lines_carry_severity_code_and_span() {
        let d = Diagnostic::warning(Path::new("p.yaml"), "skall", "`1.2` says \"skall\"").span(
            "a: skall\n",
            Some(Pos { line: 1, column: 4 }),
            Some(Pos { line: 1, column: 9 }),
        );
        let v: serde_json::Value =
            serde_json::from_str(&reporter(ErrorFormat::Json).machine_line(Some(&d), "")).unwrap();
        assert_eq!(v["severity"], "warning");
        assert_eq!(v["code"], "skall");
        assert_eq!((v["end_line"].as_u64(), v["end_column"].as_u64()), (Some(1), Some(9)));
        assert_eq!(
            reporter(ErrorFormat::Github).machine_line(Some(&d), ""),
            "::warning file=p.yaml,line=1,col=4,endLine=1,endColumn=9,title=kravkat%3A skall::`1.2` says \"skall\"\n"
        );
    }
}
