//! Properties of load → resolve → render over generated catalogues and profiles: random ids
//! (the YAML-ambiguous ones among them), levels, categories, selections, exclusions, changes
//! and own items, with text in arbitrary Unicode full of Markdown, HTML and template syntax.
//! Each is written as YAML text and goes through the real parser, as a user's file would.
//! Every selected item appears once in every format: a Markdown heading, a JSON entry, an HTML
//! article, a bookmarked DOCX row.

use std::path::Path;
use std::sync::OnceLock;

use clap::ValueEnum as _;
use kravkat::catalog::{self, Loaded};
use kravkat::document::Document;
use kravkat::render::{self, Audience, Format, Templates};
use kravkat::{load, profile, resolve};
use proptest::prelude::*;
use proptest::sample::subsequence;
use serde_json::{Map, Value, json};

#[derive(Debug, Clone)]
struct Item {
    id: String,
    kind: &'static str,
    level: Option<&'static str>,
    category: usize,
    text: String,
    guidance: Option<String>,
}

#[derive(Debug, Clone)]
struct Catalog {
    id: String,
    title: String,
    statement: String,
    categories: Vec<String>,
    items: Vec<Item>,
}

#[derive(Debug, Clone)]
struct Change {
    level: bool,
    text: Option<String>,
    specify: Option<String>,
}

#[derive(Debug, Clone)]
struct Profile {
    title: String,
    by_id: Vec<usize>,
    categories: Vec<usize>,
    whole: bool,
    /// Candidates for exclusion, by item index; only those a broad selection brought in are used.
    exclude: Vec<usize>,
    /// One possible change per item; only those of items in the document are used.
    changes: Vec<Option<Change>>,
    own: Vec<(&'static str, String)>,
}

/// A unique token put into an item's text, so its presence in an output can be checked.
fn marker(what: &str, n: usize) -> String {
    format!("⟦{what}-{n}⟧")
}

/// Arbitrary Unicode (no control or unassigned characters: the corpus tests those) mixed with
/// what Markdown, HTML, XML and minijinja would read as syntax.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => "\\PC{1,10}",
        1 => prop::sample::select(vec![
            "**", "_", "`", "\\", "|", "#", "> ", "- ", "1. ", "---", "\n", "\n\n", "\t", "<script>alert(1)</script>",
            "[a](javascript:alert(1))", "<b>", "&amp;", "&", "<", "]]>", "{{ doc }}", "{% if x %}", "{# c #}",
            "\u{200F}", "😀", "å", "\u{0301}",
        ])
        .prop_map(str::to_owned),
    ];
    prop::collection::vec(piece, 0..6).prop_map(|v| v.concat())
}

/// Item ids: plain ones and ones YAML would read as something else if unquoted.
fn ids() -> impl Strategy<Value = Vec<String>> {
    let tricky = prop::sample::select(vec![
        "1.1", "1.10", "1.2", "01", "1e3", ".inf", "true", "no", "~", "null", "0x1F", "1_000", "-1", "+1", "*x", "&x",
        "!x", "%x", "@x", "'x", "\"x", "#x", "Ö-1", "K.1", "[x]", "{x}", "x,y", "-",
    ])
    .prop_map(str::to_owned);
    let id = prop_oneof![tricky, "[A-Za-z0-9.-]{1,5}"];
    prop::collection::btree_set(id, 1..10).prop_flat_map(|set| Just(set.into_iter().collect::<Vec<_>>()).prop_shuffle())
}

fn catalog() -> impl Strategy<Value = Catalog> {
    let categories = prop::collection::btree_set("[A-Za-zÅÄÖåäö0-9 *_<>&#|.-]{0,8}[A-Za-zÅÄÖåäö0-9]", 1..4)
        .prop_map(|s| {
            s.into_iter()
                .map(|n| n.trim().to_owned())
                .collect::<std::collections::BTreeSet<_>>()
        })
        .prop_map(|s| s.into_iter().collect::<Vec<_>>());
    (
        "[a-z][a-z0-9-]{0,6}",
        "[A-Za-zÅÄÖåäö][A-Za-zÅÄÖåäö ,.()-]{0,30}",
        "[A-Za-zÅÄÖåäö][A-Za-zÅÄÖåäö ,()-]{0,40}",
        categories,
        ids(),
    )
        .prop_flat_map(|(id, title, statement, categories, ids)| {
            let n = categories.len();
            let items: Vec<_> = ids
                .into_iter()
                .enumerate()
                .map(|(i, item_id)| {
                    (
                        prop::sample::select(vec![
                            "requirement",
                            "requirement",
                            "principle",
                            "recommendation",
                            "checklist",
                        ]),
                        prop::bool::ANY,
                        0..n,
                        text(),
                        prop::option::of(text()),
                    )
                        .prop_map(move |(kind, ska, category, text, guidance)| Item {
                            id: item_id.clone(),
                            kind,
                            level: (kind == "requirement").then_some(if ska { "Ska" } else { "Bör" }),
                            category,
                            text: format!("{} {text}", marker("item", i)),
                            guidance: guidance.map(|g| format!("{} {g}", marker("guidance", i))),
                        })
                })
                .collect();
            (
                Just(id),
                Just(title),
                Just(format!("{statement}.")),
                Just(categories),
                items,
            )
        })
        .prop_map(|(id, title, statement, categories, items)| Catalog {
            id,
            title,
            statement,
            categories,
            items,
        })
}

