//! Domain records as the server keeps them, and the rules attached to them (tiers, roles).

/// API tier of an account: sets the key ceiling and the rate limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tier {
    /// 2 keys; 30 / 10 requests a minute.
    Free,
    /// 10 keys; 100 / 20 requests a minute.
    Standard,
    /// 50 keys; 500 / 60 requests a minute.
    Enterprise,
}

impl Tier {
    /// Parses the stored name; unknown names fall back to the most restrictive tier.
    pub fn parse(name: &str) -> Self {
        match name {
            "standard" => Self::Standard,
            "enterprise" => Self::Enterprise,
            _ => Self::Free,
        }
    }

    /// Name on the wire (`platform.api_tier`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Free => "free",
            Self::Standard => "standard",
            Self::Enterprise => "enterprise",
        }
    }

    /// Active keys an account of this tier may hold.
    pub fn key_ceiling(self) -> u32 {
        match self {
            Self::Free => 2,
            Self::Standard => 10,
            Self::Enterprise => 50,
        }
    }

    /// Requests per minute of each session or key: (all endpoints, per endpoint).
    pub fn rate_limits(self) -> (u32, u32) {
        match self {
            Self::Free => (30, 10),
            Self::Standard => (100, 20),
            Self::Enterprise => (500, 60),
        }
    }
}

/// A user's role in an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Workspace admin: may manage keys.
    Admin,
    /// Everyone else.
    Member,
}

impl Role {
    /// Parses the stored name; anything but `admin` is a member.
    pub fn parse(name: &str) -> Self {
        if name == "admin" {
            Self::Admin
        } else {
            Self::Member
        }
    }

    /// Name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Member => "member",
        }
    }

    /// Scopes this role grants (`platform.granted_scopes`, validation answers).
    pub fn scopes(self) -> Vec<String> {
        let scopes: &[&str] = match self {
            Self::Admin => &["account:read", "api_keys:read", "api_keys:write"],
            Self::Member => &["account:read"],
        };
        scopes.iter().map(|s| (*s).to_owned()).collect()
    }
}

/// An account (workspace).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// Row id.
    pub id: i64,
    /// Display name.
    pub name: String,
    /// Unique slug, the value of `X-Active-Account`.
    pub slug: String,
    /// `brokerage`, `borrower`, `lender`, `credit`, `lev_internal`.
    pub account_type: String,
    /// API tier.
    pub tier: Tier,
    /// The undocumented feature flag: whether API keys may be used and managed.
    pub api_keys_enabled: bool,
    /// A ceiling that replaces the tier's (benchmarks, support overrides).
    pub key_ceiling_override: Option<u32>,
}

impl Account {
    /// The ceiling in force.
    pub fn key_ceiling(&self) -> u32 {
        self.key_ceiling_override
            .unwrap_or_else(|| self.tier.key_ceiling())
    }
}

/// A person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Row id.
    pub id: i64,
    /// Stable UUID.
    pub uuid: String,
    /// Email address, unique.
    pub email: String,
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// Avatar URL.
    pub photo_url: Option<String>,
    /// Epoch seconds of the last sign-in.
    pub last_login_at: Option<i64>,
    /// Account chosen with `PATCH /me/active-account`.
    pub active_account_id: Option<i64>,
}

impl User {
    /// `first last`.
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

/// A stored key: never the secret, only its SHA-256.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyRow {
    /// Row id.
    pub id: i64,
    /// Owner.
    pub user_id: i64,
    /// The account it is bound to.
    pub account_id: i64,
    /// Label, trimmed.
    pub label: String,
    /// `lev_sk_` + 4 characters.
    pub key_prefix: String,
    /// SHA-256 of the full key.
    pub key_hash: Vec<u8>,
    /// Epoch seconds.
    pub created_at: i64,
    /// Epoch seconds, `None` if never used.
    pub last_used_at: Option<i64>,
}
