//! Create, list and revoke API keys.

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::json;

use crate::admission::admit;
use crate::auth::{Caller, KeyAdmin};
use crate::body::read_json;
use crate::context::{blocking, format_unix, unix_now};
use crate::db::PageStart;
use crate::error::{ApiError, ApiResult};
use crate::idempotency::{self, Scope};
use crate::label;
use crate::model::{Account, KeyRow};
use crate::openapi::{BodyErrors, CredentialErrors, KeyAdminErrors, OriginApp};
use crate::rate_limit::Endpoint;
use crate::routes::{envelope, ok};
use crate::secrets;
use crate::state::SharedState;
use crate::wire::{ApiKey, CreateKeyRequest, CreatedApiKey, Deleted, ListEnvelope, Pagination};
#[allow(unused_imports)] // Named only in the OpenAPI annotations.
use crate::wire::{Envelope, ErrorEnvelope};
use utoipa::IntoParams;
use zeroize::{Zeroize, Zeroizing};

/// The list's opaque cursor: the position after a key, as `created_at:id` in URL-safe base64.
mod cursor {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    use serde_json::json;

    use crate::db::PageStart;
    use crate::error::{ApiError, ApiResult};

    /// The cursor after the key created at `created_at` with id `id`.
    pub fn encode(created_at: i64, id: i64) -> String {
        URL_SAFE_NO_PAD.encode(format!("{created_at}:{id}"))
    }

    /// Where a cursor points; 400 for anything this server did not make.
    pub fn decode(cursor: &str) -> ApiResult<PageStart> {
        let invalid = || {
            ApiError::bad_request(
                "This `cursor` is not one this server gave out. Start again from the first page.",
            )
            .with_details(json!({ "field": "cursor" }))
        };
        let bytes = URL_SAFE_NO_PAD
            .decode(cursor.trim())
            .map_err(|_| invalid())?;
        let text = String::from_utf8(bytes).map_err(|_| invalid())?;
        let (created_at, id) = text.split_once(':').ok_or_else(invalid)?;
        Ok(PageStart::After {
            created_at: created_at.parse().map_err(|_| invalid())?,
            id: id.parse().map_err(|_| invalid())?,
        })
    }
}

/// Where the ceiling's 422 says a plan can be upgraded (**Decision**: Lev's billing settings,
/// as a path of the web app that embeds the tab).
pub const UPGRADE_URL: &str = "/settings/billing";

/// Default page size of the list.
pub const DEFAULT_LIMIT: u32 = 50;
/// Largest page size of the list.
pub const MAX_LIMIT: u32 = 200;
/// Largest `offset`: 2^53 − 1, the largest whole number every JSON reader keeps exact.
pub const MAX_OFFSET: u64 = 9_007_199_254_740_991;

