//! Wire types, decoded with serde: unknown fields are ignored, and a missing, `null` or odd
//! optional field reads as absent (contract: "Tolerance"). A field the tab cannot do without
//! (a key's id, a page's data) makes the whole answer unreadable instead.

use secrecy::SecretString;
use serde::de::{DeserializeOwned, IgnoredAny};
use serde::{Deserialize, Deserializer, Serialize};

/// Reads an optional field leniently: a value of another type reads as absent rather than
/// failing the whole answer. Use with `#[serde(default, deserialize_with = "lenient")]`.
pub(crate) fn lenient<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Maybe<T> {
        Value(T),
        Other(IgnoredAny),
    }
    Ok(match Maybe::<T>::deserialize(deserializer)? {
        Maybe::Value(value) => Some(value),
        Maybe::Other(_) => None,
    })
}

/// Success envelope around one object.
#[derive(Deserialize)]
pub struct Envelope<T> {
    /// The payload.
    pub data: T,
}

/// Success envelope of a list page.
#[derive(Debug, Deserialize)]
pub struct Page<T> {
    /// The page's items.
    pub data: Vec<T>,
    /// Where the page sits; absent means "everything is here".
    #[serde(default)]
    pub pagination: Option<Pagination>,
}

/// `pagination` of a list.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Pagination {
    /// Items in the whole list.
    pub total: u64,
    /// Whether more items follow.
    #[serde(default, deserialize_with = "lenient")]
    pub has_more: Option<bool>,
    /// Opaque token of the next page, sent back as `cursor`.
    #[serde(default, deserialize_with = "lenient")]
    pub next_cursor: Option<String>,
}

/// A key as listed: never the secret.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
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
    #[serde(default, deserialize_with = "lenient")]
    pub last_used_at: Option<String>,
}

impl ApiKey {
    /// The prefix as shown: `lev_sk_abc1…`, so nobody mistakes it for a whole key.
    pub fn shown_prefix(&self) -> String {
        format!("{}…", self.key_prefix)
    }
}

/// The body of a create.
#[derive(Serialize)]
pub struct CreateKey<'a> {
    /// The label, already validated.
    pub label: &'a str,
}

/// The 201 of a create: the one time the full key is known. Neither `Clone` nor `Debug`: the
/// secret is moved, never copied or printed.
#[derive(Deserialize)]
pub struct CreatedKey {
    /// Id.
    pub id: i64,
    /// Label as stored.
    pub label: String,
    /// `lev_sk_` and four characters.
    pub key_prefix: String,
    /// The full key, zeroized when dropped.
    pub api_key: SecretString,
    /// RFC 3339.
    pub created_at: String,
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
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Me {
    /// The signed-in person.
    pub user: User,
    /// The scoped account; absent for a multi-account session without one.
    #[serde(default)]
    pub account: Option<Account>,
    /// The key ceiling, or the feature being off.
    #[serde(default)]
    pub platform: Option<Platform>,
    /// Accounts to choose from, when unscoped.
    #[serde(default)]
    pub available_accounts: Option<Vec<Account>>,
}

/// `user` of `/me`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct User {
    /// Email address.
    #[serde(default, deserialize_with = "lenient")]
    pub email: Option<String>,
    /// Full name.
    #[serde(default, deserialize_with = "lenient")]
    pub full_name: Option<String>,
    /// Role in the scoped account (`admin`, `member`).
    #[serde(default, deserialize_with = "lenient")]
    pub role: Option<String>,
}

/// An account.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Account {
    /// Id.
    #[serde(default, deserialize_with = "lenient")]
    pub id: Option<i64>,
    /// Display name.
    #[serde(default, deserialize_with = "lenient")]
    pub name: Option<String>,
    /// Slug, the value of `X-Active-Account`.
    pub slug: String,
    /// Kind of account.
    #[serde(default, deserialize_with = "lenient")]
    pub account_type: Option<String>,
}

impl Account {
    /// The name to show (the slug when the account has none).
    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.slug)
    }
}

/// `platform` of `/me`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Platform {
    /// Key count and ceiling, or the feature being off.
    #[serde(default, deserialize_with = "quota")]
    pub api_keys: Quota,
}

/// `platform.api_keys` when present.
#[derive(Deserialize)]
struct Limit {
    current_count: u32,
    max_allowed: u32,
}

/// `null` means the feature is off; an object must be a readable limit.
fn quota<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Quota, D::Error> {
    Ok(match Option::<Limit>::deserialize(deserializer)? {
        None => Quota::Disabled,
        Some(limit) => Quota::Limit {
            current_count: limit.current_count,
            max_allowed: limit.max_allowed,
        },
    })
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

    /// Active keys according to `/me` (0 when unknown).
    pub fn key_count(&self) -> u64 {
        match self.platform.as_ref().map(|p| p.api_keys) {
            Some(Quota::Limit { current_count, .. }) => u64::from(current_count),
            _ => 0,
        }
    }

    /// Whether the account has API keys turned off.
    pub fn keys_disabled(&self) -> bool {
        self.platform
            .as_ref()
            .is_some_and(|p| p.api_keys == Quota::Disabled)
    }
}

