//! Bad input gets a 4xx in the error envelope, faults behave as configured, and the server
//! keeps answering.

use lev_server::FaultAction;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::support::*;

#[tokio::test]
async fn hostile_input_is_refused_readably_and_the_server_survives() {
    let h = harness().await;
    let admin = Auth::Bearer(h.session(ADMIN).await);
    let post = || h.request(Method::POST, "/build/api-keys", &admin);
    let cases: Vec<(&str, reqwest::RequestBuilder, StatusCode, &str)> = vec![
        (
            "malformed JSON",
            post()
                .header("Content-Type", "application/json")
                .body("{\"label\": "),
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "not an object",
            post()
                .header("Content-Type", "application/json")
                .body("[1,2]"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_error",
        ),
        (
            "wrong content type",
            post()
                .header("Content-Type", "text/plain")
                .body("{\"label\":\"x\"}"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        ),
        (
            "no content type",
            post().body("{\"label\":\"x\"}"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        ),
        (
            "body over 64 KiB",
            post()
                .header("Content-Type", "application/json")
                .body(format!("{{\"label\":\"{}\"}}", "a".repeat(70 * 1024))),
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
        ),
        (
            "256-character label",
            post().json(&json!({ "label": "a".repeat(256) })),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_error",
        ),
        (
            "control characters",
            post().json(&json!({ "label": "line\nbreak" })),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_error",
        ),
        (
            "missing label",
            post().json(&json!({})),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_error",
        ),
        (
            "label not a string",
            post().json(&json!({ "label": 5 })),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_error",
        ),
        (
            "unknown field",
            post().json(&json!({ "label": "x", "scopes": ["all"] })),
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "non-numeric key id",
            h.request(Method::DELETE, "/api-keys/abc", &admin),
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "negative key id",
            h.request(Method::DELETE, "/api-keys/-4", &admin),
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "huge key id",
            h.request(Method::DELETE, "/api-keys/99999999999999999999999", &admin),
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "wrong method",
            h.request(Method::PUT, "/build/api-keys", &admin),
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
        ),
        (
            "unknown API path",
            h.request(Method::GET, "/nothing-here", &admin),
            StatusCode::NOT_FOUND,
            "not_found",
        ),
    ];
    for (name, request, status, kind) in cases {
        let response = request
            .send()
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(response.status(), status, "{name}");
        let body = expect_error(response, status, kind).await;
        println!("{name}: {}", body["error"]["message"]);
    }
    let health = h.http.get(h.api("/health")).send().await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    let body: Value = health.json().await.unwrap();
    assert_eq!(body["data"]["status"], json!("ok"));
    assert_eq!(
        h.server.active_key_count("acme-capital"),
        Some(4),
        "nothing was created"
    );
}

#[tokio::test]
async fn request_ids_are_unique() {
    let h = harness().await;
    let mut ids = std::collections::HashSet::new();
    for _ in 0..20 {
        let body: Value = h
            .http
            .get(h.api("/health"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        ids.insert(body["request_id"].as_str().unwrap().to_owned());
    }
    assert_eq!(ids.len(), 20);
}

#[tokio::test]
async fn faults_fail_then_recover() {
    let h = faulty_harness().await;
    let admin = Auth::Bearer(h.session(ADMIN).await);
    h.fault(
        "GET",
        "/build/api-keys",
        2,
        FaultAction::Status { status: 500 },
    );
    for _ in 0..2 {
        let response = h
            .request(Method::GET, "/build/api-keys", &admin)
            .send()
            .await
            .unwrap();
        expect_error(
            response,
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
        )
        .await;
    }
    h.list(&admin, "").await;

    // A raw answer in another shape, through the HTTP control endpoint.
    let response = h
        .dev_request(Method::POST, "/_dev/faults")
        .json(&json!({ "path": "/api/external/v2/me", "action": { "kind": "respond", "status": 502, "content_type": "text/html", "body": "<h1>Bad gateway</h1>" } }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let response = h.request(Method::GET, "/me", &admin).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::BAD_GATEWAY);
    assert_eq!(response.text().await.unwrap(), "<h1>Bad gateway</h1>");

    // The create runs, then the connection drops: the client sees a network error.
    h.fault("POST", "/build/api-keys", 1, FaultAction::DropAfter);
    let sent = h
        .request(Method::POST, "/build/api-keys", &admin)
        .json(&json!({ "label": "Lost answer" }))
        .send()
        .await;
    let failed = match sent {
        Err(_) => true,
        Ok(response) => response.bytes().await.is_err(),
    };
    assert!(failed, "the client must not get the answer");
    assert_eq!(
        h.server.active_key_count("acme-capital"),
        Some(5),
        "the create happened"
    );
    assert!(h.server.faults().rules().is_empty());
}

#[tokio::test]
async fn faults_are_off_by_default() {
    let h = harness().await;
    let response = h
        .http
        .post(h.url("/_dev/faults"))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_ne!(response.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn with_faults_on_the_server_records_what_it_was_asked() {
    let h = faulty_harness().await;
    let admin = Auth::Bearer(h.session(ADMIN).await);
    h.fault(
        "POST",
        "/build/api-keys",
        1,
        FaultAction::Status { status: 503 },
    );
    for _ in 0..2 {
        h.request(Method::POST, "/build/api-keys", &admin)
            .header("Idempotency-Key", "attempt-1")
            .json(&json!({ "label": "Logged" }))
            .send()
            .await
            .unwrap();
    }
    h.list(&admin, "?limit=5&offset=0").await;

    let posts: Vec<_> = h
        .server
        .requests()
        .into_iter()
        .filter(|r| r.method == "POST" && r.path == "/api/external/v2/build/api-keys")
        .collect();
    assert_eq!(posts.len(), 2, "{posts:?}");
    assert_eq!(
        posts[0].status,
        Some(503),
        "the injected answer is recorded"
    );
    assert_eq!(posts[1].status, Some(201));
    assert!(posts
        .iter()
        .all(|r| r.idempotency_key.as_deref() == Some("attempt-1")));

    // Over HTTP as well; the log's own route is not logged, and DELETE empties it.
    let logged: Value = h
        .dev_request(Method::GET, "/_dev/requests")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let list = logged
        .as_array()
        .and_then(|l| {
            l.iter()
                .find(|r| r["method"] == "GET" && r["path"] == "/api/external/v2/build/api-keys")
        })
        .cloned()
        .expect("the list request is logged");
    assert_eq!(list["query"], json!("limit=5&offset=0"));
    assert_eq!(list["status"], json!(200));
    let cleared = h
        .dev_request(Method::DELETE, "/_dev/requests")
        .send()
        .await
        .unwrap();
    assert_eq!(cleared.status(), StatusCode::NO_CONTENT);
    assert!(h.server.requests().is_empty());
}

#[tokio::test]
async fn without_faults_nothing_is_recorded_and_asking_for_the_log_fails_loudly() {
    let h = harness().await;
    let response = h.http.get(h.url("/_dev/requests")).send().await.unwrap();
    assert_ne!(response.status(), StatusCode::OK);
    let server = &h.server;
    let asked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| server.requests()));
    assert!(
        asked.is_err(),
        "an empty log must never pass for 'no request'"
    );
}
