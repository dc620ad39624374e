//! What every handler shares.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use crate::cors_origin::CorsOrigin;
use crate::db::Db;
use crate::faults::Faults;
use crate::idempotency::IdempotencyCache;
use crate::model::Account;
use crate::rate_limit::RateLimiter;
use crate::request_log::RequestLog;
use crate::sign_in_links::SignInLinks;

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
    pub cors_origins: Vec<CorsOrigin>,
    /// The address the server listens on (the `Host` it answers to with dev sign-in).
    pub listen: SocketAddr,
    /// Loopback addresses of local proxies in front of it (`trunk serve`), answered to as well.
    pub dev_proxy_hosts: Vec<String>,
    /// Names under `.test` it is reached at on its own port (`--dev-test-host`).
    pub dev_test_hosts: Vec<String>,
    /// One-time sign-in links; `None` unless the server runs with `--dev-sign-in`.
    pub dev_sign_in: Option<SignInLinks>,
    /// The token `/_dev/*` requires; `None` unless fault injection is on.
    pub dev_token: Option<String>,
    /// The key ceiling of every account instead of its tier's (`--key-ceiling`); in memory
    /// only, never written to the database.
    pub key_ceiling_override: Option<u32>,
    /// How long a browser session lasts.
    pub session_seconds: i64,
}

impl AppState {
    /// Whether `host` (a `Host` header, or an origin without its scheme) is this server: its
    /// listening address, `localhost` on its port, or a named local proxy in front of it.
    pub fn answers_to(&self, host: &str) -> bool {
        let host = host.to_ascii_lowercase();
        let port = self.listen.port();
        host == self.listen.to_string()
            || host == format!("localhost:{port}")
            || (port == 80 && (host == self.listen.ip().to_string() || host == "localhost"))
            || self.dev_proxy_hosts.contains(&host)
            || self
                .dev_test_hosts
                .iter()
                .any(|name| host == format!("{name}:{port}") || (port == 80 && host == *name))
    }

    /// The key ceiling that applies to `account` now.
    pub fn key_ceiling(&self, account: &Account) -> u32 {
        self.key_ceiling_override
            .unwrap_or_else(|| account.key_ceiling())
    }
}

/// Handle to the state, cloned into handlers.
pub type SharedState = Arc<AppState>;
