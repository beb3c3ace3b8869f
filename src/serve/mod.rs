//! `kravkat serve`: a live preview of a profile's HTML appendix on 127.0.0.1, rebuilt when the
//! profile or a catalogue file it names is saved, as `mdbook serve` does for a book.
//!
//! The server answers only the two pages (the tender appendix at `/`, the internal copy at
//! `/internal`), the reload script and its long-polling endpoint; everything else is a 404.
//! It binds to the loopback address only and answers only requests whose `Host` is
//! `127.0.0.1` or `localhost` on its port, so a web page elsewhere cannot read the preview
//! through a DNS name it points at 127.0.0.1 (DNS rebinding).

use std::io::Write as _;
use std::net::{Ipv4Addr, TcpListener};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use anyhow::{Context as _, anyhow};
use tiny_http::{Header, Method, Request, Response, Server, StatusCode};

use crate::error::Result;
use crate::render::Audience;
use crate::report::Reporter;
use crate::watch;

pub mod page;

use page::Pages;

pub struct Options {
    pub profile: PathBuf,
    /// 0: any free port.
    pub port: u16,
    /// Open the preview in a browser.
    pub open: bool,
}

/// How long a reload request waits for a new build before it answers "unchanged" and the
/// page asks again; well below the time-outs of browsers and proxies.
const POLL: Duration = Duration::from_secs(25);
/// Reload requests waiting at once: a few open tabs need a few; a bound keeps a local program
/// from tying up threads without end.
const MAX_WAITING: usize = 32;

/// The latest build and its number, shared by the rebuilding thread and the server's.
struct Site {
    profile: PathBuf,
    port: u16,
    state: Mutex<(u64, Pages)>,
    rebuilt: Condvar,
    waiting: AtomicUsize,
}

impl Site {
    fn publish(&self, pages: Pages) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        *state = (state.0 + 1, pages);
        self.rebuilt.notify_all();
    }

    fn page(&self, audience: Audience) -> String {
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        page::page(&state.1, audience, state.0, &self.profile)
    }

    /// The number of the build after `since`, once there is one, or `since` after [`POLL`].
    fn wait(&self, since: u64) -> u64 {
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let (state, _) = self
            .rebuilt
            .wait_timeout_while(state, POLL, |s| s.0 == since)
            .unwrap_or_else(|e| e.into_inner());
        state.0
    }
}

pub fn serve(options: &Options, reporter: &Reporter) -> Result<u8> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, options.port))
        .with_context(|| format!("cannot listen on 127.0.0.1:{}", options.port))?;
    let port = listener
        .local_addr()
        .context("cannot read the port listened on")?
        .port();
    let server = Server::from_listener(listener, None).map_err(|e| anyhow!("cannot start the server: {e}"))?;
    let site = Arc::new(Site {
        profile: options.profile.clone(),
        port,
        // Not served: the URL is printed once the first build is in.
        state: Mutex::new((0, Pages::Failed(String::new()))),
        rebuilt: Condvar::new(),
        waiting: AtomicUsize::new(0),
    });
    let http = Arc::clone(&site);
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            respond(&http, request);
        }
    });
    let url = format!("http://127.0.0.1:{port}/");
    let profiles = [options.profile.clone()];
    // Each build runs with the inputs watched already, so a save right after the URL is
    // printed is not missed.
    let Err(e) = watch::rebuild_on_change(&profiles, |changed| {
        let (pages, built) = page::build(&options.profile);
        match &built {
            Err(e) => reporter.error(e),
            Ok(()) if changed.is_empty() => {}
            Ok(()) => reporter.info(format!("rebuilt after a change to {}", names(changed))),
        }
        site.publish(pages);
        if changed.is_empty() {
            // The URL on standard output, as the one thing a script waiting for it reads.
            println!("serving {} at {url}", options.profile.display());
            let _ = std::io::stdout().flush();
            reporter.info("rebuilding on every save; Ctrl-C stops");
            if options.open {
                open_browser(&url, reporter);
            }
        }
    });
    Err(e.into())
}

fn names(files: &[PathBuf]) -> String {
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    names.join(", ")
}

