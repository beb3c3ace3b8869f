//! List numbering (`word/numbering.xml`): one bullet list definition shared by every bulleted
//! list, and one numbered definition that each numbered list instantiates with its own start,
//! so every list restarts where its Markdown says.

use super::styles::W_NS;
use super::xml::Xml;

const BULLET_ABSTRACT: &str = "0";
const ORDERED_ABSTRACT: &str = "1";
/// Nesting levels Word supports.
pub const LEVELS: usize = 9;
/// Indentation per level, in twips (0.5 cm): lists mostly sit in narrow table cells.
const STEP: usize = 284;

/// The lists of one document.
#[derive(Debug, Default)]
pub struct Numbering {
    /// The start of each numbered list, in order; list `i` has `w:numId` `i + 2`.
    ordered: Vec<usize>,
}

impl Numbering {
    /// The `w:numId` of every bulleted list.
    pub const BULLETS: usize = 1;

    /// A new numbered list starting at `start`; returns its `w:numId`.
    pub fn ordered(&mut self, start: usize) -> usize {
        self.ordered.push(start);
        self.ordered.len() + 1
    }

    pub fn xml(&self) -> String {
        let mut x = Xml::new();
        x.open("w:numbering", &[("xmlns:w", W_NS)]);
        abstract_num(&mut x, BULLET_ABSTRACT, |lvl| {
            ("bullet", ["•", "◦", "▪"][lvl % 3].to_owned())
        });
        abstract_num(&mut x, ORDERED_ABSTRACT, |lvl| {
            let format = ["decimal", "lowerLetter", "lowerRoman"][lvl % 3];
            let text = if lvl % 3 == 1 {
                format!("%{})", lvl + 1)
            } else {
                format!("%{}.", lvl + 1)
            };
            (format, text)
        });
        x.open("w:num", &[("w:numId", &Self::BULLETS.to_string())])
            .empty("w:abstractNumId", &[("w:val", BULLET_ABSTRACT)])
            .close();
        for (i, start) in self.ordered.iter().enumerate() {
            x.open("w:num", &[("w:numId", &(i + 2).to_string())])
                .empty("w:abstractNumId", &[("w:val", ORDERED_ABSTRACT)]);
            // Every level restarts, so a list never continues the count of an earlier one.
            for lvl in 0..LEVELS {
                let value = if lvl == 0 { *start } else { 1 };
                x.open("w:lvlOverride", &[("w:ilvl", &lvl.to_string())])
                    .empty("w:startOverride", &[("w:val", &value.to_string())])
                    .close();
            }
            x.close();
        }
        x.close();
        x.finish()
    }
}

fn abstract_num(x: &mut Xml, id: &str, level: impl Fn(usize) -> (&'static str, String)) {
    x.open("w:abstractNum", &[("w:abstractNumId", id)])
        .empty("w:multiLevelType", &[("w:val", "hybridMultilevel")]);
    for lvl in 0..LEVELS {
        let (format, text) = level(lvl);
        let indent = (STEP * (lvl + 1)).to_string();
        x.open("w:lvl", &[("w:ilvl", &lvl.to_string())])
            .empty("w:start", &[("w:val", "1")])
            .empty("w:numFmt", &[("w:val", format)])
            .empty("w:lvlText", &[("w:val", &text)])
            .empty("w:lvlJc", &[("w:val", "left")])
            .open("w:pPr", &[])
            .empty("w:ind", &[("w:left", &indent), ("w:hanging", &STEP.to_string())])
            .close()
            .close();
    }
    x.close();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_numbered_list_has_its_own_instance() {
        let mut n = Numbering::default();
        assert_eq!(n.ordered(1), 2);
        assert_eq!(n.ordered(3), 3);
        let xml = n.xml();
        assert!(xml.contains(
            "<w:num w:numId=\"3\"><w:abstractNumId w:val=\"1\"/><w:lvlOverride w:ilvl=\"0\">\
             <w:startOverride w:val=\"3\"/>"
        ));
        assert_eq!(xml.matches("<w:abstractNum ").count(), 2);
    }
}
