//! The main flows: create → copy → Done, revoke, errors, double submits.

use lev_server::FaultAction;
use reqwest::{Method, StatusCode};
use serde_json::json;

use lev_harness::seed::*;
use lev_harness::*;

#[tokio::test]
async fn create_copy_done_and_the_key_works() {
    let env = env().await;
    env.allow_clipboard().await;
    env.sign_in(ADMIN).await;
    env.wait_rows(4).await;
    env.screenshot("api-keys-tab").await;

    env.click("button", "Create key").await;
    env.named("dialog", "Create API key").await;
    let label = env.named("textbox", "Label").await;
    assert!(
        env.has_focus(&label).await,
        "focus moves into the Label field"
    );
    let create = env.named("button", "Create").await;
    assert_eq!(
        create.attr("aria-disabled").await.ok().flatten().as_deref(),
        Some("true"),
        "disabled until valid"
    );
    label.send_keys("Deploy Bot").await.expect("type");
    label.send_keys("\u{E007}").await.expect("Enter submits");

    let field = env.css("#revealed-key").await;
    env.wait_text("Copy this key now. You won't be able to see it again.")
        .await;
    let secret = field.prop("value").await.ok().flatten().expect("key shown");
    assert!(secret.starts_with("lev_sk_") && secret.len() > 40);
    let readonly = field.attr("readonly").await.ok().flatten();
    assert!(readonly.is_some(), "read-only field");

    env.copy_key(&secret).await;
    env.screenshot("reveal-panel").await;

    env.click("button", "Done").await;
    env.gone("dialog", "Save your API key").await;
    assert!(
        !env.browser
            .source()
            .await
            .expect("source")
            .contains(&secret),
        "the key left the DOM"
    );
    let labels = env.wait_rows(5).await;
    assert_eq!(
        labels[0], "Deploy Bot",
        "the new key is listed first, without a reload"
    );
    env.wait_text("5 of 10 keys").await;

    let response = env.api(Method::GET, "/me", &secret).await;
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "the copied key authenticates"
    );
    env.close().await;
}

#[tokio::test]
async fn revoke_removes_the_row_and_the_key_stops_working() {
    let env = env().await;
    let token = env.token(ADMIN).await;
    let (_, secret) = env.create_key_via_api(&token, "Nightly ETL").await;
    env.sign_in(ADMIN).await;
    env.wait_rows(5).await;

    env.click("button", "Revoke Nightly ETL").await;
    let dialog = env.named("alertdialog", "Revoke API key").await;
    let text = dialog.text().await.unwrap_or_default();
    assert!(
        text.contains("Nightly ETL") && text.contains("lev_sk_"),
        "names the key: {text}"
    );
    assert!(text.contains("stop working immediately"), "{text}");
    let cancel = env.named("button", "Cancel").await;
    assert!(env.has_focus(&cancel).await, "Cancel is focused first");

    env.click("button", "Revoke key").await;
    env.gone("alertdialog", "Revoke API key").await;
    let labels = env.wait_rows(4).await;
    assert!(!labels.contains(&"Nightly ETL".to_owned()));
    env.wait_text("Revoked Nightly ETL").await;
    env.wait_text("4 of 10 keys").await;
    // The toast only informs: a click on it reaches whatever it covers.
    let under_toast = env
        .browser
        .execute(
            "const r = __lev.one('.toast').getBoundingClientRect();
             const hit = __lev.one('.toast').getRootNode().elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
             return hit ? !hit.closest('.status-region') : null;",
            vec![],
        )
        .await
        .expect("hit test");
    assert_eq!(under_toast, json!(true), "clicks pass through the toast");

    let response = env.api(Method::GET, "/me", &secret).await;
    assert_eq!(
        response.status(),
        StatusCode::UNAUTHORIZED,
        "the revoked key gets 401"
    );
    env.close().await;
}

#[tokio::test]
async fn a_server_error_on_create_keeps_the_label_and_a_retry_succeeds() {
    let env = env().await;
    env.sign_in(ADMIN).await;
    env.wait_rows(4).await;
    env.fault(
        "POST",
        "/build/api-keys",
        1,
        FaultAction::Status { status: 500 },
    );

    env.click("button", "Create key").await;
    let label = env.named("textbox", "Label").await;
    label.send_keys("Warehouse Sync").await.expect("type");
    env.click("button", "Create").await;
    env.wait_text("The key was not created. Your label is kept.")
        .await;
    env.wait_text("Request ID: ").await;
    assert_eq!(
        label.prop("value").await.ok().flatten().as_deref(),
        Some("Warehouse Sync")
    );
    assert_eq!(env.server.active_key_count("acme-capital"), Some(4));

    env.click("button", "Create").await;
    env.css("#revealed-key").await;
    assert_eq!(
        env.server.active_key_count("acme-capital"),
        Some(5),
        "one key"
    );
    env.close().await;
}

