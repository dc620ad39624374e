//! The server under abuse: budgets nobody else can spend, connections that cannot be held
//! open, failed authentication limited, use recorded only for admitted requests, and origins
//! that cannot be configured wrong.

use std::net::IpAddr;
use std::time::{Duration, Instant};

use lev_server::Config;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::support::*;

/// Budgets count in fixed one-minute windows: a test that spends one waits, if needed, until
/// enough of the minute is left that the window cannot turn over under it.
async fn with_minute_left(secs: u64) {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock after 1970");
    let into = now.as_secs() % 60;
    if 60 - into < secs {
        let wait =
            Duration::from_secs(60 - into) - Duration::from_nanos(u64::from(now.subsec_nanos()));
        tokio::time::sleep(wait + Duration::from_millis(50)).await;
    }
}

async fn statuses(
    h: &Harness,
    method: Method,
    path: &str,
    auth: &Auth,
    times: usize,
) -> Vec<StatusCode> {
    let mut out = Vec::with_capacity(times);
    for _ in 0..times {
        let response = h
            .request(method.clone(), path, auth)
            .send()
            .await
            .expect("answer");
        out.push(response.status());
    }
    out
}

fn count(statuses: &[StatusCode], status: StatusCode) -> usize {
    statuses.iter().filter(|s| **s == status).count()
}

#[tokio::test]
async fn a_members_requests_never_stop_an_admins_revoke() {
    with_minute_left(20).await;
    let h = harness().await;
    let member = Auth::Bearer(h.session(MEMBER).await);
    let admin = Auth::Bearer(h.session(ADMIN).await);
    // Standard tier: 20 a minute per endpoint, 100 for all of one credential's.
    let spent = statuses(&h, Method::GET, "/me", &member, 100).await;
    assert_eq!(count(&spent, StatusCode::OK), 20);
    assert_eq!(count(&spent, StatusCode::TOO_MANY_REQUESTS), 80);
    let listed = h.list(&admin, "").await;
    let id = listed["data"][0]["id"].as_i64().expect("a key");
    let response = h
        .request(Method::DELETE, &format!("/api-keys/{id}"), &admin)
        .send()
        .await
        .expect("revoke");
    assert_eq!(response.status(), StatusCode::OK, "the admin's revoke");
}

#[tokio::test]
async fn a_leaked_key_spending_its_budget_cannot_keep_itself_from_being_revoked() {
    with_minute_left(20).await;
    let h = harness().await;
    let admin = Auth::Bearer(h.session(ADMIN).await);
    let created = h.create_key(&admin, "Leaked").await;
    let id = created["data"]["id"].as_i64().expect("id");
    let leaked = Auth::Bearer(
        created["data"]["api_key"]
            .as_str()
            .expect("secret")
            .to_owned(),
    );
    for path in ["/me", "/build/api-keys"] {
        let spent = statuses(&h, Method::GET, path, &leaked, 60).await;
        assert_eq!(count(&spent, StatusCode::TOO_MANY_REQUESTS), 40, "{path}");
    }
    let response = h
        .request(Method::DELETE, &format!("/api-keys/{id}"), &admin)
        .send()
        .await
        .expect("revoke");
    assert_eq!(response.status(), StatusCode::OK);
    let after = h
        .request(Method::GET, "/me", &leaked)
        .send()
        .await
        .expect("me");
    assert_eq!(after.status(), StatusCode::UNAUTHORIZED, "revoked at once");
}

#[tokio::test]
async fn a_refused_request_is_charged_to_no_budget() {
    with_minute_left(20).await;
    let h = harness().await;
    // Free tier: 10 a minute per endpoint, 30 for all.
    let felix = Auth::Bearer(h.session(FULL_ADMIN).await);
    let spent = statuses(&h, Method::GET, "/me", &felix, 40).await;
    assert_eq!(count(&spent, StatusCode::OK), 10);
    // Had the 30 refusals been charged, the 30 for all endpoints would be gone.
    let listed = statuses(&h, Method::GET, "/build/api-keys", &felix, 10).await;
    assert_eq!(count(&listed, StatusCode::OK), 10, "{listed:?}");
}

/// A server whose connection limits are short enough to watch.
pub(crate) async fn limited(header_read: u64, idle: u64, max_connections: usize) -> Harness {
    harness_with(Config {
        header_read_timeout: Duration::from_secs(header_read),
        idle_timeout: Duration::from_secs(idle),
        max_connections,
        ..dev()
    })
    .await
}

