//! Numbers as Swedish procurement writes them: amounts in kronor and öre, percentages and points
//! to two decimals. They are read from text — values in a profile, prices a supplier types into
//! a sheet — and printed the Swedish way ("50 000 kr", "2,5 %"). Never a float: every figure is a
//! whole number of hundredths, so it compares and prints exactly.

use std::fmt::Write as _;

/// A number in hundredths: öre for money, hundredths of a percent or of a point.
pub type Hundredths = i64;

/// The largest number kravkat reads: a thousand billion (10¹²), far beyond any tender, and small
/// enough that the products evaluation forms stay exact in 128 bits.
pub const MAX: Hundredths = 1_000_000_000_000 * 100;

/// Why a text is not a number kravkat can read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    Empty,
    NotANumber,
    Negative,
    /// More than two decimals: öre are the smallest unit.
    TooManyDecimals,
    /// `1.234` or `1,234`: thousands or decimals? `1.234,5` and `1.234.567` are refused too.
    Ambiguous,
    TooLarge,
}

impl ParseError {
    /// What is wrong, in a sentence that follows "`TEXT` is not a number:".
    pub fn explain(&self) -> &'static str {
        match self {
            ParseError::Empty => "it is empty",
            ParseError::NotANumber => "write digits, with spaces between thousands if you like: 1 234 567,50",
            ParseError::Negative => "it is negative",
            ParseError::TooManyDecimals => "it has more than two decimals",
            ParseError::Ambiguous => {
                "it is ambiguous: are the `.` or `,` thousands or decimals? Write 1 234 567,50 or 1234567.50"
            }
            ParseError::TooLarge => "it is larger than a thousand billion",
        }
    }
}

/// Spaces a Swedish number may group its thousands with: space, no-break space, thin spaces.
fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{2009}' | '\u{202f}')
}

/// Reads a non-negative number at the start of `text` and returns it in hundredths, with what
/// follows it (a unit, trimmed). Accepted: `1234567`, `1 234 567`, `1 234 567,50`, `1234567.5`.
/// A thousands group must have three digits; a decimal separator followed by exactly three
/// digits (`1.234`) could be either and is refused, as is more than one separator.
pub fn parse(text: &str) -> Result<(Hundredths, &str), ParseError> {
    let text = text.trim_matches(|c: char| c.is_whitespace() || is_group_space(c));
    if text.is_empty() {
        return Err(ParseError::Empty);
    }
    if let Some(after) = text.strip_prefix(['-', '−', '–']) {
        return Err(if after.trim_start().starts_with(|c: char| c.is_ascii_digit()) {
            ParseError::Negative
        } else {
            ParseError::NotANumber
        });
    }
    let text = text.strip_prefix('+').unwrap_or(text);
    let mut chars = text.char_indices().peekable();
    // Integer part: groups of digits separated by single spaces.
    let mut groups: Vec<&str> = Vec::new();
    let mut end = 0;
    loop {
        let start = end;
        while let Some(&(i, c)) = chars.peek() {
            if !c.is_ascii_digit() {
                break;
            }
            end = i + c.len_utf8();
            chars.next();
        }
        if end == start {
            break;
        }
        groups.push(&text[start..end]);
        // A group space is followed by more digits, or it ends the number.
        match chars.peek() {
            Some(&(i, c))
                if is_group_space(c) && text[i + c.len_utf8()..].starts_with(|d: char| d.is_ascii_digit()) =>
            {
                chars.next();
                end = i + c.len_utf8();
            }
            _ => break,
        }
    }
    if groups.is_empty() {
        return Err(ParseError::NotANumber);
    }
    let grouped = groups.len() > 1;
    if grouped && (groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3)) {
        return Err(ParseError::NotANumber);
    }
    let integer: String = groups.concat();
    let mut rest = &text[end..];
    let mut decimals = "";
    if let Some(sep) = rest.chars().next().filter(|c| matches!(c, ',' | '.')) {
        let after = &rest[1..];
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 {
            decimals = &after[..digits];
            rest = &after[digits..];
            if rest.starts_with([',', '.']) && rest[1..].starts_with(|c: char| c.is_ascii_digit()) {
                return Err(ParseError::Ambiguous);
            }
            match decimals.len() {
                1 | 2 => {}
                3 if !grouped => return Err(ParseError::Ambiguous),
                _ => return Err(ParseError::TooManyDecimals),
            }
        } else if sep == ',' && after.starts_with('-') {
            // "1 234,-": whole kronor, as Swedish price lists write them.
            rest = &after[1..];
        }
    }
    let value = hundredths(&integer, decimals)?;
    Ok((
        value,
        rest.trim_matches(|c: char| c.is_whitespace() || is_group_space(c)),
    ))
}

/// Whole digits and at most two decimal digits as hundredths, at most [`MAX`].
fn hundredths(whole: &str, decimals: &str) -> Result<Hundredths, ParseError> {
    let digits = whole.trim_start_matches('0');
    if digits.len() > 13 {
        return Err(ParseError::TooLarge);
    }
    let whole: i64 = if digits.is_empty() {
        0
    } else {
        digits.parse().map_err(|_| ParseError::NotANumber)?
    };
    let value = whole * 100 + format!("{decimals:0<2}").parse::<i64>().unwrap_or(0);
    if value > MAX {
        Err(ParseError::TooLarge)
    } else {
        Ok(value)
    }
}

