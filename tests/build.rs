//! `kravkat build` on the shipped examples: the Markdown has the expected structure when
//! pandoc reads it, carries the attribution, and is the same bytes every time.

mod common;
use common::*;
use serde_json::Value;

/// The text of a pandoc inline list.
fn stringify(inlines: &Value) -> String {
    let mut s = String::new();
    for i in inlines.as_array().unwrap() {
        match i["t"].as_str().unwrap() {
            "Str" => s.push_str(i["c"].as_str().unwrap()),
            "Space" | "SoftBreak" | "LineBreak" => s.push(' '),
            "Emph" | "Strong" => s.push_str(&stringify(&i["c"])),
            "Link" => s.push_str(&stringify(&i["c"][1])),
            "Code" => s.push_str(i["c"][1].as_str().unwrap()),
            _ => {}
        }
    }
    s
}

/// Headings (level, text) and the number of tables pandoc finds in a Markdown document.
fn pandoc_structure(markdown: &[u8]) -> (Vec<(u64, String)>, usize) {
    let mut child = std::process::Command::new("pandoc")
        .args(["-f", "gfm", "-t", "json"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(markdown).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut headings = Vec::new();
    let mut tables = 0;
    for b in doc["blocks"].as_array().unwrap() {
        match b["t"].as_str().unwrap() {
            "Header" => headings.push((b["c"][0].as_u64().unwrap(), stringify(&b["c"][2]))),
            "Table" => tables += 1,
            _ => {}
        }
    }
    (headings, tables)
}

fn selected_ids(doc: &Value) -> Vec<String> {
    items(doc).map(|i| i["id"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn examples_have_the_expected_headings_tables_and_attribution() {
    let pandoc = tool("pandoc", "--version");
    for profile in examples() {
        let doc = json(&profile);
        let title = doc["procurement"]["title"].as_str().unwrap();
        let ids = selected_ids(&doc);
        let has_guidance = items(&doc).any(|i| !i["guidance"].is_null());
        let unselected: Vec<&str> = doc["unselected"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["id"].as_str().unwrap())
            .collect();
        for audience in ["tender", "internal"] {
            let text = build(&profile, &["-a", audience]);
            for c in doc["catalogs"].as_array().unwrap() {
                assert!(
                    text.contains(c["attribution"].as_str().unwrap()),
                    "{profile:?} {audience}: attribution"
                );
                for field in ["title", "publisher", "version"] {
                    assert!(
                        text.contains(c[field].as_str().unwrap()),
                        "{profile:?}: catalogue {field}"
                    );
                }
            }
            assert_eq!(
                text.contains("**Vägledning:**"),
                audience == "internal" && has_guidance,
                "{profile:?} {audience}"
            );
            assert_eq!(
                text.contains("## Avvikelselogg"),
                audience == "internal",
                "{profile:?} {audience}"
            );
            if !pandoc {
                continue;
            }
            let (headings, tables) = pandoc_structure(text.as_bytes());
            assert_eq!(headings[0], (1, title.to_owned()), "{profile:?}");
            assert_eq!(headings.iter().filter(|h| h.0 == 1).count(), 1, "one title");
            for h in ["Källor", "Sammanställning"] {
                assert!(headings.contains(&(2, h.to_owned())), "{profile:?}: heading {h}");
            }
            // Every selected item is a heading starting with its id, level 4 under its catalogue
            // and category, level 3 under the own requirements; no other item is.
            let own_from = headings
                .iter()
                .position(|h| h.0 == 2 && h.1.starts_with("Egna krav"))
                .unwrap_or(usize::MAX);
            let item_ids: Vec<String> = headings
                .iter()
                .enumerate()
                .filter(|(i, h)| h.0 == if *i > own_from { 3 } else { 4 })
                .map(|(_, h)| h.1.split(' ').next().unwrap().to_owned())
                .collect();
            assert_eq!(item_ids, ids, "{profile:?} {audience}: item headings in document order");
            // Headings show bare ids, so an unselected id that another catalogue's selected item
            // shares (skane:1.2 beside jonkoping:1.2) cannot be told apart here.
            for u in unselected.iter().filter(|u| !ids.contains(&u.to_string())) {
                assert!(!item_ids.iter().any(|i| i == u), "{u} is not selected");
            }
            // Title block, sources, summary, the evaluation model's values, and a working
            // checklist's status; internal adds the
            // traceability of principles, the deviation log, the reasons for own items, and the
            // excluded and unselected items, each when there is something to list.
            let nonempty = |k: &str| usize::from(doc[k].as_array().is_some_and(|a| !a.is_empty()));
            let common =
                3 + usize::from(!doc["readiness"].is_null()) + usize::from(!doc["evaluation"]["model"].is_null());
            let expected = match audience {
                "tender" => common,
                _ => {
                    common
                        + nonempty("traceability")
                        + nonempty("deviations")
                        + nonempty("own")
                        + nonempty("excluded")
                        + nonempty("unselected")
                }
            };
            assert_eq!(tables, expected, "{profile:?} {audience}");
        }
    }
}

#[test]
fn the_same_inputs_give_the_same_bytes() {
    for profile in examples() {
        for args in [&["-a", "tender"][..], &["-a", "internal"], &["-f", "json"]] {
            assert_eq!(build(&profile, args), build(&profile, args), "{profile:?} {args:?}");
        }
    }
}

#[test]
fn business_system_example_shows_every_change() {
    let p = root().join("examples/affarssystem.yaml");
    let tender = build(&p, &[]);
    assert!(tender.contains("#### 1.12 (Bör)"), "level change shows in the heading");
    assert!(tender.contains("*Anpassat från krav 1.12 i Länsgemensam kravkatalog för dataåtkomst och informationsutbyte 1.0: nivån ändrad från Ska till Bör.*"));
    assert!(tender.contains("> **Köparens specificering:**\n>\n> Med löpande export avses var fjärde timme."));
    assert!(
        tender.contains("Med löpande export avses dygnsvis om inget annat avtalas."),
        "the catalogue's words stay"
    );
    assert!(tender.contains("## Egna krav – Värnamo kommun"));
    assert!(tender.contains("*Eget krav – Värnamo kommun*"));
    assert!(
        tender.contains("| Ska (obligatoriskt krav) | 17 |")
            && tender.contains("| Bör (önskvärt krav, utvärderas) | 3 |")
    );
    assert!(!tender.contains("#### 1.7 "), "excluded item absent");
    assert!(!tender.contains("Loggning och larm kan lösas"), "reasons are internal");
    let internal = build(&p, &["-a", "internal"]);
    assert!(internal.contains("| jonkoping:1.12 | Nivå ändrad | Ska | Bör | Loggning och larm kan lösas"));
    assert!(internal.contains("| jonkoping:1.7 | Ska | Köparen ska ha rätt att integrera"));
    assert!(
        internal.contains("| jonkoping:1.11 | Ska | API - Skolverksamhet |"),
        "unselected listed"
    );
    assert!(internal.contains("**Specificera eller utöka kravet (katalogens råd):** Ändra till Bör"));
}

#[test]
fn internal_copy_prints_item_notes_in_swedish() {
    let p = root().join("examples/hinderbanan-informationsutbyte.yaml");
    let internal = build(&p, &["-a", "internal"]);
    let note = "**Anmärkning om källan:** Cellen Rubrik verkar vara avklippt i källan; den återges som \
                publicerad och har inte kompletterats. Den avslutande texten \"Länk till annan webbplats.\" \
                efter \"(dataportalen.se)\" i cellen Exempel är webbsidans etikett för externa länkar (brus \
                från textutdraget) och har utelämnats.\n";
    assert!(internal.contains(note), "hinderbanan:5.4's note: {internal}");
}

#[test]
fn json_carries_provenance() {
    let doc = json(&root().join("examples/e-tjanst.yaml"));
    let items: Vec<&Value> = doc["sections"][0]["categories"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["items"].as_array().unwrap())
        .collect();
    let i = items.iter().find(|i| i["id"] == "1.14").unwrap();
    assert_eq!(i["catalog"], "jonkoping");
    assert_eq!(i["catalog_version"], "1.0");
    assert_eq!(i["adapted"], true);
    assert_eq!(
        i["original_text"],
        "Det ska gå att konfigurera bevarande- och gallringsregler i systemet"
    );
    assert_eq!(i["changes"][0]["kind"], "text");
    assert!(
        i["changes"][0]["reason"]
            .as_str()
            .unwrap()
            .starts_with("Regionens informationshanteringsplan")
    );
    let excluded: Vec<&str> = doc["excluded"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(excluded, ["1.1", "1.11", "1.18"]);
}

#[test]
fn output_file_and_templates_override() {
    let s = scratch(HEADER);
    let out = s.dir.path().join("bilaga.md");
    kravkat()
        .arg("build")
        .arg(&s.profile)
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stdout("");
    assert!(read(&out).starts_with("# Test\n"));
    // One template replaced, the other still the built-in one.
    let t = s.dir.path().join("tpl");
    std::fs::create_dir(&t).unwrap();
    std::fs::write(t.join("appendix.md"), "EGEN MALL {{ doc.procurement.title }}\n{% for s in doc.sections %}{% for g in s.categories %}{% for item in g.items %}{% include \"item.md\" %}{% endfor %}{% endfor %}{% endfor %}").unwrap();
    let a = kravkat()
        .arg("build")
        .arg(&s.profile)
        .arg("--templates")
        .arg(&t)
        .assert()
        .success();
    let text = stdout(&a);
    assert!(text.starts_with("EGEN MALL Test\n"), "{text}");
    assert!(text.contains("#### 1.2 (Ska)"), "built-in item.md still used: {text}");
    kravkat()
        .arg("build")
        .arg(&s.profile)
        .arg("--templates")
        .arg(s.dir.path().join("nope"))
        .assert()
        .failure()
        .code(2);
}

#[test]
fn list_and_show() {
    let a = kravkat().arg("list").assert().success();
    let out = stdout(&a);
    assert!(out.contains("jonkoping") && out.contains("19 requirements"), "{out}");
    let a = kravkat()
        .args(["list", "jonkoping", "--category", "Arkivering"])
        .assert()
        .success();
    let out = stdout(&a);
    let ids: Vec<&str> = out
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(ids, ["1.15", "1.16"]);
    kravkat()
        .args(["list", "jonkoping", "--category", "Arkivring"])
        .assert()
        .failure()
        .code(2)
        .stderr(predicates::str::contains("did you mean `Arkivering`?"));
    let a = kravkat().args(["show", "jonkoping:1.9"]).assert().success();
    let out = stdout(&a);
    assert!(out.starts_with("jonkoping:1.9 (Ska)\n"), "{out}");
    assert!(
        out.contains("säkerhetsnivåer utifrån er infrastruktur."),
        "merged row: {out}"
    );
    assert!(
        out.contains("Guidance (Vägledning):\n  Använd för att detaljera krav 1.8."),
        "{out}"
    );
    assert!(out.contains("References:\n  details 1.8"), "{out}");
    let a = kravkat().args(["show", "jonkoping:1.8"]).assert().success();
    let out = stdout(&a);
    assert!(
        out.contains("Referenced by:\n  jonkoping:1.9 details this item\n  jonkoping:1.10 details this item"),
        "{out}"
    );
}

#[test]
fn a_profile_can_use_a_catalogue_file() {
    let s = scratch("");
    let cat = s.dir.path().join("kat.yaml");
    std::fs::copy(root().join("catalog/jonkoping-1.0.yaml"), &cat).unwrap();
    let profile = HEADER.replace("  - id: jonkoping\n    version: \"1.0\"\n", "  - path: kat.yaml\n");
    std::fs::write(&s.profile, &profile).unwrap();
    let a = kravkat().arg("build").arg(&s.profile).assert().success();
    assert!(stdout(&a).contains("#### 1.2 (Ska)"));
    // The catalogue file is an input: never an output.
    kravkat()
        .arg("build")
        .arg(&s.profile)
        .arg("-o")
        .arg(&cat)
        .assert()
        .failure()
        .code(2);
    // A broken catalogue file is reported in its own terms, with its own line.
    std::fs::write(&cat, "id: kat\ntitle: T\n").unwrap();
    let a = kravkat().arg("build").arg(&s.profile).assert().failure().code(1);
    let e = stderr(&a);
    assert!(
        e.contains("kat.yaml:2:1") && e.contains("missing field `publisher`"),
        "{e}"
    );
    std::fs::remove_file(&cat).unwrap();
    let a = kravkat().arg("build").arg(&s.profile).assert().failure().code(1);
    let e = stderr(&a);
    assert!(e.contains("profile.yaml:5:11") && e.contains("kat.yaml"), "{e}");
}
