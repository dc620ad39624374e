//! Endpoints without a credential: health and key validation.

use std::net::SocketAddr;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use crate::auth::{find_active_key, require_origin_app};
use crate::body::read_json;
use crate::context::blocking;
use crate::error::ApiResult;
use crate::openapi::{BodyErrors, OriginApp};
use crate::routes::ok;
use crate::state::SharedState;
#[allow(unused_imports)] // Named only in the OpenAPI annotations.
use crate::wire::{Envelope, ErrorEnvelope};
use crate::wire::{Health, ValidateRequest, Validation};

/// `GET /health`: liveness; needs no header, so probes stay simple.
#[utoipa::path(
    get,
    path = "/health",
    tag = "Public",
    operation_id = "health",
    responses(
        (status = 200, description = "The server answers", body = Envelope<Health>),
        (status = 429, description = "More than 100 a minute from this address", body = ErrorEnvelope,
            headers(("Retry-After" = u64, description = "Seconds until the budget refills"))),
    ),
    security(())
)]
pub async fn health(
    State(state): State<SharedState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
) -> ApiResult<Response> {
    state
        .limiter
        .check_client(&peer.ip().to_string(), "health", 100)?;
    Ok(ok(
        StatusCode::OK,
        Health {
            status: "ok".to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
        },
    ))
}

/// `POST /auth/validate-api-key`: whether a key is active, 10 a minute per client.
#[utoipa::path(
    post,
    path = "/auth/validate-api-key",
    tag = "Public",
    operation_id = "validate_api_key",
    params(OriginApp),
    request_body = ValidateRequest,
    responses(
        (status = 200, description = "Whether the key is active, and whose it is", body = Envelope<Validation>),
        (status = 400, description = "No `X-Origin-App`, or a body that is not JSON", body = ErrorEnvelope),
        (status = 408, description = "Not answered within 30 s of the request's first byte", body = ErrorEnvelope),
        BodyErrors,
        (status = 422, description = "The body lacks `api_key`", body = ErrorEnvelope),
        (status = 429, description = "More than 10 a minute from this address", body = ErrorEnvelope,
            headers(("Retry-After" = u64, description = "Seconds until the budget refills"))),
    ),
    security(())
)]
pub async fn validate_api_key(
    State(state): State<SharedState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Response> {
    require_origin_app(&headers)?;
    state
        .limiter
        .check_client(&peer.ip().to_string(), "validate", 10)?;
    let request: ValidateRequest = read_json(&headers, body)?;
    blocking(move || validation(&state, request.api_key.trim()))
        .await
        .map(|answer| ok(StatusCode::OK, answer))
}

/// Whether `key` is an active key of an account with the feature on, and whose.
fn validation(state: &SharedState, key: &str) -> ApiResult<Validation> {
    let invalid = Validation {
        valid: false,
        user_id: None,
        account_id: None,
        scopes: None,
        tier: None,
    };
    let Some(row) = find_active_key(state, key)? else {
        return Ok(invalid);
    };
    let membership = state
        .db
        .memberships(row.user_id)?
        .into_iter()
        .find(|(a, _)| a.id == row.account_id && a.api_keys_enabled);
    let Some((account, role)) = membership else {
        return Ok(invalid);
    };
    Ok(Validation {
        valid: true,
        user_id: Some(row.user_id),
        account_id: Some(account.id),
        scopes: Some(role.scopes()),
        tier: Some(account.tier.as_str().to_owned()),
    })
}
