//! Test helpers: a fresh seeded server per test, and a small client.

use lev_server::{seed, start, Config, FaultAction, FaultRule, RunningServer};
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde_json::{json, Value};

pub use seed::{ADMIN, DISABLED_ADMIN, FULL_ADMIN, MEMBER, MULTI_ADMIN};

pub struct Harness {
    pub server: RunningServer,
    pub http: reqwest::Client,
}

/// The configuration the tests run with: the server's defaults plus the dev sign-in, which
/// is how they get sessions.
pub fn dev() -> Config {
    Config {
        dev_sign_in: true,
        ..Config::default()
    }
}

pub async fn harness() -> Harness {
    harness_with(dev()).await
}

pub async fn harness_with(config: Config) -> Harness {
    let server = start(config).await.expect("server starts");
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    Harness { server, http }
}

/// A fresh seeded server with fault injection on.
pub async fn faulty_harness() -> Harness {
    harness_with(Config {
        faults: true,
        ..dev()
    })
    .await
}

/// How a request authenticates.
#[derive(Clone)]
pub enum Auth {
    None,
    Bearer(String),
    Cookie(String),
}

impl Harness {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.server.url(), path)
    }

    /// Makes the next `times` requests of `method` to the API `path` get `action`.
    pub fn fault(&self, method: &str, path: &str, times: u32, action: FaultAction) {
        self.server.faults().push(FaultRule {
            method: Some(method.to_owned()),
            path: format!("/api/external/v2{path}"),
            times,
            action,
        });
    }

    /// A request to the `/_dev/*` instrumentation, with its token.
    pub fn dev_request(&self, method: Method, path: &str) -> RequestBuilder {
        self.http
            .request(method, self.url(path))
            .bearer_auth(self.server.dev_token().expect("faults on: a dev token"))
    }

    pub fn api(&self, path: &str) -> String {
        format!("{}/api/external/v2{}", self.server.url(), path)
    }

    /// A session token for a seeded user.
    pub async fn session(&self, email: &str) -> String {
        let response = self
            .http
            .post(self.url("/dev/sessions"))
            .json(&json!({ "email": email }))
            .send()
            .await
            .expect("sessions");
        assert_eq!(response.status(), StatusCode::CREATED);
        let body: Value = response.json().await.expect("json");
        body["data"]["token"].as_str().expect("token").to_owned()
    }

    /// A request with `X-Origin-App` and the given auth.
    pub fn request(&self, method: Method, path: &str, auth: &Auth) -> RequestBuilder {
        let builder = self
            .http
            .request(method, self.api(path))
            .header("X-Origin-App", "lev-server-tests");
        match auth {
            Auth::None => builder,
            Auth::Bearer(token) => builder.bearer_auth(token),
            Auth::Cookie(token) => builder.header("Cookie", format!("lev_session={token}")),
        }
    }

    /// Creates a key; returns the parsed 201 body.
    pub async fn create_key(&self, auth: &Auth, label: &str) -> Value {
        let response = self
            .request(Method::POST, "/build/api-keys", auth)
            .json(&json!({ "label": label }))
            .send()
            .await
            .expect("create");
        assert_eq!(response.status(), StatusCode::CREATED, "create {label}");
        response.json().await.expect("json")
    }

    pub async fn list(&self, auth: &Auth, query: &str) -> Value {
        let response = self
            .request(Method::GET, &format!("/build/api-keys{query}"), auth)
            .send()
            .await
            .expect("list");
        assert_eq!(response.status(), StatusCode::OK);
        response.json().await.expect("json")
    }
}

/// Reads an error answer and checks it is shape (B) with a request id and timestamp.
pub async fn expect_error(response: Response, status: StatusCode, kind: &str) -> Value {
    assert_eq!(response.status(), status, "status");
    let header_id = response
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body: Value = response.json().await.expect("error body is JSON");
    assert_eq!(body["error"]["status"], json!(status.as_u16()), "{body}");
    assert_eq!(body["error"]["type"], json!(kind), "{body}");
    let message = body["error"]["message"].as_str().unwrap_or("");
    assert!(message.len() > 10, "a sentence for a person: {body}");
    assert!(body["timestamp"].is_string(), "{body}");
    let id = body["request_id"].as_str().expect("request_id");
    assert_eq!(id.len(), 36, "uuid request id");
    assert_eq!(
        header_id.as_deref(),
        Some(id),
        "header repeats the body's request id"
    );
    body
}
