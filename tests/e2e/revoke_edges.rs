//! Revoke beyond the happy path: a key revoked elsewhere, a failed revoke, and where focus goes.

use lev_server::FaultAction;
use reqwest::Method;

use lev_harness::seed::*;
use lev_harness::*;

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
