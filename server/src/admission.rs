//! Letting an authenticated request in: its credential's budgets are charged, and only then,
//! for an API key, is the use recorded, so a refused request neither costs a disk write nor
//! shows as use in the tab's "last used".

use crate::auth::Caller;
use crate::context::{blocking, unix_now};
use crate::credential::Credential;
use crate::db::USE_RECORDED_EVERY;
use crate::error::ApiResult;
use crate::model::Account;
use crate::rate_limit::Endpoint;
use crate::state::SharedState;

/// Admits a request of `caller` in `account` to `endpoint`, or answers 429.
pub async fn admit(
    state: &SharedState,
    caller: &Caller,
    account: &Account,
    endpoint: Endpoint,
) -> ApiResult<()> {
    state
        .limiter
        .check_credential(&caller.credential, account, endpoint)?;
    if let Credential::ApiKey {
        key_id,
        last_used_at,
    } = caller.credential
    {
        let now = unix_now();
        if last_used_at.is_none_or(|at| now - at >= USE_RECORDED_EVERY) {
            record_use(state, key_id, now).await;
        }
    }
    Ok(())
}

/// Best effort: a request must not fail because the "last used" time could not be written
/// (a full disk, a busy database).
async fn record_use(state: &SharedState, key_id: i64, now: i64) {
    let state = SharedState::clone(state);
    if let Err(error) = blocking(move || state.db.record_key_use(key_id, now)).await {
        tracing::warn!(key_id, ?error, "could not record the key's last use");
    }
}
