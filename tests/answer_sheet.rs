//! The answer sheet (`-f xlsx`), read back by real readers: openpyxl sees every requirement's
//! row with its text, the Ja/Nej drop-down, the protection with only the supplier's cells
//! unlocked, the frozen and repeated header and the A4 landscape setup; LibreOffice Calc opens
//! it and converts it to CSV and PDF. The same inputs give the same bytes.

mod common;
use common::*;

use std::path::{Path, PathBuf};

use serde_json::Value;

fn example() -> PathBuf {
    root().join("examples/affarssystem.yaml")
}

/// The answer sheet of `profile`, written to `dir`.
fn sheet(profile: &Path, dir: &Path, env: &[(&str, &str)]) -> PathBuf {
    let out = dir.join("svar.xlsx");
    let mut cmd = kravkat();
    cmd.arg("build").arg(profile).args(["-f", "xlsx", "-o"]).arg(&out);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.assert().success();
    out
}

/// The requirements of the document in order: (id, level, category).
fn requirements(profile: &Path) -> Vec<(String, String, String)> {
    let doc = json(profile);
    let s = |v: &Value| v.as_str().unwrap().to_owned();
    items(&doc)
        .filter(|i| !i["level"].is_null())
        .map(|i| (s(&i["id"]), s(&i["level"]), s(&i["category"])))
        .collect()
}

#[test]
fn binary_so_it_needs_a_file() {
    let a = kravkat()
        .arg("build")
        .arg(example())
        .args(["-f", "xlsx"])
        .assert()
        .code(2);
    assert!(stderr(&a).contains("XLSX is binary: give -o FILE"), "{}", stderr(&a));
}

#[test]
fn the_same_inputs_give_the_same_bytes_and_the_epoch_dates_it() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let first = std::fs::read(sheet(&example(), a.path(), &[])).unwrap();
    let second = std::fs::read(sheet(&example(), b.path(), &[])).unwrap();
    assert!(first == second, "two runs, two different answer sheets");
    let dated = sheet(&example(), a.path(), &[("SOURCE_DATE_EPOCH", "1767225600")]);
    assert_ne!(std::fs::read(&dated).unwrap(), first);
}

#[test]
#[ignore = "reads the sheet with openpyxl; cargo test -- --include-ignored runs it"]
fn openpyxl_reads_the_date_the_epoch_gives() {
    require_python_module("openpyxl");
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let dated = sheet(&example(), a.path(), &[("SOURCE_DATE_EPOCH", "1767225600")]);
    let v: Value = serde_json::from_str(&python("read_xlsx.py", &[dated.as_os_str()])).unwrap();
    assert_eq!(v["created"], "2026-01-01T00:00:00");
    let undated = sheet(&example(), b.path(), &[]);
    let v: Value = serde_json::from_str(&python("read_xlsx.py", &[undated.as_os_str()])).unwrap();
    assert_eq!(
        v["created"], "1980-01-01T00:00:00",
        "a fixed date without SOURCE_DATE_EPOCH"
    );
}

#[test]
fn declared_outputs_take_xlsx_from_the_extension() {
    let text = read(&example()).replace("procurement:", "outputs:\n  - path: svar.xlsx\nprocurement:");
    let s = scratch(&text);
    kravkat().arg("build").arg(&s.profile).assert().success();
    let bytes = std::fs::read(s.dir.path().join("svar.xlsx")).unwrap();
    assert!(bytes.starts_with(b"PK\x03\x04"), "a zip");
    kravkat().args(["build", "--check"]).arg(&s.profile).assert().success();
}

