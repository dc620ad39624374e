//! Creating, listing and revoking keys: rules, ceilings, idempotency, pagination.

use std::collections::HashSet;

use lev_server::{Config, Storage};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::support::*;

#[tokio::test]
async fn create_returns_the_secret_once_and_lists_newest_first() {
    let h = harness().await;
    let admin = Auth::Bearer(h.session(ADMIN).await);
    let created = h.create_key(&admin, "  CI Pipeline  ").await;
    let data = &created["data"];
    let secret = data["api_key"].as_str().unwrap();
    assert!(secret.starts_with("lev_sk_") && secret.len() >= 7 + 32);
    assert_eq!(data["label"], json!("CI Pipeline"), "label trimmed");
    assert_eq!(data["key_prefix"].as_str().unwrap(), &secret[..11]);
    assert!(data["created_at"].as_str().unwrap().ends_with('Z'));

    let listed = h.list(&admin, "").await;
    let first = &listed["data"][0];
    assert_eq!(first["id"], data["id"], "newest first");
    assert!(first.get("api_key").is_none(), "never the secret in a list");
    assert!(!listed.to_string().contains(secret));
    let labels: Vec<&str> = listed["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["label"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        [
            "CI Pipeline",
            "Staging Webhooks",
            "CI Pipeline",
            "Production Sync",
            "Old Reporting Script"
        ]
    );
    assert_eq!(
        listed["pagination"],
        json!({ "total": 5, "limit": 50, "offset": 0, "has_more": false })
    );

    // The newer path spelling answers too.
    let response = h
        .request(Method::GET, "/api-keys", &admin)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn pagination_walks_the_whole_list() {
    let h = harness_with(Config {
        key_ceiling_override: Some(200),
        rate_limits: false,
        ..dev()
    })
    .await;
    let admin = Auth::Bearer(h.session(ADMIN).await);
    for n in 0..21 {
        h.create_key(&admin, &format!("Key {n}")).await;
    }
    let mut seen = Vec::new();
    let mut offset = 0;
    loop {
        let page = h.list(&admin, &format!("?limit=10&offset={offset}")).await;
        assert_eq!(page["pagination"]["total"], json!(25));
        assert_eq!(page["pagination"]["limit"], json!(10));
        seen.extend(
            page["data"]
                .as_array()
                .unwrap()
                .iter()
                .map(|k| k["id"].as_i64().unwrap()),
        );
        if !page["pagination"]["has_more"].as_bool().unwrap() {
            break;
        }
        offset += 10;
    }
    assert_eq!(seen.len(), 25);
    assert_eq!(
        seen.iter().collect::<HashSet<_>>().len(),
        25,
        "no duplicates across pages"
    );

    for bad in ["?limit=0", "?limit=201", "?limit=abc", "?offset=-1"] {
        let response = h
            .request(Method::GET, &format!("/build/api-keys{bad}"), &admin)
            .send()
            .await
            .unwrap();
        expect_error(response, StatusCode::BAD_REQUEST, "bad_request").await;
    }
    let page = h.list(&admin, "?limit=200").await;
    assert_eq!(page["data"].as_array().unwrap().len(), 25);
}

async fn fill_to_ceiling(h: &Harness, auth: &Auth, ceiling: usize) {
    let existing = h.list(auth, "?limit=200").await["pagination"]["total"]
        .as_u64()
        .unwrap() as usize;
    for n in existing..ceiling {
        h.create_key(auth, &format!("Fill {n}")).await;
    }
    let response = h
        .request(Method::POST, "/build/api-keys", auth)
        .json(&json!({ "label": "One too many" }))
        .send()
        .await
        .unwrap();
    let body = expect_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_error",
    )
    .await;
    assert_eq!(body["error"]["details"]["max_allowed"], json!(ceiling));
    assert_eq!(
        body["error"]["details"]["reason"],
        json!("key_limit_reached")
    );
    assert_eq!(
        body["error"]["upgrade_url"],
        json!("/settings/billing"),
        "the ceiling says where to raise it"
    );
}

#[tokio::test]
async fn ceilings_per_tier() {
    let h = harness_with(Config {
        rate_limits: false,
        ..dev()
    })
    .await;
    let free = Auth::Bearer(h.session(FULL_ADMIN).await);
    fill_to_ceiling(&h, &free, 2).await;
    let me: Value = h
        .request(Method::GET, "/me", &free)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        me["data"]["platform"]["api_keys"],
        json!({ "current_count": 2, "max_allowed": 2 })
    );

    let standard = Auth::Bearer(h.session(ADMIN).await);
    fill_to_ceiling(&h, &standard, 10).await;

    let priya = h.session(MULTI_ADMIN).await;
    let enterprise = Auth::Bearer(priya);
    // Sessions of a multi-account user are scoped by header: use an API key of that account.
    let key = h
        .request(Method::POST, "/build/api-keys", &enterprise)
        .header("X-Active-Account", "northwind-credit")
        .json(&json!({ "label": "Scoped" }))
        .send()
        .await
        .unwrap();
    assert_eq!(key.status(), StatusCode::CREATED);
    let key: Value = key.json().await.unwrap();
    let enterprise_key = Auth::Bearer(key["data"]["api_key"].as_str().unwrap().to_owned());
    fill_to_ceiling(&h, &enterprise_key, 50).await;

    // Revoking one frees a slot.
    let listed = h.list(&standard, "").await;
    let id = listed["data"][0]["id"].as_i64().unwrap();
    let response = h
        .request(Method::DELETE, &format!("/api-keys/{id}"), &standard)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    h.create_key(&standard, "Freed slot").await;
}

