//! Guided rotation: a replacement with the same label, its one-time reveal, then Revoke old
//! key or Keep both; failures on either side; the ceiling; the keyboard alone.

use lev_server::FaultAction;
use reqwest::{Method, StatusCode};
use serde_json::json;

use lev_harness::seed::*;
use lev_harness::*;

/// Opens the rotation of `label` and creates the replacement; returns its secret.
async fn rotate_to_reveal(env: &Env, label: &str) -> String {
    env.named("button", &format!("Rotate {label}"))
        .await
        .click()
        .await
        .expect("rotate");
    let dialog = env.named("dialog", "Rotate API key").await;
    let text = dialog.text().await.unwrap_or_default();
    assert!(
        text.contains(label) && text.contains("lev_sk_") && text.contains("same label"),
        "the dialog names the key and explains the steps: {text}"
    );
    env.click("button", "Create replacement").await;
    env.wait_text("Copy this key now. You won't be able to see it again.")
        .await;
    env.revealed_secret().await
}

async fn status_of(env: &Env, secret: &str) -> StatusCode {
    env.api(Method::GET, "/me", secret).await.status()
}

#[tokio::test]
async fn rotation_with_revoke_old_key_replaces_the_key() {
    let env = env().await;
    env.allow_clipboard().await;
    let token = env.token(ADMIN).await;
    let (old_id, old_secret) = env.create_key_via_api(&token, "Nightly ETL").await;
    env.sign_in(ADMIN).await;
    env.wait_rows(5).await;

    let new_secret = rotate_to_reveal(&env, "Nightly ETL").await;
    assert_ne!(new_secret, old_secret);
    env.copy_key(&new_secret).await;
    env.click("button", "Done").await;
    let question = env.named("alertdialog", "Revoke the old key?").await;
    let text = question.text().await.unwrap_or_default();
    let old_prefix = &old_secret[..11];
    assert!(
        text.contains(old_prefix) && text.contains("never been used"),
        "names the old key by prefix and last use: {text}"
    );
    let keep = env.named("button", "Keep both").await;
    assert!(
        env.has_focus(&keep).await,
        "the safe choice is focused first"
    );
    env.screenshot("rotation").await;
    // Both keys are listed while the question is open.
    assert_eq!(
        env.row_labels()
            .await
            .iter()
            .filter(|l| *l == "Nightly ETL")
            .count(),
        2
    );

    env.click("button", "Revoke old key").await;
    env.gone("alertdialog", "Revoke the old key?").await;
    env.wait_text("Rotated Nightly ETL").await;
    let labels = env.wait_rows(5).await;
    assert_eq!(labels[0], "Nightly ETL", "the replacement, listed first");
    assert!(
        env.all(&format!("[data-key-id=\"{old_id}\"]"))
            .await
            .is_empty(),
        "the old row is gone"
    );
    env.wait_text("5 of 10 keys").await;
    // Focus lands on the replacement's Rotate button.
    env.wait_focus("Rotate Nightly ETL").await;

    assert_eq!(status_of(&env, &new_secret).await, StatusCode::OK);
    assert_eq!(
        status_of(&env, &old_secret).await,
        StatusCode::UNAUTHORIZED,
        "the old key stopped working"
    );
    // The app sends an Idempotency-Key with every create; the test's own create had none.
    let creates: Vec<_> = env
        .requests_to("POST", "/build/api-keys")
        .into_iter()
        .filter(|r| r.idempotency_key.is_some())
        .collect();
    assert_eq!(creates.len(), 1, "one replacement: {creates:?}");
    let revokes = env.requests_to("DELETE", &format!("/api-keys/{old_id}"));
    assert_eq!(revokes.len(), 1, "one revoke of the old key: {revokes:?}");
    env.assert_healthy().await;
    env.close().await;
}

