//! What the page reported: CSP violations, uncaught errors and the console (collected by an
//! instrumentation script that runs before the page's own), chromedriver's logs, screenshots,
//! and the DevTools protocol.

use std::path::PathBuf;

use fantoccini::Client;
use serde_json::{json, Value};

use crate::driver::Engine;
use crate::env::Env;
use crate::WAIT;

/// What the page holds, after a full garbage collection.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Memory {
    /// The JavaScript heap in use (Chromium's `performance.memory`).
    pub js: f64,
    /// The wasm linear memory (it never shrinks, so growth shows here for good).
    pub wasm: f64,
    /// Elements in the document and its shadow roots.
    pub nodes: f64,
}

impl Memory {
    /// JS heap plus wasm memory.
    pub fn total(&self) -> f64 {
        self.js + self.wasm
    }
}

const MEMORY: &str = r#"
const done = arguments[0];
setTimeout(() => done({
  js: performance.memory ? performance.memory.usedJSHeapSize : 0,
  wasm: window.__lev && window.__lev.wasm ? window.__lev.wasm.memory.buffer.byteLength : 0,
  nodes: window.__lev ? window.__lev.all('*').length : 0,
}), 200);
"#;

impl Env {
    /// Live memory after a full garbage collection (forced through DevTools: without it the
    /// heap size mostly measures garbage not yet collected). Chromium only.
    pub async fn memory(&self) -> Memory {
        self.cdp("HeapProfiler.collectGarbage", json!({})).await;
        let m = self
            .browser
            .execute_async(MEMORY, vec![])
            .await
            .expect("memory");
        let read = |key: &str| m[key].as_f64().unwrap_or(0.0);
        let memory = Memory {
            js: read("js"),
            wasm: read("wasm"),
            nodes: read("nodes"),
        };
        assert!(
            memory.js > 0.0 && memory.wasm > 0.0,
            "memory could not be measured (no performance.memory, or the wasm was never announced): {m}"
        );
        memory
    }

    /// Entries of a chromedriver log (`browser` or `performance`) since the last read.
    pub async fn log(&self, kind: &str) -> Vec<Value> {
        let body: Value = self
            .http
            .post(self.session_endpoint(&self.browser, "se/log").await)
            .json(&json!({ "type": kind }))
            .send()
            .await
            .expect("log")
            .json()
            .await
            .unwrap_or_else(|e| panic!("the {kind} log is unreadable: {e}"));
        // An unreadable log must fail the test, never read as "nothing was logged".
        body["value"]
            .as_array()
            .cloned()
            .unwrap_or_else(|| panic!("the {kind} log is not a list: {body}"))
    }

    /// The browser console: all of it as chromedriver collects it; in the other engines, whose
    /// drivers have no log endpoint, its errors and warnings as the instrumentation records them.
    pub async fn console(&self) -> Vec<String> {
        if self.engine == Engine::Chromium {
            return self
                .log("browser")
                .await
                .iter()
                .filter_map(|e| e["message"].as_str().map(str::to_owned))
                .collect();
        }
        let recorded = self
            .browser
            .execute("return window.__lev ? window.__lev.console : null;", vec![])
            .await
            .expect("console");
        recorded
            .as_array()
            .unwrap_or_else(|| panic!("the page's console record is missing: {recorded}"))
            .iter()
            .filter_map(|line| line.as_str().map(str::to_owned))
            .collect()
    }

    /// Saves a PNG of the page as `name.png` into `LEV_SCREENSHOTS_DIR`, when that is set (the
    /// README's screenshots come from here).
    pub async fn screenshot(&self, name: &str) {
        let Some(dir) = std::env::var_os("LEV_SCREENSHOTS_DIR") else {
            return;
        };
        let png = self.browser.screenshot().await.expect("screenshot");
        std::fs::create_dir_all(&dir).expect("screenshot folder");
        std::fs::write(PathBuf::from(dir).join(format!("{name}.png")), png)
            .expect("write screenshot");
    }

