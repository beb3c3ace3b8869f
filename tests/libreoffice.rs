//! The DOCX opens in LibreOffice: every example, in both audiences, converts to PDF headlessly,
//! and the PDF shows the title, each catalogue's attribution and page numbers ("Sida N av M").

mod common;
use common::*;
use std::process::Command;

fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
#[ignore = "reads the DOCX with LibreOffice and pdftotext; cargo test -- --include-ignored runs it"]
fn every_example_converts_to_pdf_with_page_numbers() {
    require("soffice", "--version");
    require("pdftotext", "-v");
    let dir = tempfile::tempdir().unwrap();
    // A profile of its own, so a LibreOffice the user has open does not get in the way.
    let profile_dir = format!(
        "-env:UserInstallation=file://{}",
        dir.path().join("lo-profile").display()
    );
    for profile in examples() {
        let json = kravkat()
            .arg("build")
            .arg(&profile)
            .args(["-f", "json"])
            .assert()
            .success();
        let doc: serde_json::Value = serde_json::from_slice(&json.get_output().stdout).unwrap();
        for audience in ["tender", "internal"] {
            let name = format!("{}-{audience}", profile.file_stem().unwrap().to_str().unwrap());
            let docx = dir.path().join(format!("{name}.docx"));
            kravkat()
                .arg("build")
                .arg(&profile)
                .args(["-f", "docx", "-a", audience, "-o"])
                .arg(&docx)
                .assert()
                .success();
            let out = Command::new("soffice")
                .args([&profile_dir, "--headless", "--convert-to", "pdf", "--outdir"])
                .arg(dir.path())
                .arg(&docx)
                .output()
                .unwrap();
            let pdf = dir.path().join(format!("{name}.pdf"));
            assert!(
                out.status.success() && pdf.is_file(),
                "LibreOffice cannot open {name}.docx: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let text = Command::new("pdftotext").arg(&pdf).arg("-").output().unwrap();
            let text = flat(&String::from_utf8_lossy(&text.stdout));
            assert!(
                text.contains(&flat(doc["procurement"]["title"].as_str().unwrap())),
                "{name}: title"
            );
            assert!(text.contains("Sida 1 av "), "{name}: page numbers in the footer");
            for c in doc["catalogs"].as_array().unwrap() {
                assert!(
                    text.contains(&flat(c["attribution"].as_str().unwrap())),
                    "{name}: attribution of {}",
                    c["id"]
                );
            }
        }
    }
}
