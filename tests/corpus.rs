//! The corpus of hostile and broken inputs (tests/corpus/, table in tests/corpus/expected.txt):
//! every case gives its message, position and exit status, leaves files untouched, and never
//! panics or hangs. Inputs too large to commit are generated here.

mod common;
use common::*;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use clap::ValueEnum as _;
use kravkat::render::Format;

/// No case may take longer, in a debug build on a busy machine: a hang fails instead of stalling.
/// Generous, since the machine may be shared: the slowest case (a 21,000-item catalogue parsed
/// in a debug build) needs some 7 s of CPU, and speed is measured by `cargo bench`, not here.
const TIME_LIMIT: Duration = Duration::from_secs(120);

struct Case {
    file: String,
    exit: i32,
    at: Option<String>,
    fragment: String,
}

/// The first whitespace-separated token of `s`, and the rest.
fn token(s: &str) -> (&str, &str) {
    let s = s.trim_start();
    let end = s.find(char::is_whitespace).unwrap_or(s.len());
    (&s[..end], s[end..].trim_start())
}

fn cases() -> Vec<Case> {
    read(&root().join("tests/corpus/expected.txt"))
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|line| {
            let (file, rest) = token(line);
            let (exit, rest) = token(rest);
            let (at, fragment) = token(rest);
            assert!(!fragment.is_empty(), "no fragment: {line}");
            Case {
                file: file.to_owned(),
                exit: exit.parse().unwrap_or_else(|_| panic!("bad exit status: {line}")),
                at: (at != "-").then(|| at.to_owned()),
                fragment: fragment.to_owned(),
            }
        })
        .collect()
}

const HEADER_NO_SELECT: &str =
    "procurement:\n  title: Test\n  organisation: Testkommun\ncatalogs:\n  - id: jonkoping\n    version: \"1.0\"\n";

