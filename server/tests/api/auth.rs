//! Authentication and account scoping.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::support::*;

#[tokio::test]
async fn no_credential_is_401_and_missing_origin_app_is_400() {
    let h = harness().await;
    let response = h
        .request(Method::GET, "/build/api-keys", &Auth::None)
        .send()
        .await
        .unwrap();
    expect_error(response, StatusCode::UNAUTHORIZED, "unauthorized").await;

    let token = h.session(ADMIN).await;
    let response = h
        .http
        .get(h.api("/build/api-keys"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    let body = expect_error(response, StatusCode::BAD_REQUEST, "bad_request").await;
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("X-Origin-App"));
}

#[tokio::test]
async fn session_works_as_cookie_and_as_bearer() {
    let h = harness().await;
    let token = h.session(ADMIN).await;
    let by_cookie = h.list(&Auth::Cookie(token.clone()), "").await;
    let by_bearer = h.list(&Auth::Bearer(token), "").await;
    assert_eq!(by_cookie["data"], by_bearer["data"]);
    assert_eq!(by_cookie["pagination"]["total"], json!(4));

    let response = h
        .request(
            Method::GET,
            "/me",
            &Auth::Bearer("levsess_not-a-session".into()),
        )
        .send()
        .await
        .unwrap();
    expect_error(response, StatusCode::UNAUTHORIZED, "unauthorized").await;
    let response = h
        .request(Method::GET, "/me", &Auth::None)
        .header("Authorization", "Basic abc")
        .send()
        .await
        .unwrap();
    expect_error(response, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

#[tokio::test]
async fn api_key_authenticates_updates_last_used_and_dies_on_revoke() {
    let h = harness().await;
    let admin = Auth::Bearer(h.session(ADMIN).await);
    let created = h.create_key(&admin, "Integration").await;
    let secret = created["data"]["api_key"].as_str().unwrap().to_owned();
    let id = created["data"]["id"].as_i64().unwrap();
    let key = Auth::Bearer(secret.clone());

    let listed = h.list(&admin, "").await;
    assert!(
        listed["data"][0]["last_used_at"].is_null(),
        "new key never used"
    );

    let me: Value = h
        .request(Method::GET, "/me", &key)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["data"]["user"]["email"], json!(ADMIN));
    assert_eq!(me["data"]["account"]["slug"], json!("acme-capital"));
    // API keys ignore X-Active-Account.
    let response = h
        .request(Method::GET, "/build/api-keys", &key)
        .header("X-Active-Account", "northwind-credit")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);

    let listed = h.list(&admin, "").await;
    assert!(
        listed["data"][0]["last_used_at"].is_string(),
        "last_used_at set"
    );

    let response = h
        .request(Method::DELETE, &format!("/api-keys/{id}"), &admin)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["data"]["deleted"], json!(true));

    let response = h.request(Method::GET, "/me", &key).send().await.unwrap();
    expect_error(response, StatusCode::UNAUTHORIZED, "unauthorized").await;

    let response = h
        .request(Method::POST, "/auth/validate-api-key", &Auth::None)
        .json(&json!({ "api_key": secret }))
        .send()
        .await
        .unwrap();
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["data"], json!({ "valid": false }));
}

