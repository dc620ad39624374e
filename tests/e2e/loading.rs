//! Loading: Load more pages in the rest, a failed list or `/me` says so and Retry recovers, and
//! the first requests that the page starts before the app runs are taken over, not repeated.

use lev_server::FaultAction;
use serde_json::json;

use lev_harness::seed::*;
use lev_harness::*;

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
    let queries = env.list_queries();
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
