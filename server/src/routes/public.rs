//! Endpoints without a credential: health and key validation.

use std::net::SocketAddr;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::json;

use crate::auth::{find_active_key, require_origin_app};
use crate::body::read_json;
use crate::context::blocking;
use crate::error::ApiResult;
use crate::routes::ok;
use crate::state::SharedState;
use crate::wire::{ValidateRequest, Validation};

/// `GET /health`: liveness; needs no header, so probes stay simple.
pub async fn health(
    State(state): State<SharedState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
) -> ApiResult<Response> {
    state
        .limiter
        .check_client(&peer.ip().to_string(), "health", 100)?;
    Ok(ok(
        StatusCode::OK,
        json!({ "status": "ok", "version": env!("CARGO_PKG_VERSION") }),
    ))
}

/// `POST /auth/validate-api-key`: whether a key is active, 10 a minute per client.
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
