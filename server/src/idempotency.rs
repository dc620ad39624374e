//! Replays of creates sent with an `Idempotency-Key`.
//!
//! Kept in process memory only, never in SQLite: a replay must return the same secret, and the
//! secret must never reach the disk. A restart forgets replays (documented in the README).
//!
//! Bounded and scoped: each account keeps at most [`MAX_PER_ACCOUNT`] replays (the oldest goes
//! first), a replay is given only to the credential that made the key (the same session or the
//! same API key, not any credential of the person), and a key's replay is forgotten when the
//! key is revoked. Each account has its own lock, so a create never waits on another
//! account's, and nothing scans the whole store.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use zeroize::Zeroizing;

use crate::error::{ApiError, ApiResult};

/// How long a stored response is replayed.
pub const TTL: Duration = Duration::from_secs(24 * 60 * 60);
/// Replays kept per account.
pub const MAX_PER_ACCOUNT: usize = 100;

/// The credential a request came with: replays are never shared between two of them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CredentialId {
    /// A browser session, by the hash of its token.
    Session(Vec<u8>),
    /// An API key, by its id.
    ApiKey(i64),
}

/// Who sent the key, within an account.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Scope {
    /// The caller's credential.
    pub credential: CredentialId,
    /// The `Idempotency-Key` header.
    pub key: String,
}

/// A stored answer.
pub struct Stored {
    /// Hash of the canonical request body.
    pub body_hash: Vec<u8>,
    /// The JSON body that was answered; it holds the secret, so it is wiped when dropped.
    pub response: Zeroizing<String>,
    /// The key it created (its replay goes when the key is revoked).
    pub key_id: i64,
    stored_at: Instant,
}

/// One account's replays, oldest first.
#[derive(Default)]
pub struct AccountReplays {
    entries: VecDeque<(Scope, Stored)>,
}

/// The replay store.
#[derive(Default)]
pub struct IdempotencyCache {
    accounts: Mutex<HashMap<i64, Arc<Mutex<AccountReplays>>>>,
}

impl IdempotencyCache {
    fn account(&self, account_id: i64) -> ApiResult<Arc<Mutex<AccountReplays>>> {
        let mut accounts = self
            .accounts
            .lock()
            .map_err(|_| ApiError::internal("idempotency lock poisoned"))?;
        Ok(Arc::clone(accounts.entry(account_id).or_default()))
    }

    /// Runs `f` with the account's replays locked: held for the whole of one create, so two
    /// requests with the same key cannot both create.
    pub fn with_account<T>(
        &self,
        account_id: i64,
        f: impl FnOnce(&mut AccountReplays) -> ApiResult<T>,
    ) -> ApiResult<T> {
        let account = self.account(account_id)?;
        let mut guard: MutexGuard<'_, AccountReplays> = account
            .lock()
            .map_err(|_| ApiError::internal("idempotency lock poisoned"))?;
        f(&mut guard)
    }

    /// Forgets the replay of a revoked key.
    pub fn forget_key(&self, account_id: i64, key_id: i64) -> ApiResult<()> {
        self.with_account(account_id, |replays| {
            replays
                .entries
                .retain(|(_, stored)| stored.key_id != key_id);
            Ok(())
        })
    }

    /// Replays stored for an account (tests).
    pub fn stored(&self, account_id: i64) -> usize {
        self.with_account(account_id, |replays| Ok(replays.entries.len()))
            .unwrap_or(0)
    }
}

impl AccountReplays {
    /// The unexpired answer stored for `scope` (an expired one is dropped on the way).
    pub fn get(&mut self, scope: &Scope) -> Option<&Stored> {
        let index = self.entries.iter().position(|(s, _)| s == scope)?;
        if self.entries[index].1.stored_at.elapsed() >= TTL {
            self.entries.remove(index);
            return None;
        }
        Some(&self.entries[index].1)
    }

    /// Stores an answer, dropping the oldest beyond [`MAX_PER_ACCOUNT`].
    pub fn put(&mut self, scope: Scope, body_hash: Vec<u8>, response: String, key_id: i64) {
        self.entries.push_back((
            scope,
            Stored {
                body_hash,
                response: Zeroizing::new(response),
                key_id,
                stored_at: Instant::now(),
            },
        ));
        while self.entries.len() > MAX_PER_ACCOUNT {
            self.entries.pop_front();
        }
    }
}

/// Checks the header's value: 1–255 visible ASCII characters.
pub fn parse_key(raw: &str) -> ApiResult<String> {
    let key = raw.trim();
    if key.is_empty() || key.len() > 255 || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ApiError::bad_request(
            "The Idempotency-Key header must be 1–255 visible ASCII characters, such as a UUID.",
        ));
    }
    Ok(key.to_owned())
}
