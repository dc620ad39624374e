//! Serving the built app with its security headers.

use lev_server::Config;
use reqwest::StatusCode;

use crate::support::*;

const INDEX: &str = r#"<!doctype html><html><head><link rel="stylesheet" href="/app.css"></head><body><script type="module">import init from '/app.js';await init();</script></body></html>"#;

#[tokio::test]
async fn serves_files_and_falls_back_to_index_under_a_strict_csp() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.html"), INDEX).unwrap();
    std::fs::write(dir.path().join("app.css"), "body{}").unwrap();
    let h = harness_with(Config {
        dist: Some(dir.path().to_owned()),
        frame_ancestors: vec!["'self'".into(), "https://app.lev.example".into()],
        ..dev()
    })
    .await;

    for path in ["/", "/settings/api-keys", "/some/client/route"] {
        let response = h.http.get(h.url(path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let headers = response.headers().clone();
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"),
            "{csp}"
        );
        assert!(
            !csp.contains("unsafe-inline") && !csp.contains("'unsafe-eval'"),
            "{csp}"
        );
        assert!(
            csp.contains("frame-ancestors 'self' https://app.lev.example"),
            "{csp}"
        );
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(headers["referrer-policy"], "no-referrer");
        assert_eq!(response.text().await.unwrap(), INDEX);
    }
    let css = h.http.get(h.url("/app.css")).send().await.unwrap();
    assert_eq!(css.status(), StatusCode::OK);
    assert!(css.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/css"));
    let missing = h.http.get(h.url("/missing.js")).send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);

    let api = h.http.get(h.api("/health")).send().await.unwrap();
    assert_eq!(
        api.headers()["cache-control"],
        "no-store",
        "API answers can hold a secret"
    );
}

#[tokio::test]
async fn cors_allows_only_the_configured_origins() {
    let h = harness_with(Config {
        cors_origins: vec!["http://app.lev.example".into()],
        ..dev()
    })
    .await;
    let preflight = |origin: &'static str| {
        h.http
            .request(reqwest::Method::OPTIONS, h.api("/build/api-keys"))
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header(
                "Access-Control-Request-Headers",
                "authorization, content-type, x-origin-app, idempotency-key",
            )
            .send()
    };
    let allowed = preflight("http://app.lev.example").await.unwrap();
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "http://app.lev.example"
    );
    assert_eq!(
        allowed.headers()["access-control-allow-credentials"],
        "true"
    );
    let refused = preflight("http://evil.example").await.unwrap();
    assert!(refused
        .headers()
        .get("access-control-allow-origin")
        .is_none());

    let token = h.session(ADMIN).await;
    let response = h
        .request(reqwest::Method::GET, "/me", &Auth::Bearer(token))
        .header("Origin", "http://app.lev.example")
        .send()
        .await
        .unwrap();
    let exposed = response.headers()["access-control-expose-headers"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(exposed.contains("x-request-id"), "{exposed}");
}
