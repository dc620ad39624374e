//! Who may do what: member, disabled feature, ceiling, several accounts, signed out.

use serde_json::json;

use lev_harness::seed::*;
use lev_harness::*;

#[tokio::test]
async fn a_member_gets_a_message_and_no_controls() {
    let env = env().await;
    env.sign_in(MEMBER).await;
    env.wait_text("Only workspace admins can manage API keys")
        .await;
    assert!(env.all_named("button", "Create key").await.is_empty());
    assert!(env.all(".revoke-button").await.is_empty());
    env.close().await;
}

#[tokio::test]
async fn a_disabled_feature_has_its_own_message() {
    let env = env().await;
    env.sign_in(DISABLED_ADMIN).await;
    env.wait_text("API keys are not enabled for this account")
        .await;
    env.wait_text("Harbor Lending").await;
    assert!(env.all_named("button", "Create key").await.is_empty());
    env.close().await;
}

#[tokio::test]
async fn at_the_ceiling_create_is_disabled_with_the_reason() {
    let env = env().await;
    env.sign_in(FULL_ADMIN).await;
    env.wait_rows(2).await;
    env.wait_text("2 of 2 keys").await;
    let create = env.named("button", "Create key").await;
    assert!(
        !create.is_enabled().await.expect("enabled?"),
        "Create key is disabled at the ceiling"
    );
    env.wait_text("This account has reached its limit of 2 keys")
        .await;
    env.close().await;
}

#[tokio::test]
async fn several_accounts_pick_one_first() {
    let env = env().await;
    env.sign_in(MULTI_ADMIN).await;
    env.wait_text("Choose an account").await;
    let northwind = env.named("button", "Northwind Credit").await;
    northwind.click().await.expect("click");
    let labels = env.wait_rows(1).await;
    assert_eq!(labels, ["Data Warehouse Export"]);
    env.wait_text("1 of 50 keys").await;
    // Switching shows the picker again.
    env.click("button", "Switch account").await;
    env.click("button", "Birch Borrower").await;
    env.wait_text("No API keys yet").await;
    env.wait_text("0 of 10 keys").await;
    env.close().await;
}

#[tokio::test]
async fn signed_out_offers_to_sign_in_again() {
    let env = env().await;
    env.browser
        .goto(&env.url("/settings/api-keys"))
        .await
        .expect("goto");
    env.wait_text("You're signed out").await;
    let link = env.named("link", "Sign in again").await;
    let href = env.attribute_as_written(&link, "href").await;
    assert_eq!(href, json!("/dev/sign-in?next=%2Fsettings%2Fapi-keys"));
    env.close().await;
}

#[tokio::test]
async fn at_the_ceiling_the_host_pages_upgrade_link_is_offered() {
    let (env, _host) = embedded_env(r#"upgrade-url="/settings/billing""#, "").await;
    env.sign_in(FULL_ADMIN).await;
    env.wait_rows(2).await;
    env.browser
        .goto(&env.url("/embed.html"))
        .await
        .expect("embed page");
    env.wait_text("This account has reached its limit of 2 keys")
        .await;
    let link = env.named("link", "Upgrade plan").await;
    let href = env.attribute_as_written(&link, "href").await;
    assert_eq!(href, json!("/settings/billing"));
    env.close().await;
}

#[tokio::test]
async fn an_error_lists_what_comes_first_and_links_the_upgrade() {
    let env = env().await;
    env.sign_in(ADMIN).await;
    env.wait_rows(4).await;
    env.fault(
        "POST",
        "/build/api-keys",
        1,
        lev_server::FaultAction::Respond {
            status: 422,
            content_type: Some("application/json".into()),
            body: r#"{"request_id":"req-upgrade","error":{"status":422,"type":"validation_error","message":"Your plan does not include more keys.","details":{},"upgrade_url":"/settings/billing","prerequisites":["Verify your company","Add a payment method"]}}"#.into(),
        },
    );
    env.click("button", "Create key").await;
    env.named("textbox", "Label")
        .await
        .send_keys("Blocked\u{E007}")
        .await
        .expect("type");
    env.wait_text("Your plan does not include more keys.").await;
    env.wait_text("Verify your company").await;
    env.wait_text("Add a payment method").await;
    env.wait_text("req-upgrade").await;
    let link = env.named("link", "Upgrade plan").await;
    assert_eq!(
        link.attr("rel").await.ok().flatten().as_deref(),
        Some("external")
    );
    env.close().await;
}
