//! The built app loads under the server's CSP and renders the tab.

use lev_harness::seed::*;
use lev_harness::*;

#[tokio::test]
async fn the_tab_renders_for_an_admin() {
    let env = env().await;
    env.sign_in(ADMIN).await;
    let labels = env.wait_rows(4).await;
    assert_eq!(
        labels,
        [
            "Staging Webhooks",
            "CI Pipeline",
            "Production Sync",
            "Old Reporting Script"
        ]
    );
    env.wait_text("4 of 10 keys").await;
    env.wait_text("Jane Smith").await;
    env.wait_text("jane@acme.example").await;
    let tab = env.named("link", "API Keys").await;
    assert_eq!(
        tab.attr("aria-current").await.ok().flatten().as_deref(),
        Some("page")
    );
    let heading = env.css("h1").await;
    assert_eq!(heading.text().await.unwrap_or_default(), "Settings");
    // Relative times with the exact time in datetime and the tooltip; the stale marker.
    let time = env.css("tr[data-key-id] .cell-created time").await;
    assert!(time
        .attr("datetime")
        .await
        .ok()
        .flatten()
        .is_some_and(|d| d.ends_with('Z')));
    env.wait_value(
        "const time = document.querySelector('lev-api-keys').shadowRoot.querySelector('tr[data-key-id] .cell-created time'); \
         return /\\d/.test(time.getAttribute('title') ?? '');",
        &serde_json::json!(true),
        "the exact time in the tooltip",
    )
    .await;
    // The standalone page is the tab's own: its `<html>` says the tab's language and direction.
    env.wait_value(
        "return [document.documentElement.lang, document.documentElement.dir];",
        &serde_json::json!(["en", "ltr"]),
        "the page's language and direction",
    )
    .await;
    env.wait_text("Never").await;
    let stale = env.all("tr[data-key-id] .badge-stale").await;
    assert_eq!(stale.len(), 1, "only Old Reporting Script is stale");
    assert!(env.console().await.iter().all(|m| !m.contains("panicked")));
    env.close().await;
}

#[tokio::test]
async fn unknown_routes_show_not_found_and_root_redirects() {
    let env = env().await;
    env.sign_in(ADMIN).await;
    env.wait_rows(4).await;
    env.browser
        .goto(&env.url("/settings/nothing"))
        .await
        .expect("goto");
    env.wait_text("Page not found").await;
    let back = env.named("link", "Go to Settings → API Keys").await;
    back.click().await.expect("click");
    env.wait_rows(4).await;
    for alias in ["/", "/settings", "/settings/"] {
        env.browser.goto(&env.url(alias)).await.expect("goto");
        env.wait_rows(4).await;
        let url = env.browser.current_url().await.expect("url");
        assert_eq!(url.path(), "/settings/api-keys", "{alias} leads to the tab");
    }
    // A trailing slash is the same page; paths are case-sensitive.
    env.browser
        .goto(&env.url("/settings/api-keys/"))
        .await
        .expect("goto");
    env.wait_rows(4).await;
    env.browser
        .goto(&env.url("/SETTINGS/API-KEYS"))
        .await
        .expect("goto");
    env.wait_text("Page not found").await;
    env.close().await;
}
