//! The one error type of the server, rendered as shape (B) of the contract.

use axum::{
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use serde_json::{json, Value};

use crate::context;
use crate::wire::{ErrorBody, ErrorEnvelope};

/// An error answer: status, `type`, a sentence for a person, and structured details.
#[derive(Debug, Clone)]
pub struct ApiError {
    status: StatusCode,
    kind: &'static str,
    message: String,
    details: Value,
    rate_limit: Option<(&'static str, u64)>,
    upgrade_url: Option<&'static str>,
}

impl ApiError {
    fn new(status: StatusCode, kind: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            kind,
            message: message.into(),
            details: json!({}),
            upgrade_url: None,
            rate_limit: None,
        }
    }

    /// Adds structured details (`{"field": "label"}`, `{"max_allowed": 10}`).
    pub fn with_details(mut self, details: Value) -> Self {
        self.details = details;
        self
    }

    /// 400: malformed body or query, missing header.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    /// 401: missing, invalid, expired or revoked credential.
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthorized", message)
    }

    /// 403: authenticated but not allowed.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    /// 404: missing or not the caller's.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    /// 405: the path exists, the method does not.
    pub fn method_not_allowed() -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "This endpoint does not accept that HTTP method.",
        )
    }

    /// 409: idempotency key reused with another body.
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "conflict", message)
    }

    /// 413: body over the size limit.
    pub fn payload_too_large(limit: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("The request body is larger than {} KiB.", limit / 1024),
        )
        .with_details(json!({ "max_bytes": limit }))
    }

    /// 415: a write without `Content-Type: application/json`.
    pub fn unsupported_media_type() -> Self {
        Self::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "Send the body as JSON with the header Content-Type: application/json.",
        )
    }

    /// 422: well-formed but invalid.
    pub fn validation(message: impl Into<String>, details: Value) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_error",
            message,
        )
        .with_details(details)
    }

    /// 429: a rate-limit bucket is empty for `retry_after` more seconds.
    pub fn rate_limited(limit_type: &'static str, limit: u32, retry_after: u64) -> Self {
        let mut error = Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limit_exceeded",
            match limit_type {
                "credential" => format!(
                    "Too many requests with this session or key: the limit is {limit} per minute. Retry after {retry_after} seconds."
                ),
                "authentication" => format!(
                    "Too many failed sign-ins or invalid keys: the limit is {limit} per minute. Retry after {retry_after} seconds."
                ),
                _ => format!(
                    "Too many requests: the {limit_type} limit is {limit} per minute. Retry after {retry_after} seconds."
                ),
            },
        )
        .with_details(json!({ "limit": limit, "window_seconds": 60 }));
        error.rate_limit = Some((limit_type, retry_after));
        error
    }

    /// 500: something unexpected; the cause goes to the log, not to the client.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(%cause, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            "Something went wrong on our side. Try again; if it keeps happening, contact support with the request ID.",
        )
    }

    /// 408: the request took longer than the server allows (a client trickling its body, say).
    pub fn request_timeout() -> Self {
        Self::new(
            StatusCode::REQUEST_TIMEOUT,
            "request_timeout",
            "The request took too long to arrive or to answer, so the server gave up on it. Send it again.",
        )
    }

    /// 421: a `Host` this server does not answer to (DNS rebinding, a mistyped proxy).
    pub fn misdirected(listen: std::net::SocketAddr) -> Self {
        Self::new(
            StatusCode::MISDIRECTED_REQUEST,
            "misdirected_request",
            format!("This server answers only to http://{listen} (and localhost on the same port). Open it by that address."),
        )
    }

    /// 401 for the test instrumentation at `/_dev/*` without its token.
    pub fn dev_token_required() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "The /_dev routes need the token the server printed at start, as `Authorization: Bearer <token>`.",
        )
    }

    /// Any status, for fault injection.
    pub fn injected(status: StatusCode) -> Self {
        let kind = match status.as_u16() {
            400 => "bad_request",
            401 => "unauthorized",
            403 => "forbidden",
            404 => "not_found",
            409 => "conflict",
            422 => "validation_error",
            429 => "rate_limit_exceeded",
            503 => "service_unavailable",
            _ => "internal_error",
        };
        let mut error = Self::new(
            status,
            kind,
            format!("Injected fault: the server answered {}.", status.as_u16()),
        );
        if status == StatusCode::TOO_MANY_REQUESTS {
            error.rate_limit = Some(("endpoint", 2));
        }
        error
    }

    /// Says where the limit behind this error can be raised.
    pub fn with_upgrade_url(mut self, url: &'static str) -> Self {
        self.upgrade_url = Some(url);
        self
    }

    /// HTTP status of this error.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The body this error renders to.
    pub fn envelope(&self) -> ErrorEnvelope {
        ErrorEnvelope {
            request_id: context::request_id(),
            timestamp: Some(context::now_rfc3339()),
            error: ErrorBody {
                status: self.status.as_u16(),
                kind: self.kind.to_owned(),
                message: self.message.clone(),
                details: self.details.clone(),
                limit_type: self.rate_limit.map(|(t, _)| t.to_owned()),
                retry_after_seconds: self.rate_limit.map(|(_, s)| s),
                upgrade_url: self.upgrade_url.map(str::to_owned),
            },
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if self.status.is_server_error() {
            tracing::warn!(status = self.status.as_u16(), kind = self.kind, "error");
        } else {
            tracing::info!(status = self.status.as_u16(), kind = self.kind, "error");
        }
        let mut response = (self.status, Json(self.envelope())).into_response();
        if let Some((_, seconds)) = &self.rate_limit {
            if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
        }
        response
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(error: rusqlite::Error) -> Self {
        Self::internal(format!("database: {error}"))
    }
}

/// Result of a handler.
pub type ApiResult<T> = Result<T, ApiError>;
