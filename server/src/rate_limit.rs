//! Per-minute request budgets: per account (account-wide and per endpoint) and, for the
//! unauthenticated endpoints, per client address.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::context::unix_now;
use crate::error::{ApiError, ApiResult};
use crate::model::Account;

/// Fixed one-minute windows, counted in memory.
pub struct RateLimiter {
    enabled: bool,
    windows: Mutex<HashMap<String, (i64, u32)>>,
}

impl RateLimiter {
    /// A limiter; when `enabled` is false every request passes (long-running tests, benchmarks).
    pub fn new(enabled: bool) -> Self {
        Self {
            enabled,
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one request of `account` to `endpoint` against both of the tier's buckets.
    pub fn check_account(&self, account: &Account, endpoint: &str) -> ApiResult<()> {
        let (account_limit, endpoint_limit) = account.tier.rate_limits();
        self.hit(&format!("a{}", account.id), account_limit, "account")?;
        self.hit(
            &format!("a{}:{endpoint}", account.id),
            endpoint_limit,
            "endpoint",
        )
    }

    /// Counts one request from `client` to `endpoint`, limited to `limit` a minute.
    pub fn check_client(&self, client: &str, endpoint: &str, limit: u32) -> ApiResult<()> {
        self.hit(&format!("c{client}:{endpoint}"), limit, "endpoint")
    }

    fn hit(&self, bucket: &str, limit: u32, limit_type: &'static str) -> ApiResult<()> {
        if !self.enabled {
            return Ok(());
        }
        let now = unix_now();
        let minute = now.div_euclid(60);
        let mut windows = self
            .windows
            .lock()
            .map_err(|_| ApiError::internal("rate limiter lock poisoned"))?;
        if windows.len() > 10_000 {
            windows.retain(|_, (m, _)| *m == minute);
        }
        let window = windows.entry(bucket.to_owned()).or_insert((minute, 0));
        if window.0 != minute {
            *window = (minute, 0);
        }
        if window.1 >= limit {
            let retry_after = u64::try_from(60 - now.rem_euclid(60)).unwrap_or(60);
            return Err(ApiError::rate_limited(limit_type, limit, retry_after));
        }
        window.1 += 1;
        Ok(())
    }
}
