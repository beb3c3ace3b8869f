//! A small language-server client for the tests and the editor benchmark: `kravkat lsp` as a
//! child process, spoken to over its standard input and output in the protocol's framing
//! (`Content-Length` headers, JSON-RPC bodies).

use std::collections::VecDeque;
use std::io::{BufReader, Write as _};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

pub struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    /// Notifications read while waiting for something else.
    pending: VecDeque<Value>,
    next_id: i64,
    pub timeout: Duration,
}

impl Client {
    /// Starts `binary lsp` and completes the `initialize` handshake.
    pub fn start(binary: &Path) -> Client {
        Client::start_with_env(binary, &[])
    }

    /// [`Client::start`] with environment variables set for the server.
    pub fn start_with_env(binary: &Path, env: &[(&str, &Path)]) -> Client {
        let mut child = Command::new(binary)
            .arg("lsp")
            .envs(env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("kravkat lsp starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, incoming) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        let mut client = Client {
            child,
            stdin,
            incoming,
            pending: VecDeque::new(),
            next_id: 0,
            timeout: Duration::from_secs(60),
        };
        let init = client.request(
            "initialize",
            json!({ "processId": null, "rootUri": null, "capabilities": {
                "textDocument": { "hover": { "contentFormat": ["markdown", "plaintext"] } }
            }}),
        );
        assert!(init.get("result").is_some(), "initialize: {init}");
        client.notify("initialized", json!({}));
        client
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("kravkat lsp reads");
        self.stdin.flush().unwrap();
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request without waiting; its id.
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        id
    }

    fn receive(&mut self, deadline: Instant) -> Value {
        match self
            .incoming
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
        {
            Ok(m) => m,
            Err(RecvTimeoutError::Timeout) => panic!("kravkat lsp did not answer in time"),
            Err(RecvTimeoutError::Disconnected) => {
                let status = self.child.try_wait();
                panic!("kravkat lsp stopped ({status:?})")
            }
        }
    }

    /// The response to request `id` (with `result` or `error`), setting notifications aside.
    pub fn response(&mut self, id: i64) -> Value {
        let deadline = Instant::now() + self.timeout;
        loop {
            let m = self.receive(deadline);
            if m.get("id") == Some(&json!(id)) && m.get("method").is_none() {
                return m;
            }
            self.pending.push_back(m);
        }
    }

    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        self.response(id)
    }

    /// The next `textDocument/publishDiagnostics` for `uri`, one set aside earlier first.
    pub fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let wanted = |m: &Value| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri;
        let found = match self.pending.iter().position(wanted) {
            Some(i) => self.pending.remove(i).unwrap(),
            None => {
                let deadline = Instant::now() + self.timeout;
                loop {
                    let m = self.receive(deadline);
                    if wanted(&m) {
                        break m;
                    }
                    self.pending.push_back(m);
                }
            }
        };
        found["params"]["diagnostics"].as_array().unwrap().clone()
    }

    /// Whether a `textDocument/publishDiagnostics` for `uri` has arrived and is set aside,
    /// without waiting: after a response, everything the server sent before it has arrived.
    pub fn has_published(&self, uri: &str) -> bool {
        self.pending
            .iter()
            .any(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri)
    }

    pub fn open(&mut self, uri: &str, text: &str) {
        let doc = json!({ "uri": uri, "languageId": "yaml", "version": 1, "text": text });
        self.notify("textDocument/didOpen", json!({ "textDocument": doc }));
    }

    pub fn change(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "text": text }] }),
        );
    }

    /// Ends the session as an editor does; the server must exit by itself, successfully.
    pub fn shutdown(mut self) {
        let r = self.request("shutdown", Value::Null);
        assert!(r.get("error").is_none(), "{r}");
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + self.timeout;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(status.success(), "kravkat lsp exited with {status}");
                return;
            }
            assert!(Instant::now() < deadline, "kravkat lsp did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One framed message, or `None` at the end of the stream.
fn read_message(reader: &mut impl std::io::BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            length = v.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// The `file:` URI of a path (absolute, with the characters a URI cannot hold escaped).
pub fn uri(path: &Path) -> String {
    let path = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let mut out = String::from("file://");
    for b in path.to_str().expect("a UTF-8 path").bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
