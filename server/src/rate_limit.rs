//! Per-minute request budgets, counted in memory in fixed one-minute windows:
//! - every credential (a session or an API key) has its own, in each account it works in: one
//!   for all its requests and one per endpoint, sized by the account's tier, as GitHub and
//!   Stripe count them per token, so that nobody else's requests can spend an admin's;
//! - the unauthenticated endpoints count per client address;
//! - failed authentication counts per client address and per API key prefix.
//!
//! A request that a budget refuses is charged to none of them.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;

use crate::context::unix_now;
use crate::credential::Credential;
use crate::error::{ApiError, ApiResult};
use crate::model::Account;

/// Failed authentications from a client address in a minute before its next failure is
/// answered 429; a valid credential from it still authenticates.
pub const FAILED_AUTH_PER_ADDRESS: u32 = 20;
/// Failed authentications with one key prefix (`lev_sk_abc1`), from anywhere, in a minute
/// before the next failure under it is answered 429; a valid key under it still authenticates.
pub const FAILED_AUTH_PER_PREFIX: u32 = 20;

/// An endpoint with a budget of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    /// `GET /me`.
    Me,
    /// `GET /build/api-keys`.
    ListKeys,
    /// `POST /build/api-keys`.
    CreateKey,
    /// `DELETE /api-keys/{id}`.
    RevokeKey,
}

impl Endpoint {
    fn bucket(self) -> &'static str {
        match self {
            Self::Me => "me",
            Self::ListKeys => "api-keys:list",
            Self::CreateKey => "api-keys:create",
            Self::RevokeKey => "api-keys:revoke",
        }
    }

    /// Whether the request also draws on its credential's budget for all endpoints. A revoke
    /// draws on its own only: stopping a leaked key must not wait for a budget that the
    /// admin's reading spent.
    fn draws_on_credential_budget(self) -> bool {
        self != Self::RevokeKey
    }
}

/// One budget a request draws on: its bucket, its size, and the `limit_type` a 429 names.
struct Draw {
    bucket: String,
    limit: u32,
    limit_type: &'static str,
}

/// The budgets, in fixed one-minute windows.
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

    /// Charges one request of `credential` in `account` to `endpoint`: to the credential's
    /// budget for the endpoint and, except for a revoke, to its budget for all endpoints.
    pub fn check_credential(
        &self,
        credential: &Credential,
        account: &Account,
        endpoint: Endpoint,
    ) -> ApiResult<()> {
        let (all_limit, endpoint_limit) = account.tier.rate_limits();
        let who = format!("{}@a{}", credential_bucket(credential), account.id);
        let mut draws = vec![Draw {
            bucket: format!("{who}:{}", endpoint.bucket()),
            limit: endpoint_limit,
            limit_type: "endpoint",
        }];
        if endpoint.draws_on_credential_budget() {
            draws.push(Draw {
                bucket: who,
                limit: all_limit,
                limit_type: "credential",
            });
        }
        self.draw(&draws)
    }

    /// Counts one request from `client` to `endpoint`, limited to `limit` a minute.
    pub fn check_client(&self, client: &str, endpoint: &str, limit: u32) -> ApiResult<()> {
        self.draw(&[Draw {
            bucket: format!("c{client}:{endpoint}"),
            limit,
            limit_type: "endpoint",
        }])
    }

    /// Records a failed authentication from `address`, with an API key under `prefix` if it
    /// was one, and answers it: `unauthorized` (401) while neither has spent its failures this
    /// minute, 429 once either has (each failure still counts, so guessing under one prefix
    /// from many addresses meets the limit too). One lock for the look and the count.
    pub fn failed_authentication(
        &self,
        address: IpAddr,
        prefix: Option<&str>,
        unauthorized: ApiError,
    ) -> ApiError {
        if !self.enabled {
            return unauthorized;
        }
        let by_address = failed_address_bucket(address);
        let by_prefix = prefix.map(|p| format!("p{p}"));
        let minute = current_minute();
        let mut windows = match self.lock() {
            Ok(windows) => windows,
            Err(error) => return error,
        };
        let spent = if used(&windows, &by_address, minute) >= FAILED_AUTH_PER_ADDRESS {
            Some(FAILED_AUTH_PER_ADDRESS)
        } else {
            by_prefix
                .as_deref()
                .filter(|bucket| used(&windows, bucket, minute) >= FAILED_AUTH_PER_PREFIX)
                .map(|_| FAILED_AUTH_PER_PREFIX)
        };
        charge(&mut windows, &by_address, minute);
        if let Some(bucket) = &by_prefix {
            charge(&mut windows, bucket, minute);
        }
        drop(windows);
        match spent {
            Some(limit) => refused("authentication", limit),
            None => unauthorized,
        }
    }

    /// Checks every budget first and charges them only if all have room.
    fn draw(&self, draws: &[Draw]) -> ApiResult<()> {
        if !self.enabled {
            return Ok(());
        }
        let minute = current_minute();
        let mut windows = self.lock()?;
        for draw in draws {
            if used(&windows, &draw.bucket, minute) >= draw.limit {
                return Err(refused(draw.limit_type, draw.limit));
            }
        }
        for draw in draws {
            charge(&mut windows, &draw.bucket, minute);
        }
        Ok(())
    }

    fn lock(&self) -> ApiResult<std::sync::MutexGuard<'_, HashMap<String, (i64, u32)>>> {
        let mut windows = self
            .windows
            .lock()
            .map_err(|_| ApiError::internal("rate limiter lock poisoned"))?;
        // Bounded memory: past windows go once there are many.
        if windows.len() > 10_000 {
            let minute = current_minute();
            windows.retain(|_, (m, _)| *m == minute);
        }
        Ok(windows)
    }
}

