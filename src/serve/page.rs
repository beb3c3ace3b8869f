//! The pages `kravkat serve` shows: the HTML appendix for each audience as `build -f html`
//! renders it, or, while the profile has problems, those problems as `kravkat check` prints
//! them. Only here, in the preview, does a page get a switch between the audiences and the
//! script that reloads it; the rendered appendix itself carries no script.

use std::path::Path;
use std::sync::Arc;

use crate::error::Result;
use crate::render::{self, Audience, Templates};
use crate::{load, outputs};

/// The result of one build of the profile.
pub enum Pages {
    Built {
        tender: String,
        internal: String,
        summary: String,
    },
    /// The problems, as text for people (the human `--error-format`).
    Failed(String),
}

/// Builds the profile as `kravkat check` and `kravkat build -f html` do: the same problems,
/// the same pages.
pub fn build(profile: &Path) -> (Pages, Result<()>) {
    let built = load::load(profile).and_then(|input| {
        let (doc, _) = outputs::resolve_and_declared(&input)?;
        let doc = Arc::new(doc);
        let templates = Templates::default();
        let html = |audience| render::html::render(&crate::audience::view(&doc, audience), &templates);
        // In the page's language, as the switch beside it.
        let summary = format!(
            "{} punkter: {} Ska, {} Bör",
            doc.counts.items, doc.counts.ska, doc.counts.bor
        );
        Ok((html(Audience::Tender)?, html(Audience::Internal)?, summary))
    });
    match built {
        Ok((tender, internal, summary)) => (
            Pages::Built {
                tender,
                internal,
                summary,
            },
            Ok(()),
        ),
        Err(e) => (Pages::Failed(e.to_string()), Err(e)),
    }
}

/// Where the preview serves each audience.
pub fn path(audience: Audience) -> &'static str {
    match audience {
        Audience::Tender => "/",
        Audience::Internal => "/internal",
    }
}

/// The script that reloads the page; served at [`SCRIPT_PATH`].
pub const SCRIPT: &str = include_str!("live.js");
pub const SCRIPT_PATH: &str = "/_kravkat/live.js";
/// Answers when the build after generation `since` is done (long polling).
pub const RELOAD_PATH: &str = "/_kravkat/reload";

