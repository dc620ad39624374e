//! Who is calling, and in which account: API keys, browser sessions, `X-Origin-App`,
//! `X-Active-Account`.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};

use crate::context::{blocking, unix_now};
use crate::credential::Credential;
use crate::error::{ApiError, ApiResult};
use crate::model::{Account, Role, User};
use crate::secrets;
use crate::state::{AppState, SharedState};

/// Name of the browser session cookie.
pub const SESSION_COOKIE: &str = "lev_session";

/// An authenticated caller.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The person.
    pub user: User,
    /// How they authenticated.
    pub credential: Credential,
    /// Every account they belong to, with their role.
    pub memberships: Vec<(Account, Role)>,
    /// The account this request is scoped to, if one could be determined.
    pub scope: Option<(Account, Role)>,
}

impl Caller {
    /// The scoped account, or the documented 400 for a multi-account session without one.
    pub fn require_scope(&self) -> ApiResult<(&Account, Role)> {
        self.scope.as_ref().map(|(a, r)| (a, *r)).ok_or_else(|| {
            ApiError::bad_request(
                "Active account required. Provide X-Active-Account header or use an API key.",
            )
        })
    }

    /// The scoped account, if the caller may manage its keys: an admin, feature enabled.
    pub fn require_key_admin(&self) -> ApiResult<&Account> {
        let (account, role) = self.require_scope()?;
        if !account.api_keys_enabled {
            return Err(ApiError::forbidden(format!(
                "API keys are not enabled for the account {}. Ask Lev support to enable them.",
                account.name
            ))
            .with_details(serde_json::json!({ "reason": "feature_disabled" })));
        }
        if role != Role::Admin {
            return Err(ApiError::forbidden(
                "Only workspace admins can manage API keys. Ask an admin of this account for access.",
            )
            .with_details(serde_json::json!({ "reason": "not_admin" })));
        }
        Ok(account)
    }
}

/// An authenticated caller, as a handler's argument: a request without valid credentials is
/// answered 400 (no `X-Origin-App`) or 401 before the handler runs.
pub struct Authenticated(pub Caller);

impl FromRequestParts<SharedState> for Authenticated {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &SharedState) -> ApiResult<Self> {
        let (state, headers) = (state.clone(), parts.headers.clone());
        let client = client_address(parts);
        blocking(move || authenticate(&state, &headers, client))
            .await
            .map(Self)
    }
}

/// A caller who may manage the scoped account's keys (an admin, the feature on), with that
/// account; others are answered 400, 401 or 403 before the handler runs.
pub struct KeyAdmin {
    /// Who is calling.
    pub caller: Caller,
    /// The account whose keys they manage.
    pub account: Account,
}

impl FromRequestParts<SharedState> for KeyAdmin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &SharedState) -> ApiResult<Self> {
        let Authenticated(caller) = Authenticated::from_request_parts(parts, state).await?;
        let account = caller.require_key_admin()?.clone();
        Ok(Self { caller, account })
    }
}

/// The address the request came from (the TCP peer; the server runs behind no proxy).
fn client_address(parts: &Parts) -> IpAddr {
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |ConnectInfo(peer)| {
            peer.ip()
        })
}

/// Checks the documented `X-Origin-App` header.
pub fn require_origin_app(headers: &HeaderMap) -> ApiResult<()> {
    let present = headers
        .get("x-origin-app")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| !v.trim().is_empty());
    if present {
        Ok(())
    } else {
        Err(ApiError::bad_request(
            "The X-Origin-App header is required: name your client, for example `X-Origin-App: lev-settings`.",
        ))
    }
}

/// The token the request presents: the Bearer token, else the session cookie.
fn presented_token(headers: &HeaderMap) -> ApiResult<Option<String>> {
    if let Some(value) = headers.get(header::AUTHORIZATION) {
        let value = value.to_str().unwrap_or("");
        let mut parts = value.splitn(2, ' ');
        let scheme = parts.next().unwrap_or("");
        let token = parts.next().unwrap_or("").trim();
        if !scheme.eq_ignore_ascii_case("bearer") || token.is_empty() {
            return Err(ApiError::unauthorized(
                "The Authorization header must be `Bearer <token>`, with an API key (lev_sk_…) or a session token.",
            ));
        }
        return Ok(Some(token.to_owned()));
    }
    Ok(cookie(headers, SESSION_COOKIE))
}

