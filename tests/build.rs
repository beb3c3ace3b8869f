//! `kravkat build` on the shipped examples: the Markdown has the expected structure when
//! pandoc reads it, carries the attribution, and is the same bytes every time.

mod common;
use common::*;
use serde_json::Value;

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
            "Header" => headings.push((b["c"][0].as_u64().unwrap(), pandoc_inline_text(&b["c"][2]))),
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
fn examples_carry_their_attribution_and_keep_guidance_internal() {
    for profile in examples() {
        let doc = json(&profile);
        let has_guidance = items(&doc).any(|i| !i["guidance"].is_null());
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
        }
    }
}

#[test]
#[ignore = "reads the Markdown with pandoc; cargo test -- --include-ignored runs it"]
fn pandoc_reads_the_headings_and_tables_of_every_example() {
    require("pandoc", "--version");
    for profile in examples() {
        let doc = json(&profile);
        let title = doc["procurement"]["title"].as_str().unwrap();
        let ids = selected_ids(&doc);
        let unselected: Vec<&str> = doc["unselected"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["id"].as_str().unwrap())
            .collect();
        for audience in ["tender", "internal"] {
            let text = build(&profile, &["-a", audience]);
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
    assert!(tender.contains("*Eget krav – Värnamo kommun (kategori: Integration)*"));
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
    let a = kravkat().arg("build").arg(&s.profile).assert().failure().code(2);
    let e = stderr(&a);
    assert!(
        e.contains("kat.yaml:2:1") && e.contains("the file has no `publisher`"),
        "{e}"
    );
    std::fs::remove_file(&cat).unwrap();
    let a = kravkat().arg("build").arg(&s.profile).assert().failure().code(2);
    let e = stderr(&a);
    assert!(e.contains("profile.yaml:5:11") && e.contains("kat.yaml"), "{e}");
}

/// `kravkat build -` reads the profile from standard input, as pandoc does; a catalogue `path:`
/// in it is relative to the working directory, and messages name `<stdin>`.
#[test]
fn build_reads_a_profile_from_standard_input() {
    let example = root().join("examples/affarssystem.yaml");
    let from_file = build(&example, &["-f", "html"]);
    let a = kravkat()
        .args(["build", "-", "-f", "html"])
        .write_stdin(read(&example))
        .assert()
        .success();
    assert_eq!(stdout(&a), from_file);

    let s = scratch("");
    std::fs::copy(root().join("catalog/jonkoping-1.0.yaml"), s.dir.path().join("kat.yaml")).unwrap();
    let profile = HEADER.replace("  - id: jonkoping\n    version: \"1.0\"\n", "  - path: kat.yaml\n");
    let a = kravkat()
        .current_dir(s.dir.path())
        .args(["build", "-"])
        .write_stdin(profile.clone())
        .assert()
        .success();
    assert!(stdout(&a).contains("#### 1.2 (Ska)"));
    // From elsewhere, `kat.yaml` is not there.
    let a = kravkat()
        .current_dir(root())
        .args(["build", "-"])
        .write_stdin(profile)
        .assert()
        .failure()
        .code(2);
    assert!(
        stderr(&a).contains("<stdin>:5:11") && stderr(&a).contains("kat.yaml"),
        "{}",
        stderr(&a)
    );
    // Its declared outputs are in the working directory, and messages say so.
    let a = kravkat()
        .current_dir(s.dir.path())
        .args(["build", "-"])
        .write_stdin(format!("{HEADER}outputs:\n  - path: ../bilaga.md\n"))
        .assert()
        .failure()
        .code(2);
    assert!(
        stderr(&a).contains("<stdin>:10:11")
            && stderr(&a).contains("output `../bilaga.md` is outside the working directory")
            && stderr(&a).contains("relative to the working directory"),
        "{}",
        stderr(&a)
    );
    kravkat()
        .current_dir(s.dir.path())
        .args(["build", "-"])
        .write_stdin(format!("{HEADER}outputs:\n  - path: ut/bilaga.md\n"))
        .assert()
        .success();
    assert!(read(&s.dir.path().join("ut/bilaga.md")).contains("#### 1.2 (Ska)"));
    // The command that regenerates a stale output takes the profile on standard input again.
    std::fs::write(s.dir.path().join("ut/bilaga.md"), "inaktuell").unwrap();
    let a = kravkat()
        .current_dir(s.dir.path())
        .args(["build", "--check", "-"])
        .write_stdin(format!("{HEADER}outputs:\n  - path: ut/bilaga.md\n"))
        .assert()
        .code(1);
    assert!(
        stderr(&a).contains("regenerate it: `kravkat build - < PROFILE`"),
        "{}",
        stderr(&a)
    );
    // `check -` too.
    let a = kravkat()
        .args(["check", "-"])
        .write_stdin(HEADER.replace("\"1.2\"", "\"1.99\""))
        .assert()
        .code(1);
    assert!(stderr(&a).contains("--> <stdin>:8:11"), "{}", stderr(&a));
}

/// An own requirement's `category:` shows with it in every format and audience.
#[test]
fn an_own_requirements_category_shows_in_every_format() {
    let p = root().join("examples/affarssystem.yaml");
    let line = "Eget krav – Värnamo kommun (kategori: Integration)";
    let dir = tempfile::tempdir().unwrap();
    for audience in ["tender", "internal"] {
        for format in ["md", "html"] {
            let out = build(&p, &["-f", format, "-a", audience]);
            assert!(out.contains(line), "{format} {audience}");
        }
        let docx = dir.path().join(format!("{audience}.docx"));
        build(&p, &["-f", "docx", "-a", audience, "-o", docx.to_str().unwrap()]);
        let mut zip = zip::ZipArchive::new(std::fs::File::open(&docx).unwrap()).unwrap();
        let mut body = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut body).unwrap();
        assert!(body.contains(line), "docx {audience}");
    }
}

/// Whether a text names kravkat, as a word ("kravkatalog" is Swedish for a requirement catalogue).
fn names_the_tool(text: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric())
        .any(|w| w.eq_ignore_ascii_case("kravkat") || w.eq_ignore_ascii_case("kravkats"))
}

