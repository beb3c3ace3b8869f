//! `kravkat lsp`, spoken to over the protocol as an editor does: diagnostics from the editor's
//! text (the profile's and an open catalogue file's) that are those of `kravkat check`, UTF-16
//! positions, and a session that ends cleanly.

mod common;

use std::path::Path;

use assert_cmd::cargo::cargo_bin;
use common::lsp::{Client, uri};
use common::{read, root, stdout};
use serde_json::{Value, json};

fn client() -> Client {
    Client::start(&cargo_bin("kravkat"))
}

fn affarssystem() -> std::path::PathBuf {
    root().join("examples/affarssystem.yaml")
}

/// `kravkat check --error-format json` of `text` saved as `path`: the problems, one JSON
/// object each.
fn check(path: &Path, text: &str) -> Vec<Value> {
    std::fs::write(path, text).unwrap();
    let a = common::kravkat()
        .args(["check", "--error-format", "json"])
        .arg(path)
        .assert();
    stdout(&a).lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn diagnostics_as_you_type_are_those_of_check() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("profil.yaml");
    let good = read(&affarssystem());
    std::fs::write(&path, &good).unwrap();
    let uri = uri(&path);
    let mut c = client();
    c.open(&uri, &good);
    assert_eq!(c.diagnostics(&uri), Vec::<Value>::new(), "the example has no problems");

    // Typed, not saved: the server reads the editor's text.
    let typed = good.replace("\"1.14\"", "\"1.99\"").replace("level: Bör", "level: Ska");
    c.change(&uri, 2, &typed);
    let got = c.diagnostics(&uri);
    let want = check(&dir.path().join("sparad.yaml"), &typed);
    assert_eq!(got.len(), want.len(), "{got:?}\n{want:?}");
    assert!(got.len() >= 2, "{got:?}");
    for (g, w) in got.iter().zip(&want) {
        let message = match w["hint"].as_str() {
            Some(h) => format!("{}\nhint: {h}", w["message"].as_str().unwrap()),
            None => w["message"].as_str().unwrap().to_owned(),
        };
        assert_eq!(g["message"], message.as_str());
        assert_eq!(g["range"]["start"]["line"], w["line"].as_i64().unwrap() - 1, "{g}");
        assert_eq!(
            g["range"]["start"]["character"],
            w["column"].as_i64().unwrap() - 1,
            "{g}"
        );
        assert_eq!(g["severity"], 1);
        assert_eq!(g["source"], "kravkat");
    }
    // The unknown id is underlined whole, quotes included.
    assert_eq!(got[0]["message"], "unknown id `1.99`\nhint: did you mean `1.9`?");
    let line = typed.lines().position(|l| l.starts_with("  items: [")).unwrap();
    assert_eq!(
        got[0]["range"],
        json!({ "start": { "line": line, "character": 17 }, "end": { "line": line, "character": 23 } })
    );
    assert_eq!(read(&path), good, "nothing is written");

    c.change(&uri, 3, &good);
    assert_eq!(
        c.diagnostics(&uri),
        Vec::<Value>::new(),
        "fixed: the problems are cleared"
    );
    c.shutdown();
}

