//! Reading returned answer sheets. A sheet comes back from outside, so it is hostile until shown
//! otherwise: its size and its zip — the number of entries, what they unpack to and how far
//! they are compressed, checked by unpacking before the spreadsheet reader (calamine) sees
//! them — and the cells read are bounded; then every cell the buyer wrote must read as kravkat
//! wrote it for this profile, and every answer must be one kravkat understands. Each problem
//! names the file and the cell: `anbud-acme.xlsx: Svar!H12`.

use std::collections::HashMap;
use std::io::{Cursor, Read as _};
use std::path::{Path, PathBuf};

use calamine::{DataRef, Reader as _, Xlsx};

use crate::amount::{self, Hundredths};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::document::AnswerType;
use crate::render::xlsx::cell_text;
use crate::sheet::{self, Column, Field, Sheet, cell};

/// The largest answer sheet read: a filled sheet of 10,000 requirements is about 2 MB.
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;
/// Entries in the sheet's zip: an .xlsx has a dozen or two.
pub const MAX_ENTRIES: usize = 1_000;
/// What all entries together may unpack to.
pub const MAX_UNPACKED_BYTES: u64 = 100 * 1024 * 1024;
/// How far an entry larger than [`RATIO_FROM`] may be compressed: spreadsheet XML compresses
/// some 5 to 20 times, a zip bomb thousands of times.
pub const MAX_RATIO: u64 = 100;
const RATIO_FROM: u64 = 1024 * 1024;
/// Cells read on one sheet (empty formatted cells included).
pub const MAX_CELLS: usize = 1_000_000;
/// Answer sheets in one evaluation.
pub const MAX_TENDERS: usize = 100;

/// One supplier's returned sheet, checked.
#[derive(Debug, Clone)]
pub struct Tender {
    pub file: PathBuf,
    pub supplier: String,
    /// In hundredths: öre (or cent).
    pub price: Hundredths,
    /// One per row of the sheet, in its order.
    pub answers: Vec<Answer>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answer {
    /// `None`: no answer.
    pub fulfilled: Option<bool>,
    pub description: String,
    pub reference: String,
}

/// Reads and checks the answer sheet at `path` against `sheet`.
pub fn read(path: &Path, sheet: &Sheet) -> crate::error::Result<Tender> {
    let bytes = read_bounded(path)?;
    Ok(parse(path, &bytes, sheet)?)
}

/// An answer sheet's bytes: a regular file within its bound. Sheets are not counted in what a
/// run reads together (`read::MAX_RUN_BYTES`): each is checked and reduced to its answers before
/// the next is read, and an evaluation reads up to `MAX_TENDERS` of them.
fn read_bounded(path: &Path) -> crate::error::Result<Vec<u8>> {
    crate::read::read_one(path, MAX_FILE_BYTES).map_err(|e| match e {
        crate::read::ReadError::TooLarge(_) => {
            let d = Diagnostic::new(
                path,
                format!(
                    "the file is larger than {} MiB, the most kravkat reads as an answer sheet",
                    MAX_FILE_BYTES >> 20
                ),
            )
            .hint("an answer sheet of thousands of requirements is a few megabytes; is this the right file?");
            d.into()
        }
        e => crate::error::Error::Other(anyhow::anyhow!("cannot read `{}`: {e}", path.display())),
    })
}

/// Checks the bytes of an answer sheet (named `name` in messages) against `sheet`.
pub fn parse(name: &Path, bytes: &[u8], sheet: &Sheet) -> Result<Tender, Diagnostics> {
    let problem = |message: String| Diagnostic::new(name, message);
    sniff(bytes).map_err(|(message, hint)| problem(message).hint(hint))?;
    check_zip(bytes).map_err(|(message, hint)| problem(message).hint(hint))?;
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(|e| {
        problem("the file is a zip but cannot be read as an .xlsx workbook".into()).hint(format!(
            "save it again as an Excel workbook (.xlsx); the reader said: {}",
            crate::one_line(&e.to_string(), 120)
        ))
    })?;
    let names = book.sheet_names();
    for wanted in [sheet::INFO, sheet::ANSWERS] {
        if !names.iter().any(|n| n == wanted) {
            let found = names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
            return Err(problem(format!(
                "the workbook has no sheet `{wanted}`, so it is not a kravkat answer sheet"
            ))
            .hint(format!(
                "its sheets: {found}; fill in the answer sheet kravkat wrote (`kravkat build PROFILE -f xlsx`)"
            ))
            .into());
        }
    }
    let info = cells(&mut book, name, sheet::INFO, sheet::NOTES_ROW, 2)?;
    let names: Vec<(String, String)> = book.defined_names().to_vec();
    let mut cx = Check {
        name,
        info,
        diags: Diagnostics::default(),
    };
    cx.identity(sheet, &names)?;
    let rows = sheet.rows.len() as u32 + 1;
    let answers = cells(&mut book, name, sheet::ANSWERS, u32::MAX, Column::ALL.len() as u16)?;
    let read = Rows { cells: answers, rows };
    let answers = cx.rows(sheet, &read);
    let supplier = cx.supplier();
    let price = cx.price(sheet);
    cx.diags.into_result()?;
    Ok(Tender {
        file: name.to_path_buf(),
        supplier: supplier.unwrap_or_default(),
        price: price.unwrap_or_default(),
        answers,
    })
}

/// What the first bytes say the file is, when it is not a zip: a message and a hint.
fn sniff(bytes: &[u8]) -> Result<(), (String, String)> {
    const CFB: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Ok(());
    }
    if bytes.starts_with(CFB) {
        // An encrypted .xlsx is an OLE container holding the package as a stream of this name.
        let encrypted: Vec<u8> = "EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes).collect();
        if bytes.windows(encrypted.len()).any(|w| w == encrypted) {
            return Err((
                "the spreadsheet is encrypted (protected with a password to open)".into(),
                "ask the supplier for the sheet without a password to open; kravkat reads no encrypted files".into(),
            ));
        }
        return Err((
            "the file is an older Office file (such as an Excel 97–2003 .xls), not an .xlsx workbook".into(),
            "save it as an Excel workbook (.xlsx)".into(),
        ));
    }
    let what = if bytes.is_empty() {
        "the file is empty"
    } else if bytes.starts_with(b"%PDF") {
        "the file is a PDF, not a spreadsheet"
    } else {
        "the file is not a spreadsheet (.xlsx)"
    };
    Err((
        what.into(),
        "the answer sheet is the .xlsx kravkat wrote, filled in and saved as .xlsx".into(),
    ))
}

