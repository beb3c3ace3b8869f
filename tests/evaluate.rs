//! `kravkat evaluate PROFILE ANSWERS...`: the shipped example ranks as README.md documents,
//! every report format says the same, sheets filled in by a supplier's program (openpyxl) or
//! round-tripped through LibreOffice evaluate, and every malformed sheet of the corpus
//! (tests/corpus/sheets/expected.txt) is refused with its message and cell, writing nothing.

mod common;
use common::*;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

fn example() -> PathBuf {
    root().join("examples/affarssystem.yaml")
}

fn tenders() -> Vec<PathBuf> {
    ["alfa", "beta", "gamma"]
        .iter()
        .map(|t| root().join(format!("examples/anbud/{t}.xlsx")))
        .collect()
}

fn evaluate(profile: &Path, sheets: &[PathBuf], args: &[&str]) -> assert_cmd::assert::Assert {
    kravkat().arg("evaluate").arg(profile).args(sheets).args(args).assert()
}

fn report_json(profile: &Path, sheets: &[PathBuf]) -> Value {
    let a = evaluate(profile, sheets, &["-f", "json"]).success();
    serde_json::from_str(&stdout(&a)).unwrap()
}

#[test]
fn the_example_ranks_as_documented_and_rejects_gamma_on_a_ska() {
    let r = report_json(&example(), &tenders());
    let t = r["tenders"].as_array().unwrap();
    let summary: Vec<(Value, Value, Value)> = t
        .iter()
        .map(|t| {
            (
                t["supplier"].clone(),
                t["rank"].clone(),
                t["comparison"]["hundredths"].clone(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (json!("Alfa Affärssystem AB"), json!(1), json!(205_000_000)),
            (json!("Beta Ekonomisystem AB"), json!(2), json!(207_500_000)),
            (json!("Gamma Data AB"), Value::Null, Value::Null),
        ]
    );
    assert_eq!(t[0]["price"]["hundredths"], 230_000_000);
    assert_eq!(t[0]["credited"]["text"], "250\u{a0}000\u{a0}kr");
    assert_eq!(t[1]["price"]["hundredths"], 215_000_000, "a price typed as a number");
    assert_eq!(t[2]["rejected"], true);
    assert_eq!(
        t[2]["rejections"],
        json!([
            {"id": "1.9", "key": "jonkoping:1.9", "reason": "Svaret är Nej."},
            {"id": "VK-1", "key": "VK-1", "reason": "Inget svar."},
        ])
    );
    let vk3 = t[0]["bor"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["id"] == "VK-3")
        .unwrap();
    assert_eq!(
        (vk3["fulfilled"].clone(), vk3["reason"].clone()),
        (json!(false), json!("Svaret är Nej."))
    );
    assert_eq!(r["evaluation"]["model"], "mervärde");
    assert_eq!(r["ska"], 17);

    // The Markdown report, and README.md showing the same ranking.
    let md = stdout(&evaluate(&example(), &tenders(), &[]).success());
    let ranking = [
        "| 1 | Alfa Affärssystem AB | 2\u{a0}300\u{a0}000\u{a0}kr | 250\u{a0}000\u{a0}kr | 2\u{a0}050\u{a0}000\u{a0}kr |",
        "| 2 | Beta Ekonomisystem AB | 2\u{a0}150\u{a0}000\u{a0}kr | 75\u{a0}000\u{a0}kr | 2\u{a0}075\u{a0}000\u{a0}kr |",
        "| Förkastas | Gamma Data AB | 1\u{a0}890\u{a0}000\u{a0}kr | – | – |",
    ];
    let readme = read(&root().join("README.md")).replace(' ', "\u{a0}");
    for row in ranking {
        assert!(md.contains(row), "{row} in\n{md}");
        assert!(readme.contains(&row.replace(' ', "\u{a0}")), "README.md shows {row}");
    }
    assert!(md.contains("**Anbudet förkastas.** 2 av 17 ska-krav uppfylls inte:\n\n| Ska-krav | Skäl |\n| --- | --- |\n| 1.9 | Svaret är Nej. |\n| VK-1 | Inget svar. |"), "{md}");
    assert!(
        md.contains("Anbuden utvärderas enligt mervärdesmodellen."),
        "the model at the top"
    );
}

#[test]
fn every_format_says_the_same_and_twice_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["md", "html", "docx", "json"] {
        let out = dir.path().join(format!("protokoll.{format}"));
        let run = || {
            evaluate(
                &example(),
                &tenders(),
                &["-f", format, "-o", out.to_str().unwrap(), "-q"],
            )
            .success();
            std::fs::read(&out).unwrap()
        };
        let first = run();
        assert!(first == run(), "{format}: two runs, two reports");
        // The DOCX is read with pandoc, in pandoc_reads_the_docx_report.
        let Ok(text) = String::from_utf8(first) else { continue };
        report_says_it_all(format, &text);
    }
    // Without -f, the extension of -o says the format.
    let named = dir.path().join("protokoll-utan-f.html");
    evaluate(&example(), &tenders(), &["-q", "-o", named.to_str().unwrap()]).success();
    assert!(read(&named).starts_with("<!DOCTYPE html>"));
    // Binary formats need a file; the report has no xlsx.
    let a = evaluate(&example(), &tenders(), &["-f", "docx"]).code(2);
    assert!(stderr(&a).contains("DOCX is binary"));
    let a = evaluate(&example(), &tenders(), &["-f", "xlsx", "-o", "x.xlsx"]).code(2);
    assert!(stderr(&a).contains("xlsx is the answer sheet"));
}

/// What every format of the example's report says, `text` as a reader gets it out.
fn report_says_it_all(format: &str, text: &str) {
    for want in [
        "Alfa Affärssystem AB",
        "Beta Ekonomisystem AB",
        "Gamma Data AB",
        "2\u{a0}050\u{a0}000\u{a0}kr",
        "Svaret är Nej.",
    ] {
        assert!(text.contains(want), "{format}: {want}");
    }
    if format != "json" {
        // pandoc takes the DOCX's title paragraph for metadata; the rest is body text.
        for want in [
            "Utvärderingsmodell",
            "Rangordning",
            "Förkastas",
            "Anbuden utvärderas enligt mervärdesmodellen.",
        ] {
            assert!(text.contains(want), "{format}: {want}");
        }
    }
}

#[test]
#[ignore = "reads the DOCX report with pandoc; cargo test -- --include-ignored runs it"]
fn pandoc_reads_the_docx_report() {
    require("pandoc", "--version");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("protokoll.docx");
    evaluate(
        &example(),
        &tenders(),
        &["-f", "docx", "-o", out.to_str().unwrap(), "-q"],
    )
    .success();
    let o = std::process::Command::new("pandoc")
        .arg(&out)
        .args(["-t", "plain", "--wrap=none"])
        .output()
        .unwrap();
    report_says_it_all("docx", &String::from_utf8(o.stdout).unwrap());
}

#[test]
fn a_profile_without_a_model_has_nothing_to_evaluate_by() {
    let a = evaluate(&root().join("examples/e-tjanst.yaml"), &tenders(), &[]).code(2);
    assert!(
        stderr(&a).contains("the profile states no evaluation model"),
        "{}",
        stderr(&a)
    );
}

#[test]
fn the_output_may_not_overwrite_an_answer_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("alfa.xlsx");
    std::fs::copy(&tenders()[0], &sheet).unwrap();
    let a = evaluate(
        &example(),
        std::slice::from_ref(&sheet),
        &["-f", "md", "-o", sheet.to_str().unwrap()],
    )
    .code(2);
    assert!(
        stderr(&a).contains("refusing to write the output over the input"),
        "{}",
        stderr(&a)
    );
    assert_eq!(std::fs::read(&sheet).unwrap(), std::fs::read(&tenders()[0]).unwrap());
}