#[test]
#[ignore = "reads the sheet with openpyxl; cargo test -- --include-ignored runs it"]
fn openpyxl_reads_rows_drop_down_protection_header_and_print_setup() {
    require_python_module("openpyxl");
    let dir = tempfile::tempdir().unwrap();
    let xlsx = sheet(&example(), dir.path(), &[]);
    let v: Value = serde_json::from_str(&python("read_xlsx.py", &[xlsx.as_os_str()])).unwrap();
    assert_eq!(v["sheets"], serde_json::json!(["Anbud", "Svar"]));
    let svar = &v["sheet"]["Svar"];
    let rows = svar["rows"].as_array().unwrap();
    let cell = |r: usize, c: usize| rows[r][c].as_str().unwrap().to_owned();
    let headers: Vec<String> = (0..10).map(|c| cell(0, c)).collect();
    assert_eq!(
        headers,
        [
            "Nr",
            "Nivå",
            "Kategori",
            "Krav",
            "Så visas att kravet uppfylls",
            "Värde (bör-krav)",
            "Svarsform",
            "Uppfylls (Ja/Nej)",
            "Beskrivning",
            "Hänvisning (bilaga, sida)"
        ]
    );
    // One row per requirement, in appendix order.
    let want = requirements(&example());
    assert_eq!(rows.len(), want.len() + 1);
    for (n, (id, level, category)) in want.iter().enumerate() {
        assert_eq!(
            (cell(n + 1, 0), cell(n + 1, 1), cell(n + 1, 2)),
            (id.clone(), level.clone(), category.clone())
        );
    }
    let row = |id: &str| rows.iter().position(|r| r[0] == id).unwrap();
    let r13 = row("1.13");
    assert!(cell(r13, 3).starts_with("Systemet ska ha funktion för löpande export av information till datalager"));
    assert!(cell(r13, 3).contains("\n\nKöparens specificering: Med löpande export avses var fjärde timme."));
    assert!(
        cell(r13, 3).ends_with("Källa: Länsgemensam kravkatalog för dataåtkomst och informationsutbyte 1.0, krav 1.13")
    );
    assert_eq!(cell(r13, 4), "Ange hur ofta export kan ske, i timmar.");
    assert_eq!(cell(r13, 6), "Ja/Nej med ett tal");
    let r12 = row("1.12");
    assert!(cell(r12, 3).contains("Anpassat från krav 1.12"), "{}", cell(r12, 3));
    assert_eq!(cell(r12, 5), "150\u{a0}000\u{a0}kr");
    assert_eq!(
        cell(row("VK-2"), 3).rsplit("\n\n").next().unwrap(),
        "Eget krav – Värnamo kommun (kategori: Integration)"
    );

    // The drop-down: Ja or Nej, over every answer cell and no other.
    let validations = svar["validations"].as_array().unwrap();
    let list = validations.iter().find(|d| d["type"] == "list").unwrap();
    assert_eq!(list["formula1"], "\"Ja,Nej\"");
    assert_eq!(list["sqref"], format!("H2:H{}", want.len() + 1));
    assert!(
        validations
            .iter()
            .any(|d| d["sqref"] == format!("I{}", r13 + 1) && d["prompt"] == "Ange ett tal.")
    );

    // Protected without a password; only the supplier's columns are unlocked.
    assert_eq!(svar["protected"], true);
    assert_eq!(svar["password"], Value::Null);
    assert_eq!(svar["format_columns"], true, "columns can still be widened");
    let locked = svar["locked"].as_array().unwrap();
    for (r, row) in locked.iter().enumerate().skip(1) {
        let row: Vec<bool> = row.as_array().unwrap().iter().map(|b| b.as_bool().unwrap()).collect();
        assert_eq!(
            row,
            [true, true, true, true, true, true, true, false, false, false],
            "row {}",
            r + 1
        );
    }
    assert!(
        locked[0].as_array().unwrap().iter().all(|b| b == true),
        "the header is locked"
    );

    // The header stays on screen and on every printed page; A4 landscape, one page wide.
    assert_eq!(svar["freeze_panes"], "A2");
    assert_eq!(svar["print_title_rows"], "$1:$1");
    assert_eq!(svar["orientation"], "landscape");
    assert_eq!(svar["paper_size"], 9);
    assert_eq!(svar["fit_to_page"], true);
    assert!(
        svar["header"]
            .as_str()
            .unwrap()
            .contains("Svarsbilaga – Upphandling av verksamhetssystem för ekonomi")
    );

    // The info sheet: the supplier's two cells, the fingerprint twice, the rule, the sources.
    let anbud = &v["sheet"]["Anbud"];
    let info = |r: usize, c: usize| anbud["rows"][r][c].as_str().unwrap().to_owned();
    assert_eq!(info(5, 0), "Leverantör");
    assert_eq!(info(6, 0), "Anbudspris (kr, exklusive moms)");
    assert_eq!(anbud["locked"][5][1], false);
    assert_eq!(anbud["locked"][6][1], false);
    assert_eq!(anbud["locked"][7][1], true, "the fingerprint is locked");
    assert_eq!(anbud["protected"], true);
    let fingerprint = info(7, 1);
    assert_eq!(fingerprint.len(), 64);
    assert_eq!(v["names"]["kravkat_fingeravtryck"], format!("\"{fingerprint}\""));
    assert_eq!(info(8, 1), "kravkat svarsbilaga 1");
    let text: Vec<String> = (0..anbud["rows"].as_array().unwrap().len())
        .map(|r| info(r, 1))
        .collect();
    assert!(
        text.iter()
            .any(|t| t.starts_with("Anbuden utvärderas enligt mervärdesmodellen."))
    );
    let doc = json(&example());
    assert!(text.contains(&doc["catalogs"][0]["attribution"].as_str().unwrap().trim().to_owned()));
    assert_eq!(v["creator"], "Värnamo kommun");
}

/// The fields of a CSV file as LibreOffice writes it (quoted fields may hold commas, quotes and
/// line breaks).
fn csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = vec![vec![String::new()]];
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let field = rows.last_mut().unwrap().last_mut().unwrap();
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => rows.last_mut().unwrap().push(String::new()),
            ('\n', false) => rows.push(vec![String::new()]),
            (c, _) => field.push(c),
        }
    }
    rows.retain(|r| r.len() > 1 || !r[0].is_empty());
    rows
}

#[test]
#[ignore = "reads the sheet with LibreOffice Calc and poppler; cargo test -- --include-ignored runs it"]
fn libreoffice_opens_it_as_csv_and_pdf() {
    require("pdftotext", "-v");
    require("pdfinfo", "-v");
    let dir = tempfile::tempdir().unwrap();
    let xlsx = sheet(&example(), dir.path(), &[]);
    // The answers sheet (the second) as UTF-8 CSV.
    libreoffice(
        &xlsx,
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,2",
        dir.path(),
    );
    let rows = csv(&read(&dir.path().join("svar-Svar.csv")));
    let want = requirements(&example());
    assert_eq!(rows[0][0], "Nr");
    assert_eq!(rows[0][7], "Uppfylls (Ja/Nej)");
    let ids: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(ids, want.iter().map(|w| w.0.as_str()).collect::<Vec<_>>());
    assert!(rows[1..].iter().all(|r| r[7].is_empty()), "no answer yet");

    libreoffice(&xlsx, "pdf", dir.path());
    let pdf = dir.path().join("svar.pdf");
    let info = std::process::Command::new("pdfinfo").arg(&pdf).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.contains("Page size:       841.89 x 595.3"), "A4 landscape: {info}");
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let text = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    // The info sheet is one page; the header row repeats on every page of the answers.
    assert!(pages >= 3, "{pages} pages");
    assert_eq!(
        text.matches("Så visas att kravet uppfylls").count(),
        pages - 1,
        "{text}"
    );
    assert!(text.contains(&format!("Sida {pages} av {pages}")));
}
