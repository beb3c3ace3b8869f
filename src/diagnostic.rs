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

/// Characters of a value quoted in a message (see [`Diagnostic::shown_message`]).
const VALUE_CHARS: usize = 80;

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
            // One walk to the excerpt's start: a line can be megabytes long.
            let from = line.char_indices().nth(start).map_or(line.len(), |(b, _)| b);
            let mut rest = line[from..].chars();
            let mut excerpt: String = rest.by_ref().take(2 * EXCERPT).collect();
            self.caret = column - start;
            if start > 0 {
                excerpt.insert(0, '…');
                self.caret += 1;
            }
            if rest.next().is_some() {
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

    /// The message as shown: a value quoted in it (between backticks) longer than
    /// [`VALUE_CHARS`] is cut, so an id of megabytes makes a message of a line.
    pub fn shown_message(&self) -> Cow<'_, str> {
        if !self
            .message
            .split('`')
            .skip(1)
            .step_by(2)
            .any(|v| v.chars().count() > VALUE_CHARS)
        {
            return Cow::Borrowed(&self.message);
        }
        let parts: Vec<String> = self
            .message
            .split('`')
            .enumerate()
            .map(|(i, part)| {
                if i % 2 == 1 && part.chars().count() > VALUE_CHARS {
                    format!("{}…", part.chars().take(VALUE_CHARS - 1).collect::<String>())
                } else {
                    part.to_owned()
                }
            })
            .collect();
        Cow::Owned(parts.join("`"))
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
        writeln!(f, "error: {}", visible(&self.shown_message()))?;
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
#[derive(Debug, Default, Clone)]
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
    Suggestions::new(known).did_you_mean(value)
}

/// Values longer than this get no suggestion: ids, field and category names are shorter, and
/// comparing long texts costs time for nothing.
pub const SUGGEST_MAX_CHARS: usize = 64;

/// Comparison steps one [`Suggestions`] may spend over all its lookups: far more than real
/// catalogues need (a few thousand per lookup), and a bound on what a hostile one can cost.
const SUGGEST_BUDGET: usize = 20_000_000;

/// The known values "did you mean …?" chooses from, indexed by length: a value is compared only
/// with those a few edits from it could be, so one lookup in a catalogue of thousands of ids
/// costs a few comparisons, and all lookups of a run stay within [`SUGGEST_BUDGET`]. Each value
/// may belong to a group (the catalogue of an id), for lookups among some groups only.
pub struct Suggestions<'a> {
    /// By number of characters, in the order given.
    by_len: std::collections::HashMap<usize, Vec<Known<'a>>>,
    spent: std::cell::Cell<usize>,
}

/// How likely a known value is what an unknown one misspells, lower first: edits, not a swap of
/// neighbours, and (as `usize::MAX` less the count) the characters shared at the start and end.
type Rank = (usize, bool, usize, usize);

/// A value "did you mean" can suggest.
struct Known<'a> {
    /// Its characters in lower case, as compared.
    lower: Vec<char>,
    value: &'a str,
    group: usize,
}

impl<'a> Suggestions<'a> {
    pub fn new(known: impl IntoIterator<Item = &'a str>) -> Self {
        Self::grouped(known.into_iter().map(|k| (0, k)))
    }

    /// Values with their groups.
    pub fn grouped(known: impl IntoIterator<Item = (usize, &'a str)>) -> Self {
        let mut by_len: std::collections::HashMap<usize, Vec<Known<'a>>> = Default::default();
        for (group, value) in known {
            let lower: Vec<char> = value.chars().flat_map(char::to_lowercase).collect();
            if lower.len() <= SUGGEST_MAX_CHARS + max_edits(SUGGEST_MAX_CHARS) {
                by_len
                    .entry(lower.len())
                    .or_default()
                    .push(Known { lower, value, group });
            }
        }
        Suggestions {
            by_len,
            spent: std::cell::Cell::new(0),
        }
    }

    /// The known value `value` most likely misspells: the same but for case, then the fewest
    /// edits — of those, one with two neighbouring characters swapped (`1.41` for `1.14`, not
    /// `1.4`), then the one that shares the longest start with it, then the longest end.
    pub fn best(&self, value: &str) -> Option<&'a str> {
        self.best_in(value, |_| true)
    }

