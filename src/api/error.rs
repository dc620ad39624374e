//! One error type for everything that can go wrong talking to the API: the three documented
//! error shapes, whatever a proxy returns (HTML, plain text, empty bodies), network failures and
//! timeouts. It keeps the request_id, and knows what to tell the person.

use std::fmt;

use serde::Deserialize;

use super::wire::lenient;
use crate::i18n::{Locale, Msg, Value};

/// What kind of failure, as far as the person is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The request never got an answer (offline, DNS, CORS, dropped connection).
    Network,
    /// No answer in time.
    Timeout,
    /// 400.
    BadRequest,
    /// 401: signed out, expired or revoked credential.
    Unauthorized,
    /// 403: not allowed.
    Forbidden,
    /// 404.
    NotFound,
    /// 409.
    Conflict,
    /// 422.
    Validation,
    /// 429.
    RateLimited,
    /// 5xx.
    Server,
    /// A success status whose body could not be read.
    BadResponse,
    /// Any other status.
    Other,
}

/// An error from the API or the network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The kind.
    pub kind: ErrorKind,
    /// HTTP status, when there was an answer.
    pub status: Option<u16>,
    /// The server's sentence, when it sent one in JSON.
    pub server_message: Option<String>,
    /// What support needs to find the request.
    pub request_id: Option<String>,
    /// Seconds to wait before retrying (`Retry-After`, `retry_after_seconds` or the message).
    pub retry_after: Option<u32>,
    /// Where the limit behind the error can be raised (shape B's `upgrade_url`; only an
    /// `https:` URL or a path of this site is kept).
    pub upgrade_url: Option<String>,
    /// What must be done first (shape B's `prerequisites`).
    pub prerequisites: Vec<String>,
}

/// Any error body: `request_id` (A, B) and `error`, which is a sentence (C) or an object (A, B).
#[derive(Deserialize)]
struct ErrorBody {
    #[serde(default, deserialize_with = "lenient")]
    request_id: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    error: Option<ErrorField>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum ErrorField {
    /// (C): `{"error": "…"}`.
    Sentence(String),
    /// (A) `{code, message}` or (B) `{status, type, message, details, retry_after_seconds}`.
    Detailed(ErrorDetail),
}

#[derive(Deserialize)]
struct ErrorDetail {
    #[serde(default, deserialize_with = "lenient")]
    message: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    retry_after_seconds: Option<u32>,
    #[serde(default, deserialize_with = "lenient")]
    upgrade_url: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    prerequisites: Option<Vec<String>>,
}

/// A link the page may show: `https:`, or a path of this site (never `javascript:` and such).
fn safe_link(url: String) -> Option<String> {
    let url = url.trim().to_owned();
    (lev_rules::site_path::is_site_path(&url) || url.starts_with("https://")).then_some(url)
}

/// Trimmed, and `None` when empty.
fn non_empty(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
}

fn kind_for(status: u16) -> ErrorKind {
    match status {
        400 => ErrorKind::BadRequest,
        401 => ErrorKind::Unauthorized,
        403 => ErrorKind::Forbidden,
        404 => ErrorKind::NotFound,
        409 => ErrorKind::Conflict,
        422 => ErrorKind::Validation,
        429 => ErrorKind::RateLimited,
        500..=599 => ErrorKind::Server,
        _ => ErrorKind::Other,
    }
}

/// "Retry after 30 seconds." in shape (A) messages.
fn seconds_in_message(message: &str) -> Option<u32> {
    let lower = message.to_ascii_lowercase();
    let rest = &lower[lower.find("retry after")? + "retry after".len()..];
    rest.split_whitespace().next()?.parse().ok()
}

impl ApiError {
    /// Reads an error answer: `status`, the body as text, the `X-Request-Id` and `Retry-After`
    /// headers. Never fails: unreadable bodies give a generic, honest error.
    pub fn from_response(
        status: u16,
        body: &str,
        request_id_header: Option<&str>,
        retry_after_header: Option<&str>,
    ) -> Self {
        let mut error = Self {
            kind: kind_for(status),
            status: Some(status),
            server_message: None,
            request_id: request_id_header
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned),
            retry_after: retry_after_header.and_then(|v| v.trim().parse().ok()),
            upgrade_url: None,
            prerequisites: Vec::new(),
        };
        // Bodies that are not JSON (a proxy's HTML, plain text, nothing) keep the generic sentence.
        let Ok(body) = serde_json::from_str::<ErrorBody>(body) else {
            return error;
        };
        if let Some(id) = non_empty(body.request_id) {
            error.request_id = Some(id);
        }
        match body.error {
            Some(ErrorField::Sentence(message)) => error.server_message = non_empty(Some(message)),
            Some(ErrorField::Detailed(detail)) => {
                error.server_message = non_empty(detail.message);
                error.upgrade_url = detail.upgrade_url.and_then(safe_link);
                error.prerequisites = detail
                    .prerequisites
                    .unwrap_or_default()
                    .into_iter()
                    .filter_map(|p| non_empty(Some(p)))
                    .collect();
                if error.retry_after.is_none() {
                    error.retry_after = detail
                        .retry_after_seconds
                        .or_else(|| error.server_message.as_deref().and_then(seconds_in_message));
                }
            }
            None => {}
        }
        error
    }

