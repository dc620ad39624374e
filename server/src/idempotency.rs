//! Replays of creates sent with an `Idempotency-Key`.
//!
//! Kept in process memory only, never in SQLite: a replay must return the same secret, and the
//! secret must never reach the disk. A restart forgets replays (documented in the README).

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::error::{ApiError, ApiResult};

/// How long a stored response is replayed.
pub const TTL: Duration = Duration::from_secs(24 * 60 * 60);

/// Who sent the key: keys of different callers never collide.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Scope {
    /// Account of the request.
    pub account_id: i64,
    /// Caller.
    pub user_id: i64,
    /// The `Idempotency-Key` header.
    pub key: String,
}

/// A stored answer.
#[derive(Debug, Clone)]
pub struct Stored {
    /// Hash of the canonical request body.
    pub body_hash: Vec<u8>,
    /// The JSON body that was answered.
    pub response: String,
    stored_at: Instant,
}

/// The replay cache.
#[derive(Default)]
pub struct IdempotencyCache {
    entries: Mutex<HashMap<Scope, Stored>>,
}

/// The cache, locked for the whole of one create so two requests with the same key cannot
/// both create.
pub struct Locked<'a>(MutexGuard<'a, HashMap<Scope, Stored>>);

impl IdempotencyCache {
    /// Locks the cache.
    pub fn lock(&self) -> ApiResult<Locked<'_>> {
        self.entries
            .lock()
            .map(Locked)
            .map_err(|_| ApiError::internal("idempotency lock poisoned"))
    }
}

impl Locked<'_> {
    /// The unexpired answer stored for `scope`.
    pub fn get(&mut self, scope: &Scope) -> Option<&Stored> {
        self.0.retain(|_, s| s.stored_at.elapsed() < TTL);
        self.0.get(scope)
    }

    /// Stores an answer.
    pub fn put(&mut self, scope: Scope, body_hash: Vec<u8>, response: String) {
        self.0.insert(
            scope,
            Stored {
                body_hash,
                response,
                stored_at: Instant::now(),
            },
        );
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