#[tokio::test]
async fn a_double_click_makes_one_key() {
    let env = env().await;
    env.sign_in(ADMIN).await;
    env.wait_rows(4).await;
    env.fault(
        "POST",
        "/build/api-keys",
        1,
        FaultAction::Delay { ms: 1500 },
    );
    env.click("button", "Create key").await;
    env.named("textbox", "Label")
        .await
        .send_keys("Twice Clicked")
        .await
        .expect("type");
    let create = env.named("button", "Create").await;
    create.click().await.expect("first click");
    create.click().await.expect("second click");
    env.browser
        .execute("__lev.one('button[type=submit]')?.click();", vec![])
        .await
        .expect("third click");
    env.css("#revealed-key").await;
    // Requests are logged as they reach the server, and every click came before the answer
    // to the first (it was held 1.5 s): a second POST would be in the log by now.
    let posts = env.requests_to("POST", "/build/api-keys");
    assert_eq!(posts.len(), 1, "one POST for three clicks: {posts:?}");
    assert_eq!(
        env.server.active_key_count("acme-capital"),
        Some(5),
        "exactly one key was made"
    );
    env.close().await;
}

#[tokio::test]
async fn escape_and_done_never_discard_an_uncopied_key_silently() {
    let env = env().await;
    env.sign_in(ADMIN).await;
    env.wait_rows(4).await;
    env.click("button", "Create key").await;
    let label = env.named("textbox", "Label").await;
    label
        .send_keys("Unseen\u{E007}")
        .await
        .expect("type and Enter");
    env.css("#revealed-key").await;

    env.press("\u{E00C}").await; // Escape
    env.wait_text("Close without copying? You won't be able to see this key again.")
        .await;
    let back = env.named("button", "Go back").await;
    assert!(env.has_focus(&back).await, "the question takes focus");
    back.click().await.expect("go back");
    env.css("#revealed-key").await;

    env.click("button", "Done").await;
    env.click("button", "Close anyway").await;
    env.gone("dialog", "Save your API key").await;
    assert!(env.all("#revealed-key").await.is_empty());
    env.wait_rows(5).await;
    let create = env.named("button", "Create key").await;
    assert!(env.has_focus(&create).await, "focus returns to Create key");
    env.close().await;
}

#[tokio::test]
async fn the_revoke_confirmation_says_when_the_key_was_last_used() {
    let env = env().await;
    env.sign_in(ADMIN).await;
    env.wait_rows(4).await;
    for (label, sentence) in [
        (
            "Production Sync",
            "This key was used 1 hour ago. Anything still using it will stop working.",
        ),
        ("CI Pipeline", "This key was last used 3 days ago."),
        ("Staging Webhooks", "This key has never been used."),
    ] {
        env.named("button", &format!("Revoke {label}"))
            .await
            .click()
            .await
            .expect("trash");
        let dialog = env.named("alertdialog", "Revoke API key").await;
        let text = env
            .browser
            .execute("return arguments[0].innerText;", vec![json!(dialog)])
            .await
            .expect("text");
        assert!(
            text.as_str().is_some_and(|t| t.contains(sentence)),
            "{label}: {text}"
        );
        let warned = env
            .all("[role=alertdialog] .notice-warning.last-use")
            .await
            .len();
        assert_eq!(
            warned,
            usize::from(label == "Production Sync"),
            "{label}: warning"
        );
        env.click("button", "Cancel").await;
        env.gone("alertdialog", "Revoke API key").await;
    }
    env.close().await;
}

#[tokio::test]
async fn the_snippets_copy_the_variable_and_a_command_that_works() {
    let env = env().await;
    env.allow_clipboard().await;
    env.sign_in(ADMIN).await;
    env.wait_rows(4).await;
    let secret = env.create_and_reveal("Snippets").await;

    env.copy_with(
        "Copy as environment variable",
        &format!("LEV_API_KEY={secret}"),
    )
    .await;
    let command = env
        .css(".snippets .command")
        .await
        .text()
        .await
        .expect("command");
    assert!(
        !command.contains(&secret[7..]),
        "the shown command holds no secret: {command}"
    );
    env.copy_with("Copy test command", &command).await;

    // The command, as a POSIX shell reads it with LEV_API_KEY set: its URL and headers.
    let words = shlex::split(&command).expect("a command a shell can read");
    assert_eq!(words.len(), 6, "{command}");
    assert_eq!(
        words[..4],
        ["curl", "-H", "Authorization: Bearer $LEV_API_KEY", "-H"]
    );
    let origin_app = words[4]
        .strip_prefix("X-Origin-App: ")
        .expect("X-Origin-App header");
    let url = words[5].as_str();
    assert_eq!(url, env.url("/api/external/v2/me"), "{command}");
    let answer = reqwest::Client::new()
        .get(url)
        .bearer_auth(&secret)
        .header("X-Origin-App", origin_app)
        .send()
        .await
        .expect("the test command's request");
    assert_eq!(answer.status(), StatusCode::OK, "the command works");

    // Copying the variable counts as copying the key: Done closes without asking.
    env.click("button", "Done").await;
    env.gone("dialog", "Save your API key").await;
    env.wait_rows(5).await;
    env.close().await;
}