/// Writes kravkat's answer sheet of `profile` into `dir` and fills it in with openpyxl as
/// `spec` says; the test fails when openpyxl is missing.
fn filled(profile: &Path, dir: &Path, name: &str, spec: &Value) -> PathBuf {
    require_python_module("openpyxl");
    let blank = dir.join(format!("{name}-blank.xlsx"));
    kravkat()
        .arg("build")
        .arg(profile)
        .args(["-f", "xlsx", "-q", "-o"])
        .arg(&blank)
        .assert()
        .success();
    let spec_file = dir.join(format!("{name}.json"));
    std::fs::write(&spec_file, spec.to_string()).unwrap();
    let out = dir.join(format!("{name}.xlsx"));
    python(
        "fill_sheet.py",
        &[blank.as_os_str(), out.as_os_str(), spec_file.as_os_str()],
    );
    out
}

/// A valid tender on the example's sheet: every Ska met.
fn valid() -> Value {
    json!({
        "supplier": "Testleverantören AB",
        "price": "1 000 000",
        "default": "Ja",
        "descriptions": {"1.12": "Fem nivåer.", "1.13": 4},
        "references": {"1.2": "Bilaga 1"},
    })
}

fn merged(base: Value, changes: &Value) -> Value {
    let mut out = base;
    for (k, v) in changes.as_object().unwrap() {
        out[k] = v.clone();
    }
    out
}

