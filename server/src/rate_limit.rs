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

/// Failed authentications a client address may make in a minute before it is refused
/// without a look at what it presents.
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

    /// Refuses a client address that failed to authenticate too often this minute, before
    /// anything it presents is looked at.
    pub fn check_failing_address(&self, address: IpAddr) -> ApiResult<()> {
        let bucket = failed_address_bucket(address);
        match self.refusal(&bucket, FAILED_AUTH_PER_ADDRESS, "authentication")? {
            Some(refusal) => Err(refusal),
            None => Ok(()),
        }
    }

    /// Records a failed authentication from `address`, with an API key under `prefix` if it
    /// was one. The answer is 429 instead of 401 once the prefix's failures are spent (the
    /// 401s before it each counted), so guessing under one prefix from many addresses meets
    /// the limit too.
    pub fn failed_authentication(
        &self,
        address: IpAddr,
        prefix: Option<&str>,
        unauthorized: ApiError,
    ) -> ApiError {
        let by_prefix = prefix.map(|p| format!("p{p}"));
        let refused = by_prefix
            .as_deref()
            .map(|bucket| self.refusal(bucket, FAILED_AUTH_PER_PREFIX, "authentication"))
            .transpose();
        let mut counted = vec![failed_address_bucket(address)];
        counted.extend(by_prefix);
        if let Err(error) = self.count(&counted) {
            return error;
        }
        match refused {
            Ok(Some(Some(refusal))) => refusal,
            Ok(_) => unauthorized,
            Err(error) => error,
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

    /// The 429 for `bucket` if it has spent `limit` this minute.
    fn refusal(
        &self,
        bucket: &str,
        limit: u32,
        limit_type: &'static str,
    ) -> ApiResult<Option<ApiError>> {
        if !self.enabled {
            return Ok(None);
        }
        let windows = self.lock()?;
        Ok((used(&windows, bucket, current_minute()) >= limit).then(|| refused(limit_type, limit)))
    }

    fn count(&self, buckets: &[String]) -> ApiResult<()> {
        if !self.enabled {
            return Ok(());
        }
        let minute = current_minute();
        let mut windows = self.lock()?;
        for bucket in buckets {
            charge(&mut windows, bucket, minute);
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
        assert!(limiter
            .check_failing_address(IpAddr::from([10, 0, 1, 1]))
            .is_ok());
    }

    #[test]
    fn an_address_that_keeps_failing_is_refused_up_front() {
        let limiter = RateLimiter::new(true);
        let address = IpAddr::from([10, 0, 0, 1]);
        for _ in 0..FAILED_AUTH_PER_ADDRESS {
            assert!(limiter.check_failing_address(address).is_ok());
            let _ = limiter.failed_authentication(address, None, ApiError::unauthorized("no"));
        }
        assert!(limiter.check_failing_address(address).is_err());
        assert!(limiter
            .check_failing_address(IpAddr::from([10, 0, 0, 2]))
            .is_ok());
    }
}
