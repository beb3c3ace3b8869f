//! Diagnostics that point into the file they are about, in the style of cargo-deny and rustc:
//! `error: message`, `--> file:line:column`, the offending line with a caret, and a hint.

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::yaml::is_bidi_control;

/// A position in a source file, 1-based as editors show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

impl Pos {
    pub fn from_location(loc: serde_saphyr::Location) -> Option<Pos> {
        (loc.line() > 0).then(|| Pos {
            line: loc.line() as usize,
            column: loc.column().max(1) as usize,
        })
    }
}

/// One problem found in an input file.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub file: PathBuf,
    pub pos: Option<Pos>,
    /// A spreadsheet cell, `Svar!H12`, for problems in an answer sheet (which has no lines).
    pub cell: Option<String>,
    pub message: String,
    pub hint: Option<String>,
    /// The text of the offending line, shown under the location; a long line only around the
    /// column (see [`Diagnostic::at`]).
    pub source_line: Option<String>,
    /// Characters of `source_line` before the caret.
    pub caret: usize,
}

/// Characters shown on each side of the column when a line is too long to show whole.
const EXCERPT: usize = 60;

/// Problems reported for one run: the first ones are enough to fix, and a hostile input could
/// otherwise produce one per value.
pub const MAX_REPORTED: usize = 50;