#[tokio::test]
async fn keep_both_leaves_both_keys_working() {
    let env = env().await;
    let token = env.token(ADMIN).await;
    let (old_id, old_secret) = env.create_key_via_api(&token, "Nightly ETL").await;
    env.sign_in(ADMIN).await;
    env.wait_rows(5).await;

    let new_secret = rotate_to_reveal(&env, "Nightly ETL").await;
    // Done without copying asks first, as after Create key.
    env.click("button", "Done").await;
    env.click("button", "Close anyway").await;
    env.named("alertdialog", "Revoke the old key?").await;
    env.click("button", "Keep both").await;
    env.gone("alertdialog", "Revoke the old key?").await;
    env.wait_text("Both keys labelled Nightly ETL stay active")
        .await;
    let labels = env.wait_rows(6).await;
    assert_eq!(labels.iter().filter(|l| *l == "Nightly ETL").count(), 2);
    let focused = env.wait_focus("Rotate Nightly ETL").await;
    let in_old_row = env
        .browser
        .execute(
            "return arguments[0].closest('tr')?.dataset.keyId;",
            vec![json!(focused)],
        )
        .await
        .expect("row");
    assert_eq!(
        in_old_row,
        json!(old_id.to_string()),
        "focus goes back to the old key's Rotate button"
    );
    assert_eq!(status_of(&env, &new_secret).await, StatusCode::OK);
    assert_eq!(status_of(&env, &old_secret).await, StatusCode::OK);
    assert!(env
        .requests_to("DELETE", &format!("/api-keys/{old_id}"))
        .is_empty());
    env.close().await;
}

#[tokio::test]
async fn failures_in_a_rotation_change_nothing_and_say_so() {
    let env = env().await;
    let token = env.token(ADMIN).await;
    let (old_id, old_secret) = env.create_key_via_api(&token, "Nightly ETL").await;
    env.sign_in(ADMIN).await;
    env.wait_rows(5).await;

    // The create fails: nothing changes, and the retry reuses the attempt's Idempotency-Key.
    env.fault(
        "POST",
        "/build/api-keys",
        1,
        FaultAction::Status { status: 500 },
    );
    env.click("button", "Rotate Nightly ETL").await;
    env.click("button", "Create replacement").await;
    env.wait_text("The replacement was not created. Nothing changed.")
        .await;
    env.wait_text("Request ID:").await;
    assert_eq!(env.row_labels().await.len(), 5, "no row was added");
    env.click("button", "Create replacement").await;
    let new_secret = env.revealed_secret().await;
    // The first POST is the test's own create (no Idempotency-Key); then the app's two.
    let creates = env.wait_requests("POST", "/build/api-keys", 3).await;
    assert_eq!(creates.len(), 3, "{creates:?}");
    assert_eq!(
        creates[1].idempotency_key, creates[2].idempotency_key,
        "the retry is the same attempt"
    );
    assert!(creates[1].idempotency_key.is_some());
    env.click("button", "Done").await;
    env.click("button", "Close anyway").await;

    // The revoke fails: both keys stay, and the message says the old one is still active.
    env.fault(
        "DELETE",
        "/api-keys/",
        1,
        FaultAction::Status { status: 500 },
    );
    env.click("button", "Revoke old key").await;
    env.wait_text("The old key is still active: both keys work.")
        .await;
    env.named("alertdialog", "Revoke the old key?").await;
    assert_eq!(env.wait_rows(6).await.len(), 6, "both keys are listed");
    assert_eq!(status_of(&env, &old_secret).await, StatusCode::OK);
    env.click("button", "Retry").await;
    env.wait_text("Rotated Nightly ETL").await;
    env.wait_rows(5).await;
    assert_eq!(status_of(&env, &old_secret).await, StatusCode::UNAUTHORIZED);
    assert_eq!(status_of(&env, &new_secret).await, StatusCode::OK);
    let revokes = env.requests_to("DELETE", &format!("/api-keys/{old_id}"));
    assert_eq!(revokes.len(), 2, "the failed revoke and its retry");
    env.close().await;
}

#[tokio::test]
async fn at_the_ceiling_rotate_is_disabled_with_the_reason() {
    let env = env().await;
    env.sign_in(FULL_ADMIN).await;
    env.wait_rows(2).await;
    for button in env.all(".rotate-button").await {
        assert!(
            button.attr("disabled").await.ok().flatten().is_some(),
            "Rotate is disabled at the ceiling"
        );
        assert_eq!(
            button
                .attr("aria-describedby")
                .await
                .ok()
                .flatten()
                .as_deref(),
            Some("ceiling-reason")
        );
        assert_eq!(
            button.attr("title").await.ok().flatten().as_deref(),
            Some("A rotation needs one free key slot")
        );
    }
    env.wait_text("a rotation needs one free slot").await;
    env.close().await;
}
