//! Faults injected in the server: the dialog keeps the label, nothing is created twice, and a
//! retry succeeds.

use lev_server::FaultAction;
use reqwest::{Method, StatusCode};

use lev_harness::seed::*;
use lev_harness::*;

async fn open_create(env: &Env, label: &str) -> fantoccini::elements::Element {
    env.click("button", "Create key").await;
    let field = env.named("textbox", "Label").await;
    field.send_keys(label).await.expect("type");
    field
}

async fn submit(env: &Env) {
    env.click("button", "Create").await;
}

async fn label_kept(field: &fantoccini::elements::Element, label: &str) {
    assert_eq!(
        field.prop("value").await.ok().flatten().as_deref(),
        Some(label),
        "the label is kept"
    );
}

#[tokio::test]
async fn create_errors_500_503_429_keep_the_label_and_make_nothing() {
    let env = env().await;
    env.sign_in(ADMIN).await;
    env.wait_rows(4).await;
    let field = open_create(&env, "Resilient").await;

    env.fault(
        "POST",
        "/build/api-keys",
        1,
        FaultAction::Status { status: 500 },
    );
    submit(&env).await;
    env.wait_text("Injected fault: the server answered 500.")
        .await;
    env.wait_text("Request ID: ").await;
    label_kept(&field, "Resilient").await;

    // 503 is retried once on its own; two in a row reach the person.
    env.fault(
        "POST",
        "/build/api-keys",
        2,
        FaultAction::Status { status: 503 },
    );
    submit(&env).await;
    env.wait_text("Injected fault: the server answered 503.")
        .await;
    label_kept(&field, "Resilient").await;

    env.fault(
        "POST",
        "/build/api-keys",
        1,
        FaultAction::Respond {
            status: 429,
            content_type: Some("application/json".into()),
            body: r#"{"request_id":"rl-1","error":{"status":429,"type":"rate_limit_exceeded","message":"Too many requests.","details":{},"limit_type":"endpoint","retry_after_seconds":30}}"#.into(),
        },
    );
    submit(&env).await;
    env.wait_text("Wait 30 seconds, then try again.").await;
    env.wait_text("rl-1").await;
    label_kept(&field, "Resilient").await;
    assert_eq!(
        env.server.active_key_count("acme-capital"),
        Some(4),
        "nothing created"
    );

    submit(&env).await;
    env.css("#revealed-key").await;
    assert_eq!(
        env.server.active_key_count("acme-capital"),
        Some(5),
        "one key"
    );
    env.close().await;
}

