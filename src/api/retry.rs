//! When to send a failed request again, in one place.
//!
//! **Decision** (contract): honour `Retry-After`, else `retry_after_seconds`, else back off
//! exponentially; a create is only retried with its `Idempotency-Key` (the client always sends
//! one). Waits longer than [`MAX_AUTOMATIC_WAIT_SECS`] are not sat out silently: the person
//! sees the error and decides.

use super::error::ApiError;

/// What a request does, which decides how hard to retry it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// `GET`: harmless to repeat.
    Read,
    /// `POST` create, always with an `Idempotency-Key`.
    Create,
    /// `DELETE` revoke: repeating it can only answer 404, which the tab handles.
    Revoke,
}

/// Longest server-requested wait the client sits out on its own.
pub const MAX_AUTOMATIC_WAIT_SECS: u32 = 5;
/// First backoff step.
const BASE_DELAY_MS: u32 = 400;

/// Attempts in all, the first included.
pub fn max_attempts(operation: Operation) -> u32 {
    match operation {
        Operation::Read => 3,
        Operation::Create | Operation::Revoke => 2,
    }
}

/// Milliseconds to wait before attempt `attempt + 1`, after `error` ended attempt `attempt`
/// (1-based); `None` to give up and show the error. `jitter` is in `[0, 1)`.
pub fn delay_before_retry(
    operation: Operation,
    attempt: u32,
    error: &ApiError,
    jitter: f64,
) -> Option<u32> {
    if attempt >= max_attempts(operation) || !error.is_transient() {
        return None;
    }
    if let Some(seconds) = error.retry_after {
        return (seconds <= MAX_AUTOMATIC_WAIT_SECS).then_some(seconds * 1000);
    }
    let step = BASE_DELAY_MS.saturating_mul(1 << attempt.saturating_sub(1).min(8));
    Some((f64::from(step) * (0.5 + jitter.clamp(0.0, 1.0))) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limited(seconds: Option<u32>) -> ApiError {
        let mut e = ApiError::from_response(429, "", None, None);
        e.retry_after = seconds;
        e
    }

    #[test]
    fn backs_off_then_gives_up() {
        let e = ApiError::network();
        assert_eq!(delay_before_retry(Operation::Read, 1, &e, 0.5), Some(400));
        assert_eq!(delay_before_retry(Operation::Read, 2, &e, 0.5), Some(800));
        assert_eq!(delay_before_retry(Operation::Read, 3, &e, 0.5), None);
        assert_eq!(delay_before_retry(Operation::Create, 2, &e, 0.5), None);
    }

    #[test]
    fn honours_the_servers_wait_when_short() {
        assert_eq!(
            delay_before_retry(Operation::Create, 1, &limited(Some(2)), 0.9),
            Some(2000)
        );
        assert_eq!(
            delay_before_retry(Operation::Create, 1, &limited(Some(30)), 0.0),
            None
        );
    }

    #[test]
    fn never_retries_what_will_not_change() {
        for status in [400, 401, 403, 404, 409, 422, 500] {
            let e = ApiError::from_response(status, "", None, None);
            assert_eq!(
                delay_before_retry(Operation::Read, 1, &e, 0.0),
                None,
                "{status}"
            );
        }
    }
}