/// The procurement rules' warnings reach the editor as `kravkat check` prints them: as
/// warnings, with their codes, underlining the words they are about; denied by the profile,
/// they come with the error that makes them one.
#[test]
fn rule_warnings_are_shown_as_warnings_with_their_codes_and_words() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("profil.yaml");
    let text = read(&root().join("tests/rules/bor-says-ska.yaml"));
    let uri = uri(&path);
    let mut c = client();
    c.open(&uri, &text);
    let got = c.diagnostics(&uri);
    let want = check(&dir.path().join("sparad.yaml"), &text);
    assert!(want.len() >= 5, "{want:?}");
    assert_eq!(got.len(), want.len(), "{got:?}\n{want:?}");
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(w["severity"], "warning");
        assert_eq!(g["severity"], 2, "{g}");
        assert_eq!(g["code"], w["code"], "{g}");
        assert!(
            g["message"]
                .as_str()
                .unwrap()
                .starts_with(w["message"].as_str().unwrap()),
            "{g}"
        );
        // The lines are ASCII up to the words, so characters and UTF-16 units agree.
        let at =
            |l: &str, c: &str| json!({ "line": w[l].as_i64().unwrap() - 1, "character": w[c].as_i64().unwrap() - 1 });
        assert_eq!(
            g["range"],
            json!({ "start": at("line", "column"), "end": at("end_line", "end_column") }),
            "{g}"
        );
    }

    let denied = format!("{text}warnings: deny\n");
    c.change(&uri, 2, &denied);
    let got = c.diagnostics(&uri);
    assert_eq!(got.len(), want.len() + 1, "{got:?}");
    let last = got.last().unwrap();
    assert_eq!(last["severity"], 1, "{last}");
    assert!(
        last["message"]
            .as_str()
            .unwrap()
            .contains("the profile's `warnings: deny` makes them errors"),
        "{last}"
    );
    c.shutdown();
}

#[test]
fn columns_are_utf16_code_units() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("profil.yaml");
    let text = "procurement: { title: T, organisation: O }\n\
                catalogs: [{ id: jonkoping, version: \"1.0\" }]\n\
                select: { categories: [\"😀 och å\"], items: [\"1.99\"] }\n";
    let uri = uri(&path);
    let mut c = client();
    c.open(&uri, text);
    let got = c.diagnostics(&uri);
    let messages: Vec<&str> = got.iter().map(|d| d["message"].as_str().unwrap()).collect();
    assert!(messages[0].starts_with("unknown category `😀 och å`"), "{messages:?}");
    assert!(messages[1].starts_with("unknown id `1.99`"), "{messages:?}");
    // `select: { categories: [` is 23 units, `"😀 och å"` 10 (the emoji is 2), so `"1.99"`
    // starts after `], items: [` at unit 44, which is character 43: the emoji counts twice.
    assert_eq!(
        got[0]["range"],
        json!({ "start": { "line": 2, "character": 23 }, "end": { "line": 2, "character": 33 } })
    );
    assert_eq!(
        got[1]["range"],
        json!({ "start": { "line": 2, "character": 44 }, "end": { "line": 2, "character": 50 } })
    );
    c.shutdown();
}

#[test]
fn an_open_catalogue_file_is_read_from_the_editor_and_checked_too() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("kataloger")).unwrap();
    let catalogue = dir.path().join("kataloger/mini.yaml");
    let catalogue_text = read(&root().join("tests/fixtures/catalogs/mini-1.0.yaml"));
    std::fs::write(&catalogue, &catalogue_text).unwrap();
    let profile = dir.path().join("profil.yaml");
    let profile_text = "procurement: { title: Mini, organisation: Testkommun }\n\
                        catalogs: [{ path: ../upphandling/../kataloger/mini.yaml }]\n\
                        select: { items: [\"1\", \"6\"] }\n";
    std::fs::create_dir(dir.path().join("upphandling")).unwrap();
    let profile = dir.path().join("upphandling").join(profile.file_name().unwrap());
    std::fs::write(&profile, profile_text).unwrap();
    let (p, k) = (uri(&profile), uri(&catalogue));
    let mut c = client();
    c.open(&p, profile_text);
    let got = c.diagnostics(&p);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0]["message"].as_str().unwrap().starts_with("unknown id `6`"),
        "{got:?}"
    );

    // Item 6 added in the editor, not on disk: the profile's problem goes.
    c.open(&k, &catalogue_text);
    assert_eq!(c.diagnostics(&k), Vec::<Value>::new());
    let added = format!(
        "{catalogue_text}  - id: \"6\"\n    kind: requirement\n    level: Ska\n    category: Data\n    text: Ny.\n"
    );
    c.change(&k, 2, &added);
    assert_eq!(c.diagnostics(&p), Vec::<Value>::new());

    // A mistake in the catalogue shows in the catalogue, once, though the profile's check
    // finds it too.
    let broken = added.replace("category: Data\n    text: Ny.", "category: Dat\n    text: Ny.");
    c.change(&k, 3, &broken);
    let in_catalogue = c.diagnostics(&k);
    assert_eq!(in_catalogue.len(), 1, "{in_catalogue:?}");
    assert!(
        in_catalogue[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("item 6: category `Dat` is not listed under `categories`"),
        "{in_catalogue:?}"
    );
    assert_eq!(read(&catalogue), catalogue_text, "nothing is written");
    c.shutdown();
}

