//! Wire types, read leniently: unknown fields are ignored and a missing optional field never
//! breaks the tab (contract: "Tolerance").

use super::json::Json;
use super::secret::Secret;

/// Reads a wire type out of a parsed body. `None` when a field the tab cannot do without is
/// missing or of the wrong kind; optional fields that are missing, `null` or odd read as absent.
pub trait FromJson: Sized {
    /// Builds the value, moving strings out of `json`.
    fn from_json(json: Json) -> Option<Self>;
}

/// A string member, moved out; `None` when missing, `null` or not a string.
fn string(json: &mut Json, key: &str) -> Option<String> {
    json.take(key).into_string()
}

/// An optional object member read as `T` (`null` or missing: `None`; present but unreadable:
/// an error, as the whole answer is then suspect).
fn opt<T: FromJson>(json: &mut Json, key: &str) -> Option<Option<T>> {
    match json.take(key) {
        Json::Null => Some(None),
        value => T::from_json(value).map(Some),
    }
}

/// An array whose every element reads as `T`.
impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(json: Json) -> Option<Self> {
        json.into_array()?.into_iter().map(T::from_json).collect()
    }
}

fn uint<T: TryFrom<i64>>(json: &Json, key: &str) -> Option<T> {
    json.get(key)?.as_i64().and_then(|n| T::try_from(n).ok())
}

/// Success envelope around one object.
#[derive(Debug)]
pub struct Envelope<T> {
    /// Id of the request, when the server sent one.
    pub request_id: Option<String>,
    /// The payload.
    pub data: T,
}

impl<T: FromJson> FromJson for Envelope<T> {
    fn from_json(mut json: Json) -> Option<Self> {
        Some(Self {
            request_id: string(&mut json, "request_id"),
            data: T::from_json(json.take("data"))?,
        })
    }
}

/// Success envelope of a list page.
#[derive(Debug)]
pub struct Page<T> {
    /// The page's items.
    pub data: Vec<T>,
    /// Where the page sits; absent means "everything is here".
    pub pagination: Option<Pagination>,
}

impl<T: FromJson> FromJson for Page<T> {
    fn from_json(mut json: Json) -> Option<Self> {
        Some(Self {
            data: Vec::from_json(json.take("data"))?,
            pagination: opt(&mut json, "pagination")?,
        })
    }
}

/// `pagination` of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pagination {
    /// Items in the whole list.
    pub total: u64,
    /// Page size.
    pub limit: u32,
    /// Index of the page's first item.
    pub offset: u64,
    /// Whether more items follow.
    pub has_more: bool,
}

impl FromJson for Pagination {
    fn from_json(json: Json) -> Option<Self> {
        Some(Self {
            total: uint(&json, "total")?,
            limit: uint(&json, "limit").unwrap_or(0),
            offset: uint(&json, "offset").unwrap_or(0),
            has_more: json
                .get("has_more")
                .and_then(Json::as_bool)
                .unwrap_or(false),
        })
    }
}

/// A key as listed: never the secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKey {
    /// Id, used to revoke.
    pub id: i64,
    /// Label.
    pub label: String,
    /// `lev_sk_` and four characters.
    pub key_prefix: String,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339, `None` when never used.
    pub last_used_at: Option<String>,
}

impl FromJson for ApiKey {
    fn from_json(mut json: Json) -> Option<Self> {
        Some(Self {
            id: json.get("id")?.as_i64()?,
            label: string(&mut json, "label")?,
            key_prefix: string(&mut json, "key_prefix")?,
            created_at: string(&mut json, "created_at")?,
            last_used_at: string(&mut json, "last_used_at"),
        })
    }
}

/// The 201 of a create: the one time the full key is known.
#[derive(Debug)]
pub struct CreatedKey {
    /// Id.
    pub id: i64,
    /// Label as stored.
    pub label: String,
    /// `lev_sk_` and four characters.
    pub key_prefix: String,
    /// The full key.
    pub api_key: Secret,
    /// RFC 3339.
    pub created_at: String,
}

impl FromJson for CreatedKey {
    fn from_json(mut json: Json) -> Option<Self> {
        // The secret first: if anything else is missing, it is still wiped on the way out.
        let api_key = Secret::new(string(&mut json, "api_key")?);
        Some(Self {
            id: json.get("id")?.as_i64()?,
            label: string(&mut json, "label")?,
            key_prefix: string(&mut json, "key_prefix")?,
            api_key,
            created_at: string(&mut json, "created_at")?,
        })
    }
}

