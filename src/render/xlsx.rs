//! The answer sheet as an .xlsx workbook, written by rust_xlsxwriter from [`crate::sheet`]: an
//! info sheet (*Anbud*: the supplier's name and price, the fingerprint, the rules and the
//! attributions) and the answers (*Svar*: one row per requirement). Only the supplier's cells
//! are unlocked; the sheets are protected without a password, a guard against slips rather
//! than security. The same inputs give the same bytes: rust_xlsxwriter stamps zip entries with
//! a fixed time, and the document's creation date is `SOURCE_DATE_EPOCH` or 1980-01-01.

use anyhow::Context as _;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder,
    ProtectionOptions, Workbook, Worksheet, XlsxError,
};

use crate::document::{AnswerType, Document};
use crate::sheet::{self, Column, Field, Row, Sheet};

/// The most characters a spreadsheet cell holds (Excel's limit; LibreOffice reads no more).
pub const MAX_CELL_CHARS: usize = 32_767;

/// What a cut cell ends with: the appendix has the whole text, and the answer is to all of it.
const CUT: &str = " […] (Texten är längre än en cell i ett kalkylark rymmer; se kravbilagan för hela kravet.)";

pub fn render(doc: &Document, source_date_epoch: Option<i64>) -> anyhow::Result<Vec<u8>> {
    let s = sheet::sheet(doc);
    write(&s, source_date_epoch).context("writing the answer sheet")
}

/// `text` as a cell holds it: cut with a note when it is longer than a cell can be. The reader
/// compares returned cells with this, so the cut is the same both ways.
pub fn cell_text(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().count() <= MAX_CELL_CHARS {
        return text.into();
    }
    let keep = MAX_CELL_CHARS - CUT.chars().count();
    let mut cut: String = text.chars().take(keep).collect();
    cut.push_str(CUT);
    cut.into()
}

struct Formats {
    title: Format,
    label: Format,
    text: Format,
    input: Format,
    price: Format,
    header: Format,
    cell: Format,
    answer: Format,
}

fn formats() -> Formats {
    let base = Format::new()
        .set_font_name("Calibri")
        .set_font_size(10)
        .set_align(FormatAlign::Top);
    let boxed = base
        .clone()
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(0x8C959F));
    // The supplier's cells are unlocked and tinted, so a supplier sees where to write.
    let input = boxed.clone().set_unlocked().set_background_color(Color::RGB(0xFFF6D6));
    Formats {
        title: base.clone().set_bold().set_font_size(14),
        label: base.clone().set_bold().set_text_wrap(),
        text: base.clone().set_text_wrap(),
        price: input.clone().set_num_format("#,##0.00"),
        input: input.clone(),
        header: boxed.clone().set_bold().set_background_color(Color::RGB(0xE9EDF2)),
        cell: boxed,
        answer: input.set_align(FormatAlign::Center).set_align(FormatAlign::Top),
    }
}

fn write(s: &Sheet, source_date_epoch: Option<i64>) -> Result<Vec<u8>, XlsxError> {
    let f = formats();
    let mut book = Workbook::new();
    let created = match source_date_epoch {
        Some(e) => ExcelDateTime::from_timestamp(e)?,
        None => ExcelDateTime::from_ymd(1980, 1, 1)?,
    };
    book.set_properties(
        &DocProperties::new()
            .set_title(format!("Svarsbilaga – {}", s.title))
            .set_subject("Svarsbilaga")
            .set_author(&s.organisation)
            .set_company(&s.organisation)
            .set_creation_datetime(&created),
    );
    book.push_worksheet(info(s, &f)?);
    book.push_worksheet(answers(s, &f)?);
    book.define_name(sheet::FINGERPRINT_NAME, &format!("=\"{}\"", s.fingerprint))?;
    book.save_to_buffer()
}

/// Page setup both sheets share: A4 landscape, one page wide, title and page in the margins.
fn page(ws: &mut Worksheet, s: &Sheet) {
    ws.set_landscape()
        .set_paper_size(9)
        .set_print_fit_to_pages(1, 0)
        .set_margins(0.5, 0.5, 0.7, 0.7, 0.3, 0.3);
    // `&` starts a header code; a literal one is doubled.
    let title = s.title.replace('&', "&&");
    ws.set_header(format!("&L&8Svarsbilaga – {title}&R&8Sida &P av &N"));
}

fn protect(ws: &mut Worksheet) {
    // Suppliers may still widen columns, heighten rows and select any cell.
    ws.protect_with_options(&ProtectionOptions {
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    });
}

/// The width of the info sheet's text column.
const INFO_WIDTH: f64 = 100.0;

