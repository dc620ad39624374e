//! The tab embedded in a host page of another origin, with the host's token provider.

use lev_server::{start, Config};
use serde_json::json;

use lev_harness::seed::*;
use lev_harness::*;

#[tokio::test]
async fn embedded_cross_origin_with_a_token_provider() {
    // The host page is served by one server; the API is another origin that allows it.
    let host_dir = embedding_dist("");
    let host = start(Config {
        dist: Some(host_dir.path().to_owned()),
        seed: false,
        ..Config::default()
    })
    .await
    .expect("host server");
    let env = env_with(Config {
        cors_origins: vec![host.url().parse().expect("the host page's origin")],
        ..Config::default()
    })
    .await;
    let token = env.token(ADMIN).await;
    write_embed_page(
        host_dir.path(),
        &format!(
            r#"api-base="{}/api/external/v2" origin-app="host-e2e""#,
            env.server.url()
        ),
        &format!(
            "let calls = 0; host.tokenProvider = () => {{ calls += 1; window.tokenCalls = calls; return Promise.resolve('{token}'); }};"
        ),
    );

    env.browser
        .goto(&format!("{}/embed.html", host.url()))
        .await
        .expect("goto");
    let labels = env.wait_rows(4).await;
    assert_eq!(labels[0], "Staging Webhooks");
    assert!(
        env.all("h1").await.len() == 1,
        "no settings shell inside the host page"
    );
    env.create_and_reveal("Embedded").await;
    assert_eq!(env.server.active_key_count("acme-capital"), Some(5));
    let calls = env
        .browser
        .execute("return window.tokenCalls;", vec![])
        .await
        .expect("calls");
    assert!(
        calls.as_u64().unwrap_or(0) >= 3,
        "the provider is asked before each request: {calls}"
    );
    let cookies = env
        .browser
        .execute("return document.cookie;", vec![])
        .await
        .expect("cookies");
    assert_eq!(cookies, json!(""), "no cookie involved");
    env.close().await;
    host.stop().await;
}
