//! One test's world: a fresh seeded server (fault injection and dev sign-in on) serving the
//! built app, and a fresh browser; what the server was asked, and the API called directly.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use fantoccini::Client;
use lev_server::{start, Config, FaultAction, FaultRule, RecordedRequest, RunningServer};
use serde_json::{json, Value};
use tempfile::TempDir;

use crate::driver::{open_session, start_driver, Driver, Engine};
use crate::instrument::INSTRUMENT;
use crate::seed::ADMIN;
use crate::WAIT;

/// One test's world, ended by [`Env::close`] (which checks the page stayed healthy).
pub struct Env {
    /// The local API server, with what it was asked and its fault rules.
    pub server: RunningServer,
    /// The WebDriver session.
    pub browser: Client,
    /// For direct API calls and the drivers' own endpoints.
    pub http: reqwest::Client,
    /// The engine the browser is.
    pub engine: Engine,
    pub(crate) driver: Driver,
    _profile: TempDir,
    _instrumented: Option<TempDir>,
}

/// A copy of the built app's files in a new temporary folder, for a test to add pages to or
/// change.
pub fn copy_of_dist(prefix: &str) -> TempDir {
    let dir = tempfile::Builder::new()
        .prefix(prefix)
        .tempdir()
        .expect("a temporary folder");
    copy_folder(&dist(), dir.path());
    dir
}

/// Copies the files of `from` into `to`, folders (`embed/`) included.
fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("a folder");
    for entry in std::fs::read_dir(from).expect("a built folder") {
        let path = entry.expect("entry").path();
        let Some(name) = path.file_name() else {
            continue;
        };
        if path.is_dir() {
            copy_folder(&path, &to.join(name));
        } else {
            std::fs::copy(&path, to.join(name)).expect("copy");
        }
    }
}

/// A copy of the built app plus `embed.html`: a host page holding
/// `<lev-api-keys {attributes}>`, same origin. Pass the folder as `Config::dist`.
pub fn embedding_dist(attributes: &str) -> TempDir {
    let dir = copy_of_dist("lev-embed");
    write_embed_page(dir.path(), attributes, "");
    dir
}

/// A server serving [`embedding_dist`] to its browser, with `embed.html` holding
/// `<lev-api-keys {attributes}>` and running `before_start` before the element is defined. The folder comes back too: it must live as long as the server.
pub async fn embedded_env(attributes: &str, before_start: &str) -> (Env, TempDir) {
    let host = embedding_dist(attributes);
    if !before_start.is_empty() {
        write_embed_page(host.path(), attributes, before_start);
    }
    let env = env_with(Config {
        dist: Some(host.path().to_owned()),
        ..Config::default()
    })
    .await;
    (env, host)
}

/// (Re)writes `embed.html` in a folder made by [`embedding_dist`]: a host page holding
/// `<lev-api-keys {attributes}>`, whose module script runs `before_start` (with `host` the
/// element) before the element's entry loads and defines it — a host page handing over a token
/// provider before the element is defined, say, as frameworks do.
pub fn write_embed_page(dir: &Path, attributes: &str, before_start: &str) {
    // The tests' instrumentation first, as every host page has it (Firefox and WebKit have no
    // other way to install it before the page's scripts).
    let host = dir.join("host");
    std::fs::create_dir_all(&host).expect("host folder");
    std::fs::write(host.join("instrument.js"), crate::instrument::INSTRUMENT)
        .expect("instrument.js");
    let page = format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title><script src="/host/instrument.js"></script></head>
<body><main><h1>Host web app</h1><lev-api-keys {attributes}></lev-api-keys></main>
<script type="module">const host = document.querySelector('lev-api-keys'); {before_start}</script>
<script type="module" src="/embed/lev-api-keys.js"></script></body></html>"#
    );
    std::fs::write(dir.join("embed.html"), page).expect("embed page");
}

/// The built app.
pub fn dist() -> PathBuf {
    let dist = std::env::var_os("LEV_E2E_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("..")
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

/// How the build names the dialogs' chunks and their loader (one rule, in `lev-rules`).
pub use lev_rules::chunk_names::{is_chunk, is_chunk_loader};

/// The names of the built package's files (`embed/`, what host pages load) that `wanted`
/// picks, in name order.
pub fn embed_files(wanted: impl Fn(&str) -> bool) -> Vec<String> {
    built_files("embed", wanted)
}

/// The names of the standalone page's element files (`app/`, built with its settings shell)
/// that `wanted` picks, in name order.
pub fn app_files(wanted: impl Fn(&str) -> bool) -> Vec<String> {
    built_files("app", wanted)
}

fn built_files(folder: &str, wanted: impl Fn(&str) -> bool) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dist().join(folder))
        .unwrap_or_else(|e| panic!("the built app's {folder}/: {e}"))
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| wanted(n))
        .collect();
    names.sort();
    names
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