/// Which credential a bucket belongs to: a key by its id, a session by its token's hash.
fn credential_bucket(credential: &Credential) -> String {
    match credential {
        Credential::ApiKey { key_id, .. } => format!("k{key_id}"),
        Credential::Session { token_hash } => {
            let hex: String = token_hash.iter().map(|b| format!("{b:02x}")).collect();
            format!("s{hex}")
        }
    }
}

fn failed_address_bucket(address: IpAddr) -> String {
    format!("f{address}")
}

fn current_minute() -> i64 {
    unix_now().div_euclid(60)
}

fn used(windows: &HashMap<String, (i64, u32)>, bucket: &str, minute: i64) -> u32 {
    windows
        .get(bucket)
        .filter(|(m, _)| *m == minute)
        .map_or(0, |(_, n)| *n)
}

fn charge(windows: &mut HashMap<String, (i64, u32)>, bucket: &str, minute: i64) {
    let window = windows.entry(bucket.to_owned()).or_insert((minute, 0));
    if window.0 != minute {
        *window = (minute, 0);
    }
    window.1 = window.1.saturating_add(1);
}

fn refused(limit_type: &'static str, limit: u32) -> ApiError {
    let retry_after = u64::try_from(60 - unix_now().rem_euclid(60)).unwrap_or(60);
    ApiError::rate_limited(limit_type, limit, retry_after)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Tier;

    fn account() -> Account {
        Account {
            id: 1,
            name: "Acme".into(),
            slug: "acme".into(),
            account_type: "brokerage".into(),
            tier: Tier::Free,
            api_keys_enabled: true,
            key_ceiling_override: None,
        }
    }

    #[test]
    fn a_refused_request_is_charged_nowhere() {
        let limiter = RateLimiter::new(true);
        let session = Credential::Session {
            token_hash: vec![1, 2],
        };
        // Free: 10 a minute per endpoint, 30 for all.
        for _ in 0..10 {
            assert!(limiter
                .check_credential(&session, &account(), Endpoint::Me)
                .is_ok());
        }
        for _ in 0..50 {
            assert!(limiter
                .check_credential(&session, &account(), Endpoint::Me)
                .is_err());
        }
        // Only the 10 admitted ones counted against the 30: 20 more fit elsewhere.
        for _ in 0..10 {
            assert!(limiter
                .check_credential(&session, &account(), Endpoint::ListKeys)
                .is_ok());
            assert!(limiter
                .check_credential(&session, &account(), Endpoint::CreateKey)
                .is_ok());
        }
        assert!(limiter
            .check_credential(&session, &account(), Endpoint::CreateKey)
            .is_err());
    }

    #[test]
    fn credentials_do_not_share_budgets_and_a_revoke_has_its_own() {
        let limiter = RateLimiter::new(true);
        let member = Credential::ApiKey {
            key_id: 7,
            last_used_at: None,
        };
        let admin = Credential::Session {
            token_hash: vec![9],
        };
        for endpoint in [Endpoint::Me, Endpoint::ListKeys, Endpoint::CreateKey] {
            for _ in 0..10 {
                assert!(limiter
                    .check_credential(&admin, &account(), endpoint)
                    .is_ok());
            }
        }
        for _ in 0..40 {
            let _ = limiter.check_credential(&member, &account(), Endpoint::Me);
        }
        // The admin spent all 30; the revoke still goes through, the member's 40 changed nothing.
        assert!(limiter
            .check_credential(&admin, &account(), Endpoint::Me)
            .is_err());
        assert!(limiter
            .check_credential(&admin, &account(), Endpoint::RevokeKey)
            .is_ok());
    }

    #[test]
    fn failures_under_one_prefix_turn_into_429_after_the_budget() {
        let limiter = RateLimiter::new(true);
        let status = |e: ApiError| e.status().as_u16();
        for n in 0..FAILED_AUTH_PER_PREFIX {
            let address = IpAddr::from([10, 0, 0, u8::try_from(n).unwrap_or(0)]);
            let answer = limiter.failed_authentication(
                address,
                Some("lev_sk_abc1"),
                ApiError::unauthorized("no"),
            );
            assert_eq!(status(answer), 401);
        }
        let answer = limiter.failed_authentication(
            IpAddr::from([10, 0, 1, 1]),
            Some("lev_sk_abc1"),
            ApiError::unauthorized("no"),
        );
        assert_eq!(status(answer), 429);
        // That address has failed once: its next failure without a prefix is a plain 401.
        let answer = limiter.failed_authentication(
            IpAddr::from([10, 0, 1, 1]),
            None,
            ApiError::unauthorized("no"),
        );
        assert_eq!(status(answer), 401);
    }

    #[test]
    fn an_address_that_keeps_failing_gets_429_for_its_failures_only() {
        let limiter = RateLimiter::new(true);
        let status = |e: ApiError| e.status().as_u16();
        let address = IpAddr::from([10, 0, 0, 1]);
        for _ in 0..FAILED_AUTH_PER_ADDRESS {
            let answer = limiter.failed_authentication(address, None, ApiError::unauthorized("no"));
            assert_eq!(status(answer), 401);
        }
        let answer = limiter.failed_authentication(address, None, ApiError::unauthorized("no"));
        assert_eq!(status(answer), 429);
        let elsewhere = IpAddr::from([10, 0, 0, 2]);
        let answer = limiter.failed_authentication(elsewhere, None, ApiError::unauthorized("no"));
        assert_eq!(status(answer), 401, "another address is not affected");
        // The limiter is asked only about failures: nothing it holds refuses a valid
        // credential (`authenticate` no longer asks it first).
    }
}