/// Unpacks every entry into nothing, counting, before the spreadsheet reader sees the file: so
/// a zip bomb, a zip whose sizes lie or one of many entries stops here.
fn check_zip(bytes: &[u8]) -> Result<(), (String, String)> {
    let damaged = |what: String| (what, "save the sheet again as an Excel workbook (.xlsx)".to_owned());
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|_| damaged("the file is a damaged zip, not a readable .xlsx".into()))?;
    if zip.len() > MAX_ENTRIES {
        return Err(damaged(format!(
            "the workbook has {} parts, more than the {MAX_ENTRIES} kravkat reads",
            zip.len()
        )));
    }
    let bomb = |detail: String| {
        (
            format!("the workbook unpacks to too much: {detail}"),
            "see \"Limits\" in kravkat's README; an answer sheet unpacks to a few megabytes".to_owned(),
        )
    };
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let mut entry = zip
            .by_index(i)
            .map_err(|_| damaged("a part of the workbook cannot be unpacked (damaged, encrypted or compressed in a way .xlsx does not use)".into()))?;
        let compressed = entry.compressed_size();
        let by_ratio = compressed.saturating_mul(MAX_RATIO).max(RATIO_FROM);
        let by_total = MAX_UNPACKED_BYTES - total;
        let cap = by_ratio.min(by_total);
        let n = std::io::copy(&mut (&mut entry).take(cap + 1), &mut std::io::sink())
            .map_err(|_| damaged("a part of the workbook is damaged (it does not unpack)".into()))?;
        if n > cap {
            return Err(bomb(if by_ratio < by_total {
                format!("a part is compressed more than {MAX_RATIO} to 1 (a zip bomb?)")
            } else {
                format!("more than {} MiB", MAX_UNPACKED_BYTES >> 20)
            }));
        }
        total += n;
    }
    let has = |name: &str| zip.index_for_name(name).is_some();
    if !has("xl/workbook.xml") {
        let what = if has("word/document.xml") {
            "the file is a Word document (.docx), not a spreadsheet"
        } else if has("content.xml") {
            "the file is an OpenDocument file (such as .ods), not an .xlsx workbook"
        } else {
            "the file is a zip, but not an .xlsx workbook"
        };
        return Err((
            what.into(),
            "the answer sheet is the .xlsx kravkat wrote, filled in and saved as .xlsx".into(),
        ));
    }
    Ok(())
}

