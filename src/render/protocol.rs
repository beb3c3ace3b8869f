//! The evaluation report (utvärderingsprotokoll) in every format from one [`Report`], with the
//! appendix's building blocks: Markdown and HTML through the `evaluation.md` and
//! `evaluation.html` templates (overridable like the others) and their filters, DOCX through
//! the DOCX writer's parts, JSON as the report is.

use anyhow::bail;
use minijinja::context;
use minijinja::value::{Serde, Value};

use super::{Format, Templates, docx, html, markdown};
use crate::evaluation::Report;

pub fn render(
    report: &Report,
    format: Format,
    templates: &Templates,
    options: &docx::Options,
) -> anyhow::Result<Vec<u8>> {
    let ctx = || context! { report => Value::from(Serde(report)) };
    // What the templates go through, for their fuel (see `templates::entries`).
    let entries: usize = report
        .tenders
        .iter()
        .map(|t| 1 + t.rejections.len() + t.bor.len() + t.criteria.len() + t.review.len())
        .sum();
    Ok(match format {
        Format::Md => {
            let mut env = templates.environment(entries);
            markdown::add_filters(&mut env);
            markdown::tidy(&templates.render(&env, "evaluation.md", ctx())?).into_bytes()
        }
        Format::Html => {
            let mut env = templates.environment(entries);
            markdown::add_filters(&mut env);
            html::add_text_filters(&mut env);
            html::one_final_newline(templates.render(&env, "evaluation.html", ctx())?).into_bytes()
        }
        Format::Json => {
            let mut out = serde_json::to_string_pretty(report)?;
            out.push('\n');
            out.into_bytes()
        }
        Format::Docx => docx::protocol(report, options)?,
        Format::Xlsx => bail!("the evaluation report is md, html, docx or json; xlsx is the answer sheet"),
    })
}
