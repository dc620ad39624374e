//! The OpenAPI 3 description of what the server serves under `/api/external/v2`, made from the
//! handlers' annotations and the wire types (utoipa), served at `/api/external/v2/openapi.json`.
//!
//! The API router is built through [`utoipa_axum::router::OpenApiRouter`]: a handler is routed
//! and described in one call, so a route cannot exist without its description or the other
//! way round. The one route added by hand, `/build/api-keys` (the older spelling of
//! `/api-keys`, the same handlers), is described by a copy of `/api-keys`'s description.

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::OpenApi as Description;
use utoipa::{IntoParams, IntoResponses, Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::routes::{api_keys, me, public};
use crate::state::SharedState;
use crate::wire::ErrorEnvelope;

/// The security schemes the operations name: a key or a session token as a Bearer token, or
/// the browser's session cookie.
pub const BEARER: &str = "bearer";
/// See [`BEARER`].
pub const SESSION_COOKIE: &str = "session_cookie";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Lev External API v2 (the part the API Keys tab uses)",
        description = "The local implementation in `server/`: list, create and revoke API keys, who is calling, key validation and health. Errors share one envelope with the request's id.",
        version = "2026-03"
    ),
    servers((url = "/api/external/v2")),
    modifiers(&SecuritySchemes),
    tags(
        (name = "API keys", description = "The account's active keys"),
        (name = "Me", description = "Who is calling"),
        (name = "Public", description = "No credential")
    )
)]
struct Base;

/// Adds the security schemes the operations refer to.
struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut Description) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            BEARER,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("An API key (`lev_sk_…`) or a session token"))
                    .build(),
            ),
        );
        components.add_security_scheme(
            SESSION_COOKIE,
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                "lev_session",
                "The signed-in browser's session",
            ))),
        );
    }
}

/// The header every call with a credential names its client in.
#[derive(IntoParams)]
#[into_params(parameter_in = Header)]
pub struct OriginApp {
    /// The calling client, such as `lev-settings`.
    #[param(rename = "X-Origin-App", pattern = r"\S")]
    #[allow(dead_code)] // Describes a header; the handlers read it with the others.
    origin_app: String,
}

/// The errors of every call made with a credential, whatever it asks.
#[derive(IntoResponses)]
#[allow(dead_code)] // Describes answers; the handlers make them through `ApiError`.
pub enum CredentialErrors {
    /// 401.
    #[response(
        status = 401,
        description = "No credential, or one that is invalid, revoked or expired"
    )]
    Unauthorized(ErrorEnvelope),
    /// 408.
    #[response(
        status = 408,
        description = "Not answered within 30 s of the request's first byte"
    )]
    Timeout(ErrorEnvelope),
    /// 429.
    #[response(status = 429, description = "A rate limit ran out (`limit_type`, `retry_after_seconds`)",
        headers(("Retry-After" = u64, description = "Seconds until the budget refills")))]
    RateLimited(ErrorEnvelope),
}

/// The errors of every call that manages keys besides [`CredentialErrors`] (the answers name
/// their own kind in the error envelope).
#[derive(IntoResponses)]
#[allow(dead_code)] // Describes answers; the handlers make them through `ApiError`.
pub enum KeyAdminErrors {
    /// 400.
    #[response(
        status = 400,
        description = "No `X-Origin-App`, or a value that cannot be read (`details.field` names it)"
    )]
    BadRequest(ErrorEnvelope),
    /// 403.
    #[response(
        status = 403,
        description = "Not an admin of the account, or API keys are off for it"
    )]
    Forbidden(ErrorEnvelope),
}

/// The errors of `/me` and the calls about the caller besides [`CredentialErrors`].
#[derive(IntoResponses)]
#[allow(dead_code)] // Describes answers; the handlers make them through `ApiError`.
pub enum CallerErrors {
    /// 400.
    #[response(
        status = 400,
        description = "No `X-Origin-App`, or a multi-account session without `X-Active-Account`"
    )]
    BadRequest(ErrorEnvelope),
    /// 403.
    #[response(
        status = 403,
        description = "Not a member of the account named in `X-Active-Account`, or the account is disabled"
    )]
    Forbidden(ErrorEnvelope),
}

/// The errors of a JSON body that cannot be taken as it is sent.
#[derive(IntoResponses)]
#[allow(dead_code)] // Describes answers; the handlers make them through `ApiError`.
pub enum BodyErrors {
    /// 413.
    #[response(status = 413, description = "The body is larger than 64 KiB")]
    TooLarge(ErrorEnvelope),
    /// 415.
    #[response(status = 415, description = "The body is not `application/json`")]
    NotJson(ErrorEnvelope),
}

/// The API's routes with the description made from them.
pub fn api_router() -> (Router<SharedState>, Description) {
    let (router, mut description) = OpenApiRouter::with_openapi(Base::openapi())
        .routes(routes!(api_keys::list, api_keys::create))
        .routes(routes!(api_keys::revoke))
        .routes(routes!(me::me))
        .routes(routes!(me::set_active_account))
        .routes(routes!(public::validate_api_key))
        .routes(routes!(public::health))
        .split_for_parts();
    let router = router.route(
        "/build/api-keys",
        get(api_keys::list).post(api_keys::create),
    );
    describe_alias(&mut description, "/api-keys", "/build/api-keys");
    let mut json = serde_json::to_value(&description).unwrap_or_default();
    link_to_revoke(&mut json);
    let json = serde_json::to_string_pretty(&json).unwrap_or_default();
    let router = router.route("/openapi.json", get(move || serve(json.clone())));
    (router, description)
}

/// A created key can be revoked with the id its answer holds (OpenAPI
/// links: a fuzzer follows them from a create to its revoke). Written into the JSON: utoipa
/// 5.5 spells a link's `operationId` as `operation_id`.
fn link_to_revoke(description: &mut Value) {
    for path in ["/api-keys", "/build/api-keys"] {
        let created = &mut description["paths"][path]["post"]["responses"]["201"];
        if let Some(created) = created.as_object_mut() {
            created.insert(
                "links".to_owned(),
                json!({ "RevokeKey": {
                    "operationId": "revoke_api_key",
                    "parameters": { "key_id": "$response.body#/data/id" },
                } }),
            );
        }
    }
}

/// `alias` is routed to the same handlers as `path`: the same description, with operation ids
/// of its own (they must be unique).
fn describe_alias(description: &mut Description, path: &str, alias: &str) {
    let Some(mut item) = description.paths.paths.get(path).cloned() else {
        return;
    };
    for operation in [&mut item.get, &mut item.post].into_iter().flatten() {
        operation.operation_id = operation
            .operation_id
            .take()
            .map(|id| format!("{id}_build"));
    }
    description.paths.paths.insert(alias.to_owned(), item);
}

async fn serve(json: String) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        json,
    )
        .into_response()
}
