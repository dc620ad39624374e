//! The app runs under the server's strict Content-Security-Policy with zero violations
//! (every end-to-end test checks this when it closes; this one also proves the check bites).

use serde_json::json;

use lev_harness::seed::*;
use lev_harness::*;

#[tokio::test]
async fn the_app_runs_under_a_strict_csp_and_violations_are_caught() {
    let env = env().await;
    let response = env
        .http
        .get(env.url("/settings/api-keys"))
        .send()
        .await
        .expect("page");
    let csp = response.headers()["content-security-policy"]
        .to_str()
        .expect("csp")
        .to_owned();
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"),
        "{csp}"
    );
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("'unsafe-eval'"),
        "{csp}"
    );

    env.sign_in(ADMIN).await;
    env.wait_rows(4).await;
    env.create_via_dialog("Under CSP").await;
    env.click("button", "Revoke Under CSP").await;
    env.click("button", "Revoke key").await;
    env.wait_text("Revoked Under CSP").await;
    env.assert_healthy().await;

    // The collector really sees violations: an inline script is refused and reported.
    env.browser
        .execute("const s = document.createElement('script'); s.textContent = 'window.__ran = 1'; document.body.append(s);", vec![])
        .await
        .expect("inject");
    let collected = env.wait_collected("csp", 1).await;
    assert_eq!(
        collected["csp"].as_array().map(Vec::len),
        Some(1),
        "{collected}"
    );
    let ran = env
        .browser
        .execute("return window.__ran === undefined;", vec![])
        .await
        .expect("js");
    assert_eq!(ran, json!(true), "the inline script did not run");
    let _ = env.browser.close().await;
}
