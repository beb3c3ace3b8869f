#![no_main]

// Each target calls one of the harness's entry points.
#[allow(dead_code)]
#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::reference_docx(data));
