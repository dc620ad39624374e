//! Harness: a fresh seeded server and a fresh browser per test, and helpers that find controls
//! by role and accessible name, as computed by Chromium itself.

// Shared with the benchmark (benches/browser.rs): each uses helpers the other does not.
#![allow(dead_code, unused_imports)]

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use lev_server::{start, Config, FaultAction, FaultRule, RecordedRequest, RunningServer};
use serde_json::{json, Value};

pub use lev_server::seed::{ADMIN, DISABLED_ADMIN, FULL_ADMIN, MEMBER, MULTI_ADMIN};

/// The W3C WebDriver key of an element reference in JSON.
pub const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// How long to wait for the page to reach a state. Every `sleep` in these helpers is the pause
/// between two checks of a condition, within this deadline; none stands in for a condition.
pub const WAIT: Duration = Duration::from_secs(20);

/// chromedriver, killed when the test ends (panics included).
struct Driver {
    child: Child,
    url: String,
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

/// A path in the temp folder no other test of this run uses. (A released free port made a poor
/// token: the kernel may hand the same number out again, and two browsers sharing a profile
/// folder make the second one exit at start.)
fn unique_temp_dir(prefix: &str) -> PathBuf {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    std::env::temp_dir().join(format!("{prefix}-{}-{n}", std::process::id()))
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

async fn start_driver(engine: Engine) -> Driver {
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

/// One test's world.
pub struct Env {
    pub server: RunningServer,
    pub browser: Client,
    pub http: reqwest::Client,
    pub engine: Engine,
    driver: Driver,
    _profile: tempdir::Dir,
    _instrumented: Option<tempdir::Dir>,
}

pub mod tempdir {
    /// A temporary folder removed on drop (Chromium's profile).
    pub struct Dir(pub std::path::PathBuf);
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// A copy of the built app plus `embed.html`: a host page that mounts the tab into
/// `<div id="lev-api-keys" {attributes}>`, same origin. Pass the folder as `Config::dist`.
pub fn embedding_dist(attributes: &str) -> tempdir::Dir {
    let dir = unique_temp_dir("lev-embed");
    std::fs::create_dir_all(&dir).expect("embed dir");
    for entry in std::fs::read_dir(dist()).expect("dist") {
        let path = entry.expect("entry").path();
        if let (true, Some(name)) = (path.is_file(), path.file_name()) {
            std::fs::copy(&path, dir.join(name)).expect("copy");
        }
    }
    write_embed_page(&dir, attributes, "");
    tempdir::Dir(dir)
}

/// A server serving [`embedding_dist`] to its browser, with `embed.html` mounting the tab into
/// `<div id="lev-api-keys" {attributes}>` and running `before_start` just before the app
/// starts. The folder comes back too: it must live as long as the server.
pub async fn embedded_env(attributes: &str, before_start: &str) -> (Env, tempdir::Dir) {
    let host = embedding_dist(attributes);
    if !before_start.is_empty() {
        write_embed_page(&host.0, attributes, before_start);
    }
    let env = env_with(Config {
        dist: Some(host.0.clone()),
        ..Config::default()
    })
    .await;
    (env, host)
}

/// (Re)writes `embed.html` in a folder made by [`embedding_dist`]: the tab mounted into
/// `<div id="lev-api-keys" {attributes}>`, with `before_start` run just before the app starts
/// (a host page handing over a token provider, say).
pub fn write_embed_page(dir: &std::path::Path, attributes: &str, before_start: &str) {
    let (mut script, mut wasm, mut css) = (String::new(), String::new(), String::new());
    for entry in std::fs::read_dir(dir).expect("embed dir") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if name.ends_with("_bg.wasm") {
            wasm = name;
        } else if name.ends_with(".js") {
            script = name;
        } else if name.ends_with(".css") {
            css = name;
        }
    }
    let page = format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title><link rel="stylesheet" href="/{css}"></head>
<body><main><h1>Host web app</h1><div id="lev-api-keys" {attributes}></div></main>
<script type="module">import init from '/{script}'; {before_start} await init({{ module_or_path: '/{wasm}' }});</script></body></html>"#
    );
    std::fs::write(dir.join("embed.html"), page).expect("embed page");
}

/// The built app.
pub fn dist() -> PathBuf {
    let dist = std::env::var_os("LEV_E2E_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("target")
                .join("e2e-dist")
        });
    assert!(
        dist.join("index.html").exists(),
        "no built app at {} — run the end-to-end tests through `cargo xtask test`, which builds it",
        dist.display()
    );
    dist
}

/// A fresh seeded server (fault injection on) and a fresh headless Chromium.
pub async fn env() -> Env {
    env_with(Config::default()).await
}

/// A server whose admin account has 60 keys (its 4 and "Bulk 00" to "Bulk 55", newest last;
/// ceiling 200): more than one page.
pub async fn env_with_sixty_keys() -> Env {
    let env = env_with(Config {
        key_ceiling_override: Some(200),
        rate_limits: false,
        ..Config::default()
    })
    .await;
    let token = env.token(ADMIN).await;
    for n in 0..56 {
        env.create_key_via_api(&token, &format!("Bulk {n:02}"))
            .await;
    }
    env
}

/// Like [`env`], with server settings adjusted.
pub async fn env_with(config: Config) -> Env {
    let engine = Engine::current();
    // Chromium gets the instrumentation before any page script through DevTools; the other
    // engines have no such hook in WebDriver, so their app is served with it as the first
    // inline script of index.html (the server's CSP allows it by its hash, like Trunk's loader).
    let instrumented = match (engine, &config.dist) {
        (Engine::Chromium, _) | (_, Some(_)) => None,
        (_, None) => Some(instrumented_dist()),
    };
    let dist = config
        .dist
        .clone()
        .or_else(|| instrumented.as_ref().map(|d| d.0.clone()))
        .unwrap_or_else(dist);
    let server = start(Config {
        dist: Some(dist),
        faults: true,
        dev_sign_in: true,
        ..config
    })
    .await
    .expect("server starts");
    let driver = start_driver(engine).await;
    let (browser, profile) = open_session(&driver.url, engine).await;
    let env = Env {
        server,
        browser,
        http: reqwest::Client::new(),
        engine,
        driver,
        _profile: profile,
        _instrumented: instrumented,
    };
    if engine == Engine::Chromium {
        env.cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": INSTRUMENT }),
        )
        .await;
    }
    env
}

