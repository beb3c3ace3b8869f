//! The content of a Word part (document, header or footer): paragraphs, runs, hyperlinks,
//! lists and tables, written from kravkat's one Markdown tree (`crate::markup`).

use std::collections::HashMap;

use super::numbering::Numbering;
use super::styles::{Style, Styles, W_NS};
use super::xml::Xml;
use crate::markup::{self, Block, Inline};

pub const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// Cell margin on each side, in twips; matches the `Kravtabell` style.
const CELL_MARGIN: u32 = 85;
/// Indentation per list level, matching `numbering.rs`.
const LIST_STEP: usize = 284;

/// The root element of a part.
#[derive(Debug, Clone, Copy)]
pub enum Root {
    Document,
    Header,
    Footer,
}

/// What a paragraph carries besides its style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Para {
    Plain,
    /// A list item's first paragraph: (`w:numId`, level).
    Numbered(usize, usize),
    /// A later paragraph of a list item, indented to its text.
    Indented(usize),
    /// A labelled part: the label hangs in the margin before a tab.
    Hanging,
    /// A thematic break: an empty paragraph with a bottom border.
    Rule,
}

#[derive(Debug, Clone, Copy, Default)]
struct Format {
    bold: bool,
    italic: bool,
    strike: bool,
    code: bool,
    link: bool,
}

/// What writing a part produced besides its XML.
#[derive(Debug)]
pub struct Written {
    pub xml: String,
    /// Hyperlink targets; link `i` has the relationship id `link_id(i)`.
    pub links: Vec<String>,
    pub numbering: Numbering,
}

pub fn link_id(i: usize) -> String {
    format!("rIdLink{}", i + 1)
}

pub struct Body<'a> {
    x: Xml,
    styles: &'a Styles,
    links: Vec<String>,
    /// Index of each URL in `links`: one relationship per URL, found without a linear search.
    link_index: HashMap<String, usize>,
    numbering: Numbering,
    text_width: u32,
    /// Column widths of the tables being written, innermost last, with the next column.
    tables: Vec<(Vec<u32>, usize)>,
    /// Widths of the cells being written, innermost last.
    cells: Vec<u32>,
    /// A table cell must end in a paragraph: whether the last thing written was one.
    ended_in_paragraph: bool,
    /// Whether the last thing written on the page (not in a cell) was a table.
    after_table: bool,
}

impl<'a> Body<'a> {
    pub fn new(root: Root, styles: &'a Styles, text_width: u32) -> Self {
        let mut x = Xml::new();
        let ns = [("xmlns:w", W_NS), ("xmlns:r", R_NS)];
        match root {
            Root::Document => x.open("w:document", &ns).open("w:body", &[]),
            Root::Header => x.open("w:hdr", &ns),
            Root::Footer => x.open("w:ftr", &ns),
        };
        Body {
            x,
            styles,
            links: Vec::new(),
            link_index: HashMap::new(),
            numbering: Numbering::default(),
            text_width,
            tables: Vec::new(),
            cells: Vec::new(),
            ended_in_paragraph: false,
            after_table: false,
        }
    }

    /// Closes the part; `trailer` is written last inside it (the document's section properties).
    pub fn finish(mut self, trailer: &str) -> Written {
        self.x.raw(trailer);
        while self.x.depth() > 0 {
            self.x.close();
        }
        Written {
            xml: self.x.finish(),
            links: self.links,
            numbering: self.numbering,
        }
    }

    pub fn heading(&mut self, level: u8, text: &str) {
        let style = match level {
            1 => Style::Heading1,
            2 => Style::Heading2,
            _ => Style::Heading3,
        };
        self.paragraph(style, &[Inline::Text(text.to_owned())]);
    }

    pub fn paragraph(&mut self, style: Style, inlines: &[Inline]) {
        self.open_paragraph(style);
        self.inlines(inlines);
        self.close_paragraph();
    }

    /// Plain text (no Markdown) as one paragraph.
    pub fn text(&mut self, style: Style, text: &str) {
        self.paragraph(style, &[Inline::Text(text.to_owned())]);
    }

    /// Opens a paragraph for content written piece by piece (runs, fields); close it after.
    pub fn open_paragraph(&mut self, style: Style) {
        self.open_para(style, Para::Plain);
    }