impl Diagnostic {
    pub fn new(file: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_path_buf(),
            pos: None,
            cell: None,
            message: message.into(),
            hint: None,
            source_line: None,
            caret: 0,
        }
    }

    /// Attaches a position and the text of that line, taken from `source`. A long line is cut
    /// to the part around the column, so a one-line file of megabytes prints a short message.
    pub fn at(mut self, source: &str, pos: Option<Pos>) -> Self {
        self.pos = pos;
        self.source_line = None;
        self.caret = 0;
        if let Some(p) = pos
            && let Some(line) = source.lines().nth(p.line - 1)
        {
            let column = p.column - 1;
            let start = column.saturating_sub(EXCERPT);
            let mut excerpt: String = line.chars().skip(start).take(2 * EXCERPT).collect();
            self.caret = column - start;
            if start > 0 {
                excerpt.insert(0, '…');
                self.caret += 1;
            }
            if line.chars().nth(start + 2 * EXCERPT).is_some() {
                excerpt.push('…');
            }
            self.source_line = Some(excerpt);
        }
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Points at a cell of a spreadsheet: `Svar!H12`.
    pub fn in_cell(mut self, cell: String) -> Self {
        self.cell = Some(cell);
        self
    }

    pub fn location(&self) -> String {
        let file = self.file.display().to_string();
        let file = visible(&file);
        match (self.pos, &self.cell) {
            (Some(p), _) => format!("{file}:{}:{}", p.line, p.column),
            (None, Some(cell)) => format!("{file}: {cell}"),
            (None, None) => file.into_owned(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", visible(&self.message))?;
        write!(f, "  --> {}", self.location())?;
        if let (Some(pos), Some(line)) = (self.pos, &self.source_line) {
            let num = pos.line.to_string();
            let pad = " ".repeat(num.len());
            // The caret goes under the column, counted in characters.
            let before: String = line.chars().take(self.caret).collect();
            let indent: String = before.chars().map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
            write!(f, "\n {pad} |\n {num} | {}\n {pad} | {indent}^", visible(line))?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  = hint: {}", visible(hint))?;
        }
        Ok(())
    }
}

/// Text from an input as it may be shown on a terminal: control characters (an escape sequence
/// in a profile could recolour or clear the screen) become their pictures (␀, ␛) or �, and
/// bidirectional controls (which would reorder the line shown) become �, one character each,
/// so the caret stays in its column.
pub fn visible(text: &str) -> Cow<'_, str> {
    let hidden = |c: char| (c.is_control() && c != '\t' && c != '\n') || is_bidi_control(c);
    if !text.chars().any(hidden) {
        return Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| match c {
            '\0'..='\x1f' if hidden(c) => char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'),
            '\x7f' => '\u{2421}',
            c if hidden(c) => '\u{FFFD}',
            c => c,
        })
        .collect::<String>()
        .into()
}

/// Everything found wrong in one run; reported together so a user fixes all of it at once.
#[derive(Debug, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Adds a problem; past [`MAX_REPORTED`] it is dropped, and callers that can check
    /// [`Diagnostics::full`] first skip the work of describing it.
    pub fn push(&mut self, d: Diagnostic) {
        if !self.full() {
            self.0.push(d);
        }
    }

    pub fn full(&self) -> bool {
        self.0.len() >= MAX_REPORTED
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(())` when nothing was found, otherwise the collected diagnostics as an error.
    pub fn into_result(self) -> Result<(), Diagnostics> {
        if self.0.is_empty() { Ok(()) } else { Err(self) }
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            writeln!(f, "{d}")?;
        }
        if self.0.len() >= MAX_REPORTED {
            writeln!(
                f,
                "error: stopped after {MAX_REPORTED} problems; fix these and run again"
            )?;
        } else if self.0.len() > 1 {
            writeln!(f, "error: {} problems found", self.0.len())?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// "did you mean …?" for a value that is close to one of the known ones.
pub fn did_you_mean<'a>(value: &str, known: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut best: Option<(f64, &str)> = None;
    for candidate in known {
        let score = strsim::jaro_winkler(&value.to_lowercase(), &candidate.to_lowercase());
        if score > 0.8 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, c)| format!("did you mean `{c}`?"))
}

/// The values a hint offers in place of the offending one: the `X` of "did you mean `X`?", the
/// choices of "qualify it: `a:1` or `b:1`". An editor offers each as a fix.
pub fn suggestions(hint: &str) -> Vec<&str> {
    if let Some(rest) = hint.strip_prefix("did you mean `") {
        return rest.strip_suffix("`?").map(|x| vec![x]).unwrap_or_default();
    }
    if let Some(rest) = hint.strip_prefix("qualify it: ") {
        return rest.split('`').skip(1).step_by(2).collect();
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_location_line_and_caret() {
        let src = "a: 1\nselect: [\"1.99\"]\n";
        let d = Diagnostic::new(Path::new("p.yaml"), "unknown id `1.99`")
            .at(src, Some(Pos { line: 2, column: 10 }))
            .hint("did you mean `1.9`?");
        let text = d.to_string();
        assert!(text.contains("--> p.yaml:2:10"), "{text}");
        assert!(text.contains("2 | select: [\"1.99\"]"), "{text}");
        assert!(text.contains("|          ^"), "{text}");
        assert!(text.ends_with("= hint: did you mean `1.9`?"), "{text}");
    }

    #[test]
    fn cells_are_named_after_the_file() {
        let d = Diagnostic::new(
            Path::new("anbud-acme.xlsx"),
            "the answer `Kanske` is neither Ja nor Nej",
        )
        .in_cell("Svar!H12".into());
        assert!(d.to_string().contains("--> anbud-acme.xlsx: Svar!H12"), "{d}");
    }

    #[test]
    fn long_lines_are_cut_around_the_column() {
        let src = format!("x: [{}\"1.99\"{}]\n", "a, ".repeat(1000), ", b".repeat(1000));
        let column = 4 + 3 * 1000 + 1;
        let d = Diagnostic::new(Path::new("p.yaml"), "unknown id").at(&src, Some(Pos { line: 1, column }));
        let text = d.to_string();
        assert!(text.contains("p.yaml:1:3005"), "{text}");
        assert!(text.len() < 400, "{text}");
        let line = text.lines().find(|l| l.starts_with(" 1 | ")).unwrap();
        let caret = text.lines().last().unwrap();
        // The caret stands under the offending value's opening quote.
        let at = caret.chars().count() - 1;
        assert_eq!(line.chars().nth(at), Some('"'), "{text}");
        assert!(line.starts_with(" 1 | …") && line.ends_with('…'), "{line}");
    }

    #[test]
    fn control_characters_from_the_input_are_shown_not_sent_to_the_terminal() {
        let src = "title: \u{1b}[2J\0x\n";
        let d = Diagnostic::new(Path::new("p.yaml"), "bad `\u{1b}[31m`")
            .at(src, Some(Pos { line: 1, column: 12 }))
            .hint("\u{7}");
        let text = d.to_string();
        assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text:?}");
        assert!(
            text.contains("bad `␛[31m`") && text.contains("1 | title: ␛[2J␀x"),
            "{text}"
        );
        assert!(text.contains("|            ^"), "{text}");
        assert!(text.ends_with("hint: ␇"), "{text}");
    }

    #[test]
    fn bidirectional_controls_do_not_reorder_the_line_shown() {
        let src = "text: \"ska \u{202E}radera\u{202C} inte\"\n";
        let text = Diagnostic::new(Path::new("p.yaml"), "bad")
            .at(src, Some(Pos { line: 1, column: 12 }))
            .to_string();
        assert!(text.contains("1 | text: \"ska �radera� inte\""), "{text}");
        assert!(text.contains("|            ^"), "{text}");
    }

    #[test]
    fn hints_name_their_suggestions() {
        let hint = did_you_mean("1.121", ["1.12"]).unwrap();
        assert_eq!(suggestions(&hint), ["1.12"]);
        assert_eq!(
            suggestions("qualify it: `jonkoping:1.1` or `skane:1.1`"),
            ["jonkoping:1.1", "skane:1.1"]
        );
        assert!(suggestions("remove it from `exclude`").is_empty());
    }

    #[test]
    fn suggests_close_ids_only() {
        let ids = ["1.1", "1.12", "1.13"];
        assert_eq!(did_you_mean("1.121", ids).as_deref(), Some("did you mean `1.12`?"));
        assert_eq!(did_you_mean("avveckling", ids), None);
    }
}