/// Each document's check is a run of its own for the bound on what one run reads (32 MiB):
/// four open profiles naming one catalogue file, saved near the bound of one file, are each
/// checked again, where a round of checks (or a session) counting its reads together would
/// report the bound.
#[test]
fn each_check_is_a_run_of_its_own_for_the_read_bound() {
    let dir = tempfile::tempdir().unwrap();
    let catalogue = dir.path().join("stor.yaml");
    std::fs::write(&catalogue, common::mini_catalogue()).unwrap();
    let mut c = client();
    let profiles: Vec<String> = (1..=4)
        .map(|n| {
            let p = uri(&dir.path().join(format!("profil-{n}.yaml")));
            let text = format!(
                "procurement: {{ title: Bygge {n}, organisation: Testkommun }}\n\
                 catalogs: [{{ path: stor.yaml }}]\nselect: {{ items: [\"6\"] }}\n"
            );
            c.open(&p, &text);
            p
        })
        .collect();
    for p in &profiles {
        let got = c.diagnostics(p);
        assert!(
            got.len() == 1 && got[0]["message"].as_str().unwrap().starts_with("unknown id `6`"),
            "{got:?}"
        );
    }
    // Item 6 added, the file now 9 MiB: one save, and all four profiles are checked with it.
    let six = "  - id: \"6\"\n    kind: requirement\n    level: Ska\n    category: Data\n    text: Ny.\n";
    common::large_catalogue(&catalogue, common::mini_catalogue() + six);
    c.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": uri(&catalogue) } }),
    );
    for p in &profiles {
        assert_eq!(c.diagnostics(p), Vec::<Value>::new(), "{p}");
    }
    // Nor is the bound reported at the catalogue file, after the profiles' (in the order of
    // their URIs) and before the answer to a request sent now.
    let hover = json!({ "textDocument": { "uri": profiles[0] }, "position": { "line": 0, "character": 0 } });
    c.request("textDocument/hover", hover);
    assert!(!c.has_published(&uri(&catalogue)), "a problem with the catalogue file");
    c.shutdown();
}

#[test]
fn other_yaml_files_are_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = client();
    for (name, text) in [
        ("ci.yml", "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n"),
        ("empty.yaml", ""),
    ] {
        let u = uri(&dir.path().join(name));
        c.open(&u, text);
        assert_eq!(c.diagnostics(&u), Vec::<Value>::new(), "{name}");
    }
    // A profile by its name, though empty; a broken one by its keys.
    let named = uri(&dir.path().join("ny.kravkat.yaml"));
    c.open(&named, "");
    let got = c.diagnostics(&named);
    assert!(
        got[0]["message"].as_str().unwrap().starts_with("the profile is empty"),
        "{got:?}"
    );
    let broken = uri(&dir.path().join("trasig.yaml"));
    c.open(&broken, "procurement:\n  title: [\nselect:\n");
    assert_eq!(c.diagnostics(&broken).len(), 1);
    c.shutdown();
}

/// A session with an example open (from a copy, so that nothing the test does can touch the
/// example), built-in catalogues copied into the session's own cache folder.
struct Session {
    c: Client,
    uri: String,
    text: String,
    version: i64,
    dir: tempfile::TempDir,
}