    fn open_para(&mut self, style: Style, para: Para) {
        self.x.open("w:p", &[]).open("w:pPr", &[]);
        self.x.empty("w:pStyle", &[("w:val", self.styles.id(style))]);
        // Body text right under a table would touch its bottom border; headings have space above.
        let under_table = std::mem::take(&mut self.after_table) && style == Style::Normal;
        match para {
            Para::Plain if under_table => {
                self.x.empty("w:spacing", &[("w:before", "160")]);
            }
            Para::Plain => {}
            Para::Numbered(num, level) => {
                self.x
                    .open("w:numPr", &[])
                    .empty("w:ilvl", &[("w:val", &level.to_string())])
                    .empty("w:numId", &[("w:val", &num.to_string())])
                    .close();
            }
            Para::Indented(level) => {
                self.x
                    .empty("w:ind", &[("w:left", &(LIST_STEP * (level + 1)).to_string())]);
            }
            Para::Hanging => {
                let step = LIST_STEP.to_string();
                self.x.empty("w:ind", &[("w:left", &step), ("w:hanging", &step)]);
            }
            Para::Rule => {
                self.x
                    .open("w:pBdr", &[])
                    .empty(
                        "w:bottom",
                        &[
                            ("w:val", "single"),
                            ("w:sz", "6"),
                            ("w:space", "1"),
                            ("w:color", "auto"),
                        ],
                    )
                    .close();
            }
        }
        self.x.close();
    }

    pub fn close_paragraph(&mut self) {
        self.x.close();
        self.ended_in_paragraph = true;
    }

    pub fn inlines(&mut self, inlines: &[Inline]) {
        self.formatted(inlines, Format::default());
    }

    /// A simple field (`PAGE`, `NUMPAGES`) showing `shown` until the reader updates it.
    pub fn field(&mut self, instruction: &str, shown: &str) {
        self.x.open("w:fldSimple", &[("w:instr", &format!(" {instruction} "))]);
        self.run(Format::default(), shown);
        self.x.close();
    }

    fn formatted(&mut self, inlines: &[Inline], f: Format) {
        for inline in inlines {
            match inline {
                Inline::Text(t) => self.run(f, t),
                Inline::Code(t) => self.run(Format { code: true, ..f }, t),
                Inline::Emph(c) => self.formatted(c, Format { italic: true, ..f }),
                Inline::Strong(c) => self.formatted(c, Format { bold: true, ..f }),
                Inline::Strike(c) => self.formatted(c, Format { strike: true, ..f }),
                Inline::SoftBreak => self.run(f, " "),
                Inline::LineBreak => self.run(f, "\n"),
                // `#name` links to a bookmark in the document: kravkat writes these itself (item
                // references); links from Markdown text are always http(s) or mailto.
                Inline::Link { url, content } if url.starts_with('#') => {
                    self.x
                        .open("w:hyperlink", &[("w:anchor", &url[1..]), ("w:history", "1")]);
                    self.formatted(content, Format { link: true, ..f });
                    self.x.close();
                }
                Inline::Link { url, content } => {
                    let i = *self.link_index.entry(url.clone()).or_insert_with(|| {
                        self.links.push(url.clone());
                        self.links.len() - 1
                    });
                    self.x.open("w:hyperlink", &[("r:id", &link_id(i)), ("w:history", "1")]);
                    self.formatted(content, Format { link: true, ..f });
                    self.x.close();
                }
            }
        }
    }