impl CreatedKey {
    /// The row this key gets in the list (without the secret).
    pub fn listed(&self) -> ApiKey {
        ApiKey {
            id: self.id,
            label: self.label.clone(),
            key_prefix: self.key_prefix.clone(),
            created_at: self.created_at.clone(),
            last_used_at: None,
        }
    }
}

/// `data` of `GET /me`.
#[derive(Debug, Clone, PartialEq)]
pub struct Me {
    /// The signed-in person.
    pub user: User,
    /// The scoped account; absent for a multi-account session without one.
    pub account: Option<Account>,
    /// Tier and key ceiling.
    pub platform: Option<Platform>,
    /// Accounts to choose from, when unscoped.
    pub available_accounts: Option<Vec<Account>>,
}

impl FromJson for Me {
    fn from_json(mut json: Json) -> Option<Self> {
        Some(Self {
            user: User::from_json(json.take("user"))?,
            account: opt(&mut json, "account")?,
            platform: opt(&mut json, "platform")?,
            available_accounts: opt(&mut json, "available_accounts")?,
        })
    }
}

/// `user` of `/me`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Email address.
    pub email: String,
    /// Full name.
    pub full_name: String,
    /// Role in the scoped account (`admin`, `member`).
    pub role: Option<String>,
}

impl FromJson for User {
    fn from_json(mut json: Json) -> Option<Self> {
        if !matches!(json, Json::Object(_)) {
            return None;
        }
        Some(Self {
            email: string(&mut json, "email").unwrap_or_default(),
            full_name: string(&mut json, "full_name").unwrap_or_default(),
            role: string(&mut json, "role"),
        })
    }
}

/// An account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// Id.
    pub id: i64,
    /// Display name.
    pub name: String,
    /// Slug, the value of `X-Active-Account`.
    pub slug: String,
    /// Kind of account.
    pub account_type: Option<String>,
}

impl FromJson for Account {
    fn from_json(mut json: Json) -> Option<Self> {
        Some(Self {
            id: json.get("id").and_then(Json::as_i64).unwrap_or(0),
            name: string(&mut json, "name").unwrap_or_default(),
            slug: string(&mut json, "slug")?,
            account_type: string(&mut json, "account_type"),
        })
    }
}

/// `platform` of `/me`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Platform {
    /// `free`, `standard`, `enterprise`.
    pub api_tier: Option<String>,
    /// Key count and ceiling, or the feature being off.
    pub api_keys: Quota,
}

impl FromJson for Platform {
    fn from_json(mut json: Json) -> Option<Self> {
        if !matches!(json, Json::Object(_)) {
            return None;
        }
        let api_keys = match json.get("api_keys") {
            None => Quota::Unknown,
            Some(Json::Null) => Quota::Disabled,
            Some(limit) => Quota::Limit {
                current_count: uint(limit, "current_count")?,
                max_allowed: uint(limit, "max_allowed")?,
            },
        };
        Some(Self {
            api_tier: string(&mut json, "api_tier"),
            api_keys,
        })
    }
}

/// `platform.api_keys`: present, `null` (feature disabled), or missing (unknown).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Quota {
    /// The field was missing: nothing is known.
    #[default]
    Unknown,
    /// `null`: API keys are not enabled for the account (contract **Decision**).
    Disabled,
    /// Count and ceiling.
    Limit {
        /// Active keys.
        current_count: u32,
        /// Ceiling.
        max_allowed: u32,
    },
}

impl Me {
    /// Whether the caller is an admin of the scoped account.
    pub fn is_admin(&self) -> bool {
        self.user.role.as_deref() == Some("admin")
    }

    /// The key ceiling, when known.
    pub fn max_keys(&self) -> Option<u32> {
        match self.platform.as_ref()?.api_keys {
            Quota::Limit { max_allowed, .. } => Some(max_allowed),
            _ => None,
        }
    }

    /// Whether the account has API keys turned off.
    pub fn keys_disabled(&self) -> bool {
        self.platform
            .as_ref()
            .is_some_and(|p| p.api_keys == Quota::Disabled)
    }
}

