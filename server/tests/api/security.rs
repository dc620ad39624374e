//! The security review's findings, each over real HTTP: dev sign-in only when asked and only
//! for this server's own pages or its one-time links, no open redirect, bounded and scoped
//! replays, best-effort bookkeeping, a ceiling flag that stays in memory, atomic first starts,
//! timeouts and shutdown, panics, and the token of the test instrumentation.

use std::io::{Read, Write};
use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use lev_server::{start, Config, FailPoint, FaultAction, FaultRule, StartError, Storage};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::support::*;

fn same_origin(h: &Harness) -> String {
    h.server.url()
}

/// The session cookie a sign-in answer sets, if any.
fn session_cookie(response: &reqwest::Response) -> Option<String> {
    let cookie = response.headers().get("set-cookie")?.to_str().ok()?;
    let token = cookie.split(';').next()?.strip_prefix("lev_session=")?;
    (!token.is_empty()).then(|| token.to_owned())
}

#[tokio::test]
async fn dev_sign_in_exists_only_when_asked() {
    let h = harness_with(Config::default()).await;
    for (method, path) in [
        (Method::GET, "/dev/sign-in"),
        (Method::POST, "/dev/sign-in"),
        (Method::POST, "/dev/sessions"),
        (Method::POST, "/dev/sign-out"),
    ] {
        let response = h
            .http
            .request(method.clone(), h.url(path))
            .header("Origin", same_origin(&h))
            .json(&json!({ "email": ADMIN }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{method} {path}");
    }
    assert_eq!(h.server.sign_in_link(ADMIN, None), None);
}

#[tokio::test]
async fn dev_sign_in_refuses_addresses_beyond_loopback() {
    let refused = start(Config {
        addr: SocketAddr::from(([0, 0, 0, 0], 0)),
        ..dev()
    })
    .await;
    assert!(
        matches!(refused, Err(StartError::DevSignInNotLoopback(_))),
        "0.0.0.0 with --dev-sign-in must not start"
    );
}

#[tokio::test]
async fn with_dev_sign_in_only_requests_to_this_server_are_answered() {
    let h = harness().await;
    let port = h.server.addr().port();
    for host in ["evil.example", "evil.example:80", "127.0.0.1.nip.io"] {
        let response = h
            .http
            .get(h.api("/health"))
            .header("Host", host)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::MISDIRECTED_REQUEST, "{host}");
    }
    let response = h
        .http
        .post(h.url("/dev/sessions"))
        .header("Host", format!("rebound.example:{port}"))
        .json(&json!({ "email": ADMIN }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::MISDIRECTED_REQUEST);
    let response = h
        .http
        .get(h.api("/health"))
        .header("Host", format!("localhost:{port}"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "localhost is this server too"
    );
}

#[tokio::test]
async fn a_local_proxy_is_answered_only_when_named_and_only_on_loopback() {
    let refused = start(Config {
        dev_proxy_hosts: vec!["dev.example:8081".into()],
        ..dev()
    })
    .await;
    assert!(matches!(refused, Err(StartError::ProxyHostNotLoopback(_))));
    let h = harness_with(Config {
        dev_proxy_hosts: vec!["127.0.0.1:8081".into()],
        ..dev()
    })
    .await;
    // What `trunk serve` forwards: its own Host, and the page's Origin.
    let response = h
        .http
        .post(h.url("/dev/sign-in"))
        .header("Host", "127.0.0.1:8081")
        .header("Origin", "http://127.0.0.1:8081")
        .form(&[("email", ADMIN)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let response = h
        .http
        .get(h.api("/health"))
        .header("Host", "127.0.0.1:8082")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::MISDIRECTED_REQUEST);
}

#[tokio::test]
async fn a_sign_in_is_a_same_origin_post_or_a_one_time_link() {
    let h = harness().await;
    // A cross-site form post (login CSRF) and one without an Origin are refused.
    for origin in [Some("http://evil.example"), None] {
        let mut request = h
            .http
            .post(h.url("/dev/sign-in"))
            .form(&[("email", ADMIN), ("next", "/settings/api-keys")]);
        if let Some(origin) = origin {
            request = request.header("Origin", origin);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{origin:?}");
        assert_eq!(session_cookie(&response), None);
    }
    // The old passwordless link signs nobody in.
    let response = h
        .http
        .get(h.url(&format!("/dev/sign-in?as={ADMIN}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK, "just the page");
    assert_eq!(session_cookie(&response), None);

    // From the server's own page: signed in.
    let response = h
        .http
        .post(h.url("/dev/sign-in"))
        .header("Origin", same_origin(&h))
        .form(&[("email", ADMIN)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(session_cookie(&response).is_some());

    // A one-time link works once.
    let link = h
        .server
        .sign_in_link(ADMIN, Some("/settings/api-keys"))
        .expect("a link");
    let first = h.http.get(h.url(&link)).send().await.unwrap();
    assert_eq!(first.status(), StatusCode::SEE_OTHER);
    assert_eq!(first.headers()["location"], "/settings/api-keys");
    let token = session_cookie(&first).expect("signed in");
    h.list(&Auth::Cookie(token), "").await;
    let again = h.http.get(h.url(&link)).send().await.unwrap();
    assert_eq!(again.status(), StatusCode::OK, "the page, with a notice");
    assert_eq!(session_cookie(&again), None, "used up");
    assert!(again
        .text()
        .await
        .unwrap()
        .contains("already used or has expired"));

    // Sign-out is a same-origin POST too.
    let response = h.http.post(h.url("/dev/sign-out")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn next_is_only_ever_a_same_origin_path() {
    let h = harness().await;
    for next in [
        "/\t/evil.example",
        "/%09/evil.example",
        "//evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "https://evil.example/",
        "javascript:alert(1)",
        "/ /evil.example",
        "/\n/evil.example",
        "evil.example",
    ] {
        let response = h
            .http
            .post(h.url("/dev/sign-in"))
            .header("Origin", same_origin(&h))
            .form(&[("email", ADMIN), ("next", next)])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{next:?}");
        assert_eq!(
            response.headers()["location"],
            "/settings/api-keys",
            "{next:?} must not be followed"
        );
    }
    // The reviewed attack itself, through a link's query string.
    let link = h.server.sign_in_link(ADMIN, None).expect("a link");
    let response = h
        .http
        .get(h.url(&format!("{link}&next=/%09/evil.example")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["location"], "/settings/api-keys");
    let response = h
        .http
        .post(h.url("/dev/sign-in"))
        .header("Origin", same_origin(&h))
        .form(&[("email", ADMIN), ("next", "/settings/api-keys?tab=1#x")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["location"], "/settings/api-keys?tab=1#x");
}

async fn create_with_key(h: &Harness, auth: &Auth, key: &str, label: &str) -> reqwest::Response {
    h.request(Method::POST, "/build/api-keys", auth)
        .header("Idempotency-Key", key)
        .json(&json!({ "label": label }))
        .send()
        .await
        .unwrap()
}

fn replayed(response: &reqwest::Response) -> bool {
    response.headers().contains_key("idempotent-replayed")
}

#[tokio::test]
async fn replays_are_given_only_to_the_credential_that_made_the_key() {
    let h = harness().await;
    let first = Auth::Bearer(h.session(ADMIN).await);
    let second = Auth::Bearer(h.session(ADMIN).await);
    let made = create_with_key(&h, &first, "shared-key", "Mine").await;
    assert_eq!(made.status(), StatusCode::CREATED);
    let made: Value = made.json().await.unwrap();

    let other = create_with_key(&h, &second, "shared-key", "Mine").await;
    assert_eq!(other.status(), StatusCode::CREATED);
    assert!(
        !replayed(&other),
        "another session of the same person gets no replay"
    );
    let other: Value = other.json().await.unwrap();
    assert_ne!(other["data"]["api_key"], made["data"]["api_key"]);

    let again = create_with_key(&h, &first, "shared-key", "Mine").await;
    assert!(replayed(&again), "the same session does");
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["data"]["api_key"], made["data"]["api_key"]);
}

#[tokio::test]
async fn a_revoked_keys_replay_is_forgotten() {
    let h = harness().await;
    let admin = Auth::Bearer(h.session(ADMIN).await);
    let made: Value = create_with_key(&h, &admin, "revoke-me", "Short lived")
        .await
        .json()
        .await
        .unwrap();
    let id = made["data"]["id"].as_i64().unwrap();
    let revoked = h
        .request(Method::DELETE, &format!("/api-keys/{id}"), &admin)
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), StatusCode::OK);
    let again = create_with_key(&h, &admin, "revoke-me", "Short lived").await;
    assert_eq!(again.status(), StatusCode::CREATED);
    assert!(
        !replayed(&again),
        "the revoked key's secret is never handed out again"
    );
    let again: Value = again.json().await.unwrap();
    assert_ne!(again["data"]["api_key"], made["data"]["api_key"]);
}

#[tokio::test]
async fn replays_are_bounded_per_account_oldest_first() {
    let h = harness_with(Config {
        rate_limits: false,
        key_ceiling_override: Some(1_000),
        ..dev()
    })
    .await;
    let admin = Auth::Bearer(h.session(ADMIN).await);
    for n in 0..=100 {
        let response = create_with_key(&h, &admin, &format!("bulk-{n}"), "Bulk").await;
        assert_eq!(response.status(), StatusCode::CREATED);
    }
    assert_eq!(h.server.stored_replays("acme-capital"), 100);
    let oldest = create_with_key(&h, &admin, "bulk-0", "Bulk").await;
    assert!(!replayed(&oldest), "the oldest replay was evicted");
    let newest = create_with_key(&h, &admin, "bulk-100", "Bulk").await;
    assert!(replayed(&newest), "recent ones stay");
}

#[tokio::test]
async fn a_failed_last_used_write_never_fails_a_request() {
    let h = harness().await;
    let admin = Auth::Bearer(h.session(ADMIN).await);
    let key = h.create_key(&admin, "Writer").await["data"]["api_key"]
        .as_str()
        .unwrap()
        .to_owned();
    h.server.refuse_writes();
    let response = h
        .request(Method::GET, "/me", &Auth::Bearer(key.clone()))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "a read with a key still works"
    );
    h.list(&Auth::Bearer(key), "").await;
}

#[tokio::test]
async fn the_key_ceiling_flag_is_never_written_to_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let storage = Storage::File(dir.path().join("lev.sqlite3"));
    let ceiling = |h: Harness| async move {
        let admin = Auth::Bearer(h.session(ADMIN).await);
        let me: Value = h
            .request(Method::GET, "/me", &admin)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        h.server.stop().await;
        me["data"]["platform"]["api_keys"]["max_allowed"].clone()
    };
    let raised = harness_with(Config {
        storage: storage.clone(),
        key_ceiling_override: Some(3),
        ..dev()
    })
    .await;
    assert_eq!(ceiling(raised).await, json!(3));
    let plain = harness_with(Config {
        storage,
        seed: false,
        ..dev()
    })
    .await;
    assert_eq!(
        ceiling(plain).await,
        json!(10),
        "the Standard tier's own, as stored"
    );
}

#[tokio::test]
async fn an_interrupted_first_start_is_finished_by_the_next() {
    for fail_point in [FailPoint::Migration, FailPoint::Seed] {
        let dir = tempfile::tempdir().unwrap();
        let storage = Storage::File(dir.path().join("lev.sqlite3"));
        let interrupted = start(Config {
            storage: storage.clone(),
            fail_point: Some(fail_point),
            ..dev()
        })
        .await;
        assert!(interrupted.is_err(), "{fail_point:?}");
        let h = harness_with(Config { storage, ..dev() }).await;
        for email in [ADMIN, MEMBER, DISABLED_ADMIN, MULTI_ADMIN, FULL_ADMIN] {
            h.session(email).await;
        }
        let admin = Auth::Bearer(h.session(ADMIN).await);
        let keys = h.list(&admin, "").await;
        assert_eq!(
            keys["pagination"]["total"],
            json!(4),
            "{fail_point:?}: seeded whole"
        );
    }
}

#[tokio::test]
async fn a_client_trickling_its_body_is_cut_off() {
    let h = harness_with(Config {
        request_timeout: Duration::from_millis(500),
        ..dev()
    })
    .await;
    let token = h.session(ADMIN).await;
    let addr = h.server.addr();
    let started = Instant::now();
    let answer = tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        write!(
            stream,
            "POST /api/external/v2/build/api-keys HTTP/1.1\r\nHost: {addr}\r\nX-Origin-App: t\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n{{"
        )
        .unwrap();
        // …and never the rest of the body.
        let mut answer = vec![0u8; 1024];
        let n = stream.read(&mut answer).unwrap_or(0);
        String::from_utf8_lossy(&answer[..n]).into_owned()
    })
    .await
    .unwrap();
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn stopping_waits_for_requests_only_so_long() {
    let h = harness_with(Config {
        faults: true,
        shutdown_grace: Duration::from_millis(300),
        request_timeout: Duration::from_secs(120),
        ..dev()
    })
    .await;
    let admin = Auth::Bearer(h.session(ADMIN).await);
    h.fault("GET", "/me", 1, FaultAction::Delay { ms: 60_000 });
    let hanging = h.request(Method::GET, "/me", &admin).send();
    let hanging = tokio::spawn(hanging);
    while h
        .server
        .requests()
        .iter()
        .all(|r| r.path != "/api/external/v2/me")
    {
        tokio::task::yield_now().await;
    }
    let started = Instant::now();
    tokio::time::timeout(Duration::from_secs(5), h.server.stop())
        .await
        .expect("stop returns after its grace period, not after the request");
    assert!(started.elapsed() < Duration::from_secs(2));
    hanging.abort();
}

/// The next line from `lines` starting with `prefix` (20 s at most).
fn next_line(lines: &std::sync::mpsc::Receiver<String>, prefix: &str) -> String {
    loop {
        let line = lines
            .recv_timeout(Duration::from_secs(20))
            .unwrap_or_else(|_| panic!("no line starting with {prefix:?}"));
        if line.starts_with(prefix) {
            return line;
        }
    }
}

/// The server binary in a process of its own, as an operator runs it: its printed lines read
/// on a thread (which also keeps the pipe empty), its fault token and URL from them.
struct ServerProcess {
    child: std::process::Child,
    lines: std::sync::mpsc::Receiver<String>,
    token: String,
    url: String,
    http: reqwest::Client,
}

impl ServerProcess {
    /// Starts `lev-server --faults --addr 127.0.0.1:0` with `args` and waits until it is ready.
    fn start(args: &[&std::ffi::OsStr]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_lev-server"))
            .args(["--faults", "--addr", "127.0.0.1:0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (lines_tx, lines) = std::sync::mpsc::channel::<String>();
        std::thread::spawn(move || {
            use std::io::BufRead;
            for line in std::io::BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
            {
                if lines_tx.send(line).is_err() {
                    break;
                }
            }
        });
        let token = next_line(&lines, "faults:")
            .split("Bearer ")
            .nth(1)
            .map(|t| t.trim_end_matches(')').to_owned())
            .expect("the printed token");
        let url = next_line(&lines, "ready on ")["ready on ".len()..].to_owned();
        Self {
            child,
            lines,
            token,
            url,
            http: reqwest::Client::new(),
        }
    }

    /// The next printed line starting with `prefix` (20 s at most).
    fn wait_line(&self, prefix: &str) -> String {
        next_line(&self.lines, prefix)
    }

    /// Holds the next `times` requests to `path` for `ms` (a delay fault).
    async fn hold(&self, path: &str, times: u32, ms: u64) {
        let added = self
            .http
            .post(format!("{}/_dev/faults", self.url))
            .bearer_auth(&self.token)
            .json(&json!({ "path": path, "times": times, "action": { "kind": "delay", "ms": ms } }))
            .send()
            .await
            .unwrap();
        assert_eq!(added.status(), StatusCode::NO_CONTENT);
    }

    /// Sends `GET path` in a task of its own.
    fn get(&self, path: &str) -> tokio::task::JoinHandle<reqwest::Result<reqwest::Response>> {
        tokio::spawn(self.http.get(format!("{}{path}", self.url)).send())
    }

    /// Waits until the server's request log holds `count` requests to `path`.
    async fn wait_received(&self, path: &str, count: usize) {
        loop {
            let log: Value = self
                .http
                .get(format!("{}/_dev/requests", self.url))
                .bearer_auth(&self.token)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            let received = log
                .as_array()
                .map_or(0, |l| l.iter().filter(|r| r["path"] == path).count());
            if received >= count {
                return;
            }
        }
    }

    /// Sends the process `signal` (`INT`, `TERM`).
    fn signal(&self, signal: &str) {
        let sent = Command::new("kill")
            .args([format!("-{signal}"), self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
    }

    /// Whether the process is still running.
    fn running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    /// Its exit status, waited for `within` at most.
    async fn exit_within(&mut self, within: Duration, what: &str) -> std::process::ExitStatus {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(started.elapsed() < within, "{what}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

#[tokio::test]
async fn a_second_ctrl_c_stops_the_server_at_once() {
    let mut server = ServerProcess::start(&["--in-memory".as_ref(), "--seed".as_ref()]);
    const HEALTH: &str = "/api/external/v2/health";
    server.hold(HEALTH, 1, 60_000).await;
    let hanging = server.get(HEALTH);
    // Wait until the server has the request (its log shows it), so the stop has one to wait on.
    server.wait_received(HEALTH, 1).await;
    server.signal("INT");
    server.wait_line("stopping");
    assert!(server.running(), "still finishing the request");
    server.signal("INT");
    let status = server
        .exit_within(Duration::from_secs(2), "exits at once")
        .await;
    assert_eq!(status.code(), Some(130));
    hanging.abort();
}

#[tokio::test]
async fn expired_sessions_are_purged() {
    let h = harness_with(Config {
        session_lifetime: Duration::from_secs(1),
        ..dev()
    })
    .await;
    for _ in 0..3 {
        h.session(ADMIN).await;
    }
    assert_eq!(h.server.stored_sessions(), 3);
    // Sessions last whole seconds: wait until these three have expired.
    tokio::time::sleep(Duration::from_millis(2_100)).await;
    h.session(ADMIN).await;
    assert_eq!(h.server.stored_sessions(), 1, "only the new one is left");
}

#[tokio::test]
async fn session_tokens_are_rate_limited() {
    let h = harness().await;
    let mut statuses = Vec::new();
    for _ in 0..61 {
        let response = h
            .http
            .post(h.url("/dev/sessions"))
            .json(&json!({ "email": ADMIN }))
            .send()
            .await
            .unwrap();
        statuses.push(response.status());
    }
    assert!(statuses[..60].iter().all(|s| *s == StatusCode::CREATED));
    assert_eq!(statuses[60], StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn a_panicking_handler_answers_500_and_the_server_goes_on() {
    let h = faulty_harness().await;
    let admin = Auth::Bearer(h.session(ADMIN).await);
    h.fault("GET", "/me", 1, FaultAction::Panic);
    let response = h.request(Method::GET, "/me", &admin).send().await.unwrap();
    expect_error(
        response,
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal_error",
    )
    .await;
    let response = h.request(Method::GET, "/me", &admin).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "still serving");
}

#[tokio::test]
async fn the_fault_controls_need_the_printed_token() {
    let h = faulty_harness().await;
    for (method, path) in [
        (Method::POST, "/_dev/faults"),
        (Method::GET, "/_dev/faults"),
        (Method::DELETE, "/_dev/faults"),
        (Method::PUT, "/_dev/faults/latency"),
        (Method::GET, "/_dev/requests"),
    ] {
        for token in [None, Some("wrong")] {
            let mut request = h
                .http
                .request(method.clone(), h.url(path))
                .json(&json!({ "ms": 5000, "path": "/", "action": { "kind": "drop_before" } }));
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            let response = request.send().await.unwrap();
            assert_eq!(
                response.status(),
                StatusCode::UNAUTHORIZED,
                "{method} {path}"
            );
        }
    }
    assert!(h.server.faults().rules().is_empty(), "nothing was added");
    let response = h
        .dev_request(Method::GET, "/_dev/faults")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn injected_html_runs_under_the_apps_policy() {
    let h = faulty_harness().await;
    h.server.faults().push(FaultRule {
        method: None,
        path: "/settings/api-keys".into(),
        times: 1,
        action: FaultAction::Respond {
            status: 502,
            content_type: Some("text/html; charset=utf-8".into()),
            body: "<h1>Bad gateway</h1><script>alert(1)</script>".into(),
        },
    });
    let response = h
        .http
        .get(h.url("/settings/api-keys"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_GATEWAY);
    let csp = response
        .headers()
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(
        csp.starts_with("default-src 'none'; script-src 'self' 'wasm-unsafe-eval'"),
        "{csp}"
    );
    assert!(!csp.contains("unsafe-inline"), "{csp}");
}

#[tokio::test]
async fn sigterm_drains_like_ctrl_c_every_request_answered_exit_0_database_intact() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lev.sqlite3");
    let mut server = ServerProcess::start(&["--seed".as_ref(), "--db".as_ref(), db.as_os_str()]);
    const HEALTH: &str = "/api/external/v2/health";
    // Twenty requests held for 1.5 s each: in flight when the signal comes.
    server.hold(HEALTH, 20, 1500).await;
    let in_flight: Vec<_> = (0..20).map(|_| server.get(HEALTH)).collect();
    // The server has them all (its log shows them) before the signal.
    server.wait_received(HEALTH, 20).await;
    server.signal("TERM");
    server.wait_line("stopping on SIGTERM");
    for request in in_flight {
        let answer = request.await.unwrap().expect("answered, not cut off");
        assert_eq!(answer.status(), StatusCode::OK);
    }
    let status = server
        .exit_within(Duration::from_secs(10), "exits after the drain")
        .await;
    assert_eq!(status.code(), Some(0), "a drained stop exits 0");
    let connection = rusqlite::Connection::open(&db).unwrap();
    let check: String = connection
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let keys: i64 = connection
        .query_row("SELECT COUNT(*) FROM api_keys", [], |row| row.get(0))
        .unwrap();
    assert!(keys > 0, "the seeded keys are there");
}
