//! A document's text and its positions. The protocol counts lines from 0 and columns in UTF-16
//! code units; kravkat's diagnostics count lines from 1 and columns in characters; Rust
//! slices text by bytes. Every conversion is here, and every one clamps, because a client may
//! ask about a position past the end of a line or of the text while the user types.

use lsp_types::{Position, Range};

use crate::diagnostic::Pos;

pub struct Text {
    text: String,
    /// The byte offset at which each line starts. Lines end at `\n`, `\r\n` or `\r`, as the
    /// protocol and YAML both have it.
    starts: Vec<usize>,
}

impl Text {
    pub fn new(text: String) -> Self {
        let mut starts = vec![0];
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                    starts.push(i + 2);
                    i += 1;
                }
                b'\r' => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        Text { text, starts }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The byte range of line `n` (0-based) without its line break; an empty range at the end
    /// for a line past the last.
    pub fn line_span(&self, n: usize) -> std::ops::Range<usize> {
        let Some(&start) = self.starts.get(n) else {
            return self.text.len()..self.text.len();
        };
        let mut end = self.starts.get(n + 1).copied().unwrap_or(self.text.len());
        let line = &self.text.as_bytes()[start..end];
        if line.ends_with(b"\r\n") {
            end -= 2;
        } else if line.ends_with(b"\n") || line.ends_with(b"\r") {
            end -= 1;
        }
        start..end
    }

    /// Line `n` (0-based) without its line break.
    pub fn line(&self, n: usize) -> &str {
        &self.text[self.line_span(n)]
    }

    /// The byte offset of a protocol position: past the end of its line is the end of the
    /// line, inside a character (half a surrogate pair) is before it.
    pub fn offset(&self, pos: Position) -> usize {
        let span = self.line_span(pos.line as usize);
        let mut units = 0u32;
        for (i, c) in self.text[span.clone()].char_indices() {
            units += c.len_utf16() as u32;
            if units > pos.character {
                return span.start + i;
            }
        }
        span.end
    }

    /// The protocol position of a byte offset (clamped to the text, and to a character start).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let span = self.line_span(line);
        let column: usize = self.text[span.start..offset.min(span.end).max(span.start)]
            .chars()
            .map(char::len_utf16)
            .sum();
        Position::new(line as u32, column as u32)
    }

    pub fn range(&self, bytes: std::ops::Range<usize>) -> Range {
        Range::new(self.position(bytes.start), self.position(bytes.end))
    }

    /// The byte offset of a diagnostic's position. The reader saw the text without a leading
    /// byte-order mark, so on the first line that character comes first.
    pub fn offset_of(&self, pos: Pos) -> usize {
        let span = self.line_span(pos.line.saturating_sub(1));
        let bom = usize::from(pos.line == 1 && self.text.starts_with('\u{feff}'));
        let column = pos.column.saturating_sub(1) + bom;
        self.text[span.clone()]
            .char_indices()
            .nth(column)
            .map_or(span.end, |(i, _)| span.start + i)
    }
}

/// Where the value that starts at byte `start` ends: a quoted scalar at its closing quote, a
/// plain one before `,`, `]`, `}`, `: `, ` #` or the end of the line. The extent a diagnostic
/// underlines when it names only where the value starts.
pub fn value_end(text: &str, start: usize) -> usize {
    let rest = &text[start..];
    let line = &rest[..rest.find(['\n', '\r']).unwrap_or(rest.len())];
    let end = match line.chars().next() {
        Some(q @ ('"' | '\'')) => closing_quote(line, q as u8).map_or(line.len(), |i| i + 1),
        _ => {
            let stops = [", ", ",", "]", "}", ": ", " #"];
            let cut = stops.iter().filter_map(|s| line.find(s)).min().unwrap_or(line.len());
            let cut = if line[..cut].ends_with(':') { cut - 1 } else { cut };
            line[..cut].trim_end().len()
        }
    };
    start + end
}

/// The byte index of the quote that closes the scalar `line` starts with: in `"…"` a
/// backslash escapes the next character, in `'…'` a doubled quote is one quote.
fn closing_quote(line: &str, quote: u8) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 1,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 1,
            b if b == quote => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_end_at_any_line_break() {
        let t = Text::new("a\nb\r\nc\rd".into());
        assert_eq!(t.line_count(), 4);
        assert_eq!(
            [t.line(0), t.line(1), t.line(2), t.line(3), t.line(9)],
            ["a", "b", "c", "d", ""]
        );
    }

    #[test]
    fn columns_are_utf16_code_units() {
        // å is one unit, 😀 two; a column inside the pair is before it.
        let t = Text::new("xå😀y\nz".into());
        assert_eq!(t.offset(Position::new(0, 2)), 3);
        assert_eq!(t.offset(Position::new(0, 3)), 3);
        assert_eq!(t.offset(Position::new(0, 4)), 7);
        assert_eq!(t.position(7), Position::new(0, 4));
        assert_eq!(t.position(8), Position::new(0, 5));
        // Past the end of a line, of the text, or inside a character: clamped.
        assert_eq!(t.offset(Position::new(0, 99)), 8);
        assert_eq!(t.offset(Position::new(7, 0)), 10);
        assert_eq!(t.position(2), Position::new(0, 1));
        assert_eq!(t.position(99), Position::new(1, 1));
    }

    #[test]
    fn diagnostic_positions_count_characters() {
        let t = Text::new("a: 1\nå: \"1.99\"\n".into());
        let at = t.offset_of(Pos { line: 2, column: 4 });
        assert_eq!(&t.as_str()[at..at + 6], "\"1.99\"");
        assert_eq!(t.position(at), Position::new(1, 3));
        let bom = Text::new("\u{feff}x: y".into());
        assert_eq!(&bom.as_str()[bom.offset_of(Pos { line: 1, column: 4 })..], "y");
        assert_eq!(t.offset_of(Pos { line: 9, column: 9 }), t.as_str().len());
    }

    #[test]
    fn a_value_ends_where_yaml_ends_it() {
        fn end(line: &str, at: usize) -> &str {
            &line[at..value_end(line, at)]
        }
        assert_eq!(end("items: [\"1.1\", 1.99, x]", 8), "\"1.1\"");
        assert_eq!(end("items: [\"1.1\", 1.99, x]", 15), "1.99");
        assert_eq!(end("  \"a\\\"b\": x", 2), "\"a\\\"b\"");
        assert_eq!(end("  'it''s' # c", 2), "'it''s'");
        assert_eq!(end("  1.12:\n    level: Bör", 2), "1.12");
        assert_eq!(end("  level: Bör  # comment", 9), "Bör");
        assert_eq!(end("  \"unclosed", 2), "\"unclosed");
        assert_eq!(end("x", 1), "");
    }
}