/// Reads until the server closes the connection; how long that took. Fails after `within`.
pub(crate) async fn closed_within(stream: &mut TcpStream, within: Duration) -> Duration {
    let start = Instant::now();
    let mut buf = [0u8; 4096];
    loop {
        let left = within
            .checked_sub(start.elapsed())
            .unwrap_or_else(|| panic!("still open after {within:?}"));
        match tokio::time::timeout(left, stream.read(&mut buf)).await {
            Err(_) => panic!("still open after {within:?}"),
            Ok(Ok(0) | Err(_)) => return start.elapsed(),
            Ok(Ok(_)) => {}
        }
    }
}

#[tokio::test]
async fn a_silent_client_is_cut_off_at_the_idle_timeout() {
    let h = limited(10, 1, 200).await;
    let mut silent = TcpStream::connect(h.server.addr()).await.expect("connect");
    let took = closed_within(&mut silent, Duration::from_secs(3)).await;
    assert!(
        took >= Duration::from_millis(900),
        "not before its time: {took:?}"
    );
}

#[tokio::test]
async fn a_client_trickling_its_headers_is_cut_off_at_the_header_timeout() {
    let h = limited(1, 30, 200).await;
    let mut trickle = TcpStream::connect(h.server.addr()).await.expect("connect");
    let start = Instant::now();
    trickle
        .write_all(b"GET /api/external/v2/health HTTP/1.1\r\nHost: x\r\n")
        .await
        .expect("head");
    // A header line every 200 ms, never the blank line that ends the head.
    let mut cut = false;
    while start.elapsed() < Duration::from_secs(3) {
        tokio::time::sleep(Duration::from_millis(200)).await;
        if trickle.write_all(b"X-Slow: 1\r\n").await.is_err() {
            cut = true;
            break;
        }
        let mut buf = [0u8; 512];
        if let Ok(Ok(0) | Err(_)) =
            tokio::time::timeout(Duration::from_millis(1), trickle.read(&mut buf)).await
        {
            cut = true;
            break;
        }
    }
    assert!(cut, "the trickling head was still being read after 3 s");
    let took = start.elapsed();
    assert!(
        took >= Duration::from_millis(900),
        "not before its time: {took:?}"
    );
}

#[tokio::test]
async fn an_idle_kept_alive_connection_is_closed() {
    let h = limited(10, 1, 200).await;
    let mut kept = TcpStream::connect(h.server.addr()).await.expect("connect");
    let request = format!(
        "GET /api/external/v2/health HTTP/1.1\r\nHost: {}\r\n\r\n",
        h.server.addr()
    );
    kept.write_all(request.as_bytes()).await.expect("request");
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    while !String::from_utf8_lossy(&answer).contains("\"status\":\"ok\"") {
        let n = kept.read(&mut buf).await.expect("answer");
        assert!(n > 0, "answered before closing");
        answer.extend_from_slice(&buf[..n]);
    }
    assert!(String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 200"));
    let took = closed_within(&mut kept, Duration::from_secs(3)).await;
    assert!(
        took >= Duration::from_millis(900),
        "kept alive for a while: {took:?}"
    );
}

#[tokio::test]
async fn the_request_time_limit_counts_from_the_first_byte() {
    let h = harness_with(Config {
        request_timeout: Duration::from_secs(2),
        ..dev()
    })
    .await;
    let mut slow = TcpStream::connect(h.server.addr()).await.expect("connect");
    let start = Instant::now();
    // The head takes 1.5 s to arrive, then the body trickles.
    // The body is read before the handler runs (an extractor), so the limit is what answers.
    let head = format!(
        "POST /api/external/v2/auth/validate-api-key HTTP/1.1\r\nHost: {}\r\nX-Origin-App: t\r\nContent-Type: application/json\r\nContent-Length: 64\r\n\r\n",
        h.server.addr()
    );
    for chunk in head.as_bytes().chunks(16) {
        slow.write_all(chunk).await.expect("head");
        tokio::time::sleep(Duration::from_millis(1_500 / (head.len() as u64 / 16 + 1))).await;
    }
    let mut answer = Vec::new();
    let mut buf = [0u8; 1024];
    while start.elapsed() < Duration::from_secs(5) {
        let _ = slow.write_all(b" ").await;
        if let Ok(Ok(n)) =
            tokio::time::timeout(Duration::from_millis(100), slow.read(&mut buf)).await
        {
            if n == 0 {
                break;
            }
            answer.extend_from_slice(&buf[..n]);
            if answer.windows(4).any(|w| w == b"\r\n\r\n") {
                break;
            }
        }
    }
    let took = start.elapsed();
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(
        took < Duration::from_millis(3_000),
        "2 s from the first byte, not from the end of the head: {took:?}"
    );
}

/// A client whose connections come from `address` (any of 127.0.0.0/8 is this machine).
fn client_from(address: [u8; 4]) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(IpAddr::from(address))
        .build()
        .expect("client")
}