fn profile_of(c: &Catalog) -> impl Strategy<Value = Profile> + use<> {
    let n = c.items.len();
    let change = prop::option::of(
        (prop::bool::ANY, prop::option::of(text()), prop::option::of(text())).prop_map(|(level, text, specify)| {
            Change {
                level,
                text: text.map(|t| format!("{} {t}", marker("replaced", 0))),
                specify: specify.map(|s| format!("Köparen: {s}")),
            }
        }),
    );
    (
        text(),
        subsequence((0..n).collect::<Vec<_>>(), 0..=n),
        subsequence((0..c.categories.len()).collect::<Vec<_>>(), 0..=c.categories.len()),
        prop::bool::weighted(0.2),
        subsequence((0..n).collect::<Vec<_>>(), 0..=n),
        prop::collection::vec(change, n),
        prop::collection::vec((prop::sample::select(vec!["Ska", "Bör"]), text()), 0..3),
    )
        .prop_map(|(title, by_id, categories, whole, exclude, changes, own)| Profile {
            title,
            by_id,
            categories,
            whole,
            exclude,
            changes,
            own: own
                .into_iter()
                .enumerate()
                .map(|(i, (level, t))| (level, format!("{} {t}", marker("own", i))))
                .collect(),
        })
}

/// What the profile means, computed independently of kravkat: item indices in the document,
/// excluded ones, and the change of each item in the document.
struct Expected {
    included: Vec<usize>,
    excluded: Vec<usize>,
    own: Vec<String>,
    level_changes: Vec<(usize, &'static str, &'static str)>,
}

fn expected(c: &Catalog, p: &Profile) -> Expected {
    let broad = |i: usize| p.whole || p.categories.contains(&c.items[i].category);
    let excluded: Vec<usize> = p
        .exclude
        .iter()
        .copied()
        .filter(|&i| broad(i) && !p.by_id.contains(&i))
        .collect();
    let included: Vec<usize> = (0..c.items.len())
        .filter(|&i| (p.by_id.contains(&i) || broad(i)) && !excluded.contains(&i))
        .collect();
    let mut own: Vec<String> = (0..p.own.len()).map(|i| format!("EGEN-{i}")).collect();
    if included.is_empty() && own.is_empty() {
        // An empty selection is an error; the generated profile always has something.
        own.push("EGEN-0".into());
    }
    let level_changes = included
        .iter()
        .filter_map(|&i| {
            let level = c.items[i].level?;
            p.changes[i].as_ref().filter(|ch| ch.level)?;
            Some((i, level, if level == "Ska" { "Bör" } else { "Ska" }))
        })
        .collect();
    Expected {
        included,
        excluded,
        own,
        level_changes,
    }
}

/// The YAML a user would write for the catalogue (serde-saphyr's serializer quotes what needs it).
fn catalog_yaml(c: &Catalog) -> String {
    let items: Vec<Value> = c
        .items
        .iter()
        .map(|it| {
            let mut m = Map::new();
            m.insert("id".into(), json!(it.id));
            m.insert("kind".into(), json!(it.kind));
            if let Some(l) = it.level {
                m.insert("level".into(), json!(l));
            }
            m.insert("category".into(), json!(c.categories[it.category]));
            // A checklist question's words are its title.
            let field = if it.kind == "checklist" { "title" } else { "text" };
            m.insert(field.into(), json!(it.text));
            if let Some(g) = &it.guidance {
                m.insert("guidance".into(), json!(g));
            }
            Value::Object(m)
        })
        .collect();
    let doc = json!({
        "id": c.id,
        "title": c.title,
        "publisher": "Generated",
        "version": "1",
        "source": "tests/properties.rs",
        "attribution": { "statement": c.statement },
        "categories": c.categories.iter().map(|n| json!({ "name": n })).collect::<Vec<_>>(),
        "items": items,
    });
    serde_saphyr::to_string(&doc).unwrap()
}