/// `POST /build/api-keys` (and `/api-keys`).
#[utoipa::path(
    post,
    path = "/api-keys",
    tag = "API keys",
    operation_id = "create_api_key",
    params(
        OriginApp,
        ("Idempotency-Key" = Option<String>, Header, pattern = "^[!-~]{1,255}$", description = "A retry with the same key and body replays the first answer (1–255 visible ASCII characters, such as a UUID)"),
    ),
    request_body = CreateKeyRequest,
    responses(
        (status = 201, description = "Created: the only answer that holds the full key", body = Envelope<CreatedApiKey>),
        KeyAdminErrors,
        CredentialErrors,
        (status = 409, description = "This Idempotency-Key was used with another body", body = ErrorEnvelope),
        BodyErrors,
        (status = 422, description = "The label is empty or too long, or the account is at its key ceiling (`upgrade_url`)", body = ErrorEnvelope),
    ),
    security(("bearer" = []), ("session_cookie" = []))
)]
pub async fn create(
    State(state): State<SharedState>,
    KeyAdmin { caller, account }: KeyAdmin,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Response> {
    admit(&state, &caller, &account, Endpoint::CreateKey).await?;
    let request: CreateKeyRequest = read_json(&headers, body)?;
    let label = label::validate(&request.label)?;
    let idempotency_key = headers
        .get("idempotency-key")
        .map(|v| idempotency::parse_key(v.to_str().unwrap_or("")))
        .transpose()?;

    let scope = idempotency_key.map(|key| Scope {
        credential: caller.credential.replay_id(),
        key,
    });
    // The canonical body: a retry that differs only in white space outside the label is the same.
    let body_hash = secrets::hash(&json!({ "label": request.label }).to_string());
    // The account's replays stay locked until the answer is stored, so a concurrent retry with
    // the same key waits and replays.
    blocking(move || {
        state.idempotency.with_account(account.id, |replays| {
        if let Some(scope) = &scope {
            if let Some(stored) = replays.get(scope) {
                if !secrets::hashes_equal(&stored.body_hash, &body_hash) {
                    return Err(ApiError::conflict(
                        "This Idempotency-Key was already used with a different request body. Use a new key for a new request.",
                    ));
                }
                let mut response = (
                    StatusCode::CREATED,
                    [(axum::http::header::CONTENT_TYPE, "application/json")],
                    stored.response.as_str().to_owned(),
                )
                    .into_response();
                response
                    .headers_mut()
                    .insert("idempotent-replayed", HeaderValue::from_static("true"));
                return Ok(response);
            }
        }
        let (id, body) = insert_key(&state, &caller, &account, label)?;
        if let Some(scope) = scope {
            replays.put(scope, body_hash, body.clone(), id);
        }
        Ok((
            StatusCode::CREATED,
            [(axum::http::header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response())
        })
    })
    .await
}

/// Makes the key; returns its id and the 201's body (which holds the secret).
fn insert_key(
    state: &SharedState,
    caller: &Caller,
    account: &Account,
    label: String,
) -> ApiResult<(i64, String)> {
    let mut secret = Zeroizing::new(secrets::new_api_key().map_err(ApiError::internal)?);
    let prefix = secrets::key_prefix(&secret)
        .ok_or_else(|| ApiError::internal("generated key too short"))?
        .to_owned();
    let now = unix_now();
    let row = KeyRow {
        id: 0,
        user_id: caller.user.id,
        account_id: account.id,
        label,
        key_prefix: prefix,
        key_hash: secrets::hash(&secret),
        created_at: now,
        last_used_at: None,
    };
    let ceiling = state.key_ceiling(account);
    let id = state
        .db
        .insert_key_within_ceiling(&row, ceiling)?
        .map_err(|reached| {
            ApiError::validation(
                format!(
                    "This account already has {0} active API keys, the most its {1} plan allows. Revoke a key you no longer use, then create the new one.",
                    reached.max_allowed,
                    account.tier.as_str()
                ),
                json!({ "reason": "key_limit_reached", "max_allowed": reached.max_allowed, "api_tier": account.tier.as_str() }),
            )
            .with_upgrade_url(UPGRADE_URL)
        })?;
    tracing::info!(key_id = id, key_prefix = %row.key_prefix, "api key created");
    let mut created = envelope(CreatedApiKey {
        id,
        label: row.label,
        key_prefix: row.key_prefix,
        // Moved, not copied; wiped below once serialized.
        api_key: std::mem::take(&mut *secret),
        created_at: format_unix(now),
    });
    let body = serde_json::to_string(&created).map_err(ApiError::internal);
    created.data.api_key.zeroize();
    Ok((id, body?))
}

/// The list's query: `limit`, and where the page starts (`offset` or `cursor`). Read as text,
/// so that a bad value is answered with what was wrong with it.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Keys per page, 1 to 200; 50 when absent.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 200)]
    limit: Option<String>,
    /// How many keys to skip, at most 2^53 − 1; not with `cursor`.
    #[param(value_type = Option<u64>, minimum = 0, maximum = 9_007_199_254_740_991_u64)]
    offset: Option<String>,
    /// `pagination.next_cursor` of the page before; not with `offset`.
    cursor: Option<String>,
}

fn parse_bounded(
    value: Option<&String>,
    name: &str,
    default: u64,
    min: u64,
    max: u64,
) -> ApiResult<u64> {
    match value {
        None => Ok(default),
        Some(raw) => raw
            .trim()
            .parse::<u64>()
            .ok()
            .filter(|n| (min..=max).contains(n))
            .ok_or_else(|| {
                ApiError::bad_request(format!(
                    "`{name}` must be a whole number from {min} to {max}; got `{raw}`."
                ))
                .with_details(json!({ "field": name }))
            }),
    }
}

/// `GET /build/api-keys` (and `/api-keys`): active keys, newest first.
#[utoipa::path(
    get,
    path = "/api-keys",
    tag = "API keys",
    operation_id = "list_api_keys",
    params(OriginApp, ListQuery),
    responses(
        (status = 200, description = "A page of the account's active keys, newest first", body = ListEnvelope<ApiKey>),
        KeyAdminErrors,
        CredentialErrors,
    ),
    security(("bearer" = []), ("session_cookie" = []))
)]
pub async fn list(
    State(state): State<SharedState>,
    KeyAdmin { caller, account }: KeyAdmin,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> ApiResult<Response> {
    admit(&state, &caller, &account, Endpoint::ListKeys).await?;
    let Query(query) =
        query.map_err(|_| ApiError::bad_request("The query string could not be read."))?;
    let limit = parse_bounded(
        query.limit.as_ref(),
        "limit",
        u64::from(DEFAULT_LIMIT),
        1,
        u64::from(MAX_LIMIT),
    )?;
    let limit = u32::try_from(limit).unwrap_or(DEFAULT_LIMIT);
    let start = match (&query.cursor, query.offset.is_some()) {
        (Some(_), true) => {
            return Err(
                ApiError::bad_request("Send either `cursor` or `offset`, not both.")
                    .with_details(json!({ "field": "cursor" })),
            )
        }
        (Some(cursor), false) => cursor::decode(cursor)?,
        (None, _) => PageStart::Offset(parse_bounded(
            query.offset.as_ref(),
            "offset",
            0,
            0,
            MAX_OFFSET,
        )?),
    };
    let (rows, total, offset) =
        blocking(move || state.db.list_keys(account.id, limit, start)).await?;
    let has_more = offset + (rows.len() as u64) < total;
    let next_cursor = rows
        .last()
        .filter(|_| has_more)
        .map(|last| cursor::encode(last.created_at, last.id));
    let page = ListEnvelope {
        request_id: crate::context::request_id(),
        timestamp: crate::context::now_rfc3339(),
        data: rows
            .into_iter()
            .map(|row| ApiKey {
                id: row.id,
                label: row.label,
                key_prefix: row.key_prefix,
                created_at: format_unix(row.created_at),
                last_used_at: row.last_used_at.map(format_unix),
            })
            .collect(),
        pagination: Pagination {
            total,
            limit,
            offset,
            has_more,
            next_cursor,
        },
    };
    Ok(Json(page).into_response())
}

/// `DELETE /api-keys/{key_id}`: revokes at once.
#[utoipa::path(
    delete,
    path = "/api-keys/{key_id}",
    tag = "API keys",
    operation_id = "revoke_api_key",
    params(
        OriginApp,
        ("key_id" = i64, Path, minimum = 1, description = "The key's `id`"),
    ),
    responses(
        (status = 200, description = "Revoked: it stops working at once", body = Envelope<Deleted>),
        KeyAdminErrors,
        CredentialErrors,
        (status = 404, description = "No active key with this id in the account (revoked already, say)", body = ErrorEnvelope),
    ),
    security(("bearer" = []), ("session_cookie" = []))
)]
pub async fn revoke(
    State(state): State<SharedState>,
    KeyAdmin { caller, account }: KeyAdmin,
    Path(raw_id): Path<String>,
) -> ApiResult<Response> {
    admit(&state, &caller, &account, Endpoint::RevokeKey).await?;
    let key_id = raw_id
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| {
            ApiError::bad_request(format!(
                "`{raw_id}` is not a key id: key ids are positive whole numbers, such as 42."
            ))
            .with_details(json!({ "field": "key_id" }))
        })?;
    let revoked = blocking(move || -> ApiResult<bool> {
        let revoked = state.db.revoke_key(account.id, key_id, unix_now())?;
        if revoked {
            state.idempotency.forget_key(account.id, key_id)?;
        }
        Ok(revoked)
    })
    .await?;
    if !revoked {
        return Err(ApiError::not_found(
            "No active API key with this id in this account. It may have been revoked already.",
        ));
    }
    tracing::info!(key_id, "api key revoked");
    Ok(ok(StatusCode::OK, Deleted { deleted: true }))
}
