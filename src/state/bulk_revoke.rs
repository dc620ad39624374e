//! The rules of a bulk revoke, free of the DOM: how many requests at once, how long a rate
//! limit is waited out, what the confirmation and the result say. Lev's API has no batch
//! endpoint, so a bulk revoke is one `DELETE` per key.

use crate::api::wire::ApiKey;
use crate::api::ApiError;
use crate::i18n::{Locale, Msg, Value};

/// `DELETE`s in flight at most: quick for a dozen keys, and far inside every rate limit.
pub const MAX_IN_FLIGHT: usize = 4;

/// Keys the confirmation names before "and N more".
pub const NAMED_IN_CONFIRMATION: usize = 10;

/// How many times one key waits out a 429 (each after the client's own retry) before it
/// counts as failed.
pub const MAX_RATE_LIMIT_WAITS: u32 = 5;

/// The longest wait for a rate limit, whatever the server asks.
const MAX_WAIT_MS: u32 = 30_000;

/// `msg` for `n` keys (its `{count}`).
fn counted(locale: &Locale, msg: Msg, n: usize) -> String {
    locale.format(msg, &[("count", count(n))])
}

fn count(n: usize) -> Value<'static> {
    Value::Number(i64::try_from(n).unwrap_or(i64::MAX))
}

/// The confirmation's title: "Revoke 12 API keys".
pub fn title(locale: &Locale, n: usize) -> String {
    counted(locale, Msg::BulkRevokeTitle, n)
}

/// The confirmation's dangerous button: "Revoke 12 keys".
pub fn confirm_label(locale: &Locale, n: usize) -> String {
    counted(locale, Msg::BulkRevokeConfirm, n)
}

/// After the first [`NAMED_IN_CONFIRMATION`] of `n` named keys: "and 2 more".
pub fn and_more(locale: &Locale, n: usize) -> Option<String> {
    (n > NAMED_IN_CONFIRMATION)
        .then(|| counted(locale, Msg::BulkAndMore, n - NAMED_IN_CONFIRMATION))
}

/// The progress, announced politely: "Revoking 3 of 12…" (the next one to finish).
pub fn progress(locale: &Locale, finished: usize, total: usize) -> String {
    locale.format(
        Msg::BulkProgress,
        &[
            ("current", count((finished + 1).min(total))),
            ("total", count(total)),
        ],
    )
}

/// The warning about keys used in the last day: "Used in the last 24 hours (2 keys): …".
pub fn recent_use_warning(locale: &Locale, n: usize) -> String {
    counted(locale, Msg::BulkRecentUse, n)
}

/// Milliseconds to wait before sending a rate-limited key's `DELETE` again, after it has waited
/// `waits` times already: what the server asked (`Retry-After`, `retry_after_seconds`), else
/// 1, 2, 4… seconds; `None` once it has waited [`MAX_RATE_LIMIT_WAITS`] times.
pub fn rate_limit_wait_ms(waits: u32, retry_after_secs: Option<u32>) -> Option<u32> {
    if waits >= MAX_RATE_LIMIT_WAITS {
        return None;
    }
    let ms = match retry_after_secs {
        Some(secs) => secs.saturating_mul(1000),
        None => 1000u32.saturating_mul(1 << waits.min(5)),
    };
    Some(ms.clamp(250, MAX_WAIT_MS))
}

/// What became of one key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Revoked here.
    Revoked,
    /// Already revoked elsewhere (404): gone all the same.
    AlreadyGone,
    /// Not revoked: what happened.
    Failed(ApiError),
}

/// The result of a bulk revoke, key by key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BulkResult {
    /// Revoked here.
    pub revoked: Vec<ApiKey>,
    /// Found revoked elsewhere already.
    pub already_gone: Vec<ApiKey>,
    /// Not revoked, each with what happened.
    pub failed: Vec<(ApiKey, ApiError)>,
    /// Not tried: the person pressed Stop first.
    pub not_tried: Vec<ApiKey>,
}