/// A cell's value as read, the way kravkat compares it.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Text(String),
    /// A number cell, as the shortest text that gives the number back (`1234567.5`).
    Number(String),
    /// A cell of another type (a date, a truth value, an error): what it showed.
    Other(String),
}

impl Value {
    /// The text a person sees in the cell, line ends normalised.
    fn text(&self) -> &str {
        match self {
            Value::Text(t) | Value::Number(t) | Value::Other(t) => t,
        }
    }
}

/// A cell's value; a cell holding only spaces is empty, whatever wrote it.
fn value(v: &DataRef) -> Option<Value> {
    Some(match v {
        DataRef::Empty => return None,
        DataRef::String(s) if s.trim().is_empty() => return None,
        DataRef::SharedString(s) if s.trim().is_empty() => return None,
        DataRef::String(s) => Value::Text(s.replace('\r', "")),
        DataRef::SharedString(s) => Value::Text(s.replace('\r', "")),
        DataRef::Int(i) => Value::Number(i.to_string()),
        DataRef::Float(f) => Value::Number(f.to_string()),
        DataRef::Bool(b) => Value::Other(if *b { "TRUE".into() } else { "FALSE".into() }),
        DataRef::DateTime(d) => Value::Other(format!("a date ({})", d.as_f64())),
        DataRef::DateTimeIso(d) | DataRef::DurationIso(d) => Value::Other(d.clone()),
        DataRef::Error(e) => Value::Other(format!("{e}")),
    })
}

/// The non-empty cells of a sheet in rows below `rows` and columns below `columns`; a
/// non-empty cell in a row at or past `rows` is a problem (`rows` is `u32::MAX` for none).
type Cells = HashMap<(u32, u16), Value>;

fn cells(
    book: &mut Xlsx<Cursor<&[u8]>>,
    name: &Path,
    sheet_name: &str,
    rows: u32,
    columns: u16,
) -> Result<Cells, Diagnostics> {
    let damaged = |e: calamine::XlsxError| {
        Diagnostic::new(name, format!("the sheet `{sheet_name}` cannot be read")).hint(format!(
            "save the sheet again as an Excel workbook (.xlsx); the reader said: {}",
            crate::one_line(&e.to_string(), 120)
        ))
    };
    let mut reader = book.worksheet_cells_reader(sheet_name).map_err(damaged)?;
    let mut out = HashMap::new();
    let mut seen = 0usize;
    while let Some(c) = reader.next_cell().map_err(damaged)? {
        seen += 1;
        if seen > MAX_CELLS {
            return Err(Diagnostic::new(
                name,
                format!("the sheet `{sheet_name}` has more than {MAX_CELLS} cells"),
            )
            .hint("see \"Limits\" in kravkat's README")
            .into());
        }
        let (r, col) = c.get_position();
        let Ok(col) = u16::try_from(col) else { continue };
        if r < rows
            && col < columns
            && let Some(v) = value(c.get_value())
        {
            out.insert((r, col), v);
        }
    }
    Ok(out)
}

/// The answers sheet: its cells and how many rows kravkat wrote (the header included).
struct Rows {
    cells: Cells,
    rows: u32,
}

impl Rows {
    fn text(&self, row: u32, column: Column) -> &str {
        self.cells.get(&(row, column.index())).map_or("", Value::text)
    }

    fn get(&self, row: u32, column: Column) -> Option<&Value> {
        self.cells.get(&(row, column.index()))
    }
}

struct Check<'a> {
    name: &'a Path,
    info: Cells,
    diags: Diagnostics,
}

/// Compared as a person reads them: line ends and trailing spaces do not count.
fn same(found: &str, wanted: &str) -> bool {
    found.trim_end() == wanted.trim_end()
}

/// A value as a message quotes it: one line, not too long.
fn quoted(text: &str) -> String {
    crate::one_line(text, 60)
}

