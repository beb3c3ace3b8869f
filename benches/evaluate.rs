//! `cargo bench --bench evaluate`: how long writing the answer sheet and evaluating returned
//! sheets take, end to end, at 2,000 requirements (or `--sizes`) and 10 suppliers. Not a test:
//! nothing here fails on a slow machine. The results are written up in docs/benchmarks.md.
//!
//! Each size gets the generated catalogue and profile of benches/build.rs, with an evaluation
//! model added: `mervärde`, a value for every Bör requirement. The release `kravkat` writes the
//! answer sheet (`build -f xlsx`); openpyxl fills in one copy per supplier, as a supplier's
//! spreadsheet program would (tests/support/fill_sheet.py: different prices, every tenth Bör
//! requirement answered Nej, one supplier rejected on a Ska); then `kravkat evaluate` reads all
//! of them and writes the report. Each command is a new process, timed from spawn to exit.
//!
//! ```console
//! $ cargo bench --bench evaluate
//! $ cargo bench --bench evaluate -- --sizes 2000,10000 --suppliers 10 --reps 5
//! ```

mod common;
use common::*;

use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

const KRAVKAT: &str = env!("CARGO_BIN_EXE_kravkat");

struct Args {
    sizes: Vec<usize>,
    suppliers: usize,
    reps: usize,
}

fn args() -> Args {
    let mut a = Args {
        sizes: vec![2_000],
        suppliers: 10,
        reps: 7,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().unwrap_or_else(|| panic!("{name} needs a value"));
        match arg.as_str() {
            "--sizes" => a.sizes = sizes(&value("--sizes")),
            "--suppliers" => a.suppliers = value("--suppliers").parse().expect("--suppliers: a whole number"),
            "--reps" => a.reps = value("--reps").parse().expect("--reps: a whole number"),
            _ => {}
        }
    }
    a.reps = a.reps.max(1);
    a
}

/// The Bör requirements of a profile's document, by the id the profile gives them.
fn bor_ids(profile: &Path) -> Vec<String> {
    let out = Command::new(KRAVKAT)
        .arg("build")
        .arg(profile)
        .args(["-f", "json"])
        .output()
        .expect("run kravkat");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let items = doc["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["categories"].as_array().unwrap())
        .flat_map(|g| g["items"].as_array().unwrap())
        .chain(doc["own"].as_array().unwrap());
    items
        .filter(|i| i["level"] == "Bör")
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .collect()
}

/// Adds a mervärde model to the generated profile: 10 000 to 200 000 kr per Bör requirement.
fn with_model(profile: &Path) -> Vec<String> {
    let bor = bor_ids(profile);
    let mut text = std::fs::read_to_string(profile).unwrap();
    text.push_str("evaluation:\n  model: mervärde\n  values:\n");
    for (i, id) in bor.iter().enumerate() {
        writeln!(text, "    \"{id}\": {} 000", 10 * (1 + i % 20)).unwrap();
    }
    std::fs::write(profile, text).unwrap();
    bor
}

fn openpyxl() -> bool {
    Command::new("python3")
        .args(["-c", "import openpyxl"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// One filled copy per supplier: prices apart by 10 000 kr, every tenth Bör requirement (from
/// an offset of the supplier's own) answered Nej, and the last supplier Nej on a Ska.
fn fill(dir: &Path, blank: &Path, bor: &[String], suppliers: usize, ska: &str) -> Vec<PathBuf> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/fill_sheet.py");
    (0..suppliers)
        .map(|s| {
            let mut answers: serde_json::Map<String, serde_json::Value> = bor
                .iter()
                .enumerate()
                .filter(|(i, _)| (i + s) % 10 == 0)
                .map(|(_, id)| (id.clone(), "Nej".into()))
                .collect();
            if s + 1 == suppliers {
                answers.insert(ska.to_owned(), "Nej".into());
            }
            let spec = serde_json::json!({
                "supplier": format!("Leverantör {} AB", s + 1),
                "price": 5_000_000 + 10_000 * s as i64,
                "default": "Ja",
                "answers": answers,
            });
            let spec_file = dir.join(format!("anbud-{s}.json"));
            std::fs::write(&spec_file, spec.to_string()).unwrap();
            let out = dir.join(format!("anbud-{s}.xlsx"));
            let status = Command::new("python3")
                .arg(&script)
                .arg(blank)
                .arg(&out)
                .arg(&spec_file)
                .status()
                .expect("run python3");
            assert!(status.success(), "fill_sheet.py failed");
            out
        })
        .collect()
}

/// The first Ska requirement of the answer sheet, by the id its first data row shows.
fn first_ska(profile: &Path) -> String {
    let out = Command::new(KRAVKAT)
        .arg("build")
        .arg(profile)
        .args(["-f", "json"])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let items = doc["sections"][0]["categories"][0]["items"].as_array().unwrap();
    items.iter().find(|i| i["level"] == "Ska").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn main() {
    let args = args();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let dir = dir.path();
    let gnu_time = Path::new(GNU_TIME).is_file();
    println!("# kravkat answer sheet and evaluate benchmark\n");
    println!("{}", machine(KRAVKAT, None));
    let mut results = Vec::new();
    for &n in &args.sizes {
        let profile = generate(dir, n);
        let bor = with_model(&profile);
        let blank = dir.join(format!("svar-{n}.xlsx"));
        let argv: Vec<OsString> = [KRAVKAT, "build", "-q", "-f", "xlsx", "-o"]
            .iter()
            .map(OsString::from)
            .chain([blank.clone().into_os_string(), profile.clone().into_os_string()])
            .collect();
        let r = measure(n, "kravkat", "xlsx", "sheet", &argv, args.reps, gnu_time, &blank);
        eprintln!("{}", r.line());
        results.push((r, bor.len(), 0));
        if !openpyxl() {
            println!("python3 cannot import openpyxl: the answer sheets are not filled in, evaluate is not timed.\n");
            continue;
        }
        let sheets = fill(dir, &blank, &bor, args.suppliers, &first_ska(&profile));
        for format in ["md", "docx", "json"] {
            let out = dir.join(format!("protokoll-{n}.{format}"));
            let mut argv: Vec<OsString> = [KRAVKAT, "evaluate", "-q", "-f", format, "-o"]
                .iter()
                .map(OsString::from)
                .chain([out.clone().into_os_string(), profile.clone().into_os_string()])
                .collect();
            argv.extend(sheets.iter().map(|s| s.clone().into_os_string()));
            let r = measure(n, "kravkat", format, "evaluate", &argv, args.reps, gnu_time, &out);
            eprintln!("{}", r.line());
            results.push((r, bor.len(), sheets.len()));
        }
    }
    println!(
        "Each time is the wall-clock time of one `kravkat` process, spawn to exit; median and minimum \
         of {} runs after one untimed run. Peak RSS: one more run under `{GNU_TIME} -f %M`.\n",
        args.reps
    );
    println!("| requirements | Bör | command | suppliers | median | min | peak RSS | output |");
    println!("| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |");
    for (r, bor, suppliers) in &results {
        let command = if r.audience == "sheet" {
            "`build -f xlsx`".to_owned()
        } else {
            format!("`evaluate -f {}`", r.format)
        };
        println!(
            "| {} | {bor} | {command} | {} | {} | {} | {} | {} |",
            r.n,
            if *suppliers == 0 {
                "–".to_owned()
            } else {
                suppliers.to_string()
            },
            ms(r.median),
            ms(r.min),
            r.rss.map_or("–".into(), mib),
            size(r.bytes)
        );
    }
    println!("\nLoad average at the end (1, 5, 15 min): {}.", load_average());
}
