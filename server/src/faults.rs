//! Fault injection for tests: latency, failing the next N requests of a route, raw answers
//! (other error shapes, HTML, empty or broken bodies), and dropped connections.
//!
//! Off unless the server starts with `--faults`; then `/_dev/faults` controls it over HTTP,
//! and in-process tests use [`Faults`] directly.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};

use crate::error::ApiError;

/// What a matching request gets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FaultAction {
    /// An error in the server's own envelope, with this status; the handler does not run.
    Status {
        /// HTTP status.
        status: u16,
    },
    /// 429 in the server's envelope with `Retry-After` (and `retry_after_seconds`) of this many
    /// seconds; the handler does not run.
    RateLimited {
        /// Seconds to wait.
        retry_after: u64,
    },
    /// A raw answer (another error shape, an HTML page, an empty or broken body).
    Respond {
        /// HTTP status.
        status: u16,
        /// `Content-Type`, if any.
        #[serde(default)]
        content_type: Option<String>,
        /// Body, sent as is.
        #[serde(default)]
        body: String,
    },
    /// The handler runs after this many milliseconds (longer than the client's timeout: a hang).
    Delay {
        /// Milliseconds.
        ms: u64,
    },
    /// The handler runs at once (a create really creates), and its answer leaves this many
    /// milliseconds later: a client that gave up meanwhile never sees it.
    DelayAfter {
        /// Milliseconds.
        ms: u64,
    },
    /// The connection breaks before the handler runs.
    DropBefore,
    /// The handler runs (a create really creates), then the connection breaks: the answer is lost.
    DropAfter,
    /// The request panics where a handler would run (the server must answer 500 and go on).
    Panic,
}

/// A rule: the next `times` requests matching `method` and `path` get `action`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaultRule {
    /// HTTP method to match; any when absent.
    #[serde(default)]
    pub method: Option<String>,
    /// Path prefix to match, such as `/api/external/v2/build/api-keys`.
    pub path: String,
    /// How many requests it applies to.
    #[serde(default = "one")]
    pub times: u32,
    /// What they get.
    pub action: FaultAction,
}

fn one() -> u32 {
    1
}

/// Fault settings of a running server.
#[derive(Debug, Default)]
pub struct Faults {
    enabled: bool,
    latency_ms: AtomicU64,
    rules: Mutex<Vec<FaultRule>>,
}

impl Faults {
    /// Settings; inert unless `enabled`.
    pub fn new(enabled: bool, latency_ms: u64) -> Self {
        Self {
            enabled,
            latency_ms: AtomicU64::new(latency_ms),
            rules: Mutex::new(Vec::new()),
        }
    }

    /// Whether injection is on.
    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// Delays every request by `ms` from now on.
    pub fn set_latency(&self, ms: u64) {
        self.latency_ms.store(ms, Ordering::Relaxed);
    }

    /// Adds a rule.
    pub fn push(&self, rule: FaultRule) {
        if let Ok(mut rules) = self.rules.lock() {
            rules.push(rule);
        }
    }

    /// Removes every rule and the latency.
    pub fn clear(&self) {
        self.set_latency(0);
        if let Ok(mut rules) = self.rules.lock() {
            rules.clear();
        }
    }

    /// The rules still pending.
    pub fn rules(&self) -> Vec<FaultRule> {
        self.rules.lock().map(|r| r.clone()).unwrap_or_default()
    }

    fn take(&self, method: &str, path: &str) -> Option<FaultAction> {
        let mut rules = self.rules.lock().ok()?;
        let index = rules.iter().position(|rule| {
            rule.times > 0
                && path.starts_with(&rule.path)
                && rule
                    .method
                    .as_deref()
                    .is_none_or(|m| m.eq_ignore_ascii_case(method))
        })?;
        let rule = &mut rules[index];
        rule.times -= 1;
        let action = rule.action.clone();
        if rule.times == 0 {
            rules.remove(index);
        }
        Some(action)
    }
}

/// Marks an answer made up by fault injection.
#[derive(Debug, Clone, Copy)]
pub struct Injected;

/// A response whose body fails after the headers: the client sees the connection break.
fn broken_connection() -> Response {
    let stream = futures_util::stream::once(async {
        Err::<axum::body::Bytes, std::io::Error>(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "injected: connection dropped",
        ))
    });
    let mut response = Response::new(Body::from_stream(stream));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/json"),
    );
    response
}

/// Middleware: applies latency and the first matching rule.
pub async fn inject(State(faults): State<Arc<Faults>>, request: Request, next: Next) -> Response {
    if !faults.enabled || request.uri().path().starts_with("/_dev/faults") {
        return next.run(request).await;
    }
    let latency = faults.latency_ms.load(Ordering::Relaxed);
    if latency > 0 {
        tokio::time::sleep(Duration::from_millis(latency)).await;
    }
    let Some(action) = faults.take(request.method().as_str(), request.uri().path()) else {
        return next.run(request).await;
    };
    tracing::warn!(?action, "injecting fault");
    let status =
        |code: u16| StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    match action {
        FaultAction::Status { status: code } => ApiError::injected(status(code)).into_response(),
        FaultAction::RateLimited { retry_after } => {
            ApiError::rate_limited("endpoint", 60, retry_after).into_response()
        }
        FaultAction::Respond {
            status: code,
            content_type,
            body,
        } => {
            let mut response = (status(code), body).into_response();
            response.headers_mut().remove(header::CONTENT_TYPE);
            if let Some(value) = content_type.and_then(|c| header::HeaderValue::from_str(&c).ok()) {
                response.headers_mut().insert(header::CONTENT_TYPE, value);
            }
            // Marked, so the security headers give an injected page the app's own policy.
            response.extensions_mut().insert(Injected);
            response
        }
        FaultAction::Delay { ms } => {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            next.run(request).await
        }
        FaultAction::DelayAfter { ms } => {
            // Run the handler to completion even if the client hangs up while we wait.
            let answer = tokio::spawn(next.run(request));
            tokio::time::sleep(Duration::from_millis(ms)).await;
            match answer.await {
                Ok(response) => response,
                Err(error) => ApiError::internal(format!("handler task: {error}")).into_response(),
            }
        }
        FaultAction::DropBefore => broken_connection(),
        FaultAction::Panic => panic!("injected: a handler panicked"),
        FaultAction::DropAfter => {
            let _lost = next.run(request).await;
            broken_connection()
        }
    }
}

/// Body of `PUT /_dev/faults/latency`.
#[derive(Debug, Deserialize)]
pub struct Latency {
    ms: u64,
}

/// `GET /_dev/faults`: pending rules.
pub async fn list(State(faults): State<Arc<Faults>>) -> Response {
    Json(faults.rules()).into_response()
}

/// `POST /_dev/faults`: adds a rule.
pub async fn add(State(faults): State<Arc<Faults>>, Json(rule): Json<FaultRule>) -> Response {
    faults.push(rule);
    StatusCode::NO_CONTENT.into_response()
}

/// `DELETE /_dev/faults`: clears everything.
pub async fn clear(State(faults): State<Arc<Faults>>) -> Response {
    faults.clear();
    StatusCode::NO_CONTENT.into_response()
}

/// `PUT /_dev/faults/latency`: sets the latency of every request.
pub async fn latency(State(faults): State<Arc<Faults>>, Json(body): Json<Latency>) -> Response {
    faults.set_latency(body.ms);
    StatusCode::NO_CONTENT.into_response()
}
