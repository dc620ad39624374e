//! The WebDriver side: which engine, its driver process, and a fresh browser session.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use serde_json::{json, Value};
use tempfile::TempDir;

use crate::TEST_HOST;

/// chromedriver, killed when the test ends (panics included).
pub(crate) struct Driver {
    child: Child,
    /// Where the driver listens (`http://127.0.0.1:port`).
    pub(crate) url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        // chromedriver leads its own process group, Chromium included: killing the group also
        // ends a browser whose session was never closed (a test or the benchmark panicked).
        #[cfg(unix)]
        let _ = Command::new("kill")
            .args(["-s", "KILL", "--", &format!("-{}", self.child.id())])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// The browser engine a test runs in: `LEV_E2E_ENGINE=chromium|firefox|webkit` (Chromium when
/// unset). Where an engine needs another way in, the harness says so at that place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// Debian's Chromium through chromedriver.
    Chromium,
    /// Debian's Firefox ESR through geckodriver.
    Firefox,
    /// WebKitGTK's MiniBrowser through WebKitWebDriver, on a virtual display (Xvfb).
    WebKit,
}

impl Engine {
    /// The engine of this test run.
    pub fn current() -> Self {
        match std::env::var("LEV_E2E_ENGINE").as_deref() {
            Ok("firefox") => Self::Firefox,
            Ok("webkit") => Self::WebKit,
            Ok("chromium") | Err(_) => Self::Chromium,
            Ok(other) => panic!("LEV_E2E_ENGINE={other}: use chromium, firefox or webkit"),
        }
    }

    /// Whether a test can read the clipboard back. A WebDriver click writes it in all three
    /// engines, but WebKitGTK has no permission a session can grant for `readText`: there the
    /// test sees "Copied" (shown only after the write succeeded) and cannot read the text back.
    /// (A copy started by a page script's `element.click()` WebKitGTK refuses; the app's
    /// fallback for that — the key selected for Ctrl/Cmd-C — the component tests check.)
    pub fn reads_clipboard(self) -> bool {
        self != Self::WebKit
    }

    fn driver_command(self, port: u16) -> Command {
        let tool =
            |var: &str, default: &str| std::env::var(var).unwrap_or_else(|_| default.to_owned());
        match self {
            Self::Chromium => {
                let mut command = Command::new(tool("CHROMEDRIVER", "/usr/bin/chromedriver"));
                command.arg(format!("--port={port}"));
                command
            }
            Self::Firefox => {
                let home = std::env::var("HOME").unwrap_or_default();
                let mut command = Command::new(tool(
                    "GECKODRIVER",
                    &format!("{home}/.cargo/bin/geckodriver"),
                ));
                command.args(["--host", "127.0.0.1", "--port", &port.to_string()]);
                command
            }
            // MiniBrowser needs a display even when nobody looks: Xvfb gives it one.
            Self::WebKit => {
                let mut command = Command::new("xvfb-run");
                command.args([
                    "-a",
                    "-s",
                    "-screen 0 1280x900x24",
                    &tool("WEBKIT_WEBDRIVER", "/usr/bin/WebKitWebDriver"),
                    &format!("--port={port}"),
                ]);
                command
            }
        }
    }
}

/// Starts the driver of `engine` on a free port and waits until it answers.
pub(crate) async fn start_driver(engine: Engine) -> Driver {
    let port = free_port();
    let mut command = engine.driver_command(port);
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let child = command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("cannot start the {engine:?} driver: {e} (run `cargo xtask setup`)")
        });
    let driver = Driver {
        child,
        url: format!("http://127.0.0.1:{port}"),
    };
    let http = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(response) = http.get(format!("{}/status", driver.url)).send().await {
            if response.status().is_success() {
                return driver;
            }
        }
        assert!(
            Instant::now() < deadline,
            "the {engine:?} driver did not start"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A new WebDriver session: a fresh browser with an empty profile. With `proxy`, its plain-http
/// requests go through that address (WebDriver's `proxy` capability).
pub(crate) async fn open_session(
    driver_url: &str,
    engine: Engine,
    proxy: Option<std::net::SocketAddr>,
) -> (Client, TempDir) {
    let profile = tempfile::Builder::new()
        .prefix("lev-e2e-profile")
        .tempdir()
        .expect("a profile folder");
    let mut caps = match engine {
        Engine::Chromium => chromium_capabilities(profile.path()),
        Engine::Firefox => firefox_capabilities(),
        Engine::WebKit => webkit_capabilities(),
    };
    if let Some(proxy) = proxy {
        caps.insert(
            "proxy".to_owned(),
            json!({ "proxyType": "manual", "httpProxy": proxy.to_string() }),
        );
    }
    // The drivers listen on plain HTTP on loopback: no TLS stack needed.
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    let browser = ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(driver_url)
        .await
        .unwrap_or_else(|e| panic!("a WebDriver session in {engine:?}: {e}"));
    if engine != Engine::Chromium {
        browser
            .set_window_size(1280, 900)
            .await
            .expect("window size");
    }
    (browser, profile)
}

fn chromium_capabilities(profile: &std::path::Path) -> serde_json::Map<String, Value> {
    let chromium = std::env::var("LEV_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned());
    // chromedriver's network log (read by the secret-hygiene test) instruments every request;
    // the benchmark turns it off so it measures the page, not the instrumentation.
    let network_log = std::env::var_os("LEV_E2E_NO_NETWORK_LOG").is_none();
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".to_owned(),
        json!({
            "binary": chromium,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic", "--window-size=1280,900",
                "--enable-precise-memory-info",
                // A name that is not loopback, for the insecure-origin tests (see
                // `Env::test_host_url`).
                format!("--host-resolver-rules=MAP {TEST_HOST} 127.0.0.1"),
                format!("--user-data-dir={}", profile.display()),
            ],
            "perfLoggingPrefs": { "enableNetwork": network_log, "enablePage": false }
        }),
    );
    caps.insert(
        "goog:loggingPrefs".to_owned(),
        json!({ "browser": "ALL", "performance": "ALL" }),
    );
    caps
}

fn firefox_capabilities() -> serde_json::Map<String, Value> {
    let firefox =
        std::env::var("LEV_FIREFOX").unwrap_or_else(|_| "/usr/bin/firefox-esr".to_owned());
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".to_owned(), json!("firefox"));
    caps.insert(
        "moz:firefoxOptions".to_owned(),
        json!({
            "binary": firefox,
            "args": ["-headless"],
            // Nothing reaches the network beyond the test server; the clipboard may be read
            // back by the test (Firefox asks the person otherwise).
            "prefs": {
                "app.update.enabled": false,
                "browser.shell.checkDefaultBrowser": false,
                "browser.safebrowsing.malware.enabled": false,
                "browser.safebrowsing.phishing.enabled": false,
                "datareporting.policy.dataSubmissionEnabled": false,
                "toolkit.telemetry.enabled": false,
                "network.captive-portal-service.enabled": false,
                "network.connectivity-service.enabled": false,
                "extensions.update.enabled": false,
                "dom.events.testing.asyncClipboard": true,
                // The insecure-origin tests' name resolves to this machine.
                "network.dns.localDomains": TEST_HOST
            }
        }),
    );
    caps
}

fn webkit_capabilities() -> serde_json::Map<String, Value> {
    let minibrowser = std::env::var("LEV_MINIBROWSER")
        .unwrap_or_else(|_| "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser".to_owned());
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".to_owned(), json!("MiniBrowser"));
    caps.insert(
        "webkitgtk:browserOptions".to_owned(),
        json!({ "binary": minibrowser, "args": ["--automation"] }),
    );
    caps
}
