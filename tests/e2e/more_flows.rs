//! Paging, failures and recoveries, revoke edge cases, focus after revoke, and the tab
//! embedded cross-origin in a host page with a token provider.

use lev_server::{start, Config, FaultAction};
use reqwest::Method;
use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn load_more_pages_in_the_rest() {
    let env = env_with_sixty_keys().await;
    env.sign_in(ADMIN).await;
    let first = env.wait_rows(50).await;
    assert_eq!(first[0], "Bulk 55", "newest first");
    env.wait_text("60 of 200 keys").await;
    env.click("button", "Load more").await;
    let all = env.wait_rows(60).await;
    assert_eq!(all.last().map(String::as_str), Some("Old Reporting Script"));
    let mut unique = all.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 60, "no row twice");
    env.gone("button", "Load more").await;
    // The second page was asked for by the cursor the first page gave (contract: cursor paging).
    let lists = env.requests_to("GET", "/build/api-keys");
    // (gloo-net ends each query with a `&` of its own.)
    let queries: Vec<String> = lists
        .iter()
        .filter_map(|r| r.query.as_deref())
        .map(|q| q.trim_end_matches('&').to_owned())
        .collect();
    assert_eq!(queries.len(), 2, "{queries:?}");
    assert_eq!(queries[0], "limit=50&offset=0");
    assert!(
        queries[1].starts_with("limit=50&cursor=") && !queries[1].contains("offset"),
        "{queries:?}"
    );
    env.close().await;
}

#[tokio::test]
async fn a_failed_list_shows_the_request_id_and_retry_recovers() {
    let env = env().await;
    env.fault(
        "GET",
        "/build/api-keys",
        1,
        FaultAction::Status { status: 500 },
    );
    env.sign_in(ADMIN).await;
    env.wait_text("The API keys could not be loaded.").await;
    env.wait_text("Request ID: ").await;
    env.click("button", "Retry").await;
    env.wait_rows(4).await;
    env.close().await;
}

#[tokio::test]
async fn a_failed_me_says_so_instead_of_showing_limits() {
    let env = env().await;
    env.fault("GET", "/me", 1, FaultAction::Status { status: 500 });
    env.sign_in(ADMIN).await;
    env.wait_text("Your account details could not be loaded")
        .await;
    assert!(
        !env.text().await.contains("of 10 keys"),
        "no limits shown without /me"
    );
    env.click("button", "Retry").await;
    env.wait_rows(4).await;
    env.wait_text("4 of 10 keys").await;
    env.close().await;
}

#[tokio::test]
async fn revoking_a_key_revoked_elsewhere_removes_the_row_and_says_so() {
    let env = env().await;
    let token = env.token(ADMIN).await;
    env.sign_in(ADMIN).await;
    env.wait_rows(4).await;
    let row = env.css("tr[data-key-id]").await;
    let id = row.attr("data-key-id").await.ok().flatten().expect("id");
    let response = env
        .api(Method::DELETE, &format!("/api-keys/{id}"), &token)
        .await;
    assert!(response.status().is_success());

    env.click("button", "Revoke Staging Webhooks").await;
    env.click("button", "Revoke key").await;
    env.wait_text("Staging Webhooks was already revoked elsewhere")
        .await;
    env.wait_rows(3).await;
    env.wait_text("3 of 10 keys").await;
    env.close().await;
}

#[tokio::test]
async fn a_failed_revoke_keeps_the_row_and_shows_the_request_id() {
    let env = env().await;
    env.sign_in(ADMIN).await;
    env.wait_rows(4).await;
    env.fault(
        "DELETE",
        "/api-keys/",
        1,
        FaultAction::Status { status: 500 },
    );
    env.click("button", "Revoke CI Pipeline").await;
    env.click("button", "Revoke key").await;
    env.wait_text("The key was not revoked.").await;
    let dialog = env.named("alertdialog", "Revoke API key").await;
    assert!(dialog
        .text()
        .await
        .unwrap_or_default()
        .contains("Request ID: "));
    env.click("button", "Cancel").await;
    env.gone("alertdialog", "Revoke API key").await;
    assert_eq!(env.wait_rows(4).await[1], "CI Pipeline");
    let trash = env.named("button", "Revoke CI Pipeline").await;
    assert!(
        env.has_focus(&trash).await,
        "focus returns to the row's trash button"
    );
    env.close().await;
}

#[tokio::test]
async fn after_a_revoke_focus_moves_to_the_next_row() {
    let env = env().await;
    env.sign_in(ADMIN).await;
    env.wait_rows(4).await;
    env.click("button", "Revoke CI Pipeline").await;
    env.click("button", "Revoke key").await;
    env.wait_rows(3).await;
    let next = env.named("button", "Revoke Production Sync").await;
    assert!(
        env.has_focus(&next).await,
        "focus lands on the next row's trash button"
    );
    env.close().await;
}

#[tokio::test]
async fn embedded_cross_origin_with_a_token_provider() {
    // The host page is served by one server; the API is another origin that allows it.
    let host_dir = embedding_dist("");
    let host = start(Config {
        dist: Some(host_dir.0.clone()),
        seed: false,
        ..Config::default()
    })
    .await
    .expect("host server");
    let env = env_with(Config {
        cors_origins: vec![host.url()],
        ..Config::default()
    })
    .await;
    let token = env.token(ADMIN).await;
    write_embed_page(
        &host_dir.0,
        &format!(
            r#"data-api-base="{}/api/external/v2" data-origin-app="host-e2e""#,
            env.server.url()
        ),
        &format!(
            "let calls = 0; document.getElementById('lev-api-keys').levTokenProvider = () => {{ calls += 1; window.tokenCalls = calls; return Promise.resolve('{token}'); }};"
        ),
    );

    env.browser
        .goto(&format!("{}/embed.html", host.url()))
        .await
        .expect("goto");
    let labels = env.wait_rows(4).await;
    assert_eq!(labels[0], "Staging Webhooks");
    assert!(
        env.all("h1").await.len() == 1,
        "no settings shell inside the host page"
    );
    env.create_and_reveal("Embedded").await;
    assert_eq!(env.server.active_key_count("acme-capital"), Some(5));
    let calls = env
        .browser
        .execute("return window.tokenCalls;", vec![])
        .await
        .expect("calls");
    assert!(
        calls.as_u64().unwrap_or(0) >= 3,
        "the provider is asked before each request: {calls}"
    );
    let cookies = env
        .browser
        .execute("return document.cookie;", vec![])
        .await
        .expect("cookies");
    assert_eq!(cookies, json!(""), "no cookie involved");
    env.close().await;
    host.stop().await;
}

#[tokio::test]
async fn the_page_starts_the_first_requests_and_the_app_takes_them_over() {
    let env = env().await;
    env.sign_in(ADMIN).await;
    env.wait_rows(4).await;
    // index.html's inline script asked while the wasm was on its way, and the app took both
    // answers (each is removed when taken) instead of asking again.
    let left = env
        .browser
        .execute(
            "const e = window.__levEarly; return e ? Object.keys(e.answers) : 'no early requests';",
            vec![],
        )
        .await
        .expect("early requests");
    assert_eq!(left, json!([]), "the app took both early answers");
    assert_eq!(env.requests_to("GET", "/me").len(), 1, "one /me");
    assert_eq!(
        env.requests_to("GET", "/build/api-keys").len(),
        1,
        "one first page"
    );
    env.assert_healthy().await;
    env.close().await;
}