    /// The request got no answer.
    pub fn network() -> Self {
        Self::without_answer(ErrorKind::Network)
    }

    /// The answer did not come in time.
    pub fn timeout() -> Self {
        Self::without_answer(ErrorKind::Timeout)
    }

    /// A success status with a body that is not what the contract says.
    pub fn bad_response(status: u16, request_id: Option<String>) -> Self {
        Self {
            kind: ErrorKind::BadResponse,
            status: Some(status),
            server_message: None,
            request_id,
            retry_after: None,
            upgrade_url: None,
            prerequisites: Vec::new(),
        }
    }

    fn without_answer(kind: ErrorKind) -> Self {
        Self {
            kind,
            status: None,
            server_message: None,
            request_id: None,
            retry_after: None,
            upgrade_url: None,
            prerequisites: Vec::new(),
        }
    }

    /// What happened, in one sentence of the tab's language (the server's own sentence, in
    /// English, is [`ApiError::server_message`], shown as detail).
    pub fn headline(&self, locale: &Locale) -> String {
        let status = self.status.unwrap_or(0).to_string();
        // Digits as sent: "HTTP 502" is a code, not a quantity.
        let with_status = |msg| locale.format(msg, &[("status", Value::Text(&status))]);
        match self.kind {
            ErrorKind::Network => locale.text(Msg::ErrorNetwork),
            ErrorKind::Timeout => locale.text(Msg::ErrorTimeout),
            ErrorKind::Unauthorized => locale.text(Msg::ErrorSignedOut),
            ErrorKind::Forbidden => locale.text(Msg::ErrorForbidden),
            ErrorKind::NotFound => locale.text(Msg::ErrorNotFound),
            ErrorKind::RateLimited => locale.text(Msg::ErrorRateLimited),
            ErrorKind::Conflict => locale.text(Msg::ErrorConflict),
            ErrorKind::BadRequest | ErrorKind::Validation => locale.text(Msg::ErrorRefused),
            ErrorKind::BadResponse => with_status(Msg::ErrorUnreadableAnswer),
            ErrorKind::Server => with_status(Msg::ErrorServer),
            ErrorKind::Other => with_status(Msg::ErrorOther),
        }
    }

    /// What to do about it, in the tab's language.
    pub fn advice(&self, locale: &Locale) -> String {
        let msg = match self.kind {
            ErrorKind::Network => Msg::AdviceCheckConnection,
            ErrorKind::Timeout => Msg::AdviceTryAgainSoon,
            ErrorKind::Unauthorized => Msg::AdviceSignIn,
            ErrorKind::Forbidden => Msg::AdviceAskAdmin,
            ErrorKind::RateLimited => match self.retry_after {
                Some(seconds) => {
                    return locale.format(
                        Msg::AdviceWaitSeconds,
                        &[("seconds", Value::Number(seconds.into()))],
                    )
                }
                None => Msg::AdviceWaitAMinute,
            },
            ErrorKind::Validation
            | ErrorKind::BadRequest
            | ErrorKind::Conflict
            | ErrorKind::NotFound => Msg::AdviceCheckDetails,
            _ => Msg::AdviceContactSupport,
        };
        locale.text(msg)
    }

    /// Whether the same request may simply be sent again.
    pub fn is_transient(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::Network | ErrorKind::Timeout | ErrorKind::RateLimited
        ) || matches!(self.status, Some(502..=504))
    }
}

