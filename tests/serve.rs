//! `kravkat serve` and `kravkat build --watch`, driven through the binary: what the preview
//! server answers (and refuses), that a save rebuilds the page or the declared outputs, that a
//! broken profile shows its problems and recovers, and, in headless Chromium over WebDriver,
//! that an open page follows the profile by itself.

mod common;

use std::io::{BufRead as _, BufReader, Read as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use assert_cmd::cargo::cargo_bin;
use common::browser::Browser;
use common::{Running, nu_check, read, require, root, vnu_jar};

/// How long a test waits for something that takes well under a second: generous, because
/// the machine running the tests may be busy. Nothing measures time here.
const PATIENCE: Duration = Duration::from_secs(30);

/// Polls `check` until it gives a value or [`PATIENCE`] runs out.
fn eventually<T>(what: &str, mut check: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(v) = check() {
            return v;
        }
        assert!(start.elapsed() < PATIENCE, "gave up waiting: {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A folder with the shipped affarssystem example as `profil.yaml`.
fn scratch() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("profil.yaml");
    std::fs::copy(root().join("examples/affarssystem.yaml"), &profile).unwrap();
    (dir, profile)
}

/// Rewrites `profile` with `from` replaced by `to`, as an editor saves.
fn edit(profile: &Path, from: &str, to: &str) {
    let text = read(profile);
    assert!(text.contains(from), "`{from}` in {}", profile.display());
    std::fs::write(profile, text.replacen(from, to, 1)).unwrap();
}

const TITLE: &str = "Upphandling av verksamhetssystem för ekonomi";

/// `kravkat ARGS` started in the background, with what it prints on standard output as
/// lines; its standard error goes to `stderr.log` beside `dir`'s files.
fn start(args: &[&std::ffi::OsStr], dir: &Path) -> (Running, mpsc::Receiver<String>) {
    let log = std::fs::File::create(dir.join("stderr.log")).unwrap();
    let mut child = Command::new(cargo_bin("kravkat"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(log)
        .spawn()
        .unwrap();
    let out = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    (Running(child), rx)
}

/// `kravkat serve PROFILE` and the URL it printed.
fn serve(profile: &Path) -> (Running, String) {
    let dir = profile.parent().unwrap();
    let (process, lines) = start(&["serve".as_ref(), profile.as_os_str()], dir);
    let line = lines.recv_timeout(PATIENCE).expect("serve prints its URL");
    let url = line.split_whitespace().last().unwrap().to_owned();
    assert!(
        line.starts_with("serving ") && url.starts_with("http://127.0.0.1:") && url.ends_with('/'),
        "{line}"
    );
    (process, url)
}

fn agent() -> ureq::Agent {
    common::browser::agent(PATIENCE)
}

/// Status, content type and body of `GET url`, sent with `Host: host` when given.
fn get(url: &str, host: Option<&str>) -> (u16, String, String) {
    let mut request = agent().get(url);
    if let Some(h) = host {
        request = request.header("Host", h);
    }
    let response = request.call().unwrap();
    let status = response.status().as_u16();
    let mime = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, mime, response.into_body().read_to_string().unwrap())
}

fn page(url: &str) -> String {
    let (status, mime, body) = get(url, None);
    assert_eq!((status, mime.as_str()), (200, "text/html; charset=utf-8"), "{body}");
    body
}

/// The build number a served page carries for its reload script.
fn generation(page: &str) -> u64 {
    let at = page.find("data-generation=\"").expect("the reload script") + "data-generation=\"".len();
    page[at..].split('"').next().unwrap().parse().unwrap()
}

#[test]
fn serves_the_two_pages_and_nothing_else() {
    let (_dir, profile) = scratch();
    let (_server, url) = serve(&profile);
    let tender = page(&url);
    assert!(tender.contains(&format!("<h1>{TITLE}</h1>")), "{tender}");
    assert!(tender.contains("<p class=\"doc-kind\">Kravbilaga</p>"), "{tender}");
    // The switch, with the page shown marked as current, and the reload script.
    assert!(
        tender.contains("<a href=\"/\" aria-current=\"page\">Kravbilaga</a> <a href=\"/internal\">"),
        "{tender}"
    );
    assert_eq!(tender.matches("<script").count(), 1, "{tender}");
    assert!(tender.contains("<script src=\"/_kravkat/live.js\" data-generation=\"1\"></script>\n</body>"));
    let internal = page(&format!("{url}internal"));
    assert!(
        internal.contains("<strong>Internt arbetsunderlag</strong>"),
        "{internal}"
    );
    assert!(internal.contains("Vägledning"), "the internal copy has the guidance");
    // Apart from the switch and the script, the page is what `build -f html` writes.
    let built = common::build(&profile, &["-f", "html"]);
    let stripped = tender
        .replace(
            &tender[tender.find("<style>\n.kravkat-serve").unwrap()..tender.find("</head>").unwrap()],
            "",
        )
        .replace(
            &tender[tender.find("<nav class=\"kravkat-serve\"").unwrap()..tender.find("</nav>\n").unwrap() + 7],
            "",
        )
        .replace(
            "<script src=\"/_kravkat/live.js\" data-generation=\"1\"></script>\n",
            "",
        );
    assert_eq!(stripped, built);
    let (status, mime, script) = get(&format!("{url}_kravkat/live.js"), None);
    assert_eq!((status, mime.as_str()), (200, "text/javascript; charset=utf-8"));
    assert!(script.contains("location.reload()"), "{script}");

    // No listing, no files: the profile's folder is not served.
    for path in [
        "profil.yaml",
        "examples/",
        "../",
        "index.html",
        "internal/",
        "_kravkat/",
        "%2e%2e/Cargo.toml",
    ] {
        let (status, _, body) = get(&format!("{url}{path}"), None);
        assert_eq!(status, 404, "{path}: {body}");
        assert!(!body.contains("procurement"), "{path}: {body}");
    }
    let response = agent().post(&url).send("x").unwrap();
    assert_eq!(response.status().as_u16(), 405);
    // A page on another site whose name resolves to 127.0.0.1 (DNS rebinding) is refused.
    let port = url.trim_end_matches('/').rsplit(':').next().unwrap();
    for host in [
        format!("evil.example:{port}"),
        format!("localhost:{port}0"),
        "localhost".into(),
    ] {
        let (status, _, body) = get(&url, Some(&host));
        assert_eq!(status, 403, "{host}: {body}");
        assert!(!body.contains(TITLE), "{host}: {body}");
    }
    assert_eq!(get(&url, Some(&format!("localhost:{port}"))).0, 200);
}

/// The local addresses the sockets listening on `port` are bound to, from /proc/net/tcp and
/// tcp6 (hexadecimal, as the kernel lists them).
#[cfg(target_os = "linux")]
fn listening_on(port: u16) -> Vec<String> {
    let mut found = Vec::new();
    for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
        for line in std::fs::read_to_string(table).unwrap_or_default().lines().skip(1) {
            let fields: Vec<&str> = line.split_whitespace().collect();
            // 0A: LISTEN.
            if let [_, local, _, "0A", ..] = fields[..]
                && let Some((address, p)) = local.split_once(':')
                && u16::from_str_radix(p, 16) == Ok(port)
            {
                found.push(address.to_owned());
            }
        }
    }
    found
}

/// What the preview shows comes through the same bounds as `build`: a catalogue path that
/// names a pipe is refused without waiting for a writer, and one that names another file on
/// the machine is reported without a line of it; the server listens on 127.0.0.1 alone, and
/// every answer carries a policy that lets no script run but the reload script.
#[test]
fn the_preview_reads_as_build_does_listens_on_loopback_and_runs_only_its_script() {
    let (dir, profile) = scratch();
    let (_server, url) = serve(&profile);
    let port: u16 = url.trim_end_matches('/').rsplit(':').next().unwrap().parse().unwrap();
    #[cfg(target_os = "linux")]
    assert_eq!(listening_on(port), ["0100007F"], "127.0.0.1 only");
    for path in [
        "",
        "internal",
        "_kravkat/live.js",
        "_kravkat/reload?since=999999",
        "nothing",
    ] {
        let response = agent().get(&format!("{url}{path}")).call().unwrap();
        let csp = response
            .headers()
            .get("content-security-policy")
            .map(|v| v.to_str().unwrap().to_owned());
        let csp = csp.unwrap_or_else(|| panic!("{path}: no content security policy"));
        assert!(
            csp.starts_with("default-src 'none'; ") && csp.contains("script-src 'self';"),
            "{path}: {csp}"
        );
        assert_eq!(
            response.headers().get("x-content-type-options").unwrap(),
            "nosniff",
            "{path}"
        );
    }

    let original = read(&profile);
    let other_file = Path::new("/etc/passwd");
    let with_catalogue = |path: &Path| {
        original.replacen(
            "catalogs:
",
            &format!(
                "catalogs:
  - path: {}
",
                path.display()
            ),
            1,
        )
    };
    assert!(
        with_catalogue(other_file) != original,
        "the example names its catalogues"
    );
    let secret = read(other_file).lines().next().unwrap_or_default().to_owned();
    std::fs::write(&profile, with_catalogue(other_file)).unwrap();
    let shown = eventually("the problem with /etc/passwd", || {
        let p = page(&url);
        p.contains("/etc/passwd:1:1").then_some(p)
    });
    assert!(shown.contains("the file is not a kravkat catalogue"), "{shown}");
    assert!(!secret.is_empty() && !shown.contains(&secret), "{shown}");

    let fifo = dir.path().join("rör.yaml");
    common::mkfifo(&fifo);
    std::fs::write(&profile, with_catalogue(&fifo)).unwrap();
    let shown = eventually("the problem with the pipe", || {
        let p = page(&url);
        p.contains("it is a pipe, not a file").then_some(p)
    });
    assert!(shown.contains("cannot read"), "{shown}");
    std::fs::write(&profile, &original).unwrap();
    eventually("the appendix again", || {
        page(&url).contains(&format!("<h1>{TITLE}</h1>")).then_some(())
    });
}

#[test]
fn a_save_rebuilds_a_broken_profile_shows_its_problems_and_a_fix_recovers() {
    let (_dir, profile) = scratch();
    let (_server, url) = serve(&profile);
    let first = generation(&page(&url));
    // A page waiting for the next build is answered when the profile is saved.
    let wait_url = format!("{url}_kravkat/reload?since={first}");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || tx.send(get(&wait_url, None)).unwrap());
    std::thread::sleep(Duration::from_millis(200));
    assert!(rx.try_recv().is_err(), "the reload request waits for a build");
    edit(&profile, TITLE, "Förhandsvisad upphandling");
    let (status, _, body) = rx.recv_timeout(PATIENCE).expect("the reload request is answered");
    assert_eq!(status, 200);
    let second: u64 = body.trim().parse().unwrap();
    assert!(second > first, "{second} after {first}");
    let rebuilt = page(&url);
    assert!(rebuilt.contains("<h1>Förhandsvisad upphandling</h1>"), "{rebuilt}");
    assert!(generation(&rebuilt) >= second);

    // Broken: the page shows the problems as `kravkat check` prints them, escaped.
    edit(&profile, "\"1.14\"", "\"1.99\"");
    let broken = eventually("the problems page", || {
        let p = page(&url);
        p.contains("has problems").then_some(p)
    });
    assert!(broken.contains("error: unknown id `1.99`"), "{broken}");
    let line = read(&profile)
        .lines()
        .position(|l| l.starts_with("  items: ["))
        .unwrap()
        + 1;
    assert!(broken.contains(&format!("profil.yaml:{line}:18")), "{broken}");
    assert!(
        broken.contains("items: [&quot;1.1&quot;, &quot;1.99&quot;, &quot;1.19&quot;]"),
        "{broken}"
    );
    assert!(broken.contains("= hint: did you mean `1.9`?"), "{broken}");
    assert!(
        !broken.contains("Förhandsvisad upphandling</h1>"),
        "not the last good build"
    );
    assert!(page(&format!("{url}internal")).contains("unknown id `1.99`"));

    edit(&profile, "\"1.99\"", "\"1.14\"");
    eventually("the appendix again", || {
        page(&url).contains("<h1>Förhandsvisad upphandling</h1>").then_some(())
    });
}

#[test]
fn a_catalogue_file_the_profile_names_is_watched_too() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("kataloger")).unwrap();
    let catalogue = dir.path().join("kataloger/mini.yaml");
    std::fs::copy(root().join("tests/fixtures/catalogs/mini-1.0.yaml"), &catalogue).unwrap();
    let profile = dir.path().join("profil.yaml");
    std::fs::write(
        &profile,
        "procurement: { title: Mini, organisation: Testkommun }\n\
         catalogs: [{ path: kataloger/mini.yaml }]\nselect: { items: [\"1\"] }\n",
    )
    .unwrap();
    let (_server, url) = serve(&profile);
    assert!(page(&url).contains("Köparen ska äga all data."));
    edit(&catalogue, "Köparen ska äga all data.", "Köparen ska äga all sin data.");
    eventually("the catalogue's new text", || {
        page(&url).contains("Köparen ska äga all sin data.").then_some(())
    });
    // A broken catalogue is a problem of the preview too, pointing into the catalogue.
    edit(&catalogue, "level: Ska\n", "level: Sk\n");
    let broken = eventually("the catalogue's problem", || {
        let p = page(&url);
        p.contains("has problems").then_some(p)
    });
    assert!(broken.contains("kataloger/mini.yaml:"), "{broken}");
}