impl Check<'_> {
    fn at(&mut self, cell: String, message: String, hint: Option<String>) {
        let mut d = Diagnostic::new(self.name, message).in_cell(cell);
        d.hint = hint;
        self.diags.push(d);
    }

    fn info_text(&self, field: Field, column: u16) -> &str {
        self.info.get(&(field.row, column)).map_or("", Value::text)
    }

    fn info_cell(field: Field) -> String {
        format!("{}!{}", sheet::INFO, cell(field.row, sheet::VALUE_COLUMN))
    }

    /// The format cell, the labels and the fingerprint: a kravkat answer sheet of this version
    /// of this profile, or an error that stops the checks (nothing else can be trusted then).
    fn identity(&mut self, sheet: &Sheet, names: &[(String, String)]) -> Result<(), Diagnostics> {
        let format = self.info_text(sheet::FORMAT_FIELD, sheet::VALUE_COLUMN).to_owned();
        if format != sheet::FORMAT {
            let message = if format.starts_with("kravkat svarsbilaga") {
                format!(
                    "the sheet is in the format `{}`, which this kravkat does not read",
                    quoted(&format)
                )
            } else {
                "the workbook is not a kravkat answer sheet: it does not say `kravkat svarsbilaga 1`".to_owned()
            };
            let hint =
                "fill in the answer sheet kravkat wrote (`kravkat build PROFILE -f xlsx`), without moving its rows";
            let d = Diagnostic::new(self.name, message)
                .in_cell(Self::info_cell(sheet::FORMAT_FIELD))
                .hint(hint);
            return Err(d.into());
        }
        let cell_print = self
            .info_text(sheet::FINGERPRINT, sheet::VALUE_COLUMN)
            .trim()
            .to_owned();
        let name_print = names
            .iter()
            .find(|(n, _)| n == sheet::FINGERPRINT_NAME)
            .map(|(_, v)| v.trim_start_matches('=').trim_matches('"').to_owned());
        let at = Self::info_cell(sheet::FINGERPRINT);
        let found = match (cell_print.is_empty(), &name_print) {
            (false, Some(n)) if *n != cell_print => {
                let d = Diagnostic::new(
                    self.name,
                    "the fingerprint was changed: the cell and the workbook's name `kravkat_fingeravtryck` differ",
                )
                .in_cell(at)
                .hint("fill in the answer sheet kravkat wrote, without changing it");
                return Err(d.into());
            }
            (false, _) => cell_print,
            (true, Some(n)) => n.clone(),
            (true, None) => {
                let d = Diagnostic::new(
                    self.name,
                    "the sheet carries no fingerprint, so it cannot be matched to a profile",
                )
                .in_cell(at)
                .hint("fill in the answer sheet kravkat wrote, without changing it");
                return Err(d.into());
            }
        };
        if found != sheet.fingerprint {
            let title = self.info_text(sheet::TITLE, sheet::VALUE_COLUMN);
            let same_procurement = same(title, &cell_text(&sheet.title))
                && same(
                    self.info_text(sheet::ORGANISATION, sheet::VALUE_COLUMN),
                    &cell_text(&sheet.organisation),
                );
            let message = if same_procurement {
                "the sheet was made from another version of this profile (its fingerprint differs)".to_owned()
            } else {
                format!(
                    "the sheet was made from another profile (`{}`), not this one",
                    quoted(title)
                )
            };
            let d = Diagnostic::new(self.name, message).in_cell(at).hint(
                "a requirement's text, level, specification or value, or the model, differs from when the sheet was made: \
                 evaluate with the profile it was made from, or send the suppliers this version's sheet (`kravkat build PROFILE -f xlsx`)",
            );
            return Err(d.into());
        }
        for field in [sheet::SUPPLIER, sheet::PRICE, sheet::FINGERPRINT] {
            let label = self.info_text(field, 0).to_owned();
            if !label.starts_with(field.label) {
                let cell = format!("{}!{}", sheet::INFO, cell(field.row, 0));
                self.at(
                    cell,
                    format!(
                        "expected `{}` here, found `{}`: rows of the sheet were moved",
                        field.label,
                        quoted(&label)
                    ),
                    Some("fill in the answer sheet kravkat wrote, without inserting or deleting rows".into()),
                );
            }
        }
        if self.diags.is_empty() {
            Ok(())
        } else {
            Err(std::mem::take(&mut self.diags))
        }
    }

    fn supplier(&mut self) -> Option<String> {
        let name = self.info_text(sheet::SUPPLIER, sheet::VALUE_COLUMN).trim().to_owned();
        if name.is_empty() {
            let at = Self::info_cell(sheet::SUPPLIER);
            self.at(
                at,
                "the supplier's name is missing".into(),
                Some("the supplier writes its name here".into()),
            );
            return None;
        }
        Some(name)
    }

    fn price(&mut self, sheet: &Sheet) -> Option<Hundredths> {
        let at = Self::info_cell(sheet::PRICE);
        let parsed = match self.info.get(&(sheet::PRICE.row, sheet::VALUE_COLUMN)).cloned() {
            None => {
                self.at(
                    at,
                    "the tender price is missing".into(),
                    Some("the supplier writes the tender price here".into()),
                );
                return None;
            }
            Some(Value::Number(n)) => amount::parse_stored(&n).map(|h| (h, String::new())),
            Some(Value::Text(t)) => amount::parse(&t).map(|(h, unit)| (h, unit.to_owned())),
            Some(Value::Other(o)) => {
                self.at(at, format!("the tender price is {}, not a number", quoted(&o)), None);
                return None;
            }
        };
        let shown = quoted(self.info_text(sheet::PRICE, sheet::VALUE_COLUMN));
        let units: &[&str] = if sheet.currency == "kr" {
            &["", "kr", "SEK", "kronor", ":-"]
        } else {
            &["", "EUR", "euro", "€"]
        };
        match parsed {
            Ok((h, unit)) if units.contains(&unit.as_str()) => Some(h),
            Ok((_, unit)) => {
                self.at(
                    at,
                    format!("the tender price `{shown}` has the unit `{}`", quoted(&unit)),
                    Some("write the price as a number: 1 234 567,50".into()),
                );
                None
            }
            Err(e) => {
                self.at(
                    at,
                    format!("the tender price `{shown}` is not a number: {}", e.explain()),
                    Some("write the price as a number: 1 234 567,50".into()),
                );
                None
            }
        }
    }

    /// The header, then one row per requirement in order, the buyer's cells as written; then
    /// the answers. A row out of place stops the row checks: every later row would differ.
    fn rows(&mut self, sheet: &Sheet, read: &Rows) -> Vec<Answer> {
        for c in Column::ALL {
            let found = read.text(0, c);
            if found != c.header() {
                let message = format!(
                    "the column `{}` is missing here (found `{}`): columns were inserted, deleted or moved",
                    c.header(),
                    quoted(found)
                );
                self.at(
                    format!("{}!{}", sheet::ANSWERS, cell(0, c.index())),
                    message,
                    Some("fill in the answer sheet kravkat wrote, without changing its columns".into()),
                );
                return Vec::new();
            }
        }
        let mut answers = Vec::with_capacity(sheet.rows.len());
        for (i, expected) in sheet.rows.iter().enumerate() {
            let r = i as u32 + 1;
            if !same(read.text(r, Column::Nr), &expected.id) {
                self.misplaced(sheet, read, i);
                return Vec::new();
            }
            for c in Column::ALL {
                let Some(wanted) = expected.text(c) else { continue };
                let found = read.text(r, c);
                if !same(found, &cell_text(wanted)) {
                    let message = format!(
                        "the `{}` cell of requirement `{}` was changed: it reads `{}`",
                        c.header(),
                        expected.id,
                        quoted(found)
                    );
                    let hint = format!("the sheet must say what the appendix says: `{}`", quoted(wanted));
                    self.at(
                        format!("{}!{}", sheet::ANSWERS, cell(r, c.index())),
                        message,
                        Some(hint),
                    );
                }
            }
            answers.push(self.answer(read, r, expected));
        }
        // Anything written below the last requirement is a row the supplier added.
        if let Some(&(row, column)) = read.cells.keys().filter(|(row, _)| *row >= read.rows).min() {
            let found = read.cells.get(&(row, column)).map_or("", Value::text);
            self.at(
                format!("{}!{}", sheet::ANSWERS, cell(row, column)),
                format!("a row was added after the last requirement: `{}`", quoted(found)),
                Some("the sheet has one row per requirement of the appendix; answer in those rows".into()),
            );
        }
        answers
    }

    /// Why the row of requirement `i` does not have its id: deleted, inserted, moved or changed.
    fn misplaced(&mut self, sheet: &Sheet, read: &Rows, i: usize) {
        let r = i as u32 + 1;
        let expected = &sheet.rows[i];
        let found = read.text(r, Column::Nr).trim().to_owned();
        let row_of = |id: &str| sheet.rows.iter().position(|x| x.id == id);
        let later_in_sheet = read
            .cells
            .iter()
            .any(|(&(row, c), v)| row > r && c == Column::Nr.index() && v.text().trim() == expected.id);
        let (message, hint) = match row_of(&found) {
            Some(j) if j > i && !later_in_sheet => (
                format!(
                    "the row of requirement `{}` is missing: row {} holds `{found}`, which belongs in row {}",
                    expected.id,
                    r + 1,
                    j + 2
                ),
                "rows were deleted; fill in the answer sheet kravkat wrote, with every row",
            ),
            Some(j) => (
                format!(
                    "the rows were reordered: row {} holds `{found}`, which belongs in row {}, not `{}`",
                    r + 1,
                    j + 2,
                    expected.id
                ),
                "rows were moved or sorted; keep the order kravkat wrote",
            ),
            None if found.is_empty() && Column::ALL.iter().all(|c| read.get(r, *c).is_none()) => (
                format!(
                    "the row of requirement `{}` is missing: row {} is empty",
                    expected.id,
                    r + 1
                ),
                "rows were deleted or cleared; fill in the answer sheet kravkat wrote, with every row",
            ),
            None if same(read.text(r, Column::Requirement), &cell_text(&expected.requirement)) => (
                format!(
                    "the id of requirement `{}` was changed to `{}`",
                    expected.id,
                    quoted(&found)
                ),
                "the ids are the appendix's; do not change them",
            ),
            None => (
                format!(
                    "a row was inserted before requirement `{}`: row {} holds `{}`, which is no requirement of the appendix",
                    expected.id,
                    r + 1,
                    quoted(&found)
                ),
                "rows were inserted; the sheet has one row per requirement of the appendix",
            ),
        };
        self.at(
            format!("{}!{}", sheet::ANSWERS, cell(r, Column::Nr.index())),
            message,
            Some(hint.into()),
        );
    }

    /// A row's answer: Ja, Nej or none, with its description and reference.
    fn answer(&mut self, read: &Rows, r: u32, expected: &sheet::Row) -> Answer {
        let at = |c: Column| format!("{}!{}", sheet::ANSWERS, cell(r, c.index()));
        let fulfilled = match read.get(r, Column::Fulfilled) {
            None => None,
            Some(Value::Text(t)) => match t.trim_matches(|c: char| c.is_whitespace()).to_lowercase().as_str() {
                "ja" => Some(true),
                "nej" => Some(false),
                "" => None,
                _ => {
                    self.neither(at(Column::Fulfilled), t, &expected.id);
                    None
                }
            },
            Some(other) => {
                let shown = other.text().to_owned();
                self.neither(at(Column::Fulfilled), &shown, &expected.id);
                None
            }
        };
        let description = read.text(r, Column::Description).trim().to_owned();
        let reference = read.text(r, Column::Reference).trim().to_owned();
        if expected.answer == AnswerType::Tal && fulfilled == Some(true) && !description.is_empty() {
            let number = match read.get(r, Column::Description) {
                Some(Value::Number(n)) => amount::parse_stored(n).map(|_| ()),
                _ => amount::parse(&description).map(|_| ()),
            };
            if let Err(e) = number {
                self.at(
                    at(Column::Description),
                    format!(
                        "the answer `{}` to requirement `{}` is not a number: {}",
                        quoted(&description),
                        expected.id,
                        e.explain()
                    ),
                    Some("its Svarsform is Ja/Nej med ett tal: write the number in Beskrivning".into()),
                );
            }
        }
        Answer {
            fulfilled,
            description,
            reference,
        }
    }

    fn neither(&mut self, cell: String, found: &str, id: &str) {
        self.at(
            cell,
            format!(
                "the answer `{}` to requirement `{id}` is neither Ja nor Nej",
                quoted(found)
            ),
            Some("choose Ja or Nej in the drop-down; an empty answer counts as not fulfilled".into()),
        );
    }
}