/// What happened, in English, with the server's sentence when it sent one (for logs).
impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.headline(&Locale::english()))?;
        match &self.server_message {
            Some(message) => write!(f, " ({message})"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn en() -> Locale {
        Locale::english()
    }

    #[test]
    fn shape_a() {
        let body = r#"{ "request_id": "req-a", "error": { "code": "RATE_LIMITED", "message": "Too many requests. Retry after 30 seconds." } }"#;
        let e = ApiError::from_response(429, body, None, None);
        assert_eq!(e.kind, ErrorKind::RateLimited);
        assert_eq!(e.request_id.as_deref(), Some("req-a"));
        assert_eq!(e.retry_after, Some(30));
        assert_eq!(e.headline(&en()), "Too many requests in a short time.");
        assert_eq!(
            e.server_message.as_deref(),
            Some("Too many requests. Retry after 30 seconds.")
        );
        assert_eq!(e.advice(&en()), "Wait 30 seconds, then try again.");
    }

    #[test]
    fn shape_b() {
        let body = r#"{ "request_id": "req-b", "timestamp": "t", "error": { "status": 422, "type": "validation_error",
            "message": "This account already has 10 active API keys.", "details": { "reason": "key_limit_reached", "max_allowed": 10 } } }"#;
        let e = ApiError::from_response(422, body, Some("header-id"), None);
        assert_eq!(e.kind, ErrorKind::Validation);
        assert_eq!(e.request_id.as_deref(), Some("req-b"), "the body's id wins");
        assert_eq!(
            e.server_message.as_deref(),
            Some("This account already has 10 active API keys.")
        );
        assert_eq!(
            e.to_string(),
            "Lev's API did not accept the request. (This account already has 10 active API keys.)"
        );
        assert_eq!(e.upgrade_url, None);

        let limited = r#"{"request_id":"r","error":{"status":422,"type":"validation_error","message":"At the ceiling.",
            "upgrade_url":"https://app.lev.example/settings/billing","prerequisites":["Verify your email"," ",7]}}"#;
        let e = ApiError::from_response(422, limited, None, None);
        assert_eq!(
            e.upgrade_url.as_deref(),
            Some("https://app.lev.example/settings/billing")
        );
        assert_eq!(
            e.prerequisites,
            Vec::<String>::new(),
            "a list with a non-string is odd: absent"
        );
        let listed = r#"{"error":{"message":"m","prerequisites":["Verify your email","Add a payment method"],"upgrade_url":"javascript:alert(1)"}}"#;
        let e = ApiError::from_response(403, listed, None, None);
        assert_eq!(
            e.prerequisites,
            ["Verify your email", "Add a payment method"]
        );
        assert_eq!(
            e.upgrade_url, None,
            "only https: or a path of this site is a link"
        );

        let limited = r#"{"request_id":"r","error":{"status":429,"type":"rate_limit_exceeded","message":"Slow down.","details":{},"limit_type":"endpoint","retry_after_seconds":12}}"#;
        assert_eq!(
            ApiError::from_response(429, limited, None, None).retry_after,
            Some(12)
        );
        assert_eq!(
            ApiError::from_response(429, limited, None, Some("3")).retry_after,
            Some(3),
            "Retry-After first"
        );
    }

    #[test]
    fn shape_c_has_no_request_id_but_keeps_the_header() {
        let body = r#"{"error": "Active account required. Provide X-Active-Account header or use an API key."}"#;
        let e = ApiError::from_response(400, body, Some("hdr-1"), None);
        assert_eq!(e.kind, ErrorKind::BadRequest);
        assert_eq!(e.request_id.as_deref(), Some("hdr-1"));
        assert!(e
            .server_message
            .is_some_and(|m| m.starts_with("Active account required")));
    }

    #[test]
    fn html_text_empty_and_invalid_bodies() {
        for body in [
            "<html><body><h1>502 Bad Gateway</h1></body></html>",
            "upstream connect error",
            "",
            "{\"error\": ",
            "null",
            "[1]",
        ] {
            let e = ApiError::from_response(502, body, None, None);
            assert_eq!(e.kind, ErrorKind::Server, "{body}");
            assert_eq!(e.server_message, None, "raw bodies are never shown: {body}");
            assert_eq!(e.headline(&en()), "Lev's API had a problem (HTTP 502).");
            assert!(e.is_transient());
        }
        let e = ApiError::from_response(500, "", None, None);
        assert!(!e.is_transient(), "a 500 is shown, not silently retried");
    }

    #[test]
    fn without_an_answer() {
        assert_eq!(
            ApiError::network().headline(&en()),
            "Lev's API could not be reached."
        );
        assert_eq!(ApiError::timeout().request_id, None);
        assert!(ApiError::timeout().is_transient());
        assert_eq!(
            ApiError::from_response(401, "", None, None).advice(&en()),
            "Sign in again to continue."
        );
    }
}
