//! `GET /me` and `PATCH /me/active-account`.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::json;

use crate::admission::admit;
use crate::auth::{Authenticated, Caller};
use crate::body::read_json;
use crate::context::{blocking, format_unix};
use crate::credential::Credential;
use crate::error::{ApiError, ApiResult};
use crate::model::Account;
use crate::openapi::{BodyErrors, CallerErrors, CredentialErrors, OriginApp};
use crate::rate_limit::Endpoint;
use crate::routes::ok;
use crate::state::SharedState;
use crate::wire::{ActiveAccountRequest, KeyQuota, Me, MeAccount, MeUser, Platform, Subscription};
#[allow(unused_imports)] // Named only in the OpenAPI annotations.
use crate::wire::{Envelope, ErrorEnvelope};

fn account_wire(account: &Account) -> MeAccount {
    MeAccount {
        id: account.id,
        name: account.name.clone(),
        slug: account.slug.clone(),
        account_type: account.account_type.clone(),
    }
}

fn describe(state: &SharedState, caller: &Caller) -> ApiResult<Me> {
    let user = &caller.user;
    let mut me = Me {
        user: MeUser {
            id: user.id,
            uuid: user.uuid.clone(),
            email: user.email.clone(),
            first_name: user.first_name.clone(),
            last_name: user.last_name.clone(),
            full_name: user.full_name(),
            role: caller.scope.as_ref().map(|(_, r)| r.as_str().to_owned()),
            photo_url: user.photo_url.clone(),
            last_login_at: user.last_login_at.map(format_unix),
        },
        account: None,
        subscription: None,
        platform: None,
        available_accounts: None,
    };
    match &caller.scope {
        Some((account, role)) => {
            // Every session and key has these budgets of its own in the account.
            let (per_credential, per_endpoint) = account.tier.rate_limits();
            let api_keys = if account.api_keys_enabled {
                Some(KeyQuota {
                    current_count: state.db.active_key_count(account.id)?,
                    max_allowed: state.key_ceiling(account),
                })
            } else {
                None
            };
            me.account = Some(account_wire(account));
            me.subscription = Some(Subscription {
                kind: account.tier.as_str().to_owned(),
                status: "active".to_owned(),
                billing_cycle: "annual".to_owned(),
                end_date: None,
            });
            me.platform = Some(Platform {
                api_tier: account.tier.as_str().to_owned(),
                api_keys,
                rate_limits: json!({
                    "credential_per_minute": per_credential,
                    "endpoint_per_minute": per_endpoint
                }),
                granted_scopes: role.scopes(),
            });
        }
        None => {
            me.available_accounts = Some(
                caller
                    .memberships
                    .iter()
                    .map(|(a, _)| account_wire(a))
                    .collect(),
            );
        }
    }
    Ok(me)
}

/// `GET /me`: who is calling; scoped or, for a multi-account session, unscoped.
#[utoipa::path(
    get,
    path = "/me",
    tag = "Me",
    operation_id = "me",
    params(OriginApp),
    responses(
        (status = 200, description = "The caller, the account, its plan and its key ceiling", body = Envelope<Me>),
        CallerErrors,
        CredentialErrors,
    ),
    security(("bearer" = []), ("session_cookie" = []))
)]
pub async fn me(
    State(state): State<SharedState>,
    Authenticated(caller): Authenticated,
) -> ApiResult<Response> {
    if let Some((account, _)) = &caller.scope {
        admit(&state, &caller, account, Endpoint::Me).await?;
    }
    let me = blocking(move || describe(&state, &caller)).await?;
    Ok(ok(StatusCode::OK, me))
}

/// `PATCH /me/active-account`: remembers the account a session works in.
#[utoipa::path(
    patch,
    path = "/me/active-account",
    tag = "Me",
    operation_id = "set_active_account",
    params(OriginApp),
    request_body = ActiveAccountRequest,
    responses(
        (status = 200, description = "The caller as scoped to the chosen account", body = Envelope<Me>),
        CallerErrors,
        CredentialErrors,
        (status = 404, description = "None of the caller's accounts has this slug", body = ErrorEnvelope),
        BodyErrors,
        (status = 422, description = "The body lacks `slug`", body = ErrorEnvelope),
    ),
    security(("bearer" = []), ("session_cookie" = []))
)]
pub async fn set_active_account(
    State(state): State<SharedState>,
    Authenticated(mut caller): Authenticated,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Response> {
    if matches!(caller.credential, Credential::ApiKey { .. }) {
        return Err(ApiError::bad_request(
            "An API key is bound to one account; the active account applies to signed-in sessions only.",
        ));
    }
    let request: ActiveAccountRequest = read_json(&headers, body)?;
    let chosen = caller
        .memberships
        .iter()
        .find(|(a, _)| a.slug == request.slug.trim())
        .cloned()
        .ok_or_else(|| {
            ApiError::not_found("None of your accounts has this slug.")
                .with_details(json!({ "field": "slug" }))
        })?;
    let me = blocking(move || {
        state.db.set_active_account(caller.user.id, chosen.0.id)?;
        caller.user.active_account_id = Some(chosen.0.id);
        caller.scope = Some(chosen);
        describe(&state, &caller)
    })
    .await?;
    Ok(ok(StatusCode::OK, me))
}