    /// Sends a DevTools protocol command through chromedriver.
    pub async fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.cdp_on(&self.browser, cmd, params).await
    }

    /// Sends a DevTools protocol command to another browser of this chromedriver.
    pub async fn cdp_on(&self, browser: &Client, cmd: &str, params: Value) -> Value {
        assert_eq!(
            self.engine,
            Engine::Chromium,
            "{cmd}: the DevTools protocol is Chromium's; this test runs in Chromium only"
        );
        let response = self
            .http
            .post(self.session_endpoint(browser, "goog/cdp/execute").await)
            .json(&json!({ "cmd": cmd, "params": params }))
            .send()
            .await
            .expect("cdp");
        assert!(
            response.status().is_success(),
            "{cmd}: {}",
            response.text().await.unwrap_or_default()
        );
        response
            .json::<Value>()
            .await
            .map(|v| v["value"].clone())
            .unwrap_or(Value::Null)
    }

    /// What the instrumentation collected in the current page.
    pub async fn collected(&self) -> Value {
        self.browser
            .execute("return window.__lev ? { csp: window.__lev.csp, errors: window.__lev.errors, pointer: window.__lev.pointer } : null;", vec![])
            .await
            .expect("collected")
    }

    /// Waits until the page's instrumentation has collected at least `count` entries of
    /// `kind` (`csp` or `errors`; reports arrive as events after the fact), then returns all
    /// it collected; fails after [`WAIT`] saying what it saw.
    pub async fn wait_collected(&self, kind: &str, count: usize) -> Value {
        let deadline = std::time::Instant::now() + WAIT;
        loop {
            let collected = self.collected().await;
            if collected[kind].as_array().is_some_and(|v| v.len() >= count) {
                return collected;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{count} {kind} report(s) expected: {collected}"
            );
            // The pause between two checks, within the deadline above.
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }

    /// Fails on any CSP violation, uncaught error, or Rust panic in the page so far.
    pub async fn assert_healthy(&self) {
        let collected = self.collected().await;
        assert!(
            collected["csp"].is_array() && collected["errors"].is_array(),
            "the page's instrumentation (window.__lev) is missing, so CSP violations and \
             uncaught errors can't be checked: {collected}"
        );
        assert_eq!(
            collected["csp"],
            json!([]),
            "Content-Security-Policy violations"
        );
        assert_eq!(collected["errors"], json!([]), "uncaught errors");
        for line in self.console().await {
            let bad = [
                "panicked",
                "RuntimeError",
                "Uncaught",
                "unreachable",
                "Refused to",
            ];
            assert!(!bad.iter().any(|b| line.contains(b)), "console: {line}");
        }
    }

    /// Checks the page is healthy, then ends the browser session.
    pub async fn close(self) {
        self.assert_healthy().await;
        let _ = self.browser.close().await;
    }

    /// Runs axe-core (from npm) on the page, shadow roots included; returns its violations.
    pub async fn axe_violations(&self) -> Vec<Value> {
        let source = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../node_modules/axe-core/axe.min.js"),
        )
        .expect("node_modules/axe-core (run `cargo xtask setup`)");
        self.browser
            .execute(&format!("{source}\nreturn true;"), vec![])
            .await
            .expect("inject axe");
        let result = self
            .browser
            .execute_async(
                // No CSSOM preload: axe would copy the tab's shadow-root stylesheet into inline
                // <style> elements, which the page's policy refuses (its one rule that needs them,
                // css-orientation-lock, then reports as incomplete, not as passed).
                "axe.run(document, { preload: false }).then(r => arguments[0](r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')) }))), e => arguments[0]([{ id: 'axe-error', help: String(e) }]));",
                vec![],
            )
            .await
            .expect("axe.run");
        // Anything but a list means axe did not run: that must fail, never count as no violation.
        result
            .as_array()
            .cloned()
            .unwrap_or_else(|| panic!("axe-core returned no list of violations: {result}"))
    }
}
