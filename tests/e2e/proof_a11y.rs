//! axe-core finds no violation in any state of the tab, and the create → copy → Done → revoke
//! walk and a rotation work with the keyboard alone.

use lev_server::FaultAction;
use serde_json::json;

use lev_harness::seed::*;
use lev_harness::*;

async fn assert_accessible(env: &Env, state: &str) {
    let violations = env.axe_violations().await;
    assert!(
        violations.is_empty(),
        "{state}: {}",
        serde_json::to_string_pretty(&violations).unwrap_or_default()
    );
}

#[tokio::test]
async fn every_state_has_zero_axe_violations() {
    let env = env().await;
    env.sign_in(ADMIN).await;
    env.wait_rows(4).await;
    assert_accessible(&env, "list").await;

    env.click("button", "Create key").await;
    env.named("textbox", "Label")
        .await
        .send_keys(" ")
        .await
        .expect("type");
    env.wait_text("Enter a label").await;
    assert_accessible(&env, "create dialog with an error").await;
    env.named("textbox", "Label")
        .await
        .send_keys("Axe\u{E007}")
        .await
        .expect("type");
    env.css("#revealed-key").await;
    assert_accessible(&env, "reveal panel").await;
    env.click("button", "Done").await;
    env.wait_text("Close without copying?").await;
    assert_accessible(&env, "close without copying question").await;
    env.click("button", "Close anyway").await;

    env.click("button", "Revoke Axe").await;
    env.named("alertdialog", "Revoke API key").await;
    assert_accessible(&env, "revoke dialog").await;
    env.click("button", "Cancel").await;

    env.click("button", "Rotate Axe").await;
    env.named("dialog", "Rotate API key").await;
    assert_accessible(&env, "rotate dialog").await;
    env.click("button", "Create replacement").await;
    env.css("#revealed-key").await;
    assert_accessible(&env, "rotation's reveal panel").await;
    env.click("button", "Done").await;
    env.click("button", "Close anyway").await;
    env.named("alertdialog", "Revoke the old key?").await;
    assert_accessible(&env, "revoke the old key question").await;
    env.click("button", "Keep both").await;
    env.wait_rows(6).await;

    // Six keys: the filter is offered. Filtered, with no match, and sorted.
    let filter = env.named("searchbox", "Filter keys").await;
    filter.send_keys("axe").await.expect("type");
    env.wait_text("2 of 6 keys match").await;
    assert_accessible(&env, "filtered list").await;
    filter.send_keys("zzz").await.expect("type");
    env.wait_text("No keys match").await;
    assert_accessible(&env, "no key matches").await;
    env.click("button", "Clear filter").await;
    env.click("button", "Last used").await;
    assert_accessible(&env, "list sorted by last use").await;

    env.fault(
        "GET",
        "/build/api-keys",
        1,
        FaultAction::Status { status: 500 },
    );
    env.browser.refresh().await.expect("reload");
    env.wait_text("The API keys could not be loaded.").await;
    assert_accessible(&env, "error state").await;
    env.close().await;

    let env = lev_harness::env().await;
    env.sign_in(MULTI_ADMIN).await;
    env.wait_text("Choose an account").await;
    assert_accessible(&env, "account picker").await;
    env.click("button", "Birch Borrower").await;
    env.wait_text("No API keys yet").await;
    assert_accessible(&env, "empty state").await;
    env.close().await;

    let env = lev_harness::env().await;
    env.sign_in(MEMBER).await;
    env.wait_text("Only workspace admins").await;
    assert_accessible(&env, "member notice").await;
    env.close().await;
}

/// Presses Tab until `name` (a button) has focus; fails after `limit` presses.
async fn tab_to(env: &Env, name: &str, limit: usize) {
    for _ in 0..limit {
        let focused = env.focused().await;
        if env.accessible_name(&focused).await == name {
            return;
        }
        env.press("\u{E004}").await;
    }
    panic!("Tab never reached {name:?}");
}

#[tokio::test]
async fn keyboard_only_create_copy_done_revoke() {
    let env = env().await;
    env.allow_clipboard().await;
    env.sign_in(ADMIN).await;
    env.wait_rows(4).await;
    env.browser
        .execute(
            "let a = document.activeElement; while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement; a && a.blur(); window.focus();",
            vec![],
        )
        .await
        .expect("reset focus");
    let body = env.css("body").await;
    body.send_keys("\u{E004}").await.expect("first Tab");

    tab_to(&env, "Create key", 10).await;
    env.press("\u{E007}").await; // Enter
    env.named("dialog", "Create API key").await;
    env.press("Keyboard Walk").await;
    env.press("\u{E007}").await;
    env.css("#revealed-key").await;
    tab_to(&env, "Copy API key", 5).await;
    env.press(" ").await; // Space
    env.wait_text("Copied").await;
    tab_to(&env, "Done", 5).await;
    env.press("\u{E007}").await;
    env.gone("dialog", "Save your API key").await;
    env.wait_rows(5).await;

    tab_to(&env, "Revoke Keyboard Walk", 20).await;
    env.press("\u{E007}").await;
    env.named("alertdialog", "Revoke API key").await;
    env.press("\u{E004}").await; // from Cancel to Revoke key
    env.press("\u{E007}").await;
    env.wait_text("Revoked Keyboard Walk").await;
    env.wait_rows(4).await;

    let collected = env.collected().await;
    assert_eq!(
        collected["pointer"],
        json!(0),
        "no mouse or pointer event at all"
    );
    env.close().await;
}

#[tokio::test]
async fn keyboard_only_rotation() {
    let env = env().await;
    env.allow_clipboard().await;
    let token = env.token(ADMIN).await;
    let (old_id, old_secret) = env.create_key_via_api(&token, "Nightly ETL").await;
    env.sign_in(ADMIN).await;
    env.wait_rows(5).await;
    env.browser
        .execute(
            "let a = document.activeElement; while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement; a && a.blur(); window.focus();",
            vec![],
        )
        .await
        .expect("reset focus");
    env.css("body")
        .await
        .send_keys("\u{E004}")
        .await
        .expect("first Tab");

    tab_to(&env, "Rotate Nightly ETL", 20).await;
    env.press("\u{E007}").await; // Enter
    env.named("dialog", "Rotate API key").await;
    tab_to(&env, "Create replacement", 5).await;
    env.press(" ").await; // Space
    env.css("#revealed-key").await;
    tab_to(&env, "Copy API key", 5).await;
    env.press("\u{E007}").await;
    env.wait_text("Copied").await;
    tab_to(&env, "Done", 5).await;
    env.press("\u{E007}").await;
    env.named("alertdialog", "Revoke the old key?").await;
    // Keep both has focus; Tab to Revoke old key.
    env.press("\u{E004}").await;
    env.press("\u{E007}").await;
    env.wait_text("Rotated Nightly ETL").await;
    env.wait_rows(5).await;
    assert!(env
        .all(&format!("[data-key-id=\"{old_id}\"]"))
        .await
        .is_empty());
    assert_eq!(
        env.api(reqwest::Method::GET, "/me", &old_secret)
            .await
            .status(),
        reqwest::StatusCode::UNAUTHORIZED
    );

    let collected = env.collected().await;
    assert_eq!(
        collected["pointer"],
        json!(0),
        "no mouse or pointer event at all"
    );
    env.close().await;
}
