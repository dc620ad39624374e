//! The router: every route, and the middleware around them.

use std::any::Any;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{middleware, Router};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::body::MAX_BODY_BYTES;
use crate::connections::RequestArrival;
use crate::cors_origin::CorsOrigin;
use crate::error::ApiError;
use crate::openapi;
use crate::routes::dev_session;
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
fn cors(origins: &[CorsOrigin]) -> CorsLayer {
    // Each was checked at start (`CorsOrigin`), so each is a valid header value.
    let origins: Vec<HeaderValue> = origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o.as_str()).ok())
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

/// With dev sign-in, only requests addressed to this server are answered: a page on another
/// site that resolves its own name to 127.0.0.1 (DNS rebinding) gets 421, never a session.
async fn host_check(State(state): State<SharedState>, request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok());
    if host.is_some_and(|h| state.answers_to(h)) {
        next.run(request).await
    } else {
        ApiError::misdirected(state.listen).into_response()
    }
}

/// The `/_dev/*` instrumentation answers only to the token printed at start.
async fn dev_token_check(
    State(state): State<SharedState>,
    headers: HeaderMap,
    request: Request,
    next: Next,
) -> Response {
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let valid = match (presented, state.dev_token.as_deref()) {
        (Some(presented), Some(token)) => {
            crate::secrets::hashes_equal(presented.as_bytes(), token.as_bytes())
        }
        _ => false,
    };
    if valid {
        next.run(request).await
    } else {
        ApiError::dev_token_required().into_response()
    }
}

/// Cuts off a request not answered within `limit` of its first byte, with an answer in the
/// error envelope (tower-http's timeout layer answers with an empty body, which carries no
/// request id).
async fn time_limit(State(limit): State<Duration>, request: Request, next: Next) -> Response {
    let arrived = request
        .extensions()
        .get::<RequestArrival>()
        .map_or_else(tokio::time::Instant::now, |arrival| arrival.0);
    match tokio::time::timeout_at(arrived + limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::request_timeout().into_response(),
    }
}

/// A handler that panics answers 500 in the error envelope; the server keeps serving.
fn panicked(cause: Box<dyn Any + Send + 'static>) -> Response {
    let cause = cause
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| cause.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".to_owned());
    ApiError::internal(format!("handler panicked: {cause}")).into_response()
}

/// Builds the whole application.
pub fn router(state: SharedState, request_timeout: Duration) -> Router {
    // Each route with its OpenAPI description (`openapi.rs`), served at `/openapi.json`.
    let (api, _) = openapi::api_router();
    let api = api
        .method_not_allowed_fallback(method_not_allowed)
        .layer(cors(&state.cors_origins));

    let mut app = Router::new().nest(API_BASE, api);
    if state.dev_sign_in.is_some() {
        app = app
            .route(
                "/dev/sign-in",
                get(dev_session::page).post(dev_session::sign_in),
            )
            .route("/dev/sign-out", post(dev_session::sign_out))
            .route("/dev/sessions", post(dev_session::create_token));
    }
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
        let instrumentation = control.merge(log).layer(middleware::from_fn_with_state(
            Arc::clone(&state),
            dev_token_check,
        ));
        app = app.merge(instrumentation);
    }
    let app = app
        .fallback(static_site::serve)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn_with_state(
            Arc::clone(&state.faults),
            faults::inject,
        ))
        // Outside the handlers and the faults (an injected panic too), inside the request id
        // and the security headers, so the 500 carries both.
        .layer(CatchPanicLayer::custom(panicked))
        .layer(middleware::from_fn_with_state(request_timeout, time_limit))
        // Outside the faults: an injected answer is recorded with the status it gave.
        .layer(middleware::from_fn_with_state(
            Arc::clone(&state.requests),
            request_log::record,
        ))
        .layer(middleware::from_fn_with_state(
            Arc::clone(&state),
            static_site::security_headers,
        ))
        .layer(middleware::from_fn(context::assign_request_id));
    let app = if state.dev_sign_in.is_some() {
        app.layer(middleware::from_fn_with_state(
            Arc::clone(&state),
            host_check,
        ))
    } else {
        app
    };
    app.with_state(state)
}