/// A copy of the built app whose index.html runs [`INSTRUMENT`] first.
fn instrumented_dist() -> tempdir::Dir {
    let dir = unique_temp_dir("lev-instrumented");
    std::fs::create_dir_all(&dir).expect("instrumented dir");
    for entry in std::fs::read_dir(dist()).expect("dist") {
        let path = entry.expect("entry").path();
        if let (true, Some(name)) = (path.is_file(), path.file_name()) {
            std::fs::copy(&path, dir.join(name)).expect("copy");
        }
    }
    let index = std::fs::read_to_string(dir.join("index.html")).expect("index.html");
    // Before the app's own (module) script: a classic inline script runs as it is parsed.
    let instrumented = index.replacen(
        "<script",
        &format!("<script>{INSTRUMENT}</script><script"),
        1,
    );
    assert_ne!(index, instrumented, "index.html has the app's script");
    std::fs::write(dir.join("index.html"), instrumented).expect("write index.html");
    tempdir::Dir(dir)
}

/// A new WebDriver session: a fresh browser with an empty profile.
async fn open_session(driver_url: &str, engine: Engine) -> (Client, tempdir::Dir) {
    let profile = unique_temp_dir("lev-e2e");
    let caps = match engine {
        Engine::Chromium => chromium_capabilities(&profile),
        Engine::Firefox => firefox_capabilities(),
        Engine::WebKit => webkit_capabilities(),
    };
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
    (browser, tempdir::Dir(profile))
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
                "dom.events.testing.asyncClipboard": true
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

/// Runs in every page before its own scripts: collects CSP violations, uncaught errors,
/// pointer events (for keyboard-only checks) and the app's wasm exports (for memory).
const INSTRUMENT: &str = r#"
window.__lev = { csp: [], errors: [], pointer: 0, wasm: null, console: [] };
for (const level of ['error', 'warn']) {
  const original = console[level];
  console[level] = (...args) => { window.__lev.console.push(args.map(String).join(' ')); original.apply(console, args); };
}
document.addEventListener('securitypolicyviolation', e => window.__lev.csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`), true);
window.addEventListener('error', e => window.__lev.errors.push(String(e.message)));
window.addEventListener('unhandledrejection', e => window.__lev.errors.push('unhandled rejection: ' + String(e.reason)));
for (const type of ['pointerdown', 'mousedown']) window.addEventListener(type, () => { window.__lev.pointer += 1; }, true);
window.addEventListener('TrunkApplicationStarted', e => { window.__lev.wasm = e.detail.wasm; });
"#;

/// Finds the elements of an ARIA role in the page (by the selectors that produce that role here).
const FIND_BY_ROLE: &str = r#"
const [role] = arguments;
const selectors = {
  button: 'button, [role=button], a.button',
  dialog: 'dialog[open]:not([role=alertdialog]), [role=dialog]',
  alertdialog: '[role=alertdialog]',
  textbox: 'input:not([type]), input[type=text], textarea',
  searchbox: 'input[type=search]',
  link: 'a[href]',
  heading: 'h1, h2, h3',
  status: '[role=status]',
  alert: '[role=alert]',
};
return Array.from(document.querySelectorAll(selectors[role] || `[role=${role}]`));
"#;

impl Env {
    /// `http://127.0.0.1:port` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.server.url(), path)
    }

    /// Signs in as `email` (the server's dev sign-in) and lands on the tab.
    pub async fn sign_in(&self, email: &str) {
        // A one-time link from the server, as `cargo xtask dev` prints one.
        let link = self
            .server
            .sign_in_link(email, None)
            .expect("the test server runs with dev sign-in");
        self.browser.goto(&self.url(&link)).await.expect("navigate");
    }

    /// A session token for direct API calls.
    pub async fn token(&self, email: &str) -> String {
        let body: Value = self
            .http
            .post(self.url("/dev/sessions"))
            .json(&json!({ "email": email }))
            .send()
            .await
            .expect("session")
            .json()
            .await
            .expect("json");
        body["data"]["token"].as_str().expect("token").to_owned()
    }

    /// Calls the API directly with a Bearer token.
    pub async fn api(&self, method: reqwest::Method, path: &str, token: &str) -> reqwest::Response {
        self.http
            .request(method, self.url(&format!("/api/external/v2{path}")))
            .header("X-Origin-App", "e2e-tests")
            .bearer_auth(token)
            .send()
            .await
            .expect("api call")
    }

    /// Creates a key through the API; returns (id, secret).
    pub async fn create_key_via_api(&self, token: &str, label: &str) -> (i64, String) {
        let body: Value = self
            .http
            .post(self.url("/api/external/v2/build/api-keys"))
            .header("X-Origin-App", "e2e-tests")
            .bearer_auth(token)
            .json(&json!({ "label": label }))
            .send()
            .await
            .expect("create")
            .json()
            .await
            .expect("json");
        (
            body["data"]["id"].as_i64().expect("id"),
            body["data"]["api_key"].as_str().expect("secret").to_owned(),
        )
    }

    /// Makes the next `times` requests matching `method path` get `action`.
    pub fn fault(&self, method: &str, path: &str, times: u32, action: FaultAction) {
        self.server.faults().push(FaultRule {
            method: Some(method.to_owned()),
            path: format!("/api/external/v2{path}"),
            times,
            action,
        });
    }

    /// The requests the server received so far for `method` and an API `path` (below
    /// `/api/external/v2`, without the query), oldest first.
    pub fn requests_to(&self, method: &str, path: &str) -> Vec<RecordedRequest> {
        let path = format!("/api/external/v2{path}");
        self.server
            .requests()
            .into_iter()
            .filter(|r| r.method == method && r.path == path)
            .collect()
    }

    /// Waits until the server has received `count` requests for `method path` (answered or
    /// not: a client that gave up leaves its request unanswered in the log).
    pub async fn wait_requests(
        &self,
        method: &str,
        path: &str,
        count: usize,
    ) -> Vec<RecordedRequest> {
        let deadline = Instant::now() + WAIT;
        loop {
            let seen = self.requests_to(method, path);
            if seen.len() >= count {
                return seen;
            }
            assert!(
                Instant::now() < deadline,
                "expected {count} requests {method} {path}, the server has {seen:?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Resolves once the page has rendered two more frames: whatever an earlier event was going
    /// to start (a request, a DOM change) has started by then.
    pub async fn next_frames(&self) {
        self.browser
            .execute_async(
                "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                vec![],
            )
            .await
            .expect("frames");
    }

    /// An attribute as written in the page (WebKitWebDriver's "Get Element Attribute" resolves
    /// URLs such as `href`, so it is read by script in every engine).
    pub async fn attribute_as_written(&self, element: &Element, name: &str) -> Value {
        self.browser
            .execute(
                "return arguments[0].getAttribute(arguments[1]);",
                vec![json!(element), json!(name)],
            )
            .await
            .expect("attribute")
    }

    /// Chromium's computed accessible name of `element` (WebDriver "Get Computed Label").
    pub async fn accessible_name(&self, element: &Element) -> String {
        let session = self
            .browser
            .session_id()
            .await
            .ok()
            .flatten()
            .expect("session id");
        let url = format!(
            "{}/session/{}/element/{}/computedlabel",
            self.driver.url,
            session,
            element.element_id()
        );
        let body: Value = self
            .http
            .get(url)
            .send()
            .await
            .expect("computedlabel")
            .json()
            .await
            .expect("json");
        body["value"].as_str().unwrap_or_default().to_owned()
    }

    /// All elements with `role` whose accessible name is exactly `name`, visible or not.
    pub async fn all_named(&self, role: &str, name: &str) -> Vec<Element> {
        let found = match self.browser.execute(FIND_BY_ROLE, vec![json!(role)]).await {
            Ok(found) => found,
            // The page changed while the driver handed the elements over (WebKitWebDriver says
            // so as a stale element): nothing found this time; `named` looks again.
            Err(fantoccini::error::CmdError::Standard(e))
                if e.error == fantoccini::error::ErrorStatus::StaleElementReference =>
            {
                return Vec::new();
            }
            Err(e) => panic!("find by role: {e}"),
        };
        let mut matches = Vec::new();
        if let Value::Array(items) = found {
            for item in items {
                let Some(id) = item.get(ELEMENT_KEY).and_then(Value::as_str) else {
                    continue;
                };
                let element = Element::from_element_id(self.browser.clone(), id.to_owned().into());
                if self.accessible_name(&element).await == name {
                    matches.push(element);
                }
            }
        }
        matches
    }

    /// Waits for exactly one element with `role` and accessible `name`.
    pub async fn named(&self, role: &str, name: &str) -> Element {
        let deadline = Instant::now() + WAIT;
        loop {
            let mut found = self.all_named(role, name).await;
            if found.len() == 1 {
                return found.remove(0);
            }
            assert!(
                found.len() < 2,
                "{} elements with role {role} named {name:?}",
                found.len()
            );
            assert!(
                Instant::now() < deadline,
                "no {role} named {name:?} appeared; page text:\n{}",
                self.text().await
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits for the one element with `role` and accessible `name`, and clicks it.
    pub async fn click(&self, role: &str, name: &str) {
        self.named(role, name)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {role} {name:?}: {e}"));
    }

    /// Waits until no element with `role` and `name` is left.
    pub async fn gone(&self, role: &str, name: &str) {
        let deadline = Instant::now() + WAIT;
        while !self.all_named(role, name).await.is_empty() {
            assert!(
                Instant::now() < deadline,
                "{role} named {name:?} is still there"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits for a CSS selector.
    pub async fn css(&self, selector: &str) -> Element {
        self.browser
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(selector))
            .await
            .unwrap_or_else(|e| panic!("{selector} did not appear: {e}"))
    }

    /// Every element matching a CSS selector, now.
    pub async fn all(&self, selector: &str) -> Vec<Element> {
        self.browser
            .find_all(Locator::Css(selector))
            .await
            .expect("find_all")
    }

    /// The page's visible text.
    pub async fn text(&self) -> String {
        // WebKitWebDriver's element text leaves out what an open modal <dialog> shows (the top
        // layer), though the page shows it: there the page's own innerText is read.
        if self.engine == Engine::WebKit {
            return self
                .browser
                .execute(
                    "return document.body ? document.body.innerText : '';",
                    vec![],
                )
                .await
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
        }
        match self.browser.find(Locator::Css("body")).await {
            Ok(body) => body.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        }
    }

    /// Waits until the page's text contains `needle`.
    pub async fn wait_text(&self, needle: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            let text = self.text().await;
            if text.contains(needle) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "text {needle:?} did not appear; page text:\n{text}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Labels of the rows, top to bottom.
    pub async fn row_labels(&self) -> Vec<String> {
        let mut labels = Vec::new();
        for cell in self.all("tbody tr[data-key-id] .key-label").await {
            labels.push(cell.text().await.unwrap_or_default());
        }
        labels
    }

    /// Waits for the list to show `count` rows.
    pub async fn wait_rows(&self, count: usize) -> Vec<String> {
        let deadline = Instant::now() + WAIT;
        loop {
            let labels = self.row_labels().await;
            if labels.len() == count {
                return labels;
            }
            assert!(
                Instant::now() < deadline,
                "expected {count} rows, have {labels:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The element that has focus.
    pub async fn focused(&self) -> Element {
        self.browser.active_element().await.expect("active element")
    }

    /// Whether `element` has focus.
    pub async fn has_focus(&self, element: &Element) -> bool {
        let focused = self.focused().await;
        let same = self
            .browser
            .execute(
                "return arguments[0] === arguments[1];",
                vec![json!(focused), json!(element)],
            )
            .await
            .expect("compare");
        same == json!(true)
    }

    /// Presses keys on the focused element.
    pub async fn press(&self, keys: &str) {
        let focused = self.focused().await;
        focused.send_keys(keys).await.expect("keys");
    }

    /// Waits for the one-time reveal and returns the key it shows.
    pub async fn revealed_secret(&self) -> String {
        self.css("#revealed-key")
            .await
            .prop("value")
            .await
            .ok()
            .flatten()
            .expect("the reveal shows the key")
    }

    /// Opens Create key, types `label` and presses Enter; returns the key the reveal shows,
    /// which stays open.
    pub async fn create_and_reveal(&self, label: &str) -> String {
        self.click("button", "Create key").await;
        self.named("textbox", "Label")
            .await
            .send_keys(&format!("{label}\u{E007}"))
            .await
            .expect("type the label and Enter");
        self.revealed_secret().await
    }

    /// Creates a key through the dialog and closes the reveal without copying; returns the
    /// secret that was shown.
    pub async fn create_via_dialog(&self, label: &str) -> String {
        self.click("button", "Create key").await;
        let field = self.named("textbox", "Label").await;
        // Set through the page, exactly as given (WebDriver keys can't carry every character).
        self.browser
            .execute(
                "const f = arguments[0]; f.value = arguments[1]; f.dispatchEvent(new Event('input', { bubbles: true }));",
                vec![json!(field), json!(label)],
            )
            .await
            .expect("type");
        self.click("button", "Create").await;
        let secret = self.revealed_secret().await;
        self.click("button", "Done").await;
        self.click("button", "Close anyway").await;
        self.gone("dialog", "Save your API key").await;
        secret
    }

    /// Lets the page read and write the clipboard without a prompt: in Chromium through the
    /// DevTools protocol; Firefox's session allows it by a preference at start
    /// (`dom.events.testing.asyncClipboard`); WebKitGTK has no way in (see
    /// [`Engine::copies_on_click`]).
    pub async fn allow_clipboard(&self) {
        if self.engine != Engine::Chromium {
            return;
        }
        let origin = self.server.url();
        self.cdp(
            "Browser.grantPermissions",
            json!({ "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"], "origin": origin }),
        )
        .await;
    }

    /// Copies the revealed key with its button: "Copied" shows, and, where the engine lets a
    /// test read it back, the clipboard holds `secret`.
    pub async fn copy_key(&self, secret: &str) {
        self.copy_with("Copy API key", secret).await;
    }

    /// Presses the copy button named `button`: "Copied" shows, and, where the engine lets a
    /// test read it back, the clipboard holds `expected`.
    pub async fn copy_with(&self, button: &str, expected: &str) {
        let button = self.named("button", button).await;
        button.click().await.expect("copy");
        // The button's own status, not another copy button's.
        let deadline = Instant::now() + WAIT;
        loop {
            let said = self
                .browser
                .execute(
                    "return arguments[0].closest('.copy').querySelector('.copy-status').textContent;",
                    vec![json!(button)],
                )
                .await
                .expect("copy status");
            if said == json!("Copied") {
                break;
            }
            assert!(Instant::now() < deadline, "the button never said Copied");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        if !self.engine.reads_clipboard() {
            return;
        }
        let clipboard = self
            .browser
            .execute_async(
                "navigator.clipboard.readText().then(arguments[0], e => arguments[0]('ERR ' + e));",
                vec![],
            )
            .await
            .expect("clipboard");
        assert_eq!(
            clipboard,
            json!(expected),
            "the clipboard holds what was copied"
        );
    }

    /// Entries of a chromedriver log (`browser` or `performance`) since the last read.
    pub async fn log(&self, kind: &str) -> Vec<Value> {
        let session = self
            .browser
            .session_id()
            .await
            .ok()
            .flatten()
            .expect("session id");
        let body: Value = self
            .http
            .post(format!("{}/session/{}/se/log", self.driver.url, session))
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

    /// Another browser on the same server: a fresh profile (empty cache, no cookies), for cold
    /// loads. The caller closes it.
    pub async fn fresh_browser(&self) -> (Client, tempdir::Dir) {
        open_session(&self.driver.url, self.engine).await
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
        let session = browser
            .session_id()
            .await
            .ok()
            .flatten()
            .expect("session id");
        let response = self
            .http
            .post(format!(
                "{}/session/{}/goog/cdp/execute",
                self.driver.url, session
            ))
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
}