#[tokio::test]
async fn validate_api_key_reports_owner_account_and_tier() {
    let h = harness().await;
    let admin = Auth::Bearer(h.session(ADMIN).await);
    let created = h.create_key(&admin, "Validated").await;
    let response = h
        .request(Method::POST, "/auth/validate-api-key", &Auth::None)
        .json(&json!({ "api_key": created["data"]["api_key"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["data"]["valid"], json!(true));
    assert_eq!(body["data"]["tier"], json!("standard"));
    assert!(body["data"]["account_id"].is_i64());
}

#[tokio::test]
async fn member_and_disabled_feature_are_403() {
    let h = harness().await;
    let member = Auth::Bearer(h.session(MEMBER).await);
    let response = h
        .request(Method::GET, "/build/api-keys", &member)
        .send()
        .await
        .unwrap();
    let body = expect_error(response, StatusCode::FORBIDDEN, "forbidden").await;
    assert_eq!(body["error"]["details"]["reason"], json!("not_admin"));
    let me: Value = h
        .request(Method::GET, "/me", &member)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["data"]["user"]["role"], json!("member"));

    let disabled = Auth::Bearer(h.session(DISABLED_ADMIN).await);
    let response = h
        .request(Method::POST, "/build/api-keys", &disabled)
        .json(&json!({"label": "x"}))
        .send()
        .await
        .unwrap();
    let body = expect_error(response, StatusCode::FORBIDDEN, "forbidden").await;
    assert_eq!(
        body["error"]["details"]["reason"],
        json!("feature_disabled")
    );
    let me: Value = h
        .request(Method::GET, "/me", &disabled)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(me["data"]["platform"].is_object());
    assert!(
        me["data"]["platform"]["api_keys"].is_null(),
        "feature off: api_keys null"
    );
}

#[tokio::test]
async fn multi_account_session_needs_an_active_account() {
    let h = harness().await;
    let priya = Auth::Cookie(h.session(MULTI_ADMIN).await);
    let response = h
        .request(Method::GET, "/build/api-keys", &priya)
        .send()
        .await
        .unwrap();
    let body = expect_error(response, StatusCode::BAD_REQUEST, "bad_request").await;
    assert_eq!(
        body["error"]["message"],
        json!("Active account required. Provide X-Active-Account header or use an API key.")
    );

    let me: Value = h
        .request(Method::GET, "/me", &priya)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let slugs: Vec<&str> = me["data"]["available_accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["slug"].as_str().unwrap())
        .collect();
    assert_eq!(slugs, ["northwind-credit", "birch-borrower"]);
    assert!(me["data"]["platform"].is_null());

    let response = h
        .request(Method::GET, "/build/api-keys", &priya)
        .header("X-Active-Account", "northwind-credit")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["data"][0]["label"], json!("Data Warehouse Export"));

    let response = h
        .request(Method::GET, "/build/api-keys", &priya)
        .header("X-Active-Account", "acme-capital")
        .send()
        .await
        .unwrap();
    expect_error(response, StatusCode::FORBIDDEN, "forbidden").await;

    // Persisting the choice scopes later requests without the header.
    let response = h
        .request(Method::PATCH, "/me/active-account", &priya)
        .json(&json!({ "slug": "birch-borrower" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let me: Value = response.json().await.unwrap();
    assert_eq!(me["data"]["account"]["slug"], json!("birch-borrower"));
    assert_eq!(me["data"]["platform"]["api_keys"]["max_allowed"], json!(10));
    let listed = h.list(&priya, "").await;
    assert_eq!(listed["pagination"]["total"], json!(0));

    let response = h
        .request(Method::PATCH, "/me/active-account", &priya)
        .json(&json!({ "slug": "tiny-fund" }))
        .send()
        .await
        .unwrap();
    expect_error(response, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn sign_in_page_sets_a_strict_cookie() {
    let h = harness().await;
    let page = h.http.get(h.url("/dev/sign-in")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains("style-src 'sha256-"), "{csp}");
    let html = page.text().await.unwrap();
    for email in [ADMIN, MEMBER, DISABLED_ADMIN, MULTI_ADMIN, FULL_ADMIN] {
        assert!(html.contains(email), "{email} listed");
    }

    let response = h
        .http
        .post(h.url("/dev/sign-in"))
        .header("Origin", h.server.url())
        .form(&[("email", ADMIN), ("next", "//evil.example/")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        response.headers()["location"],
        "/settings/api-keys",
        "no open redirect"
    );
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    let token = cookie
        .split(';')
        .next()
        .and_then(|kv| kv.strip_prefix("lev_session="))
        .unwrap()
        .to_owned();
    h.list(&Auth::Cookie(token.clone()), "").await;

    let response = h
        .http
        .post(h.url("/dev/sign-out"))
        .header("Origin", h.server.url())
        .header("Cookie", format!("lev_session={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let response = h
        .request(Method::GET, "/me", &Auth::Cookie(token))
        .send()
        .await
        .unwrap();
    expect_error(response, StatusCode::UNAUTHORIZED, "unauthorized").await;
}