fn profile_yaml(c: &Catalog, p: &Profile, e: &Expected) -> String {
    let mut select = Map::new();
    if p.whole {
        select.insert("catalogs".into(), json!([c.id]));
    }
    select.insert(
        "categories".into(),
        json!(p.categories.iter().map(|&k| &c.categories[k]).collect::<Vec<_>>()),
    );
    select.insert(
        "items".into(),
        json!(p.by_id.iter().map(|&i| &c.items[i].id).collect::<Vec<_>>()),
    );
    let exclude: Map<String, Value> = e
        .excluded
        .iter()
        .map(|&i| (c.items[i].id.clone(), json!(format!("Skäl {i}"))))
        .collect();
    let mut changes = Map::new();
    for &i in &e.included {
        let Some(ch) = &p.changes[i] else { continue };
        let mut m = Map::new();
        if let Some(&(_, _, to)) = e.level_changes.iter().find(|(j, ..)| *j == i) {
            m.insert("level".into(), json!(to));
        }
        if let Some(t) = &ch.text {
            m.insert("text".into(), json!(t));
        }
        if let Some(s) = &ch.specify {
            m.insert("specify".into(), json!(s));
        }
        if m.is_empty() {
            continue;
        }
        m.insert("reason".into(), json!(format!("Motivering {i}")));
        changes.insert(c.items[i].id.clone(), Value::Object(m));
    }
    let own: Vec<Value> = e
        .own
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let (level, text) = p.own.get(i).cloned().unwrap_or(("Ska", marker("own", i)));
            json!({ "id": id, "level": level, "text": text })
        })
        .collect();
    let doc = json!({
        "procurement": { "title": format!("Upphandling {}", p.title), "organisation": "Testkommun" },
        "catalogs": [{ "path": "generated.yaml" }],
        "select": select,
        "exclude": exclude,
        "changes": changes,
        "own": own,
    });
    serde_saphyr::to_string(&doc).unwrap()
}

fn builtin() -> &'static [Loaded] {
    static BUILTIN: OnceLock<Vec<Loaded>> = OnceLock::new();
    BUILTIN.get_or_init(|| catalog::builtin().unwrap())
}

/// The real load path from the two texts to a resolved document.
fn resolve_texts(catalog_text: &str, profile_text: &str) -> Document {
    let fail =
        |e: &dyn std::fmt::Display| -> ! { panic!("{e}\n--- catalogue\n{catalog_text}\n--- profile\n{profile_text}") };
    let profile = profile::parse(Path::new("p/profile.yaml"), profile_text.to_owned()).unwrap_or_else(|e| fail(&e));
    let input = load::with_catalogs_from(profile, load::Builtin::Parsed(builtin()), |path| {
        let catalog = catalog::parse(path, catalog_text)?;
        Ok(Loaded {
            catalog,
            origin: catalog::Origin::File(path.to_path_buf()),
        })
    })
    .unwrap_or_else(|e| fail(&e));
    resolve::resolve(&input).unwrap_or_else(|e| fail(&e))
}

fn render(doc: &Document, format: Format, audience: Audience) -> Vec<u8> {
    // Rendering takes a shared document; a copy per call is cheap at these sizes.
    render::render(
        &std::sync::Arc::new(doc.clone()),
        format,
        audience,
        &Templates::default(),
        &render::docx::Options::default(),
    )
    .unwrap()
}

