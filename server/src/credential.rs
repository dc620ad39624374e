//! How a caller proved who they are: the one thing authentication, the rate limiter and the
//! idempotency cache all key on.

use crate::idempotency::CredentialId;

/// How the caller proved who they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// An API key, bound to one account.
    ApiKey {
        /// Row id of the key.
        key_id: i64,
        /// When its use was last recorded (epoch seconds), as read while authenticating.
        last_used_at: Option<i64>,
    },
    /// A browser session (cookie or Bearer session token).
    Session {
        /// Hash of the session's token: which session this is.
        token_hash: Vec<u8>,
    },
}

impl Credential {
    /// The identity idempotent replays are scoped to.
    pub fn replay_id(&self) -> CredentialId {
        match self {
            Self::ApiKey { key_id, .. } => CredentialId::ApiKey(*key_id),
            Self::Session { token_hash } => CredentialId::Session(token_hash.clone()),
        }
    }
}