impl BulkResult {
    /// Records what became of `key`.
    pub fn record(&mut self, key: ApiKey, outcome: Outcome) {
        match outcome {
            Outcome::Revoked => self.revoked.push(key),
            Outcome::AlreadyGone => self.already_gone.push(key),
            Outcome::Failed(error) => self.failed.push((key, error)),
        }
    }

    /// Keys that are no longer active, revoked here or elsewhere.
    pub fn gone(&self) -> usize {
        self.revoked.len() + self.already_gone.len()
    }

    /// Whether every key is gone.
    pub fn all_gone(&self) -> bool {
        self.failed.is_empty() && self.not_tried.is_empty()
    }

    /// What it comes to, in one or two sentences: "Revoked 9 keys. 3 could not be revoked."
    pub fn summary(&self, locale: &Locale) -> String {
        let parts = [
            (Msg::BulkRevoked, self.gone(), true),
            (Msg::BulkAlreadyGone, self.already_gone.len(), false),
            (Msg::BulkFailed, self.failed.len(), false),
            (Msg::BulkNotTried, self.not_tried.len(), false),
        ];
        parts
            .into_iter()
            .filter(|(_, n, always)| *always || *n > 0)
            .map(|(msg, n, _)| counted(locale, msg, n))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The keys to try again: those that failed.
    pub fn failed_keys(&self) -> Vec<ApiKey> {
        self.failed.iter().map(|(key, _)| key.clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ErrorKind;

    fn key(id: i64) -> ApiKey {
        ApiKey {
            id,
            label: format!("Key {id}"),
            key_prefix: format!("lev_sk_{id:04}"),
            created_at: "2026-03-20T15:30:45Z".to_owned(),
            last_used_at: None,
        }
    }

    fn en() -> Locale {
        Locale::english()
    }

    #[test]
    fn words_count_keys() {
        assert_eq!(title(&en(), 1), "Revoke 1 API key");
        assert_eq!(title(&en(), 12), "Revoke 12 API keys");
        assert_eq!(confirm_label(&en(), 1), "Revoke 1 key");
        assert_eq!(confirm_label(&en(), 3), "Revoke 3 keys");
        assert_eq!(and_more(&en(), 10), None);
        assert_eq!(and_more(&en(), 12).as_deref(), Some("and 2 more"));
        assert_eq!(progress(&en(), 0, 12), "Revoking 1 of 12…");
        assert_eq!(progress(&en(), 12, 12), "Revoking 12 of 12…");
        assert_eq!(
            recent_use_warning(&en(), 1),
            "Used in the last 24 hours (1 key): applications may still depend on it."
        );
    }

    #[test]
    fn a_rate_limit_waits_what_the_server_says_else_backs_off_then_gives_up() {
        assert_eq!(rate_limit_wait_ms(0, Some(1)), Some(1000));
        assert_eq!(rate_limit_wait_ms(0, Some(600)), Some(30_000));
        assert_eq!(rate_limit_wait_ms(0, None), Some(1000));
        assert_eq!(rate_limit_wait_ms(2, None), Some(4000));
        assert_eq!(rate_limit_wait_ms(MAX_RATE_LIMIT_WAITS, Some(1)), None);
    }

    #[test]
    fn the_result_is_honest_key_by_key() {
        let mut result = BulkResult::default();
        result.record(key(1), Outcome::Revoked);
        result.record(key(2), Outcome::AlreadyGone);
        let mut error = ApiError::from_response(500, "", None, None);
        error.request_id = Some("req-9".to_owned());
        result.record(key(3), Outcome::Failed(error));
        result.not_tried.push(key(4));
        assert_eq!(result.gone(), 2);
        assert!(!result.all_gone());
        assert_eq!(
            result.summary(&en()),
            "Revoked 2 keys. 1 of them had been revoked elsewhere already. 1 key could not be revoked. Stopped before 1 key; it stays selected."
        );
        assert_eq!(result.failed_keys(), [key(3)]);
        assert_eq!(result.failed[0].1.kind, ErrorKind::Server);
    }

    #[test]
    fn one_key_revoked() {
        let mut result = BulkResult::default();
        result.record(key(7), Outcome::Revoked);
        assert_eq!(result.summary(&en()), "Revoked 1 key.");
        assert!(result.all_gone());
    }
}