/// The cases marked `*` in the table, written into `dir`.
fn generate(dir: &Path) {
    let write = |name: &str, text: &str| std::fs::write(dir.join(name), text).unwrap();
    // 50 MB: refused after reading 10 MiB and one byte, never parsed.
    let mut huge = HEADER.to_owned();
    let comment = format!("# {}\n", "x".repeat(1000));
    while huge.len() < 50_000_000 {
        huge.push_str(&comment);
    }
    write("huge-50mb.yaml", &huge);
    // Just under the limits of a file and of a value: 38 texts of 250 kB, each on one line,
    // parsed, resolved and rendered in every format.
    let long = "Ett mycket långt krav. ".repeat(250_000 / 24);
    let own: String = (0..38)
        .map(|i| format!("  - id: E-{i}\n    level: Ska\n    text: {long}\n"))
        .collect();
    write("near-limit.yaml", &format!("{HEADER}own:\n{own}"));
    // One text past the bound of a value, which keeps Markdown parsing within its memory.
    write(
        "long-value.yaml",
        &format!(
            "{HEADER}own:\n  - id: E-1\n    level: Ska\n    text: \"{}\"\n",
            "*a* ".repeat(70_000)
        ),
    );
    // Four catalogue files of 9 MiB each: more than a run reads (32 MiB), refused at the fourth.
    let padding = format!("# {}\n", "x".repeat(1000)).repeat(9 * 1024);
    let mut catalogs = String::new();
    for i in 0..4 {
        write(
            &format!("stor-{i}.yaml"),
            &format!(
                "id: stor{i}\ntitle: T\npublisher: P\nversion: \"1\"\ndate: \"2026\"\nsource: S\n\
                 attribution:\n  statement: A\ncategories:\n  - name: K\nitems:\n  - id: \"1\"\n    \
                 kind: requirement\n    level: Ska\n    category: K\n    text: T\n{padding}"
            ),
        );
        catalogs.push_str(&format!("  - path: stor-{i}.yaml\n"));
    }
    write(
        "run-too-large.yaml",
        &format!(
            "procurement:\n  title: Test\n  organisation: Testkommun\ncatalogs:\n{catalogs}select:\n  catalogs: [stor0]\n"
        ),
    );
    // A 4 MB line with a control character at its end: the message shows the part around it.
    write(
        "long-line.yaml",
        &format!("procurement:\n  title: {}\u{1}\n", "x".repeat(3_999_998)),
    );
    // 260,000 values, and then 11,000 aliases of one id.
    let values = format!(
        "{HEADER_NO_SELECT}select:\n  items: [{}]\n",
        "\"1.2\", ".repeat(260_000)
    );
    write("many-values.yaml", &values);
    let aliases = format!(
        "{HEADER_NO_SELECT}select:\n  items: [&i \"1.2\"{}]\n",
        ", *i".repeat(11_000)
    );
    write("many-aliases.yaml", &aliases);
    // One 6 MB text repeated by aliases: the text budget stops it before it is copied 5 times.
    let mut bomb = format!(
        "procurement:\n  title: Test\n  organisation: Testkommun\n  description: &d {}\ncatalogs:\n  - id: jonkoping\n    version: \"1.0\"\nown:\n",
        "y".repeat(6_000_000)
    );
    for i in 0..4 {
        bomb.push_str(&format!("  - {{ id: E-{i}, level: Ska, text: *d }}\n"));
    }
    write("alias-text-bomb.yaml", &bomb);
    // Markdown nested 100,000 deep in a text: HTML keeps 32 levels and the rest as text.
    write(
        "deep-markdown.yaml",
        &format!(
            "{HEADER}own:\n  - id: E-1\n    level: Ska\n    text: \"{}djupt\"\n",
            "> ".repeat(100_000)
        ),
    );
    // A megabyte of Bör requirements full of what the procurement rules look for ("skall",
    // main-clause "ska", standards), in four texts just under the longest a text may be: one
    // finding per rule and text, found in linear time.
    let sentence = "Om systemet skall, ska det följa SS 1 och ISO 2 som ska gälla. ";
    let text = sentence.repeat((256 << 10) / sentence.len());
    let own: String = (1..=4)
        .map(|i| format!("  - id: E-{i}\n    level: Bör\n    text: {text}\n"))
        .collect();
    write("rule-words.yaml", &format!("{HEADER}own:\n{own}"));
    // A catalogue of 21,000 items, and 50 unknown ids of 100,000 characters each against it,
    // after one short one with two digits swapped: "did you mean" spends nothing on values no
    // one types and still ranks the swap first among the many one edit away (`41.6`, `42.0`).
    let mut catalogue = String::from(
        "id: big\ntitle: Stor\npublisher: P\nversion: \"1\"\nsource: S\nattribution: { statement: S }\ncategories: [{ name: K }]\nitems:\n",
    );
    for i in 0..21_000 {
        catalogue.push_str(&format!(
            "  - {{ id: \"{i}.{}\", kind: requirement, level: Ska, category: K, text: Krav. }}\n",
            i % 7
        ));
    }
    write("big-catalogue.yaml", &catalogue);
    let long: Vec<String> = (0..50).map(|i| format!("\"{}{i}\"", "9".repeat(100_000))).collect();
    write(
        "long-unknown-ids.yaml",
        &format!(
            "procurement:\n  title: Test\n  organisation: Testkommun\ncatalogs:\n  - path: big-catalogue.yaml\nselect:\n  items: [\"41.0\",\n    {}]\n",
            long.join(",\n    ")
        ),
    );
    // 100,000 unknown ids: at most 50 are reported, quickly.
    let ids: Vec<String> = (0..100_000).map(|i| format!("\"9.{i}\"")).collect();
    write(
        "many-problems.yaml",
        &format!("{HEADER_NO_SELECT}select:\n  items: [{}]\n", ids.join(", ")),
    );
}

fn format_name(f: Format) -> String {
    f.to_possible_value().unwrap().get_name().to_owned()
}

/// Words of the YAML reader's own messages (its types and options, its grammar's terms), which
/// a buyer cannot act on: every message is kravkat's.
const LIBRARY_WORDS: &[&str] = &[
    "variant",
    "deserialize",
    "Option<",
    "Policy",
    "mapping start",
    "scalar",
    "expected one of",
    "while parsing",
    "did not find expected",
    "indicator",
];