/// Parses a body into a wire type; `None` when it is not JSON or not the expected shape.
pub fn read<T: FromJson>(body: &str) -> Option<T> {
    T::from_json(Json::parse(body)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contract_create_example() {
        let json = r#"{ "request_id": "...", "timestamp": "2026-03-20T15:30:45Z",
          "data": { "id": 42, "label": "CI Pipeline Key", "key_prefix": "lev_sk_abc1",
                    "api_key": "lev_sk_abc123def456ghi789...", "created_at": "2026-03-20T15:30:45Z" } }"#;
        let parsed: Envelope<CreatedKey> = read(json).expect("parses");
        assert_eq!(parsed.data.id, 42);
        assert_eq!(parsed.data.api_key.expose(), "lev_sk_abc123def456ghi789...");
        assert_eq!(parsed.data.listed().last_used_at, None);
    }

    #[test]
    fn contract_list_example() {
        let json = r#"{ "request_id": "...", "timestamp": "2026-03-20T15:30:45Z",
          "data": [ { "id": 42, "label": "CI Pipeline Key", "key_prefix": "lev_sk_abc1",
                      "created_at": "2026-03-20T15:30:45Z", "last_used_at": "2026-03-19T12:00:00Z" } ],
          "pagination": { "total": 3, "limit": 50, "offset": 0, "has_more": false } }"#;
        let parsed: Page<ApiKey> = read(json).expect("parses");
        assert_eq!(
            parsed.data[0].last_used_at.as_deref(),
            Some("2026-03-19T12:00:00Z")
        );
        assert_eq!(parsed.pagination.map(|p| p.total), Some(3));
    }

    #[test]
    fn contract_me_example_and_tolerance() {
        let json = r#"{ "request_id": "...", "timestamp": "2026-03-20T15:30:45Z",
          "data": {
            "user": { "id": 1234, "uuid": "550e8400-e29b-41d4-a716-446655440000", "email": "jane@example.com",
                      "first_name": "Jane", "last_name": "Smith", "full_name": "Jane Smith",
                      "role": "admin", "photo_url": null, "last_login_at": "2026-03-20T10:00:00Z" },
            "account": { "id": 7, "name": "Acme Capital", "slug": "acme-capital", "account_type": "brokerage" },
            "subscription": { "type": "...", "status": "...", "billing_cycle": "...", "end_date": null },
            "platform": { "api_tier": "standard",
                          "api_keys": { "current_count": 3, "max_allowed": 10 },
                          "rate_limits": { }, "granted_scopes": [ ] } } }"#;
        let me: Envelope<Me> = read(json).expect("parses");
        assert!(me.data.is_admin());
        assert_eq!(me.data.max_keys(), Some(10));
        assert!(!me.data.keys_disabled());

        let disabled = r#"{"data":{"user":{"email":"o@h","full_name":"O H","role":"admin","new_field":1},
            "account":{"slug":"h"},"platform":{"api_tier":"standard","api_keys":null}}}"#;
        let me: Envelope<Me> = read(disabled).expect("parses");
        assert!(me.data.keys_disabled());
        assert_eq!(me.data.max_keys(), None);

        let minimal = r#"{"data":{"user":{}}}"#;
        let me: Envelope<Me> = read(minimal).expect("missing fields tolerated");
        assert!(!me.data.is_admin());
        assert_eq!(me.data.platform, None);

        let unscoped = r#"{"data":{"user":{"email":"p@n","full_name":"P N","role":null},
            "available_accounts":[{"id":1,"name":"A","slug":"a","account_type":"credit"},{"id":2,"name":"B","slug":"b"}]}}"#;
        let me: Envelope<Me> = read(unscoped).expect("parses");
        assert_eq!(me.data.available_accounts.map(|a| a.len()), Some(2));
    }

    #[test]
    fn answers_missing_what_the_tab_needs_are_refused() {
        // A listed key without an id could never be revoked: the page is unreadable.
        assert!(read::<Page<ApiKey>>(
            r#"{"data":[{"label":"x","key_prefix":"lev_sk_a","created_at":"t"}]}"#
        )
        .is_none());
        assert!(read::<Page<ApiKey>>(r#"{"data":{}}"#).is_none());
        assert!(read::<Envelope<CreatedKey>>(
            r#"{"data":{"id":1,"label":"x","key_prefix":"p","created_at":"t"}}"#
        )
        .is_none());
        assert!(read::<Envelope<Me>>(r#"{"data":{"user":"jane"}}"#).is_none());
        assert!(read::<Envelope<Me>>(
            r#"{"data":{"user":{},"platform":{"api_keys":{"current_count":"3"}}}}"#
        )
        .is_none());
        assert!(read::<Envelope<Me>>("<html>").is_none());
        // Odd optional fields read as absent.
        let page = read::<Page<ApiKey>>(r#"{"data":[{"id":9,"label":"x","key_prefix":"p","created_at":"t","last_used_at":5}],"pagination":null}"#)
            .expect("optional oddities tolerated");
        assert_eq!(page.data[0].last_used_at, None);
        assert_eq!(page.pagination, None);
    }
}
