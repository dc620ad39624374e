//! What the server was asked, for tests: each request's method, path, answer status and
//! `Idempotency-Key`. It exists only with fault injection on (`--faults`), like the rest of the
//! test instrumentation; in-process tests read it through `RunningServer::requests`, others at
//! `GET /_dev/requests`.

use std::sync::{Arc, Mutex};

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};

/// Most requests kept; older ones are dropped first (a long benchmark must not grow it forever).
const CAPACITY: usize = 10_000;

/// One request as the server saw it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedRequest {
    /// HTTP method.
    pub method: String,
    /// Path, without the query.
    pub path: String,
    /// Query string, if any.
    pub query: Option<String>,
    /// Status of the answer (an injected fault's too; a dropped connection's headers say 200);
    /// `None` while the request is being answered. Requests are logged as they arrive, so a
    /// test sees a request the moment the server has it.
    pub status: Option<u16>,
    /// The `Idempotency-Key` header, if sent.
    pub idempotency_key: Option<String>,
    /// The `X-Active-Account` header, if sent.
    pub active_account: Option<String>,
    /// When it arrived, in milliseconds since the log began.
    #[serde(default)]
    pub received_ms: u64,
    /// When it was answered, likewise; `None` while it is being answered. With
    /// `received_ms`, how many requests were in flight at once.
    #[serde(default)]
    pub answered_ms: Option<u64>,
}

/// The log; inert unless enabled.
#[derive(Debug)]
pub struct RequestLog {
    enabled: bool,
    started: std::time::Instant,
    // With a sequence number each, so an answer finds its request after older ones are dropped.
    entries: Mutex<Vec<(u64, RecordedRequest)>>,
    next: std::sync::atomic::AtomicU64,
}

impl RequestLog {
    /// A log that records only when `enabled`.
    pub fn new(enabled: bool) -> Self {
        Self {
            enabled,
            started: std::time::Instant::now(),
            entries: Mutex::default(),
            next: std::sync::atomic::AtomicU64::default(),
        }
    }

    /// Milliseconds since the log began.
    fn now_ms(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// Everything recorded so far, oldest first.
    pub fn entries(&self) -> Vec<RecordedRequest> {
        self.entries
            .lock()
            .map(|e| e.iter().map(|(_, r)| r.clone()).collect())
            .unwrap_or_default()
    }

    /// Forgets everything recorded.
    pub fn clear(&self) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.clear();
        }
    }

    fn arrived(&self, entry: RecordedRequest) -> u64 {
        let seq = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= CAPACITY {
                entries.remove(0);
            }
            entries.push((seq, entry));
        }
        seq
    }

    fn answered(&self, seq: u64, status: u16) {
        let now = self.now_ms();
        if let Ok(mut entries) = self.entries.lock() {
            if let Some((_, entry)) = entries.iter_mut().rev().find(|(s, _)| *s == seq) {
                entry.status = Some(status);
                entry.answered_ms = Some(now);
            }
        }
    }
}

/// Middleware: records every request but the instrumentation's own, with the status it got.
pub async fn record(State(log): State<Arc<RequestLog>>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    if !log.enabled || path.starts_with("/_dev/") {
        return next.run(request).await;
    }
    let method = request.method().as_str().to_owned();
    let query = request.uri().query().map(str::to_owned);
    let (idempotency_key, active_account) = {
        let header = |name: &str| {
            request
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        (header("idempotency-key"), header("x-active-account"))
    };
    let seq = log.arrived(RecordedRequest {
        method,
        path,
        query,
        status: None,
        idempotency_key,
        active_account,
        received_ms: log.now_ms(),
        answered_ms: None,
    });
    let response = next.run(request).await;
    log.answered(seq, response.status().as_u16());
    response
}

/// `GET /_dev/requests`: the log.
pub async fn list(State(log): State<Arc<RequestLog>>) -> Response {
    Json(log.entries()).into_response()
}

/// `DELETE /_dev/requests`: empties the log.
pub async fn clear(State(log): State<Arc<RequestLog>>) -> Response {
    log.clear();
    axum::http::StatusCode::NO_CONTENT.into_response()
}
