//! `cargo bench --bench editor`: how long a user waits for the editor tools, measured as the
//! user meets them. Not a test: nothing here fails on a slow machine, and `cargo test` never
//! builds it. The results and the method are written up in docs/benchmarks.md.
//!
//! - **Save → updated page** (`kravkat serve`): the example profile is rewritten on disk (a new
//!   title each time, as an editor saves) and timed until (a) the server answers the reload
//!   request the page has open, (b) the server hands out the page with the new title, and (c),
//!   in headless Chromium, the reloaded page's DOM is loaded, read from the page's own
//!   navigation timing (`performance.timeOrigin` + `domContentLoadedEventEnd`), so the time
//!   WebDriver takes to look does not count.
//! - **Keystroke → diagnostics** (`kravkat lsp`): a `didChange` with the whole text (one
//!   character more or less, turning a valid id into an unknown one and back) is timed until
//!   the `publishDiagnostics` for it arrives.
//!
//! ```console
//! $ cargo bench --bench editor                      # everything
//! $ cargo bench --bench editor -- --reps 10 --no-browser
//! ```

// The tests' clients, of which the benchmark uses a part.
#[allow(dead_code)]
#[path = "../tests/common/browser.rs"]
mod browser;
#[allow(dead_code)]
#[path = "../tests/common/lsp.rs"]
mod lsp;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// The binary `cargo bench` builds with the `bench` profile, which inherits `release`.
const KRAVKAT: &str = env!("CARGO_BIN_EXE_kravkat");
const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/affarssystem.yaml");
const TITLE: &str = "Upphandling av verksamhetssystem för ekonomi";

struct Args {
    reps: usize,
    browser: bool,
}

fn args() -> Args {
    let mut a = Args {
        reps: 30,
        browser: true,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--reps" => a.reps = it.next().and_then(|v| v.parse().ok()).expect("--reps: a whole number"),
            "--no-browser" => a.browser = false,
            // `cargo bench` passes `--bench`; a filter word may follow.
            _ => {}
        }
    }
    a.reps = a.reps.max(3);
    a
}

fn main() {
    let args = args();
    println!("# kravkat editor latency\n");
    println!(
        "kravkat {} (bench profile), {} CPUs, load average {}; {} runs each.\n",
        env!("CARGO_PKG_VERSION"),
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        load_average(),
        args.reps
    );
    println!("| what | median | p90 | min | max |\n| --- | --- | --- | --- | --- |");
    let (reload, served) = save_to_page(args.reps);
    row("save → reload request answered (serve)", &reload);
    row("save → new page served (serve)", &served);
    if args.browser {
        if runs("chromium") && runs("chromedriver") {
            row(
                "save → page reloaded in Chromium (DOM loaded)",
                &save_to_browser(args.reps),
            );
        } else {
            println!("| save → page reloaded in Chromium | chromium or chromedriver missing | | | |");
        }
    }
    row(
        "keystroke → diagnostics published (lsp)",
        &keystroke_to_diagnostics(args.reps * 3),
    );
    println!("\nLoad average at the end: {}.", load_average());
}

/// A temporary folder with the example as `profil.yaml`, and `kravkat serve` on it.
struct Served {
    _dir: tempfile::TempDir,
    profile: PathBuf,
    url: String,
    process: std::process::Child,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

fn serve() -> Served {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("profil.yaml");
    std::fs::copy(EXAMPLE, &profile).unwrap();
    let mut process = Command::new(KRAVKAT)
        .args(["-q", "serve"])
        .arg(&profile)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(process.stdout.take().unwrap()), &mut line).unwrap();
    let url = line.split_whitespace().last().expect("serve prints its URL").to_owned();
    Served {
        _dir: dir,
        profile,
        url,
        process,
    }
}

/// The profile saved with title number `n`, as an editor writes a file.
fn save(profile: &Path, n: usize) {
    let text = std::fs::read_to_string(EXAMPLE).unwrap();
    std::fs::write(profile, text.replacen(TITLE, &format!("Upphandling nummer {n}"), 1)).unwrap();
}