    /// [`Suggestions::best`] among the groups `wanted` accepts.
    pub fn best_in(&self, value: &str, wanted: impl Fn(usize) -> bool) -> Option<&'a str> {
        if value.is_empty() || value.chars().nth(SUGGEST_MAX_CHARS).is_some() {
            return None;
        }
        let v: Vec<char> = value.chars().flat_map(char::to_lowercase).collect();
        let k = max_edits(v.len());
        let mut best: Option<(Rank, &'a str)> = None;
        for len in v.len().saturating_sub(k)..=v.len() + k {
            for known in self.by_len.get(&len).into_iter().flatten().filter(|k| wanted(k.group)) {
                let (c, original) = (&known.lower, known.value);
                let mut spent = self.spent.get();
                if spent > SUGGEST_BUDGET {
                    return best.map(|(_, c)| c);
                }
                let d = edits_within(&v, c, k, &mut spent);
                self.spent.set(spent);
                let Some(d) = d else { continue };
                let swapped = d == 1 && is_swap(&v, c);
                let start = v.iter().zip(c).take_while(|(x, y)| x == y).count();
                let end = v.iter().rev().zip(c.iter().rev()).take_while(|(x, y)| x == y).count();
                self.spent.set(spent + start + end);
                let rank = (d, !swapped, usize::MAX - start, usize::MAX - end);
                if best.is_none_or(|(r, _)| rank < r) {
                    best = Some((rank, original));
                }
            }
        }
        best.map(|(_, c)| c)
    }

    /// "did you mean `x`?" for [`Suggestions::best`].
    pub fn did_you_mean(&self, value: &str) -> Option<String> {
        self.did_you_mean_in(value, |_| true)
    }

    /// "did you mean `x`?" for [`Suggestions::best_in`].
    pub fn did_you_mean_in(&self, value: &str, wanted: impl Fn(usize) -> bool) -> Option<String> {
        self.best_in(value, wanted).map(|c| format!("did you mean `{c}`?"))
    }
}

/// How many edits a value of `len` characters may be from a suggestion: one for short ids such
/// as `1.4`, more for longer names.
fn max_edits(len: usize) -> usize {
    match len {
        0..=4 => 1,
        5..=10 => 2,
        _ => 3,
    }
}

/// Whether `a` is `b` with two neighbouring characters swapped.
fn is_swap(a: &[char], b: &[char]) -> bool {
    let differ: Vec<usize> = (0..a.len().min(b.len())).filter(|&i| a[i] != b[i]).collect();
    a.len() == b.len() && matches!(differ.as_slice(), [i, j] if *j == i + 1 && a[*i] == b[*j] && a[*j] == b[*i])
}