/// Lines of Markdown that are the heading of item `id`: `####` under a category, `###` for own
/// items (a category's heading is `###` too, so own ids never look like catalogue ones here).
fn headings(md: &str, marks: &str, id: &str) -> usize {
    md.lines()
        .filter_map(|l| l.strip_prefix(marks)?.strip_prefix(' '))
        .filter(|h| *h == id || h.starts_with(&format!("{id} ")))
        .count()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn every_profile_resolves_and_renders_as_it_means((c, p) in catalog().prop_flat_map(|c| (Just(c.clone()), profile_of(&c)))) {
        let e = expected(&c, &p);
        let catalog_text = catalog_yaml(&c);
        let profile_text = profile_yaml(&c, &p, &e);
        let doc = resolve_texts(&catalog_text, &profile_text);
        let again = resolve_texts(&catalog_text, &profile_text);
        let context = format!("--- catalogue\n{catalog_text}\n--- profile\n{profile_text}");

        // Every format and audience renders, twice the same bytes from two separate resolves.
        for &format in Format::value_variants() {
            for &audience in Audience::value_variants() {
                let bytes = render(&doc, format, audience);
                prop_assert!(bytes == render(&again, format, audience), "{format:?} {audience:?} differs\n{context}");
            }
        }

        // JSON: exactly the included items, in catalogue order, then the own items.
        // The working copy's JSON has everything; the tender appendix's says so and has no guidance.
        let json: Value = serde_json::from_slice(&render(&doc, Format::Json, Audience::Internal)).unwrap();
        prop_assert_eq!(json["audience"].as_str(), Some("internal"));
        let tender = String::from_utf8(render(&doc, Format::Json, Audience::Tender)).unwrap();
        prop_assert!(tender.starts_with("{\n  \"audience\": \"tender\","), "{}", &tender[..40]);
        for i in 0..c.items.len() {
            prop_assert!(!tender.contains(&marker("guidance", i)), "guidance in the tender JSON\n{}", context);
        }
        let in_sections: Vec<&str> = json["sections"].as_array().unwrap().iter()
            .flat_map(|s| s["categories"].as_array().unwrap())
            .flat_map(|g| g["items"].as_array().unwrap())
            .map(|i| i["id"].as_str().unwrap())
            .collect();
        let mut want: Vec<&str> = e.included.iter().map(|&i| c.items[i].id.as_str()).collect();
        let mut got = in_sections.clone();
        // Sections group by category, so compare as sets of unique ids.
        want.sort_unstable();
        got.sort_unstable();
        prop_assert_eq!(got, want, "{}", context);
        let own: Vec<&str> = json["own"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap()).collect();
        prop_assert_eq!(&own, &e.own.iter().map(String::as_str).collect::<Vec<_>>());
        prop_assert_eq!(json["catalogs"][0]["attribution"].as_str(), Some(c.statement.as_str()));

        // A level change always shows in the deviation log, with its reason.
        for &(i, from, to) in &e.level_changes {
            let key = format!("{}:{}", c.id, c.items[i].id);
            let logged = json["deviations"].as_array().unwrap().iter().any(|d| {
                d["key"] == json!(key) && d["kind"] == json!("level") && d["from"] == json!(from)
                    && d["to"] == json!(to) && d["reason"] == json!(format!("Motivering {i}"))
            });
            prop_assert!(logged, "level change of {} not in the JSON deviations\n{}", key, context);
        }

        for audience in [Audience::Tender, Audience::Internal] {
            let md = String::from_utf8(render(&doc, Format::Md, audience)).unwrap();
            // Each included item's heading exactly once; excluded and unselected ones never.
            for (i, item) in c.items.iter().enumerate() {
                let n = usize::from(e.included.contains(&i));
                prop_assert_eq!(headings(&md, "####", &item.id), n, "heading of {:?} ({:?})\n{}", item.id, audience, context);
            }
            for id in &e.own {
                prop_assert_eq!(headings(&md, "###", id), 1, "heading of own {}", id);
            }
            // The attribution, always.
            prop_assert!(md.contains(&c.statement), "attribution missing ({:?})\n{}", audience, context);
            if audience == Audience::Tender {
                // Nothing of an item outside the document, and no guidance, reaches suppliers.
                for (i, item) in c.items.iter().enumerate() {
                    if !e.included.contains(&i) {
                        prop_assert!(!md.contains(&marker("item", i)), "unselected {} in the tender\n{}", item.id, context);
                    }
                    prop_assert!(!md.contains(&marker("guidance", i)), "guidance in the tender\n{}", context);
                }
            } else {
                for &(i, from, to) in &e.level_changes {
                    let row = format!("| {}:{} | Nivå ändrad | {from} | {to} |", c.id, c.items[i].id);
                    prop_assert!(md.contains(&row), "level change of {} not in the deviation log\n{}", c.items[i].id, context);
                }
            }
        }

        // DOCX: one bookmarked row per item (references link to them).
        let docx = render(&doc, Format::Docx, Audience::Tender);
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
        let mut body = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut body).unwrap();
        prop_assert_eq!(body.matches("<w:bookmarkStart").count(), e.included.len() + e.own.len());

        // HTML: one article per item, and the attribution as the renderer writes Markdown.
        let html = String::from_utf8(render(&doc, Format::Html, Audience::Tender)).unwrap();
        prop_assert_eq!(html.matches("<article class=\"item").count(), e.included.len() + e.own.len());
        prop_assert!(html.contains(&render::html::markdown(&c.statement)), "attribution missing from the HTML");
    }
}