fn session() -> Session {
    session_of(&affarssystem())
}

fn session_of(example: &Path) -> Session {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(example.file_name().unwrap());
    let text = read(example);
    std::fs::write(&path, &text).unwrap();
    let uri = uri(&path);
    let mut c = Client::start_with_env(&cargo_bin("kravkat"), &[("XDG_CACHE_HOME", &dir.path().join("cache"))]);
    c.open(&uri, &text);
    assert_eq!(c.diagnostics(&uri), Vec::<Value>::new());
    Session {
        c,
        uri,
        text,
        version: 1,
        dir,
    }
}

impl Session {
    /// The zero-based line and column of the first `needle` after the first `after` (UTF-16
    /// columns: the examples' lines are ASCII up to their needles).
    fn at(&self, after: &str, needle: &str) -> (u32, u32) {
        let from = self.text.find(after).unwrap();
        let at = from + self.text[from..].find(needle).unwrap();
        let line = self.text[..at].matches('\n').count() as u32;
        let column = (at - self.text[..at].rfind('\n').map_or(0, |i| i + 1)) as u32;
        (line, column)
    }

    fn ask(&mut self, method: &str, (line, character): (u32, u32)) -> Value {
        let uri = self.uri.clone();
        let at = json!({ "line": line, "character": character });
        let params = match method {
            "textDocument/codeAction" => json!({
                "textDocument": { "uri": uri }, "range": { "start": at, "end": at }, "context": { "diagnostics": [] }
            }),
            _ => json!({ "textDocument": { "uri": uri }, "position": at }),
        };
        let answer = self.c.request(method, params);
        assert!(answer.get("error").is_none(), "{method}: {answer}");
        answer["result"].clone()
    }

    /// The hover's Markdown on the first `needle` after `after`; empty when there is none.
    fn hover(&mut self, after: &str, needle: &str) -> String {
        let at = self.at(after, needle);
        let h = self.ask("textDocument/hover", at);
        h["contents"]["value"].as_str().unwrap_or_default().to_owned()
    }

    /// Replaces the document's text, as the editor does on a change.
    fn edit(&mut self, text: String) {
        self.version += 1;
        self.c.change(&self.uri.clone(), self.version, &text);
        self.text = text;
    }
}

/// The labels of a completion list.
fn labels(list: &Value) -> Vec<&str> {
    let items = list["items"]
        .as_array()
        .unwrap_or_else(|| panic!("a completion list: {list}"));
    items.iter().map(|i| i["label"].as_str().unwrap()).collect()
}

#[test]
fn hover_on_an_id_shows_the_item_as_the_appendix_does_and_what_the_profile_does() {
    let mut s = session();
    // A changed item, named as a key of `changes`: the catalogue's advice and guidance are there.
    let text = s.hover("changes:", "1.12");
    assert!(
        text.starts_with("**jonkoping:1.12** – Länsgemensam kravkatalog"),
        "{text}"
    );
    for shown in [
        "i underlaget, anpassat av profilen",
        "### 1.12 (Bör)",
        "nivån ändrad från Ska till Bör",
        "Systemets API ska kunna definierina loggningsnivåer",
        "**Specificera eller utöka kravet (katalogens råd):** Ändra till Bör",
        "**Vägledning:** Använd när loggning och larm",
        "**Motivering till ändringen:** Loggning och larm kan lösas",
    ] {
        assert!(text.contains(shown), "{shown}: {text}");
    }
    let (line, column) = s.at("changes:", "\"1.12\"");
    let h = s.ask("textDocument/hover", (line, column + 1));
    assert_eq!(h["range"]["start"], json!({ "line": line, "character": column }));
    // The specification the profile adds; an exclusion and its reason; a selected item.
    assert!(s.hover("changes:", "1.13").contains("> **Köparens specificering:**"));
    let text = s.hover("exclude:", "1.7");
    assert!(
        text.contains("undantaget: Kommunen har ingen egen integrationsplattform"),
        "{text}"
    );
    assert!(s.hover("items:", "1.14").contains("– i underlaget\n"));
    // The evaluation names catalogue items and own requirements alike.
    assert!(s.hover("verification:", "1.13").starts_with("**jonkoping:1.13**"));
    assert!(s.hover("values:", "VK-2").starts_with("### VK-2"));
    // Qualified or not, the same item; a category; a field.
    s.edit(s.text.replacen("\"1.14\"", "\"jonkoping:1.14\"", 1));
    assert!(s.hover("items:", "jonkoping:1.14").starts_with("**jonkoping:1.14**"));
    assert!(
        s.hover("categories:", "Dataexport")
            .starts_with("**jonkoping:Dataexport**")
    );
    assert!(s.hover("", "exclude:").contains("reason for leaving it out"));
    let catalogue = s.hover("catalogs:", "jonkoping");
    assert!(
        catalogue.starts_with("**Länsgemensam kravkatalog för dataåtkomst och informationsutbyte** 1.0"),
        "{catalogue}"
    );
    // Nothing to say on a text, or past the end of a line.
    assert_eq!(s.hover("title:", "verksamhetssystem"), "");
    let (line, _) = s.at("", "items: [");
    assert_eq!(s.ask("textDocument/hover", (line, 400)), Value::Null);
    s.c.shutdown();
}