#[test]
#[ignore = "fills answer sheets with openpyxl; cargo test -- --include-ignored runs it"]
fn answers_are_read_the_way_people_write_them() {
    let dir = tempfile::tempdir().unwrap();
    let spec = merged(
        valid(),
        &json!({
            "answers": {"1.2": " JA ", "1.3": "ja", "1.12": "NEJ", "VK-2": "Ja", "VK-3": "\u{a0}nej"},
            "price": "1 234 567,50 kr",
        }),
    );
    let sheet = filled(&example(), dir.path(), "varianter", &spec);
    let r = report_json(&example(), &[sheet]);
    let t = &r["tenders"][0];
    assert_eq!(t["rejected"], false, "{t}");
    assert_eq!(t["price"]["hundredths"], 123_456_750);
    let fulfilled: Vec<(String, bool)> = t["bor"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (b["id"].as_str().unwrap().to_owned(), b["fulfilled"].as_bool().unwrap()))
        .collect();
    assert_eq!(
        fulfilled,
        [("1.12".into(), false), ("VK-2".into(), true), ("VK-3".into(), false)]
    );
    assert_eq!(t["comparison"]["text"], "1\u{a0}134\u{a0}567,50\u{a0}kr");

    // A Ja without what its answer type asks for is not fulfilled: on a Ska, a rejection.
    let spec = merged(valid(), &json!({"references": {}, "descriptions": {"1.13": 4}}));
    let sheet = filled(&example(), dir.path(), "utan-bilaga", &spec);
    let t = &report_json(&example(), &[sheet])["tenders"][0];
    assert_eq!(
        t["rejections"],
        json!([{"id": "1.2", "key": "jonkoping:1.2", "reason": "Svaret är Ja, men hänvisningen till bilagan saknas."}])
    );
    let b12 = t["bor"].as_array().unwrap().iter().find(|b| b["id"] == "1.12").unwrap();
    assert_eq!(b12["reason"], "Svaret är Ja, men beskrivningen saknas.");
}

#[test]
#[ignore = "saves the sheet again with LibreOffice Calc; cargo test -- --include-ignored runs it"]
fn a_sheet_saved_by_libreoffice_still_evaluates() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("alfa.xlsx");
    std::fs::copy(&tenders()[0], &sheet).unwrap();
    let out = dir.path().join("resaved");
    std::fs::create_dir(&out).unwrap();
    // Calc opens the supplier's sheet and saves it again as .xlsx, as a supplier's program does.
    libreoffice(&sheet, "xlsx:Calc MS Excel 2007 XML", &out);
    let resaved = out.join("alfa.xlsx");
    assert_ne!(
        std::fs::read(&resaved).unwrap(),
        std::fs::read(&sheet).unwrap(),
        "LibreOffice rewrote it"
    );
    let r = report_json(&example(), &[resaved]);
    assert_eq!(r["tenders"][0]["comparison"]["hundredths"], 205_000_000);
}

/// A profile with two Bör requirements, for the procent and poäng models.
fn model_profile(evaluation: &str) -> Scratch {
    scratch(&evaluation_profile(evaluation))
}