#[tokio::test]
async fn idempotent_replay_and_conflict() {
    let h = harness().await;
    let admin = Auth::Bearer(h.session(ADMIN).await);
    let send = |label: &str, key: &str| {
        h.request(Method::POST, "/build/api-keys", &admin)
            .header("Idempotency-Key", key)
            .json(&json!({ "label": label }))
            .send()
    };
    let first = send("Replayed", "8b9c1f7e-0000-4000-8000-000000000001")
        .await
        .unwrap();
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: Value = first.json().await.unwrap();
    let again = send("Replayed", "8b9c1f7e-0000-4000-8000-000000000001")
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::CREATED);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    let again: Value = again.json().await.unwrap();
    assert_eq!(first["data"], again["data"], "same id, same secret");
    assert_eq!(
        h.server.active_key_count("acme-capital"),
        Some(5),
        "one key made"
    );

    let other = send("Another body", "8b9c1f7e-0000-4000-8000-000000000001")
        .await
        .unwrap();
    expect_error(other, StatusCode::CONFLICT, "conflict").await;

    let bad = send("x", "").await.unwrap();
    expect_error(bad, StatusCode::BAD_REQUEST, "bad_request").await;
    assert_eq!(h.server.active_key_count("acme-capital"), Some(5));
}

#[tokio::test]
async fn another_accounts_key_is_404() {
    let h = harness().await;
    let jane = Auth::Bearer(h.session(ADMIN).await);
    let felix = Auth::Bearer(h.session(FULL_ADMIN).await);
    let felix_key = h.list(&felix, "").await["data"][0]["id"].as_i64().unwrap();
    let response = h
        .request(Method::DELETE, &format!("/api-keys/{felix_key}"), &jane)
        .send()
        .await
        .unwrap();
    expect_error(response, StatusCode::NOT_FOUND, "not_found").await;
    assert_eq!(h.server.active_key_count("tiny-fund"), Some(2), "untouched");

    let response = h
        .request(Method::DELETE, "/api-keys/999999", &jane)
        .send()
        .await
        .unwrap();
    expect_error(response, StatusCode::NOT_FOUND, "not_found").await;

    let own = h.list(&jane, "").await["data"][0]["id"].as_i64().unwrap();
    let response = h
        .request(Method::DELETE, &format!("/api-keys/{own}"), &jane)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let response = h
        .request(Method::DELETE, &format!("/api-keys/{own}"), &jane)
        .send()
        .await
        .unwrap();
    expect_error(response, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn label_rules_are_422_with_the_field() {
    let h = harness().await;
    let admin = Auth::Bearer(h.session(ADMIN).await);
    for label in ["", "    ", &"a".repeat(256), "tab\there", "bell\u{7}"] {
        let response = h
            .request(Method::POST, "/build/api-keys", &admin)
            .json(&json!({ "label": label }))
            .send()
            .await
            .unwrap();
        let body = expect_error(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_error",
        )
        .await;
        assert_eq!(
            body["error"]["details"]["field"],
            json!("label"),
            "{label:?}"
        );
    }
    h.create_key(&admin, &"é".repeat(255)).await;
    h.create_key(&admin, "<img src=x onerror=alert(1)> 🚀 עברית")
        .await;
}

#[tokio::test]
async fn fifty_concurrent_creates_stop_at_the_ceiling() {
    let h = harness_with(Config {
        rate_limits: false,
        ..dev()
    })
    .await;
    let admin = Auth::Bearer(h.session(ADMIN).await);
    let requests = (0..50).map(|n| {
        h.request(Method::POST, "/build/api-keys", &admin)
            .json(&json!({ "label": format!("Race {n}") }))
            .send()
    });
    let responses = futures_join_all(requests).await;
    let created = responses
        .iter()
        .filter(|s| **s == StatusCode::CREATED)
        .count();
    let refused = responses
        .iter()
        .filter(|s| **s == StatusCode::UNPROCESSABLE_ENTITY)
        .count();
    assert_eq!(created, 6, "4 seeded + 6 = ceiling of 10");
    assert_eq!(refused, 44);
    assert_eq!(h.server.active_key_count("acme-capital"), Some(10));
}

async fn futures_join_all<F>(futures: impl Iterator<Item = F>) -> Vec<StatusCode>
where
    F: std::future::Future<Output = reqwest::Result<reqwest::Response>> + Send + 'static,
{
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut statuses = Vec::new();
    for handle in handles {
        statuses.push(handle.await.unwrap().unwrap().status());
    }
    statuses
}

#[tokio::test]
async fn rate_limits_answer_429_with_retry_after() {
    let h = harness().await;
    let felix = Auth::Bearer(h.session(FULL_ADMIN).await);
    // Free tier: 10 a minute per endpoint.
    let mut limited = None;
    for _ in 0..11 {
        let response = h
            .request(Method::GET, "/build/api-keys", &felix)
            .send()
            .await
            .unwrap();
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            limited = Some(response);
            break;
        }
    }
    let response = limited.expect("the 11th request is limited");
    let retry_after: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry_after));
    let body = expect_error(
        response,
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limit_exceeded",
    )
    .await;
    assert_eq!(body["error"]["retry_after_seconds"], json!(retry_after));
    assert_eq!(body["error"]["limit_type"], json!("endpoint"));
}