fn info(s: &Sheet, f: &Formats) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(sheet::INFO)?;
    ws.set_column_width(0, 24)?.set_column_width(1, INFO_WIDTH)?;
    ws.write_string_with_format(0, 0, cell_text(&format!("Svarsbilaga – {}", s.title)), &f.title)?;
    let field = |ws: &mut Worksheet, field: Field, label: &str, value: &str, format: &Format| {
        ws.write_string_with_format(field.row, 0, label, &f.label)?;
        ws.write_string_with_format(field.row, sheet::VALUE_COLUMN, cell_text(value), format)?;
        Ok::<_, XlsxError>(())
    };
    field(&mut ws, sheet::TITLE, sheet::TITLE.label, &s.title, &f.text)?;
    field(
        &mut ws,
        sheet::ORGANISATION,
        sheet::ORGANISATION.label,
        &s.organisation,
        &f.text,
    )?;
    field(
        &mut ws,
        sheet::REFERENCE,
        sheet::REFERENCE.label,
        s.reference.as_deref().unwrap_or("–"),
        &f.text,
    )?;
    field(&mut ws, sheet::SUPPLIER, sheet::SUPPLIER.label, "", &f.input)?;
    let price = format!("{} ({}, exklusive moms)", sheet::PRICE.label, s.currency);
    field(&mut ws, sheet::PRICE, &price, "", &f.price)?;
    ws.set_row_height(sheet::PRICE.row, height(&[(&price, 24.0)]))?;
    field(
        &mut ws,
        sheet::FINGERPRINT,
        sheet::FINGERPRINT.label,
        &s.fingerprint,
        &f.text,
    )?;
    field(
        &mut ws,
        sheet::FORMAT_FIELD,
        sheet::FORMAT_FIELD.label,
        sheet::FORMAT,
        &f.text,
    )?;
    let mut row = sheet::NOTES_ROW;
    let mut note = |ws: &mut Worksheet, label: &str, text: &str| {
        ws.set_row_height(row, height(&[(text, INFO_WIDTH)]))?;
        ws.write_string_with_format(row, 0, label, &f.label)?;
        ws.write_string_with_format(row, 1, cell_text(text), &f.text)?;
        row += 1;
        Ok::<_, XlsxError>(())
    };
    note(&mut ws, "Så fyller ni i", sheet::INSTRUCTIONS)?;
    if let Some(rule) = &s.rule {
        note(&mut ws, "Utvärdering", rule)?;
    }
    for (i, a) in s.attributions.iter().enumerate() {
        note(&mut ws, if i == 0 { "Källor" } else { "" }, a)?;
    }
    page(&mut ws, s);
    ws.set_selection(
        sheet::SUPPLIER.row,
        sheet::VALUE_COLUMN,
        sheet::SUPPLIER.row,
        sheet::VALUE_COLUMN,
    )?;
    protect(&mut ws);
    Ok(ws)
}

fn answers(s: &Sheet, f: &Formats) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(sheet::ANSWERS)?;
    let headers: Vec<(&str, f64)> = Column::ALL.iter().map(|c| (c.header(), c.width())).collect();
    ws.set_row_height(0, height(&headers))?;
    for c in Column::ALL {
        ws.set_column_width(c.index(), c.width())?;
        ws.write_string_with_format(0, c.index(), c.header(), &f.header)?;
    }
    for (i, r) in s.rows.iter().enumerate() {
        row(&mut ws, i as u32 + 1, r, f)?;
    }
    let last = s.rows.len() as u32;
    if last > 0 {
        let column = Column::Fulfilled.index();
        let yes_no = DataValidation::new()
            .allow_list_strings(&["Ja", "Nej"])?
            .set_input_title("Uppfylls kravet?")?
            .set_input_message("Välj Ja eller Nej.")?
            .set_error_title("Ja eller Nej")?
            .set_error_message("Svaret är Ja eller Nej.")?
            .set_error_style(DataValidationErrorStyle::Stop);
        ws.add_data_validation(1, column, last, column, &yes_no)?;
    }
    page(&mut ws, s);
    ws.set_freeze_panes(1, 0)?;
    ws.set_repeat_rows(0, 0)?;
    ws.set_selection(1, Column::Fulfilled.index(), 1, Column::Fulfilled.index())?;
    protect(&mut ws);
    Ok(ws)
}

/// Points per line of 10-point text, and the most a row can be (Excel's limit).
const LINE_HEIGHT: f64 = 13.0;
const MAX_ROW_HEIGHT: f64 = 409.0;

/// A row tall enough for its wrapped cells. LibreOffice does not fit rows to wrapped text when
/// it opens an .xlsx, so without a height a requirement would print over the next one; the
/// estimate leans generous (10-point text fits about 1.4 characters per unit of column width).
fn height(cells: &[(&str, f64)]) -> f64 {
    let lines = cells
        .iter()
        .map(|(text, width)| {
            let per_line = (width * 1.35).floor().max(1.0) as usize;
            text.split('\n')
                .map(|l| l.chars().count().div_ceil(per_line).max(1))
                .sum::<usize>()
        })
        .max()
        .unwrap_or(1);
    (lines as f64 * LINE_HEIGHT + 4.0).min(MAX_ROW_HEIGHT)
}

fn row(ws: &mut Worksheet, n: u32, r: &Row, f: &Formats) -> Result<(), XlsxError> {
    let cells: Vec<(&str, f64)> = Column::ALL
        .iter()
        .filter_map(|c| Some((r.text(*c)?, c.width())))
        .collect();
    ws.set_row_height(n, height(&cells))?;
    for c in Column::ALL {
        match r.text(c) {
            Some(text) => {
                ws.write_string_with_format(n, c.index(), cell_text(text), &f.cell)?;
            }
            None => {
                let format = if c == Column::Fulfilled { &f.answer } else { &f.input };
                ws.write_blank(n, c.index(), format)?;
            }
        }
    }
    // The column a `Ja` must come with says so where the supplier writes.
    let hint = match r.answer {
        AnswerType::JaNej => None,
        AnswerType::Fritext => Some((Column::Description, "Beskriv hur kravet uppfylls.")),
        AnswerType::Tal => Some((Column::Description, "Ange ett tal.")),
        AnswerType::Bilaga => Some((Column::Reference, "Ange bilagans namn och sida.")),
    };
    if let Some((column, message)) = hint {
        let v = DataValidation::new()
            .allow_any_value()
            .set_input_title(crate::render::labels::answer_type(r.answer))?
            .set_input_message(message)?;
        ws.add_data_validation(n, column.index(), n, column.index(), &v)?;
    }
    Ok(())
}