#[test]
#[ignore = "fills answer sheets with openpyxl; cargo test -- --include-ignored runs it"]
fn percentages_deduct_a_share_of_the_price_rounded_to_ore() {
    let s = model_profile("  model: procent\n  values:\n    \"1.12\": 2,5\n    E-1: 10\n");
    let tender = |name: &str, price: &str, e1: &str| {
        let spec = json!({"supplier": name, "price": price, "default": "Ja", "answers": {"E-1": e1}});
        filled(&s.profile, s.dir.path(), name, &spec)
    };
    let a = tender("A", "1 000 000,33", "Ja");
    let b = tender("B", "900 000", "Nej");
    let r = report_json(&s.profile, &[a, b]);
    let t = &r["tenders"];
    // A: 12,5 % of 1 000 000,33 = 125 000,04125 → 125 000,04; 875 000,29. B: 2,5 % → 877 500.
    assert_eq!(t[0]["supplier"], "A");
    assert_eq!(t[0]["price_part"]["hundredths"], 12_500_004);
    assert_eq!(t[0]["comparison"]["hundredths"], 87_500_029);
    assert_eq!(t[1]["comparison"]["hundredths"], 87_750_000);
    let md = stdout(
        &evaluate(
            &s.profile,
            &[s.dir.path().join("A.xlsx"), s.dir.path().join("B.xlsx")],
            &[],
        )
        .success(),
    );
    assert!(md.contains("| 1 | A | 1\u{a0}000\u{a0}000,33\u{a0}kr | 12,5\u{a0}% | 125\u{a0}000,04\u{a0}kr | 875\u{a0}000,29\u{a0}kr |"), "{md}");
}

#[test]
#[ignore = "fills answer sheets with openpyxl; cargo test -- --include-ignored runs it"]
fn points_are_absolute_and_ties_share_a_place() {
    let s = model_profile(
        "  model: poäng\n  price: { weight: 40, full: 1 000 000, zero: 2 000 000 }\n  criteria:\n    Drift: { weight: 40, points: { \"1.12\": 3 } }\n    Prov: { weight: 20, points: { E-1: 2 } }\n",
    );
    let tender = |name: &str, price: &str, e1: &str| {
        let spec = json!({"supplier": name, "price": price, "default": "Ja", "answers": {"E-1": e1}});
        filled(&s.profile, s.dir.path(), name, &spec)
    };
    // C: price 1 500 000 → 20 points, all quality → 80. A: 1 000 000 → 40, no E-1 → 80 too.
    // B: 2 500 000 → 0 price points, all quality: 60.
    let c = tender("C", "1 500 000", "Ja");
    let a = tender("A", "1 000 000", "Nej");
    let b = tender("B", "2 500 000", "Ja");
    let r = report_json(&s.profile, &[c.clone(), a.clone(), b.clone()]);
    let t = r["tenders"].as_array().unwrap();
    let places: Vec<(Value, Value, Value, Value)> = t
        .iter()
        .map(|t| {
            (
                t["supplier"].clone(),
                t["rank"].clone(),
                t["shared"].clone(),
                t["comparison"]["hundredths"].clone(),
            )
        })
        .collect();
    assert_eq!(
        places,
        [
            (json!("A"), json!(1), json!(true), json!(8000)),
            (json!("C"), json!(1), json!(true), json!(8000)),
            (json!("B"), json!(3), json!(false), json!(6000)),
        ]
    );
    // Absolute: C's points do not move when A and B are left out.
    let alone = report_json(&s.profile, &[c]);
    assert_eq!(alone["tenders"][0]["comparison"]["hundredths"], 8000);
    assert_eq!(alone["tenders"][0]["price_part"]["hundredths"], 2000);
    let md = stdout(
        &evaluate(
            &s.profile,
            &[
                s.dir.path().join("A.xlsx"),
                s.dir.path().join("B.xlsx"),
                s.dir.path().join("C.xlsx"),
            ],
            &[],
        )
        .success(),
    );
    assert!(md.contains("| 1 (delad) | A |"), "{md}");
    assert!(md.contains("Anbud med samma totalpoäng delar placering"), "{md}");
}

#[test]
fn two_sheets_of_one_supplier_are_refused() {
    let a = evaluate(&example(), &[tenders()[0].clone(), tenders()[0].clone()], &[]).code(1);
    let e = stderr(&a);
    assert!(
        e.contains("alfa.xlsx: Anbud!B6") && e.contains("has a tender in"),
        "{e}"
    );
}

// The corpus of malformed sheets.

struct Case {
    file: String,
    exit: i32,
    at: Option<String>,
    fragment: String,
}