#[tokio::test]
async fn the_database_file_holds_no_secret() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lev.sqlite3");
    let h = harness_with(Config {
        storage: Storage::File(path.clone()),
        ..dev()
    })
    .await;
    let admin = Auth::Bearer(h.session(ADMIN).await);
    let mut secrets = Vec::new();
    for n in 0..5 {
        let created = h.create_key(&admin, &format!("Secret {n}")).await;
        let secret = created["data"]["api_key"].as_str().unwrap().to_owned();
        // Use it once, so last_used_at is written too.
        h.request(Method::GET, "/me", &Auth::Bearer(secret.clone()))
            .send()
            .await
            .unwrap();
        secrets.push(secret);
    }
    h.server.stop().await;
    let mut bytes = Vec::new();
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        bytes.extend(std::fs::read(entry.unwrap().path()).unwrap());
    }
    assert!(bytes.len() > 4096, "the database was written");
    let haystack = String::from_utf8_lossy(&bytes);
    assert!(
        haystack.contains("Secret 0"),
        "labels are stored, so the scan reads the right file"
    );
    for secret in &secrets {
        assert!(
            !haystack.contains(secret.as_str()),
            "secret found in the database files"
        );
        assert!(
            !haystack.contains(&secret[11..]),
            "secret body found in the database files"
        );
    }
}

#[tokio::test]
async fn cursor_paging_walks_the_list_and_a_revoke_in_between_skips_nothing() {
    let h = harness_with(Config {
        rate_limits: false,
        key_ceiling_override: Some(100),
        ..dev()
    })
    .await;
    let admin = Auth::Bearer(h.session(ADMIN).await);
    for n in 0..56 {
        h.create_key(&admin, &format!("Paged {n:02}")).await;
    }
    // 60 keys: a first page of 50, with a cursor for the rest.
    let first = h.list(&admin, "?limit=50").await;
    assert_eq!(first["pagination"]["has_more"], json!(true));
    let cursor = first["pagination"]["next_cursor"]
        .as_str()
        .expect("a next_cursor while has_more")
        .to_owned();
    let first_ids: Vec<i64> = first["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["id"].as_i64().unwrap())
        .collect();
    // A key on the first page is revoked meanwhile: offset 50 would now skip one key.
    let revoked = first_ids[3];
    let response = h
        .request(Method::DELETE, &format!("/api-keys/{revoked}"), &admin)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let rest = h.list(&admin, &format!("?limit=50&cursor={cursor}")).await;
    let rest_ids: Vec<i64> = rest["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["id"].as_i64().unwrap())
        .collect();
    assert_eq!(
        rest_ids.len(),
        10,
        "the ten keys after the first page, none skipped"
    );
    assert!(
        rest_ids.iter().all(|id| !first_ids.contains(id)),
        "no repeats"
    );
    assert_eq!(rest["pagination"]["has_more"], json!(false));
    assert!(
        rest["pagination"].get("next_cursor").is_none(),
        "no cursor on the last page"
    );
    assert_eq!(
        rest["pagination"]["offset"],
        json!(49),
        "where the page sits now"
    );

    for bad in ["nonsense", "bm9wZQ", "MTox%ZZ"] {
        let response = h
            .request(
                Method::GET,
                &format!("/build/api-keys?cursor={bad}"),
                &admin,
            )
            .send()
            .await
            .unwrap();
        let body = expect_error(response, StatusCode::BAD_REQUEST, "bad_request").await;
        assert_eq!(body["error"]["details"]["field"], json!("cursor"), "{bad}");
    }
    let both = h
        .request(
            Method::GET,
            &format!("/build/api-keys?cursor={cursor}&offset=50"),
            &admin,
        )
        .send()
        .await
        .unwrap();
    expect_error(both, StatusCode::BAD_REQUEST, "bad_request").await;
}