/// Decodes a body into a wire type; `None` when it is not JSON or not the expected shape.
pub fn decode<T: DeserializeOwned>(body: &str) -> Option<T> {
    serde_json::from_str(body).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    #[test]
    fn contract_create_example() {
        let json = r#"{ "request_id": "...", "timestamp": "2026-03-20T15:30:45Z",
          "data": { "id": 42, "label": "CI Pipeline Key", "key_prefix": "lev_sk_abc1",
                    "api_key": "lev_sk_abc123def456ghi789...", "created_at": "2026-03-20T15:30:45Z" } }"#;
        let parsed: Envelope<CreatedKey> = decode(json).expect("parses");
        assert_eq!(parsed.data.id, 42);
        assert_eq!(
            parsed.data.api_key.expose_secret(),
            "lev_sk_abc123def456ghi789..."
        );
        assert_eq!(parsed.data.listed().last_used_at, None);
        assert_eq!(parsed.data.listed().shown_prefix(), "lev_sk_abc1…");
    }

    #[test]
    fn the_create_body_is_json() {
        let body = serde_json::to_string(&CreateKey {
            label: "CI \"Pipeline\" ✓",
        })
        .expect("serializes");
        assert_eq!(body, r#"{"label":"CI \"Pipeline\" ✓"}"#);
    }

    #[test]
    fn contract_list_example() {
        let json = r#"{ "request_id": "...", "timestamp": "2026-03-20T15:30:45Z",
          "data": [ { "id": 42, "label": "CI Pipeline Key", "key_prefix": "lev_sk_abc1",
                      "created_at": "2026-03-20T15:30:45Z", "last_used_at": "2026-03-19T12:00:00Z" } ],
          "pagination": { "total": 3, "limit": 50, "offset": 0, "has_more": false } }"#;
        let parsed: Page<ApiKey> = decode(json).expect("parses");
        assert_eq!(
            parsed.data[0].last_used_at.as_deref(),
            Some("2026-03-19T12:00:00Z")
        );
        assert_eq!(parsed.pagination.as_ref().map(|p| p.total), Some(3));
        assert_eq!(
            parsed.pagination.as_ref().and_then(|p| p.has_more),
            Some(false)
        );
        assert_eq!(parsed.pagination.and_then(|p| p.next_cursor), None);
        let cursored: Page<ApiKey> = decode(
            r#"{"data":[],"pagination":{"total":60,"has_more":true,"next_cursor":"MTc3NDAyMDY0NTo0Mg"}}"#,
        )
        .expect("parses");
        assert_eq!(
            cursored.pagination.and_then(|p| p.next_cursor).as_deref(),
            Some("MTc3NDAyMDY0NTo0Mg")
        );
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
        let me: Envelope<Me> = decode(json).expect("parses");
        assert!(me.data.is_admin());
        assert_eq!(me.data.max_keys(), Some(10));
        assert_eq!(me.data.key_count(), 3);
        assert!(!me.data.keys_disabled());

        let disabled = r#"{"data":{"user":{"email":"o@h","full_name":"O H","role":"admin","new_field":1},
            "account":{"slug":"h"},"platform":{"api_tier":"standard","api_keys":null}}}"#;
        let me: Envelope<Me> = decode(disabled).expect("parses");
        assert!(me.data.keys_disabled());
        assert_eq!(me.data.max_keys(), None);
        assert_eq!(
            me.data.account.as_ref().map(Account::display_name),
            Some("h")
        );

        let minimal = r#"{"data":{"user":{}}}"#;
        let me: Envelope<Me> = decode(minimal).expect("missing fields tolerated");
        assert!(!me.data.is_admin());
        assert_eq!(me.data.platform, None);

        let unknown_quota = r#"{"data":{"user":{},"platform":{}}}"#;
        let me: Envelope<Me> = decode(unknown_quota).expect("parses");
        assert_eq!(me.data.platform.map(|p| p.api_keys), Some(Quota::Unknown));

        let unscoped = r#"{"data":{"user":{"email":"p@n","full_name":"P N","role":null},
            "available_accounts":[{"id":1,"name":"A","slug":"a","account_type":"credit"},{"id":2,"name":"B","slug":"b"}]}}"#;
        let me: Envelope<Me> = decode(unscoped).expect("parses");
        assert_eq!(me.data.available_accounts.map(|a| a.len()), Some(2));
    }

    #[test]
    fn answers_missing_what_the_tab_needs_are_refused() {
        // A listed key without an id could never be revoked: the page is unreadable.
        assert!(decode::<Page<ApiKey>>(
            r#"{"data":[{"label":"x","key_prefix":"lev_sk_a","created_at":"t"}]}"#
        )
        .is_none());
        assert!(decode::<Page<ApiKey>>(r#"{"data":{}}"#).is_none());
        assert!(decode::<Envelope<CreatedKey>>(
            r#"{"data":{"id":1,"label":"x","key_prefix":"p","created_at":"t"}}"#
        )
        .is_none());
        assert!(decode::<Envelope<Me>>(r#"{"data":{"user":"jane"}}"#).is_none());
        assert!(decode::<Envelope<Me>>(
            r#"{"data":{"user":{},"platform":{"api_keys":{"current_count":"3"}}}}"#
        )
        .is_none());
        assert!(decode::<Envelope<Me>>("<html>").is_none());
        // Odd optional fields read as absent.
        let page = decode::<Page<ApiKey>>(r#"{"data":[{"id":9,"label":"x","key_prefix":"p","created_at":"t","last_used_at":5}],"pagination":null}"#)
            .expect("optional oddities tolerated");
        assert_eq!(page.data[0].last_used_at, None);
        assert!(page.pagination.is_none());
    }
}