fn random_text(len: usize) -> String {
    use std::collections::hash_map::RandomState;
    use std::hash::{BuildHasher, Hasher};
    let mut out = String::new();
    while out.len() < len {
        let mut hasher = RandomState::new().build_hasher();
        hasher.write_usize(out.len());
        out.push_str(&format!("{:016x}", hasher.finish()));
    }
    out.truncate(len);
    out
}

async fn me_with(h: &Harness, client: &reqwest::Client, token: &str) -> reqwest::Response {
    client
        .get(h.api("/me"))
        .header("X-Origin-App", "abuse-tests")
        .bearer_auth(token)
        .send()
        .await
        .expect("answer")
}

#[tokio::test]
async fn three_hundred_bad_credentials_meet_429_and_a_valid_key_still_works() {
    with_minute_left(20).await;
    let h = harness().await;
    let admin = Auth::Bearer(h.session(ADMIN).await);
    let created = h.create_key(&admin, "Valid").await;
    let valid = created["data"]["api_key"]
        .as_str()
        .expect("secret")
        .to_owned();

    let guesser = client_from([127, 0, 0, 2]);
    let mut answers = Vec::new();
    for n in 0..300 {
        // Random keys and random session tokens, alternately.
        let token = if n % 2 == 0 {
            format!("lev_sk_{}", random_text(40))
        } else {
            random_text(43)
        };
        answers.push(me_with(&h, &guesser, &token).await);
    }
    let unauthorized = answers
        .iter()
        .filter(|r| r.status() == StatusCode::UNAUTHORIZED)
        .count();
    let limited: Vec<_> = answers
        .iter()
        .filter(|r| r.status() == StatusCode::TOO_MANY_REQUESTS)
        .collect();
    assert_eq!(unauthorized, 20, "the address's 20 failures a minute");
    assert_eq!(limited.len(), 280);
    let retry_after: u64 = limited[0].headers()["retry-after"]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds");
    assert!((1..=60).contains(&retry_after));
    let body: Value = answers.pop().expect("one").json().await.expect("json");
    assert_eq!(body["error"]["limit_type"], "authentication", "{body}");

    let elsewhere = client_from([127, 0, 0, 3]);
    assert_eq!(
        me_with(&h, &elsewhere, &valid).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_failing_address_gets_429_for_bad_credentials_only_and_its_admins_still_get_in() {
    with_minute_left(20).await;
    let h = harness().await;
    let session = h.session(ADMIN).await;
    let created = h.create_key(&Auth::Bearer(session.clone()), "Valid").await;
    let valid = created["data"]["api_key"]
        .as_str()
        .expect("secret")
        .to_owned();

    // One bad script behind an office's shared address.
    let shared = client_from([127, 0, 0, 4]);
    let mut statuses = Vec::new();
    for _ in 0..120 {
        let guess = format!("lev_sk_{}", random_text(40));
        statuses.push(me_with(&h, &shared, &guess).await.status());
    }
    assert_eq!(count(&statuses, StatusCode::UNAUTHORIZED), 20);
    assert_eq!(count(&statuses, StatusCode::TOO_MANY_REQUESTS), 100);

    // Every admin behind it still gets in, by session and by key.
    assert_eq!(
        me_with(&h, &shared, &session).await.status(),
        StatusCode::OK,
        "a valid session from the address"
    );
    assert_eq!(
        me_with(&h, &shared, &valid).await.status(),
        StatusCode::OK,
        "a valid key from the address"
    );
    let guess = format!("lev_sk_{}", random_text(40));
    assert_eq!(
        me_with(&h, &shared, &guess).await.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "and bad credentials are still throttled"
    );
}

#[tokio::test]
async fn guessing_under_a_keys_prefix_from_many_addresses_cannot_lock_its_owner_out() {
    with_minute_left(20).await;
    let h = harness().await;
    let admin = Auth::Bearer(h.session(ADMIN).await);
    let created = h.create_key(&admin, "Target").await;
    let valid = created["data"]["api_key"]
        .as_str()
        .expect("secret")
        .to_owned();
    let prefix = &valid[..11];
    let mut statuses = Vec::new();
    for n in 0..40u8 {
        let guesser = client_from([127, 0, 1, n + 1]);
        let guess = format!("{prefix}{}", random_text(valid.len() - prefix.len()));
        statuses.push(me_with(&h, &guesser, &guess).await.status());
    }
    assert_eq!(count(&statuses, StatusCode::UNAUTHORIZED), 20);
    assert_eq!(count(&statuses, StatusCode::TOO_MANY_REQUESTS), 20);
    let owner = client_from([127, 0, 2, 1]);
    assert_eq!(me_with(&h, &owner, &valid).await.status(), StatusCode::OK);
}

async fn last_used(h: &Harness, admin: &Auth, id: i64) -> Value {
    let listed = h.list(admin, "?limit=200").await;
    listed["data"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|k| k["id"] == id)
        .map(|k| k["last_used_at"].clone())
        .expect("the key is listed")
}

#[tokio::test]
async fn use_is_recorded_for_admitted_requests_only_and_once_a_minute() {
    with_minute_left(20).await;
    let h = harness().await;
    let admin = Auth::Bearer(h.session(ADMIN).await);
    let created = h.create_key(&admin, "Watched").await;
    let id = created["data"]["id"].as_i64().expect("id");
    let key = Auth::Bearer(
        created["data"]["api_key"]
            .as_str()
            .expect("secret")
            .to_owned(),
    );
    assert_eq!(last_used(&h, &admin, id).await, Value::Null, "never used");

    // Its 20 /me of the minute are admitted; the first one is recorded.
    let spent = statuses(&h, Method::GET, "/me", &key, 20).await;
    assert_eq!(count(&spent, StatusCode::OK), 20);
    assert!(last_used(&h, &admin, id).await.is_string());

    // An hour ago, as far as the server knows; a refused request changes nothing.
    let hour_ago = unix_now() - 3_600;
    h.server.set_key_last_used(id, hour_ago);
    let before = last_used(&h, &admin, id).await;
    let refused = statuses(&h, Method::GET, "/me", &key, 1).await;
    assert_eq!(refused, [StatusCode::TOO_MANY_REQUESTS]);
    assert_eq!(last_used(&h, &admin, id).await, before, "a 429 is no use");

    // An admitted request is.
    let admitted = statuses(&h, Method::GET, "/build/api-keys", &key, 1).await;
    assert_eq!(admitted, [StatusCode::OK]);
    let recorded = last_used(&h, &admin, id).await;
    assert_ne!(recorded, before);

    // Used 30 s ago: within the minute, nothing is written.
    h.server.set_key_last_used(id, unix_now() - 30);
    let half_minute = last_used(&h, &admin, id).await;
    let again = statuses(&h, Method::GET, "/build/api-keys", &key, 1).await;
    assert_eq!(again, [StatusCode::OK]);
    assert_eq!(
        last_used(&h, &admin, id).await,
        half_minute,
        "once a minute"
    );
}

fn unix_now() -> i64 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs();
    i64::try_from(secs).expect("seconds fit")
}

#[test]
fn a_bad_cors_origin_stops_the_start_with_exit_code_2() {
    for (origin, says) in [
        ("null", "sandboxed"),
        ("*", "wildcard"),
        ("https://app.lev.example/", "trailing slash"),
        ("https://app.lev.example/settings", "no path"),
        ("https://bücher.example", "ASCII"),
        ("app.lev.example", "no scheme"),
    ] {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_lev-server"))
            .args(["--in-memory", "--cors-origin", origin])
            .output()
            .expect("the server runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{origin}: {stderr}");
        assert!(
            stderr.contains("--cors-origin") && stderr.contains(says),
            "{origin}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{origin}: {stderr}");
    }
}
