//! Labels are hostile input: rendered as inert text, layout intact, invalid ones refused
//! before any request.

use serde_json::json;

use lev_harness::seed::*;
use lev_harness::*;

#[tokio::test]
async fn hostile_labels_render_as_inert_text() {
    let env = env_with(lev_server::Config {
        key_ceiling_override: Some(50),
        ..lev_server::Config::default()
    })
    .await;
    env.sign_in(ADMIN).await;
    env.wait_rows(4).await;
    let long = format!("Long-{}", "x".repeat(250));
    let labels = [
        "<img src=x onerror=\"window.__pwned='img'\">".to_owned(),
        "<script>window.__pwned='script'</script>".to_owned(),
        "javascript:window.__pwned='url'".to_owned(),
        "\"><svg onload=\"window.__pwned='svg'\">".to_owned(),
        long.clone(),
        // Right-to-left text (a direction override is refused by the label rule:
        // where_it_runs.rs).
        "مفتاح الإنتاج RTL".to_owned(),
        "🚀 Déploiement 🔑 ключ 鍵".to_owned(),
    ];
    for label in &labels {
        env.create_via_dialog(label).await;
    }
    let shown = env.wait_rows(4 + labels.len()).await;
    for label in &labels {
        assert!(
            shown.iter().any(|s| s == label.trim()),
            "{label:?} shown as text; rows: {shown:?}"
        );
    }
    let checks = env
        .browser
        .execute(
            r#"return {
                pwned: window.__pwned === undefined,
                injected: __lev.all('tbody img, tbody script, tbody svg:not(.icon), tbody a').length,
                overflow: document.documentElement.scrollWidth - window.innerWidth,
            };"#,
            vec![],
        )
        .await
        .expect("checks");
    assert_eq!(checks["pwned"], json!(true), "no label ran code");
    assert_eq!(checks["injected"], json!(0), "no label became markup");
    assert!(
        checks["overflow"].as_i64().unwrap_or(1) <= 0,
        "the 255-character label does not widen the page: {checks}"
    );

    // Invalid labels never leave the browser.
    let before = env.server.active_key_count("acme-capital");
    let posts_before = env.requests_to("POST", "/build/api-keys").len();
    env.click("button", "Create key").await;
    let field = env.named("textbox", "Label").await;
    for bad in ["     ", &"y".repeat(256), "tab\there"] {
        env.browser
            .execute(
                "const f = arguments[0]; f.value = arguments[1]; f.dispatchEvent(new Event('input', { bubbles: true }));",
                vec![json!(field), json!(bad)],
            )
            .await
            .expect("type");
        let create = env.named("button", "Create").await;
        assert_eq!(
            create.attr("aria-disabled").await.ok().flatten().as_deref(),
            Some("true"),
            "{bad:?}"
        );
        create.click().await.expect("click");
        field.send_keys("\u{E007}").await.expect("Enter");
        env.css("#key-label[aria-invalid=true]").await;
    }
    env.next_frames().await;
    assert_eq!(
        env.requests_to("POST", "/build/api-keys")[posts_before..],
        [],
        "no request was made for an invalid label"
    );
    assert_eq!(env.server.active_key_count("acme-capital"), before);
    // A positive signal that a request would have been seen: a valid label's request comes
    // after all of those and is answered; it must be the only POST the server ever got.
    env.browser
        .execute(
            "const f = arguments[0]; f.value = arguments[1]; f.dispatchEvent(new Event('input', { bubbles: true }));",
            vec![json!(field), json!("Valid at last")],
        )
        .await
        .expect("type");
    env.click("button", "Create").await;
    env.css("#revealed-key").await;
    let posts = &env.requests_to("POST", "/build/api-keys")[posts_before..];
    assert_eq!(posts.len(), 1, "only the valid label was sent: {posts:?}");
    assert_eq!(posts[0].status, Some(201));
    env.close().await;
}
