//! A DevTools-protocol connection to the page a WebDriver session drives, over the browser's
//! own WebSocket endpoint, for what chromedriver's `goog/cdp/execute` cannot give: the events a
//! command sends (trace data, heap snapshot chunks). Chromium only.

use std::net::TcpStream;

use fantoccini::Client;
use serde_json::{json, Value};
use tungstenite::{Message, WebSocket};

/// An open DevTools connection to one page.
pub struct DevTools {
    socket: WebSocket<TcpStream>,
    next_id: u64,
}

impl DevTools {
    /// Connects to the first page target of `browser` (chromedriver reports the browser's
    /// DevTools address in the session's capabilities).
    pub async fn attach(browser: &Client) -> Self {
        let address = browser
            .capabilities()
            .and_then(|caps| caps.get("goog:chromeOptions"))
            .and_then(|options| options["debuggerAddress"].as_str())
            .expect("chromedriver reports the DevTools address")
            .to_owned();
        let targets: Value = reqwest::get(format!("http://{address}/json/list"))
            .await
            .expect("DevTools targets")
            .json()
            .await
            .expect("DevTools targets JSON");
        let url = targets
            .as_array()
            .and_then(|list| list.iter().find(|t| t["type"] == "page"))
            .and_then(|t| t["webSocketDebuggerUrl"].as_str())
            .expect("a page target")
            .to_owned();
        let host = url
            .trim_start_matches("ws://")
            .split('/')
            .next()
            .unwrap_or_default()
            .to_owned();
        let stream = TcpStream::connect(&host).expect("DevTools socket");
        let (socket, _) = tungstenite::client(url.as_str(), stream).expect("DevTools handshake");
        Self { socket, next_id: 1 }
    }

    /// Sends `method` without waiting for its answer; returns its id.
    pub fn send(&mut self, method: &str, params: Value) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        let message = json!({ "id": id, "method": method, "params": params }).to_string();
        self.socket
            .send(Message::text(message))
            .expect("DevTools send");
        id
    }

    /// The next message the browser sends (an event or an answer), or `None` once the
    /// connection is gone.
    pub fn read(&mut self) -> Option<Value> {
        loop {
            let message = self.socket.read().ok()?;
            let Ok(text) = message.to_text() else {
                continue;
            };
            if let Ok(value) = serde_json::from_str::<Value>(text) {
                return Some(value);
            }
        }
    }

    /// Sends `method` and waits for its answer, handing every event that comes first to
    /// `on_event`.
    pub fn call(&mut self, method: &str, params: Value, mut on_event: impl FnMut(&Value)) -> Value {
        let id = self.send(method, params);
        while let Some(message) = self.read() {
            if message["id"] == json!(id) {
                assert!(message.get("error").is_none(), "{method}: {message}");
                return message["result"].clone();
            }
            on_event(&message);
        }
        panic!("the DevTools connection closed before {method} answered");
    }

    /// A heap snapshot of the page, as DevTools writes it (JSON text; every string the heap
    /// holds is in it). Taking it collects the garbage first.
    pub fn heap_snapshot(&mut self) -> String {
        self.call("HeapProfiler.enable", json!({}), |_| {});
        let mut snapshot = String::new();
        self.call(
            "HeapProfiler.takeHeapSnapshot",
            json!({ "reportProgress": false, "captureNumericValue": false }),
            |event| {
                if event["method"] == "HeapProfiler.addHeapSnapshotChunk" {
                    snapshot.push_str(event["params"]["chunk"].as_str().unwrap_or_default());
                }
            },
        );
        assert!(
            snapshot.len() > 1000,
            "a heap snapshot was taken ({} bytes)",
            snapshot.len()
        );
        snapshot
    }
}
