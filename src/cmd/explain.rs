//! `kravkat explain [CODE]`: what a rule of `kravkat check` finds, where the rule comes from, and
//! how to fix or accept what it finds; without a code, every rule in one line.

use std::fmt::Write as _;

use anyhow::anyhow;

use crate::diagnostic::did_you_mean;
use crate::error::Result;
use crate::rules::{self, RULES, Rule};

#[cfg(test)]
mod tests {
    #[test]
    fn paragraphs_are_wrapped_and_kept_apart() {
        let text = format!("{}\n\nB", "ord ".repeat(40));
        let out = super::wrapped(&text);
        assert!(out.lines().all(|l| l.chars().count() <= super::WIDTH), "{out}");
        assert!(out.ends_with("ord\n\nB"), "{out}");
    }
}

#[derive(Debug, clap::Args)]
#[command(after_help = "For example: kravkat explain bor-says-ska")]
pub struct Args {
    /// The code a warning or error names: `warning[bor-says-ska]`
    pub code: Option<String>,
}

pub fn run(args: Args) -> Result<u8> {
    let text = match args.code.as_deref() {
        None => list(),
        Some(code) => match rules::rule(code) {
            Some(rule) => explain(rule),
            None => {
                let hint = did_you_mean(code, RULES.iter().map(|r| r.code))
                    .unwrap_or_else(|| "`kravkat explain` lists the codes".to_owned());
                return Err(anyhow!("no rule `{code}` ({hint})").into());
            }
        },
    };
    super::stdout(text.as_bytes())
}

/// Every rule: code, severity and what it finds.
fn list() -> String {
    let width = RULES.iter().map(|r| r.code.len()).max().unwrap_or(0);
    let mut out = String::new();
    for r in RULES {
        writeln!(out, "{:<width$}  {:<7}  {}", r.code, r.severity.as_str(), r.summary).unwrap();
    }
    out.push_str("\n`kravkat explain CODE` says more about one.\n");
    out
}

/// Paragraphs are wrapped at this many characters, as man pages and `--help` are read.
const WIDTH: usize = 90;

/// Each paragraph (separated by a blank line) of `text`, wrapped at [`WIDTH`].
fn wrapped(text: &str) -> String {
    let paragraphs: Vec<String> = text
        .split("\n\n")
        .map(|p| {
            let mut lines: Vec<String> = vec![String::new()];
            for word in p.split_whitespace() {
                let line = lines.last_mut().expect("one line at least");
                if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > WIDTH {
                    lines.push(word.to_owned());
                } else {
                    if !line.is_empty() {
                        line.push(' ');
                    }
                    line.push_str(word);
                }
            }
            lines.join("\n")
        })
        .collect();
    paragraphs.join("\n\n")
}

/// One rule in full.
fn explain(r: &Rule) -> String {
    let mut out = String::new();
    writeln!(out, "{} ({})\n", r.code, r.severity.as_str()).unwrap();
    let mut summary = r.summary.to_owned();
    if let Some(first) = summary.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    let text = format!("{summary}.\n\nSource: {}\n\n{}", r.source, r.explanation);
    writeln!(out, "{}", wrapped(&text)).unwrap();
    if r.allowable {
        writeln!(
            out,
            "\nTo accept it for one item, say why under the item's change (or own item):\n\n\
             changes:\n  \"1.12\":\n    allow:\n      {}: Texten anpassas i avtalet.\n\n{}",
            r.code,
            wrapped("The internal copy lists each accepted warning and its reason in the deviation log.")
        )
        .unwrap();
    }
    out
}
