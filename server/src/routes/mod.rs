//! HTTP handlers, one module per resource.

pub mod api_keys;
pub mod dev_session;
pub mod me;
pub mod public;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

use crate::context;
use crate::wire::Envelope;

/// A success envelope around `data`, with this request's id.
pub fn ok<T: Serialize>(status: StatusCode, data: T) -> Response {
    (status, Json(envelope(data))).into_response()
}

/// The success envelope itself.
pub fn envelope<T>(data: T) -> Envelope<T> {
    Envelope {
        request_id: context::request_id(),
        timestamp: context::now_rfc3339(),
        data,
    }
}
