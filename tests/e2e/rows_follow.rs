//! Rows that follow their data: a key listed here that is used elsewhere shows its new last use
//! (and loses its Stale mark) after the page comes back, in the same row element, with one
//! `/me` and one first page asked and nothing else.

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::json;

use lev_harness::seed::*;
use lev_harness::*;

const DAY_SECS: i64 = 24 * 60 * 60;

#[tokio::test]
async fn a_key_used_elsewhere_shows_its_new_last_use_after_coming_back() {
    let env = env().await;
    let token = env.token(ADMIN).await;
    let (id, secret) = env.create_key_via_api(&token, "Old Reporting").await;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64;
    env.server.set_key_last_used(id, now - 200 * DAY_SECS);
    env.sign_in(ADMIN).await;
    env.wait_rows(5).await;
    env.wait_cell(id, "Last used", "read 6 months ago", |t| {
        t.contains("6 months ago")
    })
    .await;
    assert!(env.cell(id, "Label").await.contains("Stale"));
    env.browser
        .execute(
            "window.__row = __lev.one(`[data-key-id=\"${arguments[0]}\"]`); return true;",
            vec![json!(id.to_string())],
        )
        .await
        .expect("remember the row");

    // A script elsewhere uses the key; the server records it.
    let used = env.api(reqwest::Method::GET, "/me", &secret).await;
    assert_eq!(used.status(), 200, "the key works");
    let (lists, mes) = (
        env.requests_to("GET", "/build/api-keys").len(),
        env.requests_to("GET", "/me").len(),
    );

    // The admin was away for a few minutes and comes back: the quiet reload asks again, and
    // the row follows.
    env.away_for(3 * 60_000).await;
    env.wait_cell(id, "Last used", "showed the new use", |t| {
        !t.contains("month")
    })
    .await;
    // The row's wording follows the tab's minute clock, which may not have ticked since the
    // page's clock moved: a use minutes ago reads "now" or "N minutes ago".
    let wording = env.cell(id, "Last used").await;
    assert!(
        wording == "now" || wording.ends_with("minutes ago"),
        "{wording:?}"
    );
    env.wait_cell(id, "Label", "lost its Stale mark", |t| !t.contains("Stale"))
        .await;
    assert_eq!(env.cell(id, "Label").await, "Old Reporting");
    let same = env
        .browser
        .execute(
            "return __lev.one(`[data-key-id=\"${arguments[0]}\"]`) === window.__row;",
            vec![json!(id.to_string())],
        )
        .await
        .expect("compare");
    assert_eq!(same, json!(true), "the same row element, updated in place");
    assert_eq!(
        env.requests_to("GET", "/build/api-keys").len(),
        lists + 1,
        "one first page"
    );
    assert_eq!(
        env.requests_to("GET", "/me").len(),
        mes + 1,
        "one /me, asked by the session for the list"
    );
    env.assert_healthy().await;
    env.close().await;
}