/// Each rebuild is a run of its own for the bound on what one run reads (32 MiB): saving again
/// and again a profile whose catalogue file is near the bound of one file (10 MiB) rebuilds
/// every time, where one process counting all its builds together would refuse the fourth.
#[test]
fn rebuilds_are_runs_of_their_own_for_the_read_bound() {
    let dir = tempfile::tempdir().unwrap();
    let catalogue = dir.path().join("stor.yaml");
    common::large_catalogue(&catalogue, common::mini_catalogue());
    let profile = dir.path().join("profil.yaml");
    std::fs::write(
        &profile,
        "procurement: { title: Bygge 0, organisation: Testkommun }\n\
         catalogs: [{ path: stor.yaml }]\nselect: { items: [\"1\"] }\n",
    )
    .unwrap();
    let (_server, url) = serve(&profile);
    assert!(page(&url).contains("Bygge 0"));
    for n in 1..=3 {
        edit(&profile, &format!("Bygge {}", n - 1), &format!("Bygge {n}"));
        let p = eventually("the rebuilt page", || {
            let p = page(&url);
            (p.contains(&format!("Bygge {n}")) || p.contains("has problems")).then_some(p)
        });
        assert!(!p.contains("has problems"), "build {n}: {p}");
    }
}

#[test]
#[ignore = "checks the pages with the Nu HTML Checker; cargo test -- --include-ignored runs it"]
fn served_pages_are_valid_html() {
    let jar = vnu_jar();
    let (dir, profile) = scratch();
    let (_server, url) = serve(&profile);
    let out = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    let mut save = |name: &str, text: String| {
        let f = out.path().join(name);
        std::fs::write(&f, text).unwrap();
        files.push(f);
    };
    save("tender.html", page(&url));
    save("internal.html", page(&format!("{url}internal")));
    edit(&profile, "\"1.14\"", "\"1.99\"");
    save(
        "problems.html",
        eventually("the problems page", || {
            let p = page(&url);
            p.contains("has problems").then_some(p)
        }),
    );
    if let Err(report) = nu_check(&jar, &files) {
        panic!("{report}");
    }
    drop(dir);
}