/// The edit distance of `a` and `b` (insertions, deletions, substitutions and swaps of
/// neighbours, each one edit) when it is at most `k`. What the two start and end with alike is
/// no edit and is skipped; of the rest only the band of `k` cells either side of the diagonal
/// is computed, and a row beyond `k` ends the work early. `work` counts the steps taken.
fn edits_within(a: &[char], b: &[char], k: usize, work: &mut usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > k {
        return None;
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    let suffix = a.iter().rev().zip(b.iter().rev()).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[..a.len() - suffix], &b[..b.len() - suffix]);
    *work += prefix + suffix + 1 + a.len() * (2 * k + 1);
    let far = k + 1;
    let width = b.len() + 1;
    let mut before = vec![far; width];
    let mut previous: Vec<usize> = (0..width).map(|j| j.min(far)).collect();
    let mut current = vec![far; width];
    for i in 1..=a.len() {
        current.fill(far);
        if i <= k {
            current[0] = i;
        }
        let (from, to) = (i.saturating_sub(k).max(1), (i + k).min(b.len()));
        let mut row_min = current[0];
        for j in from..=to {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (previous[j - 1] + cost).min(previous[j] + 1).min(current[j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            current[j] = d.min(far);
            row_min = row_min.min(current[j]);
        }
        if row_min > k {
            return None;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    let d = previous[b.len()];
    (d <= k).then_some(d)
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
    fn long_values_in_messages_are_cut() {
        let id = "9".repeat(100_000);
        let d = Diagnostic::new(Path::new("p.yaml"), format!("unknown id `{id}` in `x`"));
        let shown = d.shown_message();
        assert_eq!(shown.chars().count(), "unknown id `` in `x`".len() + VALUE_CHARS);
        assert!(shown.ends_with("9…` in `x`"), "{shown}");
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

    #[test]
    fn a_swapped_pair_is_the_likeliest_slip() {
        let ids = ["1.1", "1.4", "1.11", "1.14", "1.41x"];
        assert_eq!(Suggestions::new(ids).best("1.41"), Some("1.14"));
        assert_eq!(Suggestions::new(["Ska", "Bör"]).best("bör"), Some("Bör"));
        assert_eq!(Suggestions::new(["reason", "level"]).best("reson"), Some("reason"));
        assert_eq!(
            Suggestions::new(["title", "organisation"]).best("organization"),
            Some("organisation")
        );
    }

    #[test]
    fn edit_distance_within_a_band() {
        let d = |a: &str, b: &str, k| {
            edits_within(
                &a.chars().collect::<Vec<_>>(),
                &b.chars().collect::<Vec<_>>(),
                k,
                &mut 0,
            )
        };
        assert_eq!(d("kitten", "sitting", 3), Some(3));
        assert_eq!(d("kitten", "sitting", 2), None);
        assert_eq!(d("1.41", "1.14", 1), Some(1));
        assert_eq!(d("abc", "abc", 1), Some(0));
        assert_eq!(d("", "ab", 2), Some(2));
        assert_eq!(d("ab", "", 1), None);
        // Alike starts and ends cost nothing and change nothing.
        assert_eq!(d("aaaaab1aaaa", "aaaaa1baaaa", 1), Some(1));
        assert_eq!(d("xaaaay", "aaaa", 2), Some(2));
        assert_eq!(d("abcabc", "abc", 3), Some(3));
    }

    /// The most hostile input within the limits: ids of the longest length that gets a
    /// suggestion, each a few edits from thousands of others, looked up again and again. The
    /// work stops at the budget (plus the one comparison under way), where unbounded it would be
    /// some twenty times more.
    #[test]
    fn hostile_lookups_stop_at_the_budget() {
        let known: Vec<String> = (0..21_000).map(|i| format!("{:0>64}", i)).collect();
        let s = Suggestions::new(known.iter().map(String::as_str));
        // One comparison: the shared start and end, skipped and then counted again, and the band.
        let one = 3 * SUGGEST_MAX_CHARS + 1 + SUGGEST_MAX_CHARS * (2 * max_edits(SUGGEST_MAX_CHARS) + 1);
        for i in 0..50 {
            s.best(&format!("{:x>64}", i));
        }
        assert!(s.spent.get() > SUGGEST_BUDGET, "the lookups reached the budget");
        assert!(s.spent.get() <= SUGGEST_BUDGET + one, "{} steps", s.spent.get());
        // Once spent, a lookup compares nothing more.
        let before = s.spent.get();
        s.best(&known[7]);
        assert_eq!(s.spent.get(), before);
    }

    #[test]
    fn long_values_get_no_suggestion_and_cost_nothing() {
        let long = "x".repeat(SUGGEST_MAX_CHARS + 1);
        let ids = [long.as_str()];
        let s = Suggestions::new(ids);
        assert_eq!(s.best(&long), None);
        assert_eq!(s.spent.get(), 0);
    }
}
