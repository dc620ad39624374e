//! The router: every route, and the middleware around them.

use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::routing::{delete, get, patch, post, put};
use axum::{middleware, Router};

use crate::body::MAX_BODY_BYTES;
use crate::error::ApiError;
use crate::faults;
use crate::routes::{api_keys, dev_session, me, public};
use crate::state::SharedState;
use crate::{context, static_site};

/// Prefix of every API path.
pub const API_BASE: &str = "/api/external/v2";

async fn method_not_allowed() -> ApiError {
    ApiError::method_not_allowed()
}

/// Builds the whole application.
pub fn router(state: SharedState) -> Router {
    let keys = get(api_keys::list).post(api_keys::create);
    let api = Router::new()
        .route("/build/api-keys", keys.clone())
        .route("/api-keys", keys)
        .route("/api-keys/{key_id}", delete(api_keys::revoke))
        .route("/me", get(me::me))
        .route("/me/active-account", patch(me::set_active_account))
        .route("/auth/validate-api-key", post(public::validate_api_key))
        .route("/health", get(public::health))
        .method_not_allowed_fallback(method_not_allowed);

    let mut app = Router::new()
        .nest(API_BASE, api)
        .route(
            "/dev/sign-in",
            get(dev_session::page).post(dev_session::sign_in),
        )
        .route("/dev/sign-out", post(dev_session::sign_out))
        .route("/dev/sessions", post(dev_session::create_token));
    if state.faults.enabled() {
        let control = Router::new()
            .route(
                "/_dev/faults",
                get(faults::list).post(faults::add).delete(faults::clear),
            )
            .route("/_dev/faults/latency", put(faults::latency))
            .with_state(Arc::clone(&state.faults));
        app = app.merge(control);
    }
    app.fallback(static_site::serve)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn_with_state(
            Arc::clone(&state.faults),
            faults::inject,
        ))
        .layer(middleware::from_fn_with_state(
            Arc::clone(&state),
            static_site::security_headers,
        ))
        .layer(middleware::from_fn(context::assign_request_id))
        .with_state(state)
}