#[test]
fn hover_on_checklist_keys_and_on_references_of_own_items_and_of_catalogues() {
    let mut s = session_of(&root().join("examples/hinderbanan-informationsutbyte.yaml"));
    let text = s.hover("checklist:", "\"1.5\"");
    assert!(text.starts_with("**hinderbanan:1.5**"), "{text}");
    assert!(text.contains("**Status:** Pågår"), "{text}");
    s.c.shutdown();
    // An own item's qualified references, and the own item itself.
    let mut s = session_of(&root().join("examples/integrationsplattform.yaml"));
    let text = s.hover("references: [", "ramverk:P3");
    assert!(
        text.starts_with("**ramverk:P3** – Svenskt ramverk för digital samverkan"),
        "{text}"
    );
    assert!(s.hover("own:", "RF-INT-1").contains("Katalog över API:er och flöden"));
    s.c.shutdown();
    // In a catalogue file: a reference shows what `kravkat show` prints of its target.
    let mut s = session_of(&root().join("catalog/ramverk-1.3.yaml"));
    let text = s.hover("references:", "R1");
    let show = common::output(&["show", "ramverk:R1"]);
    assert_eq!(text, format!("```text\n{show}```"));
    s.c.shutdown();
}

#[test]
fn definition_leads_to_the_item_in_a_read_only_copy_of_its_catalogue() {
    let mut s = session();
    let d = s.ask("textDocument/definition", s.at("changes:", "1.12"));
    let target = d["uri"].as_str().unwrap().to_owned();
    let cache = uri(&s.dir.path().join("cache"));
    assert_eq!(
        target,
        format!("{cache}/kravkat/{}/jonkoping-1.0.yaml", env!("CARGO_PKG_VERSION"))
    );
    let file = s.dir.path().join(format!(
        "cache/kravkat/{}/jonkoping-1.0.yaml",
        env!("CARGO_PKG_VERSION")
    ));
    let copy = read(&file);
    assert_eq!(
        copy,
        read(&root().join("catalog/jonkoping-1.0.yaml")),
        "the embedded catalogue, as published"
    );
    assert!(std::fs::metadata(&file).unwrap().permissions().readonly());
    let line = copy.lines().position(|l| l == "  - id: \"1.12\"").unwrap();
    assert_eq!(d["range"]["start"], json!({ "line": line, "character": 8 }));
    assert_eq!(d["range"]["end"], json!({ "line": line, "character": 14 }));
    // Again, from the copy already there.
    let again = s.ask("textDocument/definition", s.at("items:", "1.14"));
    assert_eq!(again["uri"], target.as_str());
    s.c.shutdown();
}