fn get(url: &str) -> String {
    browser::agent(Duration::from_secs(60))
        .get(url)
        .call()
        .unwrap()
        .into_body()
        .read_to_string()
        .unwrap()
}

fn generation(page: &str) -> u64 {
    let at = page.find("data-generation=\"").unwrap() + "data-generation=\"".len();
    page[at..].split('"').next().unwrap().parse().unwrap()
}

fn save_to_page(reps: usize) -> (Vec<Duration>, Vec<Duration>) {
    let s = serve();
    let (mut reload, mut served) = (Vec::new(), Vec::new());
    for n in 0..=reps {
        let since = generation(&get(&s.url));
        let wait = format!("{}_kravkat/reload?since={since}", s.url);
        let waiting = std::thread::spawn(move || {
            get(&wait);
            Instant::now()
        });
        // The request is at the server before the save, as an open page's is.
        std::thread::sleep(Duration::from_millis(100));
        let start = Instant::now();
        save(&s.profile, n);
        let answered = waiting.join().unwrap();
        let page = get(&s.url);
        let done = Instant::now();
        assert!(
            page.contains(&format!("<h1>Upphandling nummer {n}</h1>")),
            "the new page"
        );
        if n > 0 {
            // The first round warms up.
            reload.push(answered - start);
            served.push(done - start);
        }
    }
    (reload, served)
}

fn save_to_browser(reps: usize) -> Vec<Duration> {
    let s = serve();
    let b = browser::Browser::start();
    b.goto(&s.url);
    let mut out = Vec::new();
    for n in 0..=reps {
        std::thread::sleep(Duration::from_millis(300));
        let saved = epoch_ms();
        save(&s.profile, n);
        let want = format!("Upphandling nummer {n}");
        let deadline = Instant::now() + Duration::from_secs(60);
        while b.text("h1").as_deref() != Some(want.as_str()) {
            assert!(Instant::now() < deadline, "the browser did not reload");
            std::thread::sleep(Duration::from_millis(20));
        }
        let loaded = b
            .eval(
                "const n = performance.getEntriesByType('navigation')[0]; \
                 return performance.timeOrigin + n.domContentLoadedEventEnd;",
            )
            .as_f64()
            .unwrap();
        if n > 0 {
            out.push(Duration::from_secs_f64((loaded - saved).max(0.0) / 1000.0));
        }
    }
    out
}

fn keystroke_to_diagnostics(reps: usize) -> Vec<Duration> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("profil.yaml");
    let good = std::fs::read_to_string(EXAMPLE).unwrap();
    std::fs::write(&path, &good).unwrap();
    // `"1.14"` and `"1.141"`: one keystroke apart, the second an unknown id.
    let typo = good.replacen("\"1.14\"", "\"1.141\"", 1);
    let uri = lsp::uri(&path);
    let mut c = lsp::Client::start(Path::new(KRAVKAT));
    c.open(&uri, &good);
    c.diagnostics(&uri);
    let mut out = Vec::new();
    for n in 0..=reps {
        let (text, problems) = if n % 2 == 0 { (&typo, 1) } else { (&good, 0) };
        let start = Instant::now();
        c.change(&uri, n as i64 + 2, text);
        let got = c.diagnostics(&uri);
        let done = Instant::now();
        assert_eq!(got.len(), problems);
        if n > 0 {
            out.push(done - start);
        }
    }
    c.shutdown();
    out
}

fn epoch_ms() -> f64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs_f64() * 1000.0
}

fn row(what: &str, times: &[Duration]) {
    let mut t = times.to_vec();
    t.sort();
    let at = |q: f64| t[((t.len() - 1) as f64 * q).round() as usize];
    let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1000.0);
    println!(
        "| {what} | {} | {} | {} | {} |",
        ms(at(0.5)),
        ms(at(0.9)),
        ms(t[0]),
        ms(t[t.len() - 1])
    );
}

fn runs(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(", "))
        .unwrap_or_else(|_| "unknown".into())
}