#[test]
fn build_watch_rebuilds_the_declared_outputs_on_save() {
    let (dir, profile) = scratch();
    let output = dir.path().join("bilaga.md");
    let text = read(&profile).replace("\nchanges:", "\noutputs:\n  - path: bilaga.md\n\nchanges:");
    std::fs::write(&profile, text).unwrap();
    let (_watching, _) = start(&["build".as_ref(), "--watch".as_ref(), profile.as_os_str()], dir.path());
    let first = eventually("the first build", || std::fs::read_to_string(&output).ok());
    assert!(first.contains(&format!("# {TITLE}")), "{first}");
    edit(&profile, TITLE, "Bevakad upphandling");
    eventually("the rebuilt output", || {
        read(&output).contains("# Bevakad upphandling").then_some(())
    });
    // A broken profile is reported and leaves the output as it was; the next save builds.
    edit(&profile, "\"1.14\"", "\"1.99\"");
    let log = dir.path().join("stderr.log");
    eventually("the problem on standard error", || {
        read(&log).contains("error: unknown id `1.99`").then_some(())
    });
    assert!(read(&output).contains("# Bevakad upphandling"));
    edit(&profile, "\"1.99\"", "\"1.14\"");
    edit(&profile, "Bevakad upphandling", "Åter byggd upphandling");
    eventually("the output after the fix", || {
        read(&output).contains("# Åter byggd upphandling").then_some(())
    });
    // Each build writes as `build` does: an output where git runs hooks is refused, and the
    // other output, though it renders, is not written either.
    let text = read(&profile)
        .replace(
            "  - path: bilaga.md\n",
            "  - path: bilaga.md\n  - path: .git/hooks/pre-commit.md\n",
        )
        .replace("Åter byggd upphandling", "Krokig upphandling");
    std::fs::write(&profile, text).unwrap();
    eventually("the refusal on standard error", || {
        read(&log)
            .contains("where version control keeps its metadata")
            .then_some(())
    });
    assert!(!dir.path().join(".git").exists());
    assert!(read(&output).contains("# Åter byggd upphandling"));
    // Standard input is read once and never saved: no watching it, for a build or a preview.
    for args in [&["build", "--watch", "-"][..], &["serve", "-"]] {
        let a = common::kravkat()
            .args(args)
            .write_stdin("procurement: {}\n")
            .assert()
            .failure()
            .code(2);
        assert!(
            common::stderr(&a).contains("a profile from standard input (`-`) cannot be watched"),
            "{args:?}: {}",
            common::stderr(&a)
        );
    }
    // Both checks and watches are for declared outputs: together they are a usage error.
    let a = common::kravkat()
        .args(["build", "--watch", "--check"])
        .arg(&profile)
        .assert()
        .failure()
        .code(2);
    assert!(
        common::stderr(&a).contains("cannot be used with"),
        "{}",
        common::stderr(&a)
    );
}

