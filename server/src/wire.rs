//! Wire types of the Lev External API v2, exactly as `shared/lev-api-v2.md` spells them.
//!
//! They derive both `Serialize` and `Deserialize`: the server writes them, and the tests read
//! the contract's own JSON examples into them to prove the shapes match. They derive
//! `ToSchema` too: the OpenAPI description (`openapi.rs`) is made from them.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

/// Success envelope around a single object.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Envelope<T> {
    /// Unique id of this request; what a user quotes to support.
    pub request_id: String,
    /// When the server answered, RFC 3339 in UTC.
    pub timestamp: String,
    /// The payload.
    pub data: T,
}

/// Success envelope around a page of a list.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ListEnvelope<T> {
    /// Unique id of this request.
    pub request_id: String,
    /// When the server answered, RFC 3339 in UTC.
    pub timestamp: String,
    /// The items of this page.
    pub data: Vec<T>,
    /// Where this page sits in the whole list.
    pub pagination: Pagination,
}

/// Pagination block of list responses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Pagination {
    /// Items in the whole list.
    pub total: u64,
    /// Page size asked for.
    pub limit: u32,
    /// Index of the first item of this page.
    pub offset: u64,
    /// Whether items follow this page.
    pub has_more: bool,
    /// Opaque token for the next page (sent back as `cursor`), when `has_more`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// Error envelope, shape (B) of the contract.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ErrorEnvelope {
    /// Unique id of this request.
    pub request_id: String,
    /// When the server answered (our server always sends it).
    #[serde(default)]
    pub timestamp: Option<String>,
    /// What went wrong.
    pub error: ErrorBody,
}

/// The `error` object of shape (B).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ErrorBody {
    /// HTTP status, repeated.
    pub status: u16,
    /// Machine-readable kind: `bad_request`, `unauthorized`, `forbidden`, …
    #[serde(rename = "type")]
    pub kind: String,
    /// Sentence for a person.
    pub message: String,
    /// Structured facts about the error (`field`, `max_allowed`, …).
    #[serde(default)]
    pub details: Value,
    /// On 429: which bucket ran out (`account` or `endpoint`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit_type: Option<String>,
    /// On 429: seconds until the bucket refills.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_seconds: Option<u64>,
    /// Where a plan limit can be raised (the key ceiling's 422).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upgrade_url: Option<String>,
}

/// A key as the list shows it: never the secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ApiKey {
    /// Numeric id, used to revoke.
    pub id: i64,
    /// The admin's description of the key.
    pub label: String,
    /// `lev_sk_` and the first four characters after it.
    pub key_prefix: String,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339; `None` when the key never authenticated a request.
    pub last_used_at: Option<String>,
}

/// The 201 body of a create: the only place the full key ever appears.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CreatedApiKey {
    /// Numeric id.
    pub id: i64,
    /// The label as stored (trimmed).
    pub label: String,
    /// `lev_sk_` and four characters.
    pub key_prefix: String,
    /// The full secret.
    pub api_key: String,
    /// RFC 3339.
    pub created_at: String,
}

/// Body of a create request.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateKeyRequest {
    /// Descriptive label: 1–255 characters after trimming, no control or invisible characters
    /// (the rule is `rules/src/label.rs`; JSON Schema can say only part of it).
    #[schema(min_length = 1, pattern = r"\S")]
    pub label: String,
}

/// 200 body of a revoke.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
pub struct Deleted {
    /// Always `true`.
    pub deleted: bool,
}

/// `data` of `GET /me`; `account`, `subscription` and `platform` are absent when unscoped.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Me {
    /// The signed-in person.
    pub user: MeUser,
    /// The account the request is scoped to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<MeAccount>,
    /// The account's subscription.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscription: Option<Subscription>,
    /// API tier, key ceiling, rate limits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<Platform>,
    /// Only when unscoped: the accounts the user may pick from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available_accounts: Option<Vec<MeAccount>>,
}

/// `user` of `/me`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MeUser {
    /// Numeric id.
    pub id: i64,
    /// Stable UUID.
    pub uuid: String,
    /// Email address.
    pub email: String,
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// `first_name last_name`.
    pub full_name: String,
    /// Role in the scoped account (`admin`, `member`); `None` when unscoped.
    pub role: Option<String>,
    /// Avatar, if any.
    pub photo_url: Option<String>,
    /// RFC 3339.
    pub last_login_at: Option<String>,
}

/// An account as `/me` describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct MeAccount {
    /// Numeric id.
    pub id: i64,
    /// Display name.
    pub name: String,
    /// Slug, the value of `X-Active-Account`.
    pub slug: String,
    /// `brokerage`, `borrower`, `lender`, `credit`, `lev_internal`.
    pub account_type: String,
}

/// `subscription` of `/me`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Subscription {
    /// Plan name.
    #[serde(rename = "type")]
    pub kind: String,
    /// `active`, …
    pub status: String,
    /// `monthly`, `annual`.
    pub billing_cycle: String,
    /// RFC 3339 or null.
    pub end_date: Option<String>,
}

/// `platform` of `/me`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Platform {
    /// `free`, `standard`, `enterprise`.
    pub api_tier: String,
    /// Key count and ceiling; `None` when API keys are not enabled for the account.
    pub api_keys: Option<KeyQuota>,
    /// Requests per minute of each bucket.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub rate_limits: Value,
    /// Scopes the caller holds.
    #[serde(default)]
    pub granted_scopes: Vec<String>,
}

/// `platform.api_keys` of `/me`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct KeyQuota {
    /// Active keys of the account.
    pub current_count: u32,
    /// The account's ceiling.
    pub max_allowed: u32,
}

/// Body of `PATCH /me/active-account`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActiveAccountRequest {
    /// Slug of one of the caller's accounts.
    pub slug: String,
}

/// Body of `POST /auth/validate-api-key`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ValidateRequest {
    /// The key to check.
    pub api_key: String,
}

/// `data` of `POST /auth/validate-api-key`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Validation {
    /// Whether the key is active.
    pub valid: bool,
    /// Owner, when valid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<i64>,
    /// Bound account, when valid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<i64>,
    /// Scopes, when valid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<String>>,
    /// API tier, when valid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
}

/// `data` of `GET /health`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Health {
    /// Always `ok`.
    pub status: String,
    /// The server's version.
    pub version: String,
}