#[tokio::test]
async fn a_timeout_then_a_retry_makes_exactly_one_key() {
    let (env, _host) = embedded_env(r#"timeout-ms="1500""#, "").await;
    env.sign_in(ADMIN).await;
    env.browser
        .goto(&env.url("/embed.html"))
        .await
        .expect("embed page");
    env.wait_rows(4).await;
    let field = open_create(&env, "Slow Server").await;
    // The server creates the key at once but answers too late, twice (the attempt and its
    // automatic retry): the Idempotency-Key must keep that to one key.
    env.fault(
        "POST",
        "/build/api-keys",
        2,
        FaultAction::DelayAfter { ms: 2500 },
    );
    submit(&env).await;
    env.wait_text("Lev's API did not answer in time.").await;
    label_kept(&field, "Slow Server").await;
    // The attempt and its automatic retry reached the server (which ran both at once and
    // answered too late), with one key between them.
    let posts = env.wait_requests("POST", "/build/api-keys", 2).await;
    assert_eq!(posts.len(), 2, "{posts:?}");
    assert!(posts[0].idempotency_key.is_some());
    assert_eq!(
        posts[0].idempotency_key, posts[1].idempotency_key,
        "the automatic retry reuses the attempt's Idempotency-Key"
    );
    assert_eq!(
        env.server.active_key_count("acme-capital"),
        Some(5),
        "the late answer's key exists"
    );
    submit(&env).await;
    let secret = env.revealed_secret().await;
    assert_eq!(
        env.server.active_key_count("acme-capital"),
        Some(5),
        "the retry replayed it: still one key"
    );
    let posts = env.requests_to("POST", "/build/api-keys");
    assert_eq!(posts.len(), 3, "{posts:?}");
    assert_eq!(
        posts[2].idempotency_key, posts[0].idempotency_key,
        "the person's retry of the same label reuses the Idempotency-Key"
    );
    assert_eq!(
        env.api(Method::GET, "/me", &secret).await.status(),
        StatusCode::OK,
        "and its secret works"
    );
    env.close().await;
}

#[tokio::test]
async fn a_dropped_answer_is_recovered_without_a_second_key() {
    let env = env().await;
    env.sign_in(ADMIN).await;
    env.wait_rows(4).await;
    open_create(&env, "Lost Answer").await;
    env.fault("POST", "/build/api-keys", 1, FaultAction::DropAfter);
    submit(&env).await;
    // The automatic retry carries the same Idempotency-Key and gets the stored answer.
    let secret = env.revealed_secret().await;
    assert_eq!(env.server.active_key_count("acme-capital"), Some(5));
    let posts = env.requests_to("POST", "/build/api-keys");
    assert_eq!(
        posts.len(),
        2,
        "the attempt and its automatic retry: {posts:?}"
    );
    assert_eq!(posts[0].idempotency_key, posts[1].idempotency_key);
    assert_eq!(
        env.api(Method::GET, "/me", &secret).await.status(),
        StatusCode::OK
    );
    env.close().await;
}

#[tokio::test]
async fn dropped_connections_show_an_error_and_a_retry_succeeds() {
    let env = env().await;
    env.sign_in(ADMIN).await;
    env.wait_rows(4).await;
    let field = open_create(&env, "Flaky Network").await;
    // Chromium itself resends a request whose connection broke before any answer, so the
    // fault stays until the error shows, then the network "comes back".
    env.fault("POST", "/build/api-keys", 50, FaultAction::DropBefore);
    submit(&env).await;
    env.wait_text("Lev's API could not be reached.").await;
    env.wait_text("No request ID").await;
    label_kept(&field, "Flaky Network").await;
    assert_eq!(env.server.active_key_count("acme-capital"), Some(4));
    env.server.faults().clear();
    submit(&env).await;
    env.css("#revealed-key").await;
    assert_eq!(env.server.active_key_count("acme-capital"), Some(5));
    env.close().await;
}

#[tokio::test]
async fn a_slow_server_shows_loading_states_and_nothing_is_submitted_twice() {
    let env = env().await;
    // A slow list: slower than the page, so the app is running before the answer is in (the
    // page starts the first requests itself, so a server slow on everything answers them while
    // the wasm still loads, and the rows come without a loading state).
    env.fault("GET", "/build/api-keys", 1, FaultAction::Delay { ms: 2000 });
    env.sign_in(ADMIN).await;
    env.css(".skeleton").await;
    assert!(
        env.row_labels().await.is_empty(),
        "skeletons, not rows, while loading"
    );
    env.wait_rows(4).await;
    env.server.faults().set_latency(2000);

    open_create(&env, "Patient").await;
    let create = env.named("button", "Create").await;
    create.click().await.expect("click");
    assert_eq!(
        create.attr("aria-busy").await.ok().flatten().as_deref(),
        Some("true"),
        "progress shows"
    );
    create.click().await.expect("second click");
    env.press("\u{E007}").await;
    env.press("\u{E00C}").await; // Escape can't close a dialog whose request is in flight.
    env.css("#revealed-key").await;
    // Requests are logged as they reach the server, before its 2 s delay: every click and key
    // came before the answer, so a second POST would be in the log by now.
    let posts = env.requests_to("POST", "/build/api-keys");
    assert_eq!(posts.len(), 1, "one POST: {posts:?}");
    assert_eq!(
        env.server.active_key_count("acme-capital"),
        Some(5),
        "one POST, one key"
    );

    env.server.faults().set_latency(0);
    env.close().await;
}