/// A failing case: exit status, message, position; stdout empty; the earlier output and the
/// directory as they were.
fn check_failure(case: &Case, file: &Path) {
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("appendix.md");
    std::fs::write(&out, "earlier appendix").unwrap();
    let started = Instant::now();
    let a = kravkat().arg("build").arg(file).arg("-o").arg(&out).assert();
    let elapsed = started.elapsed();
    let o = a.get_output();
    let stderr = String::from_utf8_lossy(&o.stderr);
    let name = &case.file;
    assert_eq!(o.status.code(), Some(case.exit), "{name}: exit status\n{stderr}");
    assert!(elapsed < TIME_LIMIT, "{name}: took {elapsed:?}");
    assert!(o.stdout.is_empty(), "{name}: wrote to stdout");
    assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    // At most 50 problems, each of a few lines: a quoted value is cut to 80 characters and a
    // source line to 120 around its column, whatever the input's size.
    assert!(stderr.len() < 50 * 600, "{name}: {} bytes of messages", stderr.len());
    // An escape sequence from the input must not reach the terminal.
    assert!(
        !stderr.chars().any(|c| c.is_control() && c != '\n' && c != '\t'),
        "{name}: a control character in\n{stderr}"
    );
    assert!(
        stderr.contains(&case.fragment),
        "{name}: expected `{}` in\n{stderr}",
        case.fragment
    );
    // The messages and hints, not the file's name or the source lines shown under them.
    let words: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("error:") || l.starts_with("  = hint:"))
        .collect();
    for word in LIBRARY_WORDS {
        assert!(
            !words.iter().any(|l| l.contains(word)),
            "{name}: the YAML reader's `{word}` in\n{stderr}"
        );
    }
    if let Some(at) = &case.at {
        let want = if at.ends_with(".yaml") {
            format!("{}\n", Path::new("tests/corpus").join(at).display())
        } else {
            format!("{}:{at}\n", file.display())
        };
        assert!(
            stderr.contains(&want),
            "{name}: expected `{}` in\n{stderr}",
            want.trim_end()
        );
    }
    assert_eq!(read(&out), "earlier appendix", "{name}: the earlier output changed");
    assert_eq!(
        std::fs::read_dir(out_dir.path()).unwrap().count(),
        1,
        "{name}: left a file"
    );
}

/// A succeeding case: every format renders; text outputs keep LF line endings; HTML has no
/// live markup from the input; the Markdown shows the fragment as written. The internal copy is
/// rendered, as it holds everything the tender appendix does and more.
fn check_success(case: &Case, file: &Path) {
    let name = &case.file;
    for &format in Format::value_variants() {
        let started = Instant::now();
        let a = kravkat()
            .arg("build")
            .arg(file)
            .args(["-f", &format_name(format), "-a", "internal", "-o", "-"])
            .assert();
        let elapsed = started.elapsed();
        let o = a.get_output();
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(0), "{name} as {format:?}: {stderr}");
        assert!(elapsed < TIME_LIMIT, "{name} as {format:?}: took {elapsed:?}");
        // Binary formats (a zip) are not text; every text output is UTF-8.
        let Ok(text) = std::str::from_utf8(&o.stdout) else {
            continue;
        };
        assert!(!text.contains('\r'), "{name} as {format:?}: a carriage return");
        if format_name(format) == "html" {
            let lower = text.to_lowercase();
            // Tags and links the corpus puts in its texts; as text they are escaped.
            for live in ["<script", "<iframe", "<img", "<div onclick", "href=\"javascript:"] {
                assert!(!lower.contains(live), "{name}: `{live}` in the HTML");
            }
        }
        if format == Format::Md {
            assert!(
                text.contains(&case.fragment),
                "{name}: expected `{}` in the Markdown",
                case.fragment
            );
        }
    }
}

#[test]
fn every_corpus_case_gives_its_expected_result() {
    let generated = tempfile::tempdir().unwrap();
    generate(generated.path());
    let cases = cases();
    // Every committed file is a case, and every case has its file.
    let mut committed: Vec<String> = std::fs::read_dir(root().join("tests/corpus"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    committed.sort();
    let mut listed: Vec<String> = cases
        .iter()
        .filter(|c| !c.file.ends_with('*'))
        .map(|c| c.file.clone())
        .collect();
    listed.sort();
    assert_eq!(committed, listed, "tests/corpus/ and expected.txt list different files");

    let runs: Vec<(&Case, PathBuf)> = cases
        .iter()
        .map(|case| {
            let file = match case.file.strip_suffix('*') {
                Some(name) => generated.path().join(name),
                // Relative, as a user types it: messages name the file so.
                None => PathBuf::from("tests/corpus").join(&case.file),
            };
            assert!(root().join(&file).exists(), "{} does not exist", file.display());
            (case, file)
        })
        .collect();
    // The cases are independent processes: run them side by side, as many at a time as there
    // are cores, so that each case's time is its own and not the queue's (a failing one fails
    // the test).
    let next = std::sync::atomic::AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                while let Some((case, file)) = runs.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed)) {
                    if case.exit == 0 {
                        check_success(case, file);
                    } else {
                        check_failure(case, file);
                    }
                }
            });
        }
    });
}

