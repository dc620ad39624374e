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
        cors_origins: vec!["http://app.lev.example".parse().expect("an origin")],
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

/// Writes `name` and, as the release build does, `name.br` and `name.gz` into `dir`.
fn write_with_copies(dir: &std::path::Path, name: &str, raw: &[u8]) {
    use std::io::Write;
    std::fs::write(dir.join(name), raw).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(raw).unwrap();
    std::fs::write(dir.join(format!("{name}.gz")), gz.finish().unwrap()).unwrap();
    let mut br = Vec::new();
    brotli::BrotliCompress(&mut &raw[..], &mut br, &Default::default()).unwrap();
    std::fs::write(dir.join(format!("{name}.br")), br).unwrap();
}

#[tokio::test]
async fn assets_are_sent_precompressed_and_cached_for_good_the_page_revalidated() {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.html"), INDEX).unwrap();
    let css = "body{color:#123}".repeat(200);
    let wasm: Vec<u8> = (0..20_000u32).map(|n| (n % 251) as u8).collect();
    write_with_copies(dir.path(), "main-e1668397f9e8f58e.css", css.as_bytes());
    write_with_copies(dir.path(), "app-0123456789abcdef_bg.wasm", &wasm);
    let h = harness_with(Config {
        dist: Some(dir.path().to_owned()),
        ..dev()
    })
    .await;
    let fetch = |path: &'static str, accept: Option<&'static str>| {
        let mut request = h.http.get(h.url(path));
        if let Some(accept) = accept {
            request = request.header("Accept-Encoding", accept);
        }
        request.send()
    };
    for (path, raw) in [
        ("/main-e1668397f9e8f58e.css", css.as_bytes()),
        ("/app-0123456789abcdef_bg.wasm", wasm.as_slice()),
    ] {
        for (accept, encoding) in [
            (Some("gzip, deflate, br"), Some("br")),
            (Some("gzip"), Some("gzip")),
            (None, None),
        ] {
            let response = fetch(path, accept).await.unwrap();
            assert_eq!(response.status(), StatusCode::OK, "{path} {accept:?}");
            let headers = response.headers().clone();
            assert_eq!(
                headers
                    .get("content-encoding")
                    .and_then(|v| v.to_str().ok()),
                encoding,
                "{path} {accept:?}"
            );
            assert_eq!(
                headers["cache-control"], "public, max-age=31536000, immutable",
                "{path}"
            );
            assert!(
                headers["vary"]
                    .to_str()
                    .unwrap()
                    .to_ascii_lowercase()
                    .contains("accept-encoding"),
                "{path}: caches must keep the encodings apart"
            );
            let body = response.bytes().await.unwrap();
            let mut decoded = Vec::new();
            match encoding {
                Some("br") => {
                    brotli::Decompressor::new(&body[..], 4096)
                        .read_to_end(&mut decoded)
                        .unwrap();
                }
                Some("gzip") => {
                    flate2::read::GzDecoder::new(&body[..])
                        .read_to_end(&mut decoded)
                        .unwrap();
                }
                _ => decoded = body.to_vec(),
            }
            assert_eq!(decoded, raw, "{path} {accept:?}: decodes to the file");
            if encoding.is_some() {
                assert!(body.len() < raw.len(), "{path}: smaller on the wire");
            }
        }
    }
    let wasm_type = fetch("/app-0123456789abcdef_bg.wasm", Some("br"))
        .await
        .unwrap();
    assert_eq!(wasm_type.headers()["content-type"], "application/wasm");
    let page = fetch("/settings/api-keys", Some("br")).await.unwrap();
    assert_eq!(
        page.headers()["cache-control"],
        "no-cache",
        "the page is revalidated"
    );
}

#[tokio::test]
async fn the_elements_entry_is_revalidated_and_what_it_loads_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.html"), INDEX).unwrap();
    let embed = dir.path().join("embed");
    std::fs::create_dir_all(&embed).unwrap();
    write_with_copies(
        &embed,
        "lev-api-keys.js",
        b"import './lev-api-keys-0123456789abcdef.js';",
    );
    write_with_copies(
        &embed,
        "lev-api-keys-0123456789abcdef.js",
        b"export default 1;",
    );
    let h = harness_with(Config {
        dist: Some(dir.path().to_owned()),
        ..dev()
    })
    .await;
    for (path, policy) in [
        ("/embed/lev-api-keys.js", "no-cache"),
        (
            "/embed/lev-api-keys-0123456789abcdef.js",
            "public, max-age=31536000, immutable",
        ),
    ] {
        let response = h
            .http
            .get(h.url(path))
            .header("Accept-Encoding", "br")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(response.headers()["cache-control"], policy, "{path}");
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .contains("javascript"),
            "{path}: a module script"
        );
    }
}

#[tokio::test]
async fn the_openapi_description_is_served_and_names_every_route() {
    let h = harness().await;
    let response = h
        .http
        .get(h.api("/openapi.json"))
        .send()
        .await
        .expect("openapi");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/json")
    );
    let description: serde_json::Value = response.json().await.expect("json");
    assert!(description["openapi"]
        .as_str()
        .is_some_and(|v| v.starts_with("3.")));
    assert_eq!(description["servers"][0]["url"], "/api/external/v2");
    let mut routes: Vec<String> = description["paths"]
        .as_object()
        .expect("paths")
        .iter()
        .flat_map(|(path, item)| {
            let methods = item.as_object().expect("path item").keys();
            methods.map(move |method| format!("{} {path}", method.to_uppercase()))
        })
        .collect();
    routes.sort();
    assert_eq!(
        routes,
        [
            "DELETE /api-keys/{key_id}",
            "GET /api-keys",
            "GET /build/api-keys",
            "GET /health",
            "GET /me",
            "PATCH /me/active-account",
            "POST /api-keys",
            "POST /auth/validate-api-key",
            "POST /build/api-keys",
        ]
    );
    // A created key leads to its revoke (what the fuzzer's stateful phase follows).
    assert_eq!(
        description["paths"]["/api-keys"]["post"]["responses"]["201"]["links"]["RevokeKey"]
            ["operationId"],
        "revoke_api_key"
    );
}