#[test]
fn definition_leads_into_a_catalogue_file_and_within_it() {
    let dir = tempfile::tempdir().unwrap();
    let catalogue = dir.path().join("mini.yaml");
    std::fs::copy(root().join("tests/fixtures/catalogs/mini-1.0.yaml"), &catalogue).unwrap();
    let profile = dir.path().join("profil.yaml");
    let text = "procurement: { title: Mini, organisation: Testkommun }\n\
                catalogs: [{ path: mini.yaml }]\nselect: { items: [\"2\"] }\n";
    std::fs::write(&profile, text).unwrap();
    let mut c = client();
    let p = uri(&profile);
    c.open(&p, text);
    c.diagnostics(&p);
    let at = json!({ "textDocument": { "uri": p }, "position": { "line": 2, "character": 20 } });
    let d = c.request("textDocument/definition", at)["result"].clone();
    assert_eq!(d["uri"], uri(&catalogue).as_str());
    let line = read(&catalogue).lines().position(|l| l == "  - id: \"2\"").unwrap();
    assert_eq!(d["range"]["start"], json!({ "line": line, "character": 8 }));
    c.shutdown();
}

#[test]
fn completion_offers_ids_with_level_and_text_marks_the_selected_and_quotes() {
    let mut s = session();
    // Typing a new id in the flow list of `select.items`: the line does not parse yet.
    s.edit(s.text.replacen("\"1.19\"]", "\"1.19\", \"1.1", 1));
    let (line, _) = s.at("items:", "1.19");
    let typed = s.text.lines().nth(line as usize).unwrap().to_owned();
    let end = typed.len() as u32;
    let list = s.ask("textDocument/completion", (line, end));
    let items = list["items"].as_array().unwrap();
    let find = |label: &str| {
        items
            .iter()
            .find(|i| i["label"] == label)
            .unwrap_or_else(|| panic!("{label}: {list}"))
    };
    // 1.11 is not in the document; 1.13 is, through its category.
    let i11 = find("1.11");
    let detail = i11["detail"].as_str().unwrap();
    assert!(detail.starts_with("Ska – Systemets API ska följa relevanta"), "{i11}");
    assert!(i11.get("labelDetails").is_none(), "{i11}");
    let i13 = find("1.13");
    assert_eq!(i13["labelDetails"]["description"], "i underlaget");
    assert_eq!(find("1.14")["labelDetails"]["description"], "i underlaget");
    // The typed `"1.1` is replaced by the quoted id.
    let edit = &i13["textEdit"];
    assert_eq!(edit["newText"], "\"1.13\"");
    assert_eq!(edit["range"]["end"]["character"], end);
    assert_eq!(edit["range"]["start"]["character"], typed.rfind('"').unwrap() as u32);
    assert_eq!(i13["filterText"], "\"1.13\"");
    // Under `select`, what is not selected yet comes first.
    let sort = |i: &Value| i["sortText"].as_str().unwrap().to_owned();
    let marked = items.iter().filter(|i| i.get("labelDetails").is_some());
    assert!(marked.into_iter().all(|i| sort(i) > sort(i11)));

    // The level of a change: Ska and Bör (in the example as it was: a completion reads the
    // line being typed, and the rest must read as YAML).
    s.edit(read(&affarssystem()));
    let (line, _) = s.at("\"1.12\":", "level:");
    assert_eq!(labels(&s.ask("textDocument/completion", (line, 11))), ["Ska", "Bör"]);
    // Field names of a change on a new line, those present left out.
    s.edit(s.text.replacen("    level: Bör\n", "    level: Bör\n    \n", 1));
    let list = s.ask("textDocument/completion", (line + 1, 4));
    assert_eq!(labels(&list), ["text", "specify"], "level and reason are there");
    // Catalogue ids and versions, categories.
    let list = s.ask("textDocument/completion", s.at("catalogs:", "jonkoping"));
    assert!(labels(&list).contains(&"ramverk"), "{list}");
    let (line, column) = s.at("catalogs:", "\"1.0\"");
    let list = s.ask("textDocument/completion", (line, column + 1));
    assert_eq!(list["items"][0]["textEdit"]["newText"], "\"1.0\"");
    let list = s.ask("textDocument/completion", s.at("categories:", "Dataexport"));
    let api = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "API")
        .unwrap();
    assert_eq!(api["labelDetails"]["description"], "vald");
    s.c.shutdown();
}