fn cases() -> Vec<Case> {
    read(&root().join("tests/corpus/sheets/expected.txt"))
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|line| {
            let mut parts = line.split_whitespace();
            let file = parts.next().unwrap().to_owned();
            let exit = parts.next().unwrap().parse().unwrap();
            let at = parts.next().unwrap();
            let fragment = parts.collect::<Vec<_>>().join(" ");
            assert!(!fragment.is_empty(), "{line}");
            Case {
                file,
                exit,
                at: (at != "-").then(|| at.to_owned()),
                fragment,
            }
        })
        .collect()
}

/// A zip of `entries` (name, bytes), deflated.
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        w.start_file(*name, options).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// The entries of a zip, as (name, bytes).
fn entries_of(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut b = Vec::new();
            std::io::Read::read_to_end(&mut f, &mut b).unwrap();
            (f.name().unwrap().into_owned(), b)
        })
        .collect()
}

/// The cases marked `*` but the one LibreOffice makes ([`LIBREOFFICE_CASE`]), written into `dir`.
fn generate(dir: &Path) {
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.join(name), bytes).unwrap();
    let build = |profile: &Path, out: &Path| {
        kravkat()
            .arg("build")
            .arg(profile)
            .args(["-f", "xlsx", "-q", "-o"])
            .arg(out)
            .assert()
            .success();
    };
    build(&root().join("examples/e-tjanst.yaml"), &dir.join("other-profile.xlsx"));
    let changed = read(&example()).replace("    \"1.12\": 150 000\n", "    \"1.12\": 160 000\n");
    let s = scratch(&changed);
    build(&s.profile, &dir.join("other-version.xlsx"));
    write("not-a-spreadsheet.xlsx", b"Leverantor;Pris\nAcme;100\n");
    write("empty.xlsx", b"");
    write("a-pdf.xlsx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
    // An OLE compound file, as Excel writes an encrypted workbook: the package is a stream
    // named EncryptedPackage beside EncryptionInfo.
    let mut cfb = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    cfb.resize(512, 0);
    for name in ["EncryptionInfo", "EncryptedPackage"] {
        let mut entry: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        entry.resize(128, 0);
        cfb.extend(entry);
    }
    write("encrypted.xlsx", &cfb);
    let mut xls = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    xls.resize(1024, 0);
    write("old-format.xls", &xls);
    let docx = dir.join("bilaga.docx");
    kravkat()
        .arg("build")
        .arg(example())
        .args(["-f", "docx", "-q", "-o"])
        .arg(&docx)
        .assert()
        .success();
    std::fs::rename(&docx, dir.join("a-docx.xlsx")).unwrap();
    let good = std::fs::read(&tenders()[0]).unwrap();
    write("damaged-zip.xlsx", &good[..good.len() / 2]);
    let mut big = good.clone();
    big.resize(21 * 1024 * 1024, b' ');
    write("oversized.xlsx", &big);
    // 20 MB of zeros deflate to some 20 kB: a thousand to one.
    let zeros = vec![0u8; 20_000_000];
    write(
        "zip-bomb.xlsx",
        &zip_of(&[("[Content_Types].xml", b"<Types/>"), ("xl/media/image1.bin", &zeros)]),
    );
    // 101 parts of 1 MiB each, compressed once and copied: each alone is allowed.
    let mib = zip_of(&[("part", &vec![b'x'; 1024 * 1024])]);
    let mut src = zip::ZipArchive::new(std::io::Cursor::new(mib)).unwrap();
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..101 {
        w.raw_copy_file_rename(src.by_index(0).unwrap(), format!("xl/media/part{i}.bin"))
            .unwrap();
    }
    write("too-much-unpacked.xlsx", &w.finish().unwrap().into_inner());
    let names: Vec<String> = (0..1001).map(|i| format!("xl/media/p{i}.txt")).collect();
    let parts: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b"x"[..])).collect();
    write("many-parts.xlsx", &zip_of(&parts));
    // The example's sheet with a million empty cells under the answers.
    let blank = dir.join("blank.xlsx");
    build(&example(), &blank);
    let mut parts = entries_of(&std::fs::read(&blank).unwrap());
    let sheet = parts.iter_mut().find(|(n, _)| n == "xl/worksheets/sheet2.xml").unwrap();
    let xml = String::from_utf8(sheet.1.clone()).unwrap();
    // Addressed cells compress some ten times, not a thousand: the cell bound stops them.
    let mut filler = String::new();
    for row in 30..100_031 {
        filler.push_str(&format!("<row r=\"{row}\">"));
        for col in ["K", "L", "M", "N", "O", "P", "Q", "R", "S", "T"] {
            filler.push_str(&format!("<c r=\"{col}{row}\"></c>"));
        }
        filler.push_str("</row>");
    }
    filler.push_str("</sheetData>");
    sheet.1 = xml.replacen("</sheetData>", &filler, 1).into_bytes();
    let parts: Vec<(&str, &[u8])> = parts.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    write("many-cells.xlsx", &zip_of(&parts));
}