/// What suppliers read says who numbered the items and where they come from, never which tool
/// the buyer used: the tender appendix of every example, in every format (the HTML's generator
/// tag is metadata, not text).
#[test]
fn supplier_facing_text_never_names_the_tool() {
    let dir = tempfile::tempdir().unwrap();
    for profile in examples() {
        let md = build(&profile, &[]);
        assert!(!names_the_tool(&md), "{}: Markdown", profile.display());
        let html = build(&profile, &["-f", "html"]).replace("<meta name=\"generator\" content=\"kravkat\">", "");
        assert!(!names_the_tool(&html), "{}: HTML", profile.display());
        let docx = dir.path().join("t.docx");
        build(&profile, &["-f", "docx", "-o", docx.to_str().unwrap()]);
        let mut zip = zip::ZipArchive::new(std::fs::File::open(&docx).unwrap()).unwrap();
        for part in ["word/document.xml", "word/header1.xml", "word/footer1.xml"] {
            let mut xml = String::new();
            std::io::Read::read_to_string(&mut zip.by_name(part).unwrap(), &mut xml).unwrap();
            assert!(!names_the_tool(&xml), "{}: {part}", profile.display());
        }
    }
    for l in kravkat::catalog::builtin().unwrap() {
        assert!(
            !names_the_tool(&l.catalog.attribution.statement),
            "{}'s attribution",
            l.catalog.id
        );
    }
}

/// `-f json` is the document for its audience, and says which: the tender appendix's JSON has
/// nothing suppliers may not see — no guidance, specify advice, reasons or notes, no deviation
/// log, excluded or unselected items, no catalogue wording a buyer replaced.
#[test]
fn json_respects_the_audience_and_names_it() {
    let p = root().join("examples/affarssystem.yaml");
    let tender: serde_json::Value = serde_json::from_str(&build(&p, &["-f", "json"])).unwrap();
    let internal = json(&p);
    assert_eq!(tender["audience"], "tender");
    assert_eq!(internal["audience"], "internal");
    for list in ["deviations", "excluded", "unselected", "traceability"] {
        assert!(tender[list].as_array().unwrap().is_empty(), "{list}");
    }
    assert!(!internal["deviations"].as_array().unwrap().is_empty());
    assert!(!internal["unselected"].as_array().unwrap().is_empty());
    let tender_items: Vec<&serde_json::Value> = items(&tender).collect();
    assert_eq!(tender_items.len(), items(&internal).count(), "the same items");
    for item in tender_items {
        for field in ["guidance", "specify", "note", "reason", "original_text"] {
            assert!(item[field].is_null(), "{} {field}", item["key"]);
        }
        assert!(
            item["changes"]
                .as_array()
                .unwrap()
                .iter()
                .all(|c| c["reason"].is_null())
        );
    }
    let text = build(&p, &["-f", "json"]);
    assert!(
        !text.contains("Loggning och larm kan lösas"),
        "a reason reached the tender JSON"
    );
    assert!(items(&internal).any(|i| !i["guidance"].is_null()));
}
