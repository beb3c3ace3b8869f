//! kravkat's theme and font table. Word expects both parts in a document; the theme is also
//! what a reference document's styles may draw theme fonts and colours from, so a reference
//! with a theme of its own replaces this one.

use super::styles::W_NS;
use super::xml::{DECLARATION, Xml};

/// The colours of `styles.rs`, Arial for headings and text, plain fills and lines. DrawingML
/// wants at least three of each fill, line, effect and background style.
pub fn theme() -> String {
    let three = |s: &str| s.repeat(3);
    let fill = "<a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill>";
    let colours = [
        ("dk1", "<a:sysClr val=\"windowText\" lastClr=\"000000\"/>"),
        ("lt1", "<a:sysClr val=\"window\" lastClr=\"FFFFFF\"/>"),
        ("dk2", "<a:srgbClr val=\"1F3864\"/>"),
        ("lt2", "<a:srgbClr val=\"E8EEF7\"/>"),
        ("accent1", "<a:srgbClr val=\"2E5597\"/>"),
        ("accent2", "<a:srgbClr val=\"C55A11\"/>"),
        ("accent3", "<a:srgbClr val=\"7F7F7F\"/>"),
        ("accent4", "<a:srgbClr val=\"BF9000\"/>"),
        ("accent5", "<a:srgbClr val=\"2F75B5\"/>"),
        ("accent6", "<a:srgbClr val=\"548235\"/>"),
        ("hlink", "<a:srgbClr val=\"0B4F9C\"/>"),
        ("folHlink", "<a:srgbClr val=\"7030A0\"/>"),
    ]
    .iter()
    .map(|(name, colour)| format!("<a:{name}>{colour}</a:{name}>"))
    .collect::<String>();
    let font = "<a:latin typeface=\"Arial\"/><a:ea typeface=\"\"/><a:cs typeface=\"\"/>";
    format!(
        "{DECLARATION}<a:theme xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" name=\"kravkat\">\
         <a:themeElements><a:clrScheme name=\"kravkat\">{colours}</a:clrScheme>\
         <a:fontScheme name=\"kravkat\"><a:majorFont>{font}</a:majorFont><a:minorFont>{font}</a:minorFont>\
         </a:fontScheme><a:fmtScheme name=\"kravkat\"><a:fillStyleLst>{fills}</a:fillStyleLst>\
         <a:lnStyleLst>{lines}</a:lnStyleLst><a:effectStyleLst>{effects}</a:effectStyleLst>\
         <a:bgFillStyleLst>{fills}</a:bgFillStyleLst></a:fmtScheme></a:themeElements>\
         <a:objectDefaults/><a:extraClrSchemeLst/></a:theme>",
        fills = three(fill),
        lines = three(&format!("<a:ln w=\"9525\">{fill}</a:ln>")),
        effects = three("<a:effectStyle><a:effectLst/></a:effectStyle>"),
    )
}

/// The fonts kravkat's styles name, so Word can substitute well where one is missing.
pub fn font_table() -> String {
    let mut x = Xml::new();
    x.open("w:fonts", &[("xmlns:w", W_NS)]);
    for (name, family, pitch) in [("Arial", "swiss", "variable"), ("Courier New", "modern", "fixed")] {
        x.open("w:font", &[("w:name", name)])
            .empty("w:family", &[("w:val", family)])
            .empty("w:pitch", &[("w:val", pitch)])
            .close();
    }
    x.close();
    x.finish()
}
