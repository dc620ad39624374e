//! What every handler shares.

use std::path::PathBuf;
use std::sync::Arc;

use crate::db::Db;
use crate::faults::Faults;
use crate::idempotency::IdempotencyCache;
use crate::rate_limit::RateLimiter;
use crate::request_log::RequestLog;

/// Shared state of a running server.
pub struct AppState {
    /// Storage.
    pub db: Db,
    /// Request budgets.
    pub limiter: RateLimiter,
    /// Create replays.
    pub idempotency: IdempotencyCache,
    /// Fault injection (inert unless enabled).
    pub faults: Arc<Faults>,
    /// What the server was asked (recorded only with fault injection on).
    pub requests: Arc<RequestLog>,
    /// Built app to serve at `/`, if any.
    pub dist: Option<PathBuf>,
    /// Sources allowed to frame the app (`frame-ancestors`).
    pub frame_ancestors: Vec<String>,
    /// Whether to mark the session cookie `Secure` (behind HTTPS).
    pub secure_cookies: bool,
    /// Origins allowed to call the API cross-origin.
    pub cors_origins: Vec<String>,
}

/// Handle to the state, cloned into handlers.
pub type SharedState = Arc<AppState>;