#[test]
fn code_actions_apply_the_fixes_the_hints_describe() {
    let mut s = session();
    // An unknown id, unquoted: the did-you-mean, and quoting it.
    s.edit(s.text.replacen("\"1.14\"", "1.99", 1));
    let d = s.c.diagnostics(&s.uri.clone());
    assert_eq!(d.len(), 1, "{d:?}");
    let actions = s.ask("textDocument/codeAction", s.at("items:", "1.99"));
    let titles: Vec<&str> = actions
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Replace with `1.9`", "Quote `1.99`"]);
    let edit = &actions[0]["edit"]["changes"][&s.uri][0];
    assert_eq!(edit["newText"], "\"1.9\"");
    assert_eq!(edit["range"], d[0]["range"]);
    assert_eq!(actions[0]["kind"], "quickfix");
    assert_eq!(actions[0]["diagnostics"][0]["message"], d[0]["message"]);

    // A level change without its reason: the fix adds the line, indented as the others.
    s.edit(read(&affarssystem()).replacen("    reason: >-\n      Loggning", "    specify: >-\n      Loggning", 1));
    let d = s.c.diagnostics(&s.uri.clone());
    let message = |d: &Value| d["message"].as_str().unwrap().to_owned();
    assert!(
        d.iter()
            .any(|d| message(d).starts_with("the level change of `1.12` has no reason")),
        "{d:?}"
    );
    let actions = s.ask("textDocument/codeAction", s.at("changes:", "1.12"));
    let add = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Add `reason:`")
        .expect("the reason fix");
    let edit = &add["edit"]["changes"][&s.uri][0];
    assert_eq!(edit["newText"], "\n    reason: \"\"");
    // At the end of the change's last line, just before `"1.13":`.
    let (line, _) = s.at("\"1.13\":", "\"1.13\"");
    assert_eq!(edit["range"]["start"]["line"], line - 1);
    s.c.shutdown();
}

/// Every request kind, at the end and in the middle of the last line, on every line prefix of
/// every example and catalogue fixture and on a sample of character prefixes: each is
/// answered (no error, no panic), and the server is still there at the end.
#[test]
fn every_request_on_every_prefix_of_every_example_is_answered() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = Client::start_with_env(&cargo_bin("kravkat"), &[("XDG_CACHE_HOME", &dir.path().join("cache"))]);
    let mut files = common::examples();
    files.push(root().join("tests/fixtures/catalogs/mini-1.0.yaml"));
    files.push(root().join("tests/fixtures/samverkan.yaml"));
    let mut version = 1;
    let (mut asked, mut answered) = (0, 0);
    for file in files {
        let text = read(&file);
        let uri = uri(&file);
        c.open(&uri, "");
        let mut cuts: Vec<usize> = text.match_indices('\n').map(|(i, _)| i).collect();
        cuts.extend(text.char_indices().map(|(i, _)| i).step_by(23));
        cuts.push(text.len());
        for cut in cuts {
            let prefix = &text[..cut];
            version += 1;
            c.change(&uri, version, prefix);
            let last = prefix.rsplit('\n').next().unwrap();
            let line = prefix.matches('\n').count() as u32;
            let end = last.encode_utf16().count() as u32;
            let mut ids = Vec::new();
            for character in [end, end / 2] {
                let at =
                    json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } });
                for method in [
                    "textDocument/hover",
                    "textDocument/completion",
                    "textDocument/definition",
                ] {
                    ids.push((method, c.send_request(method, at.clone())));
                }
                let point = json!({ "line": line, "character": character });
                let range = json!({ "textDocument": { "uri": uri }, "range": { "start": point, "end": point }, "context": { "diagnostics": [] } });
                ids.push((
                    "textDocument/codeAction",
                    c.send_request("textDocument/codeAction", range),
                ));
            }
            asked += ids.len();
            for (method, id) in ids {
                let r = c.response(id);
                assert!(
                    r.get("error").is_none(),
                    "{method} on {} cut at {cut}: {r}",
                    file.display()
                );
                answered += 1;
            }
        }
        c.notify("textDocument/didClose", json!({ "textDocument": { "uri": uri } }));
    }
    assert_eq!(answered, asked);
    assert!(answered > 8_000, "{answered}");
    c.shutdown();
}