#[test]
#[ignore = "drives headless Chromium; cargo test -- --include-ignored runs it"]
fn an_open_page_in_chromium_follows_the_profile() {
    require("chromium", "--version");
    require("chromedriver", "--version");
    let browser = Browser::start();
    let (_dir, profile) = scratch();
    let (_server, url) = serve(&profile);
    browser.goto(&url);
    let heading = |want: &str| browser.text("h1").is_some_and(|h| h == want).then_some(());
    eventually("the appendix in the browser", || heading(TITLE));
    assert_eq!(
        browser.text("nav.kravkat-serve a[aria-current]").as_deref(),
        Some("Kravbilaga")
    );

    // Saved in the editor: the page reloads itself.
    edit(&profile, TITLE, "Förhandsvisad upphandling");
    eventually("the new title in the browser", || heading("Förhandsvisad upphandling"));
    edit(&profile, "\"1.14\"", "\"1.99\"");
    let problems = eventually("the problems in the browser", || browser.text("pre.problems"));
    assert!(problems.contains("error: unknown id `1.99`"), "{problems}");
    assert!(problems.contains("hint: did you mean `1.9`?"), "{problems}");
    edit(&profile, "\"1.99\"", "\"1.14\"");
    eventually("the appendix again", || heading("Förhandsvisad upphandling"));

    // The switch leads to the internal copy, which follows the profile too.
    browser.eval("document.querySelector('nav.kravkat-serve a[href=\"/internal\"]').click(); return null;");
    eventually("the internal copy", || {
        browser
            .text(".banner strong")
            .is_some_and(|b| b == "Internt arbetsunderlag")
            .then_some(())
    });
    edit(&profile, "Förhandsvisad upphandling", "Intern förhandsvisning");
    eventually("the internal copy's new title", || heading("Intern förhandsvisning"));
    assert!(browser.eval("return location.pathname;") == "/internal");
    // Nothing the page runs failed (a blocked script would have stopped the reloads above).
    let mut log = String::new();
    let _ = std::fs::File::open(profile.with_file_name("stderr.log")).and_then(|mut f| f.read_to_string(&mut log));
    assert!(!log.contains("panicked"), "{log}");
}

