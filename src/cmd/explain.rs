//! `kravkat explain [CODE]`: what a rule of `kravkat check` finds, where the rule comes from, and
//! how to fix or accept what it finds; without a code, every rule in one line.

use std::fmt::Write as _;

use anyhow::anyhow;

use crate::diagnostic::did_you_mean;
use crate::error::Result;
use crate::rules::{self, RULES, Rule};

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

/// One rule in full.
fn explain(r: &Rule) -> String {
    let mut out = String::new();
    writeln!(out, "{} ({})\n", r.code, r.severity.as_str()).unwrap();
    let mut summary = r.summary.to_owned();
    if let Some(first) = summary.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    writeln!(out, "{summary}.\n\nSource: {}\n\n{}", r.source, r.explanation).unwrap();
    if r.allowable {
        writeln!(
            out,
            "\nTo accept it for one item, say why under the item's change (or own item):\n\n\
             changes:\n  \"1.12\":\n    allow:\n      {}: Texten anpassas i avtalet.\n\n\
             The internal copy lists each accepted warning and its reason in the deviation log.",
            r.code
        )
        .unwrap();
    }
    out
}