/// A number a spreadsheet stored as a number, in the shortest text that gives it back
/// (`1234567.5`, `-3`, `1e21`): the point is always the decimal point here.
pub fn parse_stored(text: &str) -> Result<Hundredths, ParseError> {
    if text.starts_with('-') {
        return Err(ParseError::Negative);
    }
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        // An exponent: far more than a thousand billion, or far below an öre.
        return Err(if text.contains("e-") {
            ParseError::TooManyDecimals
        } else {
            ParseError::TooLarge
        });
    }
    if fraction.len() > 2 {
        return Err(ParseError::TooManyDecimals);
    }
    hundredths(whole, fraction)
}

/// `1234567` hundredths as `12 345,67`; whole numbers without decimals (`50 000`), a trailing
/// zero dropped (`2,5`). Thousands are grouped with no-break spaces, so a figure never breaks
/// across lines; a negative number gets a minus sign (−).
pub fn number(h: Hundredths) -> String {
    format_number(h, false)
}

fn format_number(h: Hundredths, two_decimals: bool) -> String {
    let mut out = String::new();
    if h < 0 {
        out.push('−');
    }
    let abs = h.unsigned_abs();
    let (whole, fraction) = (abs / 100, abs % 100);
    let digits = whole.to_string();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('\u{a0}');
        }
        out.push(d);
    }
    if fraction != 0 {
        let f = format!("{fraction:02}");
        let f = if two_decimals { &f } else { f.trim_end_matches('0') };
        write!(out, ",{f}").unwrap();
    }
    out
}

/// Money with its unit: `50 000 kr`, `1 234,50 euro` (öre always as two digits).
pub fn money(h: Hundredths, unit: &str) -> String {
    format!("{}\u{a0}{unit}", format_number(h, true))
}

/// A percentage: `2,5 %`.
pub fn percent(h: Hundredths) -> String {
    format!("{}\u{a0}%", number(h))
}

/// Points: `3 poäng`, `42,57 poäng`.
pub fn points(h: Hundredths) -> String {
    format!("{}\u{a0}poäng", number(h))
}

/// `a × b / c` rounded half up to a whole number, exactly; `c` must be positive.
pub fn mul_div(a: Hundredths, b: i64, c: i64) -> Hundredths {
    let n = i128::from(a) * i128::from(b);
    let c = i128::from(c);
    let q = (2 * n + c).div_euclid(2 * c);
    q as Hundredths
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Result<(Hundredths, &str), ParseError> {
        parse(s)
    }

    #[test]
    fn swedish_and_plain_numbers() {
        assert_eq!(p("1 234 567,50"), Ok((123_456_750, "")));
        assert_eq!(p("1234567.5"), Ok((123_456_750, "")));
        assert_eq!(p("1\u{a0}234\u{a0}567"), Ok((123_456_700, "")));
        assert_eq!(p("50 000 kr"), Ok((5_000_000, "kr")));
        assert_eq!(p(" 2,5 % "), Ok((250, "%")));
        assert_eq!(p("1 234,-"), Ok((123_400, "")));
        assert_eq!(p("0"), Ok((0, "")));
        assert_eq!(p("3 poäng"), Ok((300, "poäng")));
        assert_eq!(p("1 234 567,500"), Err(ParseError::TooManyDecimals));
    }

    #[test]
    fn ambiguous_and_wrong_numbers_are_refused() {
        assert_eq!(p("1.234"), Err(ParseError::Ambiguous));
        assert_eq!(p("1,234"), Err(ParseError::Ambiguous));
        assert_eq!(p("1.234.567"), Err(ParseError::Ambiguous));
        assert_eq!(p("1.234,50"), Err(ParseError::Ambiguous));
        assert_eq!(p("1,5555"), Err(ParseError::TooManyDecimals));
        assert_eq!(p("12 34"), Err(ParseError::NotANumber));
        assert_eq!(p("abc"), Err(ParseError::NotANumber));
        assert_eq!(p(""), Err(ParseError::Empty));
        assert_eq!(p("-5"), Err(ParseError::Negative));
        assert_eq!(p("− 5 000"), Err(ParseError::Negative));
        assert_eq!(p("99999999999999"), Err(ParseError::TooLarge));
    }

    #[test]
    fn numbers_a_spreadsheet_stored() {
        assert_eq!(parse_stored("2150000"), Ok(215_000_000));
        assert_eq!(parse_stored("1234567.5"), Ok(123_456_750));
        assert_eq!(parse_stored("0.05"), Ok(5));
        assert_eq!(parse_stored("1234567.125"), Err(ParseError::TooManyDecimals));
        assert_eq!(parse_stored("-3"), Err(ParseError::Negative));
        assert_eq!(parse_stored("1e21"), Err(ParseError::TooLarge));
        assert_eq!(parse_stored("1e-7"), Err(ParseError::TooManyDecimals));
    }

    #[test]
    fn printed_the_swedish_way() {
        assert_eq!(money(5_000_000, "kr"), "50\u{a0}000\u{a0}kr");
        assert_eq!(money(123_456_750, "kr"), "1\u{a0}234\u{a0}567,50\u{a0}kr");
        assert_eq!(number(-150), "−1,5");
        assert_eq!(percent(250), "2,5\u{a0}%");
        assert_eq!(points(4257), "42,57\u{a0}poäng");
        assert_eq!(number(100), "1");
    }

    #[test]
    fn products_round_half_up() {
        assert_eq!(mul_div(1_000, 1, 3), 333);
        assert_eq!(mul_div(1_000, 2, 3), 667);
        assert_eq!(mul_div(5, 1, 2), 3);
        assert_eq!(mul_div(MAX, 10_000, 10_000), MAX);
    }
}
