//! The router: every route, and the middleware around them.

use std::sync::Arc;

use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderName, HeaderValue, Method};
use axum::routing::{delete, get, patch, post, put};
use axum::{middleware, Router};
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::body::MAX_BODY_BYTES;
use crate::error::ApiError;
use crate::routes::{api_keys, dev_session, me, public};
use crate::state::SharedState;
use crate::{context, static_site};
use crate::{faults, request_log};

/// Prefix of every API path.
pub const API_BASE: &str = "/api/external/v2";

async fn method_not_allowed() -> ApiError {
    ApiError::method_not_allowed()
}

/// **Decision** (contract: CORS undocumented): same origin by default; the origins listed with
/// `--cors-origin` may call the API with credentials and read the request id.
fn cors(origins: &[String]) -> CorsLayer {
    let origins: Vec<HeaderValue> = origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o).ok())
        .collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_credentials(true)
        .allow_methods([Method::GET, Method::POST, Method::PATCH, Method::DELETE])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::ACCEPT,
            HeaderName::from_static("x-origin-app"),
            HeaderName::from_static("x-active-account"),
            HeaderName::from_static("idempotency-key"),
        ])
        .expose_headers([
            HeaderName::from_static("x-request-id"),
            header::RETRY_AFTER,
            HeaderName::from_static("idempotent-replayed"),
        ])
        .max_age(Duration::from_secs(600))
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
        .method_not_allowed_fallback(method_not_allowed)
        .layer(cors(&state.cors_origins));

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
        let log = Router::new()
            .route(
                "/_dev/requests",
                get(request_log::list).delete(request_log::clear),
            )
            .with_state(Arc::clone(&state.requests));
        app = app.merge(control).merge(log);
    }
    app.fallback(static_site::serve)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn_with_state(
            Arc::clone(&state.faults),
            faults::inject,
        ))
        // Outside the faults: an injected answer is recorded with the status it gave.
        .layer(middleware::from_fn_with_state(
            Arc::clone(&state.requests),
            request_log::record,
        ))
        .layer(middleware::from_fn_with_state(
            Arc::clone(&state),
            static_site::security_headers,
        ))
        .layer(middleware::from_fn(context::assign_request_id))
        .with_state(state)
}