/// No case may take longer, in a debug build on a busy machine.
const TIME_LIMIT: Duration = Duration::from_secs(60);

/// The case made by saving the example's first tender again in LibreOffice Calc.
const LIBREOFFICE_CASE: &str = "libreoffice-round-trip.xlsx*";

#[test]
fn every_malformed_sheet_is_refused_with_its_message_and_cell() {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path());
    let cases = cases();
    assert!(cases.len() > 30);
    for case in cases
        .iter()
        .filter(|c| c.file.ends_with('*') && c.file != LIBREOFFICE_CASE)
    {
        check_sheet_case(case, &dir.path().join(case.file.trim_end_matches('*')), dir.path());
    }
}

/// The cases a program makes: openpyxl fills the example's sheet as each `.json` says, and
/// LibreOffice Calc saves a tender again.
#[test]
#[ignore = "fills answer sheets with openpyxl and LibreOffice; cargo test -- --include-ignored runs it"]
fn every_filled_sheet_case_gives_its_result() {
    let dir = tempfile::tempdir().unwrap();
    let resaved = dir.path().join("resaved");
    std::fs::create_dir(&resaved).unwrap();
    libreoffice(&tenders()[0], "xlsx:Calc MS Excel 2007 XML", &resaved);
    let round_trip = dir.path().join(LIBREOFFICE_CASE.trim_end_matches('*'));
    std::fs::rename(resaved.join("alfa.xlsx"), &round_trip).unwrap();
    for case in cases() {
        let file = if case.file == LIBREOFFICE_CASE {
            round_trip.clone()
        } else if case.file.ends_with('*') {
            continue;
        } else {
            let spec: Value =
                serde_json::from_str(&read(&root().join("tests/corpus/sheets").join(&case.file))).unwrap();
            let name = case.file.trim_end_matches(".json");
            filled(&example(), dir.path(), name, &merged(valid(), &spec))
        };
        check_sheet_case(&case, &file, dir.path());
    }
}

/// `kravkat evaluate` of the example over `file` gives `case`'s exit status and message, at its
/// cell, and leaves an earlier report as it was.
fn check_sheet_case(case: &Case, file: &Path, dir: &Path) {
    let out = dir.join("protokoll.md");
    std::fs::write(&out, "earlier report").unwrap();
    let started = Instant::now();
    let a = kravkat()
        .arg("evaluate")
        .arg(example())
        .arg(file)
        .arg("-o")
        .arg(&out)
        .assert();
    let elapsed = started.elapsed();
    let o = a.get_output();
    let e = String::from_utf8_lossy(&o.stderr);
    let name = &case.file;
    assert_eq!(o.status.code(), Some(case.exit), "{name}: exit status\n{e}");
    assert!(elapsed < TIME_LIMIT, "{name}: took {elapsed:?}");
    assert!(!e.contains("panicked"), "{name}: {e}");
    if case.exit == 0 {
        assert!(
            read(&out).contains(&case.fragment),
            "{name}: `{}` in the report",
            case.fragment
        );
        return;
    }
    assert!(
        e.contains(&case.fragment),
        "{name}: expected `{}` in\n{e}",
        case.fragment
    );
    let location = match &case.at {
        Some(cell) => format!("--> {}: {cell}\n", file.display()),
        None => format!("--> {}\n", file.display()),
    };
    assert!(
        e.contains(&location),
        "{name}: expected `{}` in\n{e}",
        location.trim_end()
    );
    assert!(e.len() < 20_000, "{name}: {} bytes of messages", e.len());
    assert_eq!(read(&out), "earlier report", "{name}: the earlier report changed");
}
