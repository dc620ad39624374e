//! Reading JSON bodies with errors a person understands.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::{header, HeaderMap, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::json;

use crate::error::{ApiError, ApiResult};

/// Largest body accepted, in bytes.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Parses a JSON body, checking `Content-Type`, size and shape.
pub fn read_json<T: DeserializeOwned>(
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<T> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
    if !is_json {
        return Err(ApiError::unsupported_media_type());
    }
    let bytes = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::payload_too_large(MAX_BODY_BYTES)
        } else {
            ApiError::bad_request("The request body could not be read. Send it again.")
        }
    })?;
    if bytes.len() > MAX_BODY_BYTES {
        return Err(ApiError::payload_too_large(MAX_BODY_BYTES));
    }
    serde_json::from_slice(&bytes).map_err(|error| describe(&error))
}

fn describe(error: &serde_json::Error) -> ApiError {
    use serde_json::error::Category;
    match error.classify() {
        Category::Syntax | Category::Eof | Category::Io => ApiError::bad_request(format!(
            "The body is not valid JSON (line {}, column {}). Send an object such as {{\"label\": \"CI Pipeline\"}}.",
            error.line(),
            error.column()
        )),
        Category::Data => {
            let text = error.to_string();
            // serde's wording: "unknown field `x`, expected `label` at line 1 column 9"
            let sentence = text.split(" at line").next().unwrap_or(&text).to_owned();
            if text.starts_with("unknown field") {
                ApiError::bad_request(format!("The body has an {sentence}."))
                    .with_details(json!({ "reason": "unknown_field" }))
            } else {
                let field = text
                    .split('`')
                    .nth(1)
                    .filter(|_| text.starts_with("missing field"))
                    .unwrap_or("body")
                    .to_owned();
                ApiError::validation(
                    format!("The body does not have the expected shape: {sentence}."),
                    json!({ "field": field }),
                )
            }
        }
    }
}