/// The seeded admin signed in on a server with `config`, the four keys listed.
pub async fn admin_page(config: Config) -> Env {
    let env = env_with(config).await;
    env.sign_in(ADMIN).await;
    env.wait_rows(4).await;
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
        .or_else(|| instrumented.as_ref().map(|d| d.path().to_owned()))
        .unwrap_or_else(dist);
    let server_test_hosts = config.dev_test_hosts.clone();
    let server = start(Config {
        dist: Some(dist),
        faults: true,
        dev_sign_in: true,
        ..config
    })
    .await
    .expect("server starts");
    let driver = start_driver(engine).await;
    // WebKitGTK's MiniBrowser can't be told that a name resolves to this machine, so for a
    // server reached at a `.test` name its requests go through the server itself as their
    // proxy: a proxy is sent the whole URL, and the server serves `http://lev.test:PORT/…`
    // like its own address (the browser still sees an origin that is not loopback).
    let proxy = (engine == Engine::WebKit && !server_test_hosts.is_empty()).then(|| server.addr());
    let (browser, profile) = open_session(&driver.url, engine, proxy).await;
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
fn instrumented_dist() -> TempDir {
    let dir = copy_of_dist("lev-instrumented");
    let index = std::fs::read_to_string(dir.path().join("index.html")).expect("index.html");
    // Before the app's own (module) script: a classic inline script runs as it is parsed.
    let instrumented = index.replacen(
        "<script",
        &format!("<script>{INSTRUMENT}</script><script"),
        1,
    );
    assert_ne!(index, instrumented, "index.html has the app's script");
    std::fs::write(dir.path().join("index.html"), instrumented).expect("write index.html");
    dir
}

impl Env {
    /// The URL of `path` below `browser`'s WebDriver session at the driver (for the endpoints
    /// fantoccini has no call for: logs, computed labels, DevTools commands).
    pub(crate) async fn session_endpoint(&self, browser: &Client, path: &str) -> String {
        let session = browser
            .session_id()
            .await
            .ok()
            .flatten()
            .expect("a WebDriver session id");
        format!("{}/session/{}/{path}", self.driver.url, session)
    }

    /// `http://127.0.0.1:port` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.server.url(), path)
    }

    /// `http://lev.test:port` + `path`: this server at a name that is not loopback, an insecure
    /// context (the server must list [`crate::TEST_HOST`] in `Config::dev_test_hosts`).
    pub fn test_host_url(&self, path: &str) -> String {
        format!(
            "http://{}:{}{path}",
            crate::TEST_HOST,
            self.server.addr().port()
        )
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

    /// Signs in as `email` and lands on `path` of this server (a host page, say).
    pub async fn sign_in_at(&self, email: &str, path: &str) {
        let link = self
            .server
            .sign_in_link(email, Some(path))
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

    /// Makes the next `times` requests for a file of the app whose path starts with `prefix`
    /// (`/app/lev-create_key-`) get `action`.
    pub fn fault_file(&self, prefix: &str, times: u32, action: FaultAction) {
        self.server.faults().push(FaultRule {
            method: Some("GET".to_owned()),
            path: prefix.to_owned(),
            times,
            action,
        });
    }

    /// The GETs the server received so far for files whose path starts with `prefix`, oldest
    /// first.
    pub fn file_requests(&self, prefix: &str) -> Vec<RecordedRequest> {
        self.server
            .requests()
            .into_iter()
            .filter(|r| r.method == "GET" && r.path.starts_with(prefix))
            .collect()
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

    /// The query strings of the list requests the server received, oldest first, exactly as
    /// sent (`limit=50&offset=0`).
    pub fn list_queries(&self) -> Vec<String> {
        self.requests_to("GET", "/build/api-keys")
            .into_iter()
            .map(|r| r.query.unwrap_or_default())
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

    /// Another browser on the same server: a fresh profile (empty cache, no cookies), for cold
    /// loads. The caller closes it.
    pub async fn fresh_browser(&self) -> (Client, TempDir) {
        open_session(&self.driver.url, self.engine, None).await
    }
}