#[test]
#[ignore = "drives Neovim headless; cargo test -- --include-ignored runs it"]
fn neovim_headless_gets_diagnostics_hover_completion_fixes_and_definitions() {
    common::require("nvim", "--version");
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("affarssystem.yaml");
    std::fs::copy(affarssystem(), &profile).unwrap();
    let result = dir.path().join("result.json");
    let mut nvim = std::process::Command::new("nvim")
        .args(["--headless", "--clean", "-n", "-i", "NONE", "-c"])
        .arg(format!(
            "luafile {}",
            root().join("tests/support/nvim_lsp.lua").display()
        ))
        .env("NVIM_TEST_SERVER", cargo_bin("kravkat"))
        .env("NVIM_TEST_PROFILE", &profile)
        .env("NVIM_TEST_RESULT", &result)
        // Neovim's own state and log, and kravkat's cached catalogues, stay in the test's folder.
        .env("XDG_CACHE_HOME", dir.path().join("cache"))
        .env("XDG_STATE_HOME", dir.path().join("state"))
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(180);
    let status = loop {
        if let Some(status) = nvim.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = nvim.kill();
            panic!("Neovim did not finish");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let text = std::fs::read_to_string(&result).unwrap_or_default();
    let r: Value = serde_json::from_str(&text).unwrap_or_else(|_| panic!("{status}: no result from Neovim: {text:?}"));
    assert!(status.success() && r.get("error").is_none(), "{status}: {r}");

    assert_eq!(r["on_open"], json!([]), "{r}");
    let hover = r["hover"].as_str().unwrap();
    assert!(
        hover.starts_with("**jonkoping:1.12**") && hover.contains("nivån ändrad från Ska till Bör"),
        "{hover}"
    );
    let definition = r["definition"]["uri"].as_str().unwrap();
    assert!(
        definition.ends_with(&format!(
            "/cache/kravkat/{}/jonkoping-1.0.yaml",
            env!("CARGO_PKG_VERSION")
        )),
        "{definition}"
    );
    let items = r["completion"].as_array().unwrap();
    let i13 = items
        .iter()
        .find(|i| i["label"] == "1.13")
        .unwrap_or_else(|| panic!("{items:?}"));
    assert!(i13["detail"].as_str().unwrap().starts_with("Ska – "), "{i13}");
    let typo = &r["on_typo"][0];
    assert!(
        typo["message"]
            .as_str()
            .unwrap()
            .starts_with("unknown id `1.99`\nhint: did you mean `1.9`?"),
        "{typo}"
    );
    let line = read(&affarssystem())
        .lines()
        .position(|l| l.starts_with("  items: ["))
        .unwrap();
    assert_eq!(
        (typo["lnum"].as_u64(), typo["col"].as_u64()),
        (Some(line as u64), Some(17)),
        "{typo}"
    );
    let titles: Vec<&str> = r["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert!(titles.contains(&"Replace with `1.9`"), "{titles:?}");
    assert_eq!(r["fixed"], json!([]));
    assert_eq!(r["stopped"], true);
}
