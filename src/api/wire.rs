//! Wire types, read leniently: unknown fields are ignored and a missing optional field never
//! breaks the tab (contract: "Tolerance").

use serde::{Deserialize, Deserializer};

use super::secret::Secret;

/// Success envelope around one object.
#[derive(Debug, Deserialize)]
pub struct Envelope<T> {
    /// Id of the request, when the server sent one.
    #[serde(default)]
    pub request_id: Option<String>,
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct Pagination {
    /// Items in the whole list.
    pub total: u64,
    /// Page size.
    #[serde(default)]
    pub limit: u32,
    /// Index of the page's first item.
    #[serde(default)]
    pub offset: u64,
    /// Whether more items follow.
    #[serde(default)]
    pub has_more: bool,
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
    #[serde(default)]
    pub last_used_at: Option<String>,
}

/// The 201 of a create: the one time the full key is known.
#[derive(Debug, Deserialize)]
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
    /// Tier and key ceiling.
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
    #[serde(default)]
    pub email: String,
    /// Full name.
    #[serde(default)]
    pub full_name: String,
    /// Role in the scoped account (`admin`, `member`).
    #[serde(default)]
    pub role: Option<String>,
}

/// An account.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Account {
    /// Id.
    #[serde(default)]
    pub id: i64,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// Slug, the value of `X-Active-Account`.
    pub slug: String,
    /// Kind of account.
    #[serde(default)]
    pub account_type: Option<String>,
}

/// `platform` of `/me`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Platform {
    /// `free`, `standard`, `enterprise`.
    #[serde(default)]
    pub api_tier: Option<String>,
    /// Key count and ceiling, or the feature being off.
    #[serde(default)]
    pub api_keys: Quota,
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

impl<'de> Deserialize<'de> for Quota {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Limit {
            current_count: u32,
            max_allowed: u32,
        }
        Ok(match Option::<Limit>::deserialize(deserializer)? {
            None => Self::Disabled,
            Some(l) => Self::Limit {
                current_count: l.current_count,
                max_allowed: l.max_allowed,
            },
        })
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contract_create_example() {
        let json = r#"{ "request_id": "...", "timestamp": "2026-03-20T15:30:45Z",
          "data": { "id": 42, "label": "CI Pipeline Key", "key_prefix": "lev_sk_abc1",
                    "api_key": "lev_sk_abc123def456ghi789...", "created_at": "2026-03-20T15:30:45Z" } }"#;
        let parsed: Envelope<CreatedKey> = serde_json::from_str(json).expect("parses");
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
        let parsed: Page<ApiKey> = serde_json::from_str(json).expect("parses");
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
        let me: Envelope<Me> = serde_json::from_str(json).expect("parses");
        assert!(me.data.is_admin());
        assert_eq!(me.data.max_keys(), Some(10));
        assert!(!me.data.keys_disabled());

        let disabled = r#"{"data":{"user":{"email":"o@h","full_name":"O H","role":"admin","new_field":1},
            "account":{"slug":"h"},"platform":{"api_tier":"standard","api_keys":null}}}"#;
        let me: Envelope<Me> = serde_json::from_str(disabled).expect("parses");
        assert!(me.data.keys_disabled());
        assert_eq!(me.data.max_keys(), None);

        let minimal = r#"{"data":{"user":{}}}"#;
        let me: Envelope<Me> = serde_json::from_str(minimal).expect("missing fields tolerated");
        assert!(!me.data.is_admin());
        assert_eq!(me.data.platform, None);

        let unscoped = r#"{"data":{"user":{"email":"p@n","full_name":"P N","role":null},
            "available_accounts":[{"id":1,"name":"A","slug":"a","account_type":"credit"},{"id":2,"name":"B","slug":"b"}]}}"#;
        let me: Envelope<Me> = serde_json::from_str(unscoped).expect("parses");
        assert_eq!(me.data.available_accounts.map(|a| a.len()), Some(2));
    }
}