#[test]
fn output_over_a_path_catalogue_is_refused() {
    let s = scratch(&format!(
        "{}select:\n  catalogs: [egen]\n",
        HEADER_NO_SELECT.replace("  - id: jonkoping\n    version: \"1.0\"\n", "  - path: egen.yaml\n")
    ));
    let catalogue = s.dir.path().join("egen.yaml");
    let text = read(&root().join("tests/corpus/catalogue-as-profile.yaml"));
    std::fs::write(&catalogue, &text).unwrap();
    kravkat().arg("build").arg(&s.profile).assert().success();
    let a = kravkat()
        .arg("build")
        .arg(&s.profile)
        .args(["-f", "md", "-o"])
        .arg(&catalogue)
        .assert()
        .failure()
        .code(2);
    let e = stderr(&a);
    assert!(
        e.contains("refusing to write the output over the input") && e.contains("egen.yaml"),
        "{e}"
    );
    assert_eq!(read(&catalogue), text);
}

/// Fails to write `out`; returns the message.
fn unwritable(out: &Path) -> String {
    let a = kravkat()
        .arg("build")
        .arg(root().join("examples/affarssystem.yaml"))
        .args(["-f", "md", "-o"])
        .arg(out)
        .assert()
        .failure()
        .code(2);
    stderr(&a)
}

#[test]
fn a_read_only_directory_is_an_error_and_keeps_the_old_file() {
    // /proc takes no new files, not even from root: the temporary file cannot be made.
    let e = unwritable(Path::new("/proc/kravkat-appendix.md"));
    assert!(e.contains("cannot write `/proc/kravkat-appendix.md`"), "{e}");
    let old = read(Path::new("/proc/version"));
    let e = unwritable(Path::new("/proc/version"));
    assert!(e.contains("cannot write"), "{e}");
    assert_eq!(read(Path::new("/proc/version")), old);
    // A regular file where a directory should be fails for everyone too.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("file"), "x").unwrap();
    let e = unwritable(&dir.path().join("file/appendix.md"));
    assert!(e.contains("cannot write"), "{e}");
    // A directory without write permission: root writes there anyway, so the case only says
    // something for other users.
    use std::os::unix::fs::PermissionsExt as _;
    let ro = dir.path().join("read-only");
    std::fs::create_dir(&ro).unwrap();
    let out = ro.join("appendix.md");
    std::fs::write(&out, "earlier appendix").unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    if std::fs::write(ro.join("probe"), "").is_ok() {
        eprintln!("note: permissions do not bind this user (root); skipping the read-only directory case");
    } else {
        let e = unwritable(&out);
        assert!(e.contains("cannot write"), "{e}");
        assert_eq!(read(&out), "earlier appendix");
        assert_eq!(std::fs::read_dir(&ro).unwrap().count(), 1, "no temporary file left");
    }
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[cfg(unix)]
#[test]
fn an_output_through_a_link_or_into_a_pipe_keeps_the_link_and_the_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let profile = root().join("examples/affarssystem.yaml");
    let target = dir.path().join("target.md");
    let link = dir.path().join("link.md");
    std::fs::write(&target, "old").unwrap();
    std::os::unix::fs::symlink(&target, &link).unwrap();
    kravkat()
        .arg("build")
        .arg(&profile)
        .arg("-o")
        .arg(&link)
        .assert()
        .success();
    assert!(link.is_symlink(), "the link was replaced by a file");
    assert!(read(&target).starts_with("# "), "the link's target holds the appendix");
    // Comparing with a pipe's old content would block for ever; it is written to instead.
    let fifo = dir.path().join("fifo");
    mkfifo(&fifo);
    let build = || {
        kravkat()
            .arg("build")
            .arg(&profile)
            .args(["-f", "md", "-o"])
            .arg(&fifo)
            .timeout(TIME_LIMIT)
            .assert()
    };
    // A pipe no program reads from is refused at once: writing would wait for ever.
    let a = build().failure().code(2);
    assert!(
        stderr(&a).contains("it is a pipe that no program reads from"),
        "{}",
        stderr(&a)
    );
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(fifo).unwrap())
    };
    // The reader is there once its thread has opened the pipe.
    let started = Instant::now();
    while build().try_success().is_err() {
        assert!(started.elapsed() < TIME_LIMIT, "the reader never got the pipe");
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(reader.join().unwrap().starts_with(b"# "));
    assert!(
        !std::fs::metadata(&fifo).unwrap().is_file(),
        "the pipe was replaced by a file"
    );
}