/// The switch's look, and that it is not printed.
const STYLE: &str = "<style>
.kravkat-serve { font: 0.9rem/1.4 system-ui, sans-serif; display: flex; gap: 1rem; align-items: baseline;
  margin: 0 0 1.5rem; padding: 0.5rem 0.75rem; background: #1b1f24; color: #ffffff; border-radius: 4px; }
.kravkat-serve a { color: #ffffff; }
.kravkat-serve a[aria-current] { font-weight: 700; text-decoration: none; }
.kravkat-serve span { margin-left: auto; color: #d0d7de; }
@media print { .kravkat-serve { display: none; } }
</style>
";

/// The page for `audience` at build `generation`: the appendix with the switch and the reload
/// script added, or the problems.
pub fn page(pages: &Pages, audience: Audience, generation: u64, profile: &Path) -> String {
    let chrome = Chrome {
        audience,
        generation,
        status: match pages {
            Pages::Built { summary, .. } => summary.clone(),
            Pages::Failed(_) => "fel i profilen".to_owned(),
        },
    };
    match pages {
        Pages::Built { tender, internal, .. } => {
            let html = match audience {
                Audience::Tender => tender,
                Audience::Internal => internal,
            };
            chrome.inject(html)
        }
        Pages::Failed(problems) => chrome.inject(&problems_page(profile, problems)),
    }
}

/// A page of its own for the problems: English, as kravkat's messages are.
fn problems_page(profile: &Path, problems: &str) -> String {
    let name = render::html::escape(&profile.display().to_string()).into_owned();
    format!(
        "<!DOCTYPE html>
<html lang=\"en\">
<head>
<meta charset=\"utf-8\">
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">
<title>{name}: problems</title>
<style>
body {{ font: 1rem/1.5 system-ui, sans-serif; max-width: 60rem; margin: 0 auto; padding: 1.5rem; color: #1b1f24; }}
pre {{ background: #fdecec; color: #7a1212; padding: 1rem; overflow-x: auto; border-left: 4px solid #7a1212; }}
</style>
</head>
<body>
<main>
<h1>{name} has problems</h1>
<p>kravkat shows the appendix again as soon as the file is fixed and saved.</p>
<pre class=\"problems\">{}</pre>
</main>
</body>
</html>
",
        render::html::escape(problems)
    )
}

/// What the preview adds to a page.
struct Chrome {
    audience: Audience,
    generation: u64,
    status: String,
}

impl Chrome {
    fn nav(&self) -> String {
        let link = |audience, label| {
            let current = if audience == self.audience {
                " aria-current=\"page\""
            } else {
                ""
            };
            format!("<a href=\"{}\"{current}>{label}</a>", path(audience))
        };
        format!(
            "<nav class=\"kravkat-serve\" aria-label=\"Förhandsvisning\">{} {} <span>kravkat serve · {}</span></nav>\n",
            link(Audience::Tender, "Kravbilaga"),
            link(Audience::Internal, "Internt arbetsunderlag"),
            render::html::escape(&self.status)
        )
    }

    /// The style at the end of the head, the switch first in the body, the script last in it:
    /// the page stays valid HTML. (The markers are kravkat's own; text from the profile cannot
    /// contain them, as it is escaped.)
    fn inject(&self, html: &str) -> String {
        let script = format!(
            "<script src=\"{SCRIPT_PATH}\" data-generation=\"{}\"></script>\n",
            self.generation
        );
        let head_end = html.find("</head>").unwrap_or(0);
        let body_start = match html[head_end..].find("<body>") {
            Some(i) => {
                let after = head_end + i + "<body>".len();
                after + usize::from(html[after..].starts_with('\n'))
            }
            None => head_end,
        };
        let body_end = html.rfind("</body>").filter(|&e| e >= body_start).unwrap_or(html.len());
        let mut out = String::with_capacity(html.len() + 2048);
        out.push_str(&html[..head_end]);
        out.push_str(STYLE);
        out.push_str(&html[head_end..body_start]);
        out.push_str(&self.nav());
        out.push_str(&html[body_start..body_end]);
        out.push_str(&script);
        out.push_str(&html[body_end..]);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_switch_and_script_go_inside_head_and_body() {
        let html = "<!DOCTYPE html>\n<html>\n<head>\n<title>T</title>\n</head>\n<body>\n<p>x</p>\n</body>\n</html>\n";
        let chrome = Chrome {
            audience: Audience::Internal,
            generation: 7,
            status: "a < b".into(),
        };
        let out = chrome.inject(html);
        let at = |s: &str| out.find(s).unwrap_or_else(|| panic!("{s} in {out}"));
        assert!(
            at("</title>") < at("<style>") && at("</style>") < at("</head>"),
            "{out}"
        );
        assert!(at("<body>") < at("<nav") && at("</nav>") < at("<p>x</p>"), "{out}");
        assert!(
            at("<p>x</p>") < at("<script") && at("</script>") < at("</body>"),
            "{out}"
        );
        assert!(out.contains("data-generation=\"7\""), "{out}");
        assert!(out.contains("<a href=\"/internal\" aria-current=\"page\">"), "{out}");
        assert!(out.contains("kravkat serve · a &lt; b"), "{out}");
    }

    #[test]
    fn problems_are_escaped() {
        let page = problems_page(Path::new("<p>.yaml"), "error: unknown id `<script>`");
        assert!(page.contains("<h1>&lt;p&gt;.yaml has problems</h1>"), "{page}");
        assert!(page.contains("unknown id `&lt;script&gt;`"), "{page}");
        assert!(!page.contains("<script>"), "{page}");
    }
}
