//! Headless Chromium driven over WebDriver by chromedriver (Debian's `chromium` and
//! `chromium-driver`, which .ci/run installs), for the preview's tests and the editor
//! benchmark. Callers check that both run first (`common::tool`).

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

pub struct Browser {
    driver: Child,
    _profile: tempfile::TempDir,
    session: String,
    base: String,
}

/// An HTTP client that reports every status as a response, never goes through a proxy, and
/// gives up after `timeout`.
pub fn agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .proxy(None)
        .timeout_global(Some(timeout))
        .build()
        .into()
}

const PATIENCE: Duration = Duration::from_secs(60);

impl Browser {
    pub fn start() -> Browser {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let base = format!("http://127.0.0.1:{port}");
        let ready = Instant::now();
        loop {
            let status: Option<Value> = agent(PATIENCE)
                .get(&format!("{base}/status"))
                .call()
                .ok()
                .and_then(|r| r.into_body().read_json().ok());
            if status.is_some_and(|s| s["value"]["ready"] == true) {
                break;
            }
            assert!(ready.elapsed() < PATIENCE, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        let profile = tempfile::tempdir().unwrap();
        // As root, Debian's Chromium needs --no-sandbox; the others keep it off the network,
        // which this machine's closed network would refuse anyway.
        let args = [
            "--headless=new".to_owned(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-dev-shm-usage".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--window-size=1200,900".into(),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        let capabilities = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": "/usr/bin/chromium", "args": args },
        }}});
        let created: Value = agent(PATIENCE)
            .post(&format!("{base}/session"))
            .send_json(&capabilities)
            .unwrap()
            .into_body()
            .read_json()
            .unwrap();
        let session = created["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("a WebDriver session: {created}"))
            .to_owned();
        Browser {
            driver,
            _profile: profile,
            session,
            base,
        }
    }

    fn command(&self, path: &str, body: Value) -> Value {
        let url = format!("{}/session/{}/{path}", self.base, self.session);
        let answer: Value = agent(PATIENCE)
            .post(&url)
            .send_json(&body)
            .unwrap()
            .into_body()
            .read_json()
            .unwrap();
        assert!(answer["value"].get("error").is_none(), "{path}: {answer}");
        answer["value"].clone()
    }

    pub fn goto(&self, url: &str) {
        self.command("url", json!({ "url": url }));
    }

    /// Runs `script` (a function body) in the page and returns what it returns.
    pub fn eval(&self, script: &str) -> Value {
        self.command("execute/sync", json!({ "script": script, "args": [] }))
    }

    /// The text of the first element `selector` finds, or `None`.
    pub fn text(&self, selector: &str) -> Option<String> {
        let script = format!(
            "const e = document.querySelector({}); return e ? e.textContent : null;",
            json!(selector)
        );
        self.eval(&script).as_str().map(str::to_owned)
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let url = format!("{}/session/{}", self.base, self.session);
        let _ = agent(PATIENCE).delete(&url).call();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