#[test]
fn open_starts_the_browser_and_runs_on_when_there_is_none() {
    let (dir, profile) = scratch();
    let opened = dir.path().join("opened.txt");
    let browser = dir.path().join("browser.sh");
    std::fs::write(&browser, format!("#!/bin/sh\necho \"$@\" > '{}'\n", opened.display())).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&browser, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    for (value, works) in [
        (browser.display().to_string(), true),
        ("kravkat-no-such-browser".into(), false),
    ] {
        let log = std::fs::File::create(dir.path().join("stderr.log")).unwrap();
        let mut child = Command::new(cargo_bin("kravkat"))
            .args(["serve", "--open"])
            .arg(&profile)
            .env("BROWSER", &value)
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let _server = Running(child);
        let url = line.split_whitespace().last().unwrap().to_owned();
        if works {
            let got = eventually("the browser to be started", || std::fs::read_to_string(&opened).ok());
            assert_eq!(got.trim(), url);
        } else {
            eventually("the note", || {
                read(&dir.path().join("stderr.log"))
                    .contains("cannot open a browser")
                    .then_some(())
            });
        }
        assert!(page(&url).contains(TITLE), "the server runs either way");
    }
}

#[test]
fn a_port_in_use_is_an_error() {
    let (_dir, profile) = scratch();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let a = common::kravkat()
        .args(["serve", "--port", &port])
        .arg(&profile)
        .timeout(PATIENCE)
        .assert()
        .failure()
        .code(2);
    assert!(
        common::stderr(&a).contains(&format!("cannot listen on 127.0.0.1:{port}")),
        "{}",
        common::stderr(&a)
    );
}
