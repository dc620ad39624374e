//! Per-request context: the request id every response and log line carries, and the clock.

use axum::{extract::Request, http::HeaderValue, middleware::Next, response::Response};
use time::{format_description::well_known::Rfc3339, OffsetDateTime};
use tracing::Instrument;

tokio::task_local! {
    static REQUEST_ID: String;
}

/// Response header that repeats the body's `request_id`, so that even a non-JSON failure
/// (a dropped body, a proxy page) can be traced.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// The id of the request being served, or a fresh one outside a request (never empty).
pub fn request_id() -> String {
    REQUEST_ID
        .try_with(Clone::clone)
        .unwrap_or_else(|_| new_request_id())
}

fn new_request_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Now, as RFC 3339 in UTC without fractions, as the contract's examples show.
pub fn now_rfc3339() -> String {
    format_unix(unix_now())
}

/// Seconds since the epoch.
pub fn unix_now() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

/// Formats epoch seconds as RFC 3339 (`2026-03-20T15:30:45Z`).
pub fn format_unix(secs: i64) -> String {
    OffsetDateTime::from_unix_timestamp(secs)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_owned())
}

/// Middleware: gives the request an id, runs the rest inside a tracing span that carries it,
/// and echoes it in `X-Request-Id`.
pub async fn assign_request_id(request: Request, next: Next) -> Response {
    let id = new_request_id();
    let span = tracing::info_span!(
        "request",
        request_id = %id,
        method = %request.method(),
        path = %request.uri().path()
    );
    let started = std::time::Instant::now();
    let mut response = REQUEST_ID
        .scope(id.clone(), next.run(request))
        .instrument(span.clone())
        .await;
    let _entered = span.enter();
    tracing::info!(
        status = response.status().as_u16(),
        ms = started.elapsed().as_millis() as u64,
        "served"
    );
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID_HEADER, value);
    }
    response
}

/// Runs `f` (SQLite work, which blocks) on tokio's blocking threads rather than an async
/// worker, inside this request's id and tracing span. A panic in `f` goes on unwinding here,
/// where the server's panic layer answers 500.
pub async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let id = request_id();
    let span = tracing::Span::current();
    let task = tokio::task::spawn_blocking(move || {
        let _entered = span.enter();
        REQUEST_ID.sync_scope(id, f)
    });
    match task.await {
        Ok(value) => value,
        Err(error) => match error.try_into_panic() {
            Ok(panic) => std::panic::resume_unwind(panic),
            // Only a runtime shutting down cancels a blocking task.
            Err(error) => panic!("blocking task did not finish: {error}"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_epoch_seconds_like_the_contract() {
        assert_eq!(format_unix(1_774_020_645), "2026-03-20T15:30:45Z");
    }
}