/// Answers one request; a client that went away is no concern of the server's.
fn respond(site: &Arc<Site>, request: Request) {
    let path = request.url().split(['?', '#']).next().unwrap_or("").to_owned();
    let answer = |request: Request, response| {
        let _ = request.respond(response);
    };
    if !host_allowed(&request, site.port) {
        let body = format!(
            "kravkat serve answers only as http://127.0.0.1:{0}/ or http://localhost:{0}/\n",
            site.port
        );
        return answer(request, text(403, "text/plain", body));
    }
    if !matches!(request.method(), Method::Get | Method::Head) {
        let response = text(405, "text/plain", "only GET and HEAD\n".into()).with_header(header("Allow", "GET, HEAD"));
        return answer(request, response);
    }
    match path.as_str() {
        "/" => answer(request, text(200, "text/html", site.page(Audience::Tender))),
        "/internal" => answer(request, text(200, "text/html", site.page(Audience::Internal))),
        page::SCRIPT_PATH => answer(request, text(200, "text/javascript", page::SCRIPT.into())),
        page::RELOAD_PATH => wait_for_rebuild(site, request),
        _ => answer(request, text(404, "text/plain", "not found\n".into())),
    }
}

/// Long polling: answers with the build's number once it is newer than the page's, on a
/// thread of its own so that pages are served meanwhile.
fn wait_for_rebuild(site: &Arc<Site>, request: Request) {
    let since = request
        .url()
        .split_once("since=")
        .and_then(|(_, v)| v.split('&').next())
        .and_then(|v| v.parse::<u64>().ok());
    let Some(since) = since else {
        let _ = request.respond(text(400, "text/plain", "give ?since=N\n".into()));
        return;
    };
    if site.waiting.fetch_add(1, Ordering::SeqCst) >= MAX_WAITING {
        site.waiting.fetch_sub(1, Ordering::SeqCst);
        let busy = text(503, "text/plain", "too many waiting\n".into()).with_header(header("Retry-After", "1"));
        let _ = request.respond(busy);
        return;
    }
    let site = Arc::clone(site);
    std::thread::spawn(move || {
        let generation = site.wait(since);
        site.waiting.fetch_sub(1, Ordering::SeqCst);
        let _ = request.respond(text(200, "text/plain", format!("{generation}\n")));
    });
}

/// Whether the request names this server as `127.0.0.1:PORT` or `localhost:PORT`.
fn host_allowed(request: &Request, port: u16) -> bool {
    let host = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str().to_ascii_lowercase());
    host.is_some_and(|h| is_local_host(&h, port))
}

fn is_local_host(host: &str, port: u16) -> bool {
    let (name, given) = match host.rsplit_once(':') {
        Some((name, p)) => (name, p.parse::<u16>().ok()),
        None => (host, Some(80)),
    };
    matches!(name, "127.0.0.1" | "localhost") && given == Some(port)
}

/// A response with the headers every answer carries: never cached (a rebuild changes it), no
/// type sniffing, no referrer, and a content security policy that allows no script but the
/// reload script and no connection but to this server.
fn text(status: u16, mime: &str, body: String) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_string(body)
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", &format!("{mime}; charset=utf-8")))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"))
        .with_header(header("Referrer-Policy", "no-referrer"))
        .with_header(header(
            "Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; connect-src 'self'; \
             base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        ))
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("the headers kravkat sends are ASCII")
}

/// Opens `url` with `$BROWSER` or the desktop's opener. The preview runs on whether or not
/// that works; the URL is printed anyway.
fn open_browser(url: &str, reporter: &Reporter) {
    let browser = std::env::var("BROWSER").ok().filter(|b| !b.trim().is_empty());
    let (program, mut args): (String, Vec<String>) = match &browser {
        // `$BROWSER` may list several commands separated by `:`; the first is used, with `%s`
        // standing for the URL where it is given.
        Some(b) => {
            let first = b.split(':').next().unwrap_or(b);
            let mut words = first.split_whitespace().map(str::to_owned);
            (words.next().unwrap_or_default(), words.collect())
        }
        None if cfg!(target_os = "macos") => ("open".into(), Vec::new()),
        None if cfg!(windows) => ("explorer".into(), Vec::new()),
        None => ("xdg-open".into(), Vec::new()),
    };
    if args.iter().any(|a| a.contains("%s")) {
        args.iter_mut().for_each(|a| *a = a.replace("%s", url));
    } else {
        args.push(url.to_owned());
    }
    let spawned = std::process::Command::new(&program)
        .args(&args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    match spawned {
        // Reaped on a thread of its own, so an opener that stays is no zombie later.
        Ok(mut child) => drop(std::thread::spawn(move || child.wait())),
        Err(e) => reporter.info(format!(
            "note: cannot open a browser with `{program}` ({e}); open {url} yourself"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_names_on_our_port_are_hosts() {
        assert!(is_local_host("127.0.0.1:8000", 8000));
        assert!(is_local_host("localhost:8000", 8000));
        assert!(!is_local_host("localhost:8001", 8000));
        assert!(!is_local_host("evil.example:8000", 8000));
        assert!(!is_local_host("127.0.0.1.evil.example:8000", 8000));
        assert!(!is_local_host("localhost", 8000));
        assert!(is_local_host("localhost", 80));
    }
}