    /// One run; a newline becomes a line break and a tab a tab.
    fn run(&mut self, f: Format, text: &str) {
        if text.is_empty() {
            return;
        }
        self.x.open("w:r", &[]);
        let style = if f.code {
            Some(Style::Verbatim)
        } else if f.link {
            Some(Style::Hyperlink)
        } else {
            None
        };
        if style.is_some() || f.bold || f.italic || f.strike {
            self.x.open("w:rPr", &[]);
            if let Some(s) = style {
                self.x.empty("w:rStyle", &[("w:val", self.styles.id(s))]);
            }
            for (on, tag) in [(f.bold, "w:b"), (f.italic, "w:i"), (f.strike, "w:strike")] {
                if on {
                    self.x.empty(tag, &[]);
                }
            }
            self.x.close();
        }
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                self.x.empty("w:br", &[]);
            }
            for (j, piece) in line.split('\t').enumerate() {
                if j > 0 {
                    self.x.empty("w:tab", &[]);
                }
                if !piece.is_empty() {
                    self.x.leaf("w:t", &[("xml:space", "preserve")], piece);
                }
            }
        }
        self.x.close();
    }

    /// Markdown text; its paragraphs get `style`.
    pub fn markdown(&mut self, style: Style, text: &str) {
        if self.full() {
            return;
        }
        self.blocks(style, &markup::parse(text));
    }

    /// Whether the part has grown past what any document may be: it will be refused as a whole
    /// (see `docx::render`), so Markdown, which dense markup makes grow the most, is no longer
    /// written into it.
    fn full(&self) -> bool {
        self.x.len() as u64 > crate::render::MAX_DOCUMENT_BYTES
    }

    /// Markdown text led by a bold label: "**Vägledning:** …".
    pub fn labeled(&mut self, style: Style, label: &str, text: &str) {
        if self.full() {
            return;
        }
        let blocks = markup::parse(text);
        let label = [
            Inline::Strong(vec![Inline::Text(label.to_owned())]),
            Inline::Text(" ".into()),
        ];
        let rest = self.lead(style, Para::Plain, &label, &blocks);
        self.blocks(style, rest);
    }

    /// A part of an item ("a) …"): its label hangs before its Markdown text, as in a list.
    pub fn part(&mut self, style: Style, label: &str, text: &str) {
        if self.full() {
            return;
        }
        let blocks = markup::parse(text);
        let rest = self.lead(style, Para::Hanging, &[Inline::Text(format!("{label}\t"))], &blocks);
        self.indented(style, rest, 0);
    }

    /// A paragraph of `label` followed by the first block when that is a paragraph; returns the
    /// blocks left to write.
    fn lead<'b>(&mut self, style: Style, para: Para, label: &[Inline], blocks: &'b [Block]) -> &'b [Block] {
        self.open_para(style, para);
        self.inlines(label);
        let rest = match blocks.split_first() {
            Some((Block::Paragraph(inlines), rest)) => {
                self.inlines(inlines);
                rest
            }
            _ => blocks,
        };
        self.close_paragraph();
        rest
    }

    pub fn blocks(&mut self, style: Style, blocks: &[Block]) {
        for block in blocks {
            self.block(style, block);
        }
    }

    fn block(&mut self, style: Style, block: &Block) {
        match block {
            Block::Paragraph(inlines) => self.paragraph(style, inlines),
            // A heading inside an item's text is not a heading of the document.
            Block::Heading(_, inlines) => self.paragraph(style, &[Inline::Strong(inlines.clone())]),
            Block::List { ordered, start, items } => self.list(style, *ordered, *start, items, 0),
            Block::Quote(inner) => self.blocks(Style::Quote, inner),
            Block::Code(code) => self.text(Style::SourceCode, code.trim_end_matches('\n')),
            Block::Rule => {
                self.open_para(style, Para::Rule);
                self.close_paragraph();
            }
            Block::Table(rows) => {
                let columns = rows.first().map_or(1, Vec::len).max(1) as u32;
                let widths = vec![100 / columns; columns as usize];
                self.table(&widths, |b| {
                    for (i, row) in rows.iter().enumerate() {
                        b.row_with(i == 0, |b| {
                            for cell in row {
                                let cell_style = if i == 0 { Style::TableHeading } else { Style::TableText };
                                b.cell(|b| b.paragraph(cell_style, cell));
                            }
                        });
                    }
                });
            }
        }
    }

    fn list(&mut self, style: Style, ordered: bool, start: usize, items: &[Vec<Block>], level: usize) {
        // Word numbers nine levels; a list nested deeper is shown at the ninth.
        let level = level.min(super::numbering::LEVELS - 1);
        let num = if ordered {
            self.numbering.ordered(start)
        } else {
            Numbering::BULLETS
        };
        for item in items {
            let rest = self.lead(style, Para::Numbered(num, level), &[], item);
            self.indented(style, rest, level);
        }
    }

    /// The blocks after a list item's first paragraph, indented to its text.
    fn indented(&mut self, style: Style, blocks: &[Block], level: usize) {
        for block in blocks {
            match block {
                Block::Paragraph(inlines) => {
                    self.open_para(style, Para::Indented(level));
                    self.inlines(inlines);
                    self.close_paragraph();
                }
                Block::List { ordered, start, items } => self.list(style, *ordered, *start, items, level + 1),
                other => self.block(style, other),
            }
        }
    }

    /// A table whose columns take `percent` of the width available; `rows` writes its rows.
    pub fn table(&mut self, percent: &[u32], rows: impl FnOnce(&mut Self)) {
        let available = self
            .cells
            .last()
            .map_or(self.text_width, |w| w.saturating_sub(2 * CELL_MARGIN));
        let total: u32 = percent.iter().sum();
        let mut widths: Vec<u32> = percent.iter().map(|p| available * p / total.max(1)).collect();
        if let Some(last) = widths.last_mut() {
            *last += available - percent.iter().map(|p| available * p / total.max(1)).sum::<u32>();
        }
        self.x.open("w:tbl", &[]).open("w:tblPr", &[]);
        self.x
            .empty("w:tblStyle", &[("w:val", self.styles.id(Style::Table))])
            .empty("w:tblW", &[("w:w", &available.to_string()), ("w:type", "dxa")])
            .empty("w:tblLayout", &[("w:type", "fixed")])
            .empty(
                "w:tblLook",
                &[
                    ("w:val", "0620"),
                    ("w:firstRow", "1"),
                    ("w:lastRow", "0"),
                    ("w:firstColumn", "0"),
                    ("w:lastColumn", "0"),
                    ("w:noHBand", "1"),
                    ("w:noVBand", "1"),
                ],
            )
            .close()
            .open("w:tblGrid", &[]);
        for w in &widths {
            self.x.empty("w:gridCol", &[("w:w", &w.to_string())]);
        }
        self.x.close();
        self.tables.push((widths, 0));
        rows(self);
        self.tables.pop();
        self.x.close();
        self.ended_in_paragraph = false;
        self.after_table = self.cells.is_empty();
    }

    /// The header row: repeated on every page the table spans.
    pub fn header_row(&mut self, labels: &[&str]) {
        self.row_with(true, |b| {
            for label in labels {
                b.cell(|b| b.text(Style::TableHeading, label));
            }
        });
    }

    pub fn row(&mut self, cells: impl FnOnce(&mut Self)) {
        self.row_with(false, cells);
    }

    /// A row that never splits across pages, so an item is read whole.
    fn row_with(&mut self, header: bool, cells: impl FnOnce(&mut Self)) {
        self.x.open("w:tr", &[]).open("w:trPr", &[]).empty("w:cantSplit", &[]);
        if header {
            self.x.empty("w:tblHeader", &[]);
        }
        self.x.close();
        self.tables.last_mut().expect("a row is inside a table").1 = 0;
        cells(self);
        self.x.close();
    }

    pub fn cell(&mut self, content: impl FnOnce(&mut Self)) {
        let (widths, col) = self.tables.last_mut().expect("a cell is inside a table");
        let width = widths.get(*col).copied().unwrap_or(0);
        *col += 1;
        self.x
            .open("w:tc", &[])
            .open("w:tcPr", &[])
            .empty("w:tcW", &[("w:w", &width.to_string()), ("w:type", "dxa")])
            .close();
        self.cells.push(width);
        self.ended_in_paragraph = false;
        content(self);
        if !self.ended_in_paragraph {
            self.open_paragraph(Style::TableText);
            self.close_paragraph();
        }
        self.cells.pop();
        self.x.close();
    }

    /// A cell holding plain text.
    pub fn text_cell(&mut self, text: &str) {
        self.cell(|b| b.text(Style::TableText, text));
    }

    /// A cell holding plain text that is also the target of links to bookmark `name`
    /// (`id`: the bookmark's number, unique in the document).
    pub fn bookmarked_cell(&mut self, text: &str, name: &str, id: usize) {
        self.cell(|b| {
            b.open_paragraph(Style::TableText);
            let id = id.to_string();
            b.x.empty("w:bookmarkStart", &[("w:id", &id), ("w:name", name)]);
            b.inlines(&[Inline::Text(text.to_owned())]);
            b.x.empty("w:bookmarkEnd", &[("w:id", &id)]);
            b.close_paragraph();
        });
    }

    /// A cell holding Markdown text.
    pub fn markdown_cell(&mut self, text: &str) {
        self.cell(|b| b.markdown(Style::TableText, text));
    }
}