/// The value of cookie `name`, if sent.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// Authenticates the request from `client` and determines its account.
///
/// Failures are limited, never successes: once a client address or a key prefix has met too
/// many failures this minute, a further invalid key or token gets 429 instead of 401, while a
/// valid one still authenticates. A key or token is 40 random characters checked by one
/// SHA-256 and an indexed lookup, so refusing a valid one would gain nothing, and would lock
/// every admin behind a shared address (an office, a carrier) out because of one bad script.
pub fn authenticate(state: &AppState, headers: &HeaderMap, client: IpAddr) -> ApiResult<Caller> {
    require_origin_app(headers)?;
    let Some(token) = presented_token(headers)? else {
        return Err(ApiError::unauthorized(
            "You are not signed in. Sign in again, or send an API key as `Authorization: Bearer lev_sk_…`.",
        ));
    };
    let is_key = secrets::looks_like_api_key(&token);
    let authenticated = if is_key {
        authenticate_api_key(state, &token)
    } else {
        authenticate_session(state, headers, &token)
    };
    authenticated.map_err(|error| {
        if error.status() == StatusCode::UNAUTHORIZED {
            let prefix = secrets::key_prefix(&token).filter(|_| is_key);
            state.limiter.failed_authentication(client, prefix, error)
        } else {
            error
        }
    })
}

/// Finds the active key whose hash equals the presented key's, comparing in constant time.
pub fn find_active_key(state: &AppState, key: &str) -> ApiResult<Option<crate::model::KeyRow>> {
    let Some(prefix) = secrets::key_prefix(key) else {
        return Ok(None);
    };
    let presented = secrets::hash(key);
    let candidates = state.db.active_keys_with_prefix(prefix)?;
    Ok(candidates
        .into_iter()
        .find(|row| secrets::hashes_equal(&row.key_hash, &presented)))
}

fn authenticate_api_key(state: &AppState, key: &str) -> ApiResult<Caller> {
    let invalid = || ApiError::unauthorized("This API key is invalid or has been revoked.");
    let row = find_active_key(state, key)?.ok_or_else(invalid)?;
    let user = state.db.user(row.user_id)?.ok_or_else(invalid)?;
    let memberships = state.db.memberships(user.id)?;
    // A key inherits its owner's permissions: no longer a member, no access.
    let scope = memberships
        .iter()
        .find(|(a, _)| a.id == row.account_id)
        .cloned()
        .ok_or_else(invalid)?;
    if !scope.0.api_keys_enabled {
        return Err(ApiError::forbidden(format!(
            "API keys are not enabled for the account {}.",
            scope.0.name
        )));
    }
    Ok(Caller {
        user,
        credential: Credential::ApiKey {
            key_id: row.id,
            last_used_at: row.last_used_at,
        },
        memberships,
        scope: Some(scope),
    })
}

fn authenticate_session(state: &AppState, headers: &HeaderMap, token: &str) -> ApiResult<Caller> {
    let token_hash = secrets::hash(token);
    let user_id = state
        .db
        .session_user(&token_hash, unix_now())?
        .ok_or_else(|| {
            ApiError::unauthorized(
                "Your session has expired or you were signed out. Sign in again.",
            )
        })?;
    let user = state
        .db
        .user(user_id)?
        .ok_or_else(|| ApiError::unauthorized("Your session is no longer valid. Sign in again."))?;
    let memberships = state.db.memberships(user.id)?;
    let requested = headers
        .get("x-active-account")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty());
    let scope = match requested {
        Some(slug) => Some(
            memberships
                .iter()
                .find(|(a, _)| a.slug == slug)
                .cloned()
                .ok_or_else(|| {
                    ApiError::forbidden(format!(
                        "You are not a member of the account `{slug}` named in X-Active-Account."
                    ))
                })?,
        ),
        None if memberships.len() == 1 => memberships.first().cloned(),
        None => user
            .active_account_id
            .and_then(|id| memberships.iter().find(|(a, _)| a.id == id).cloned()),
    };
    Ok(Caller {
        user,
        credential: Credential::Session { token_hash },
        memberships,
        scope,
    })
}
