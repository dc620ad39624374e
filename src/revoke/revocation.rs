//! A revoke, for both confirmations: one request at a time, the last attempt's error, and the
//! owner told once the key is gone.

use leptos::prelude::*;

use crate::api::wire::ApiKey;
use crate::api::{ApiError, ErrorKind};
use crate::components::action_state::pending_and_error;
use crate::components::status::isolated;
use crate::i18n::{Locale, Msg, Value};
use crate::session::ScopedClient;
use crate::state::listed_keys::ListedKeys;

/// A key that is no longer active.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revoked {
    /// The key as it was listed.
    pub key: ApiKey,
    /// It had been revoked elsewhere already (another tab, another admin).
    pub already_gone: bool,
}

impl Revoked {
    /// Hands the outcome to the list's owner: a key revoked here is told to the host page and
    /// the other tabs; one revoked elsewhere first only leaves.
    pub fn update(&self, keys: ListedKeys) {
        if self.already_gone {
            keys.revoked_elsewhere(self.key.id);
        } else {
            keys.revoked(&self.key);
        }
    }

    /// What the status region says.
    pub fn announcement(&self, locale: &Locale) -> String {
        let msg = if self.already_gone {
            Msg::RevokedElsewhereUnlisted
        } else {
            Msg::RevokedKey
        };
        let label = isolated(&self.key.label);
        locale.format(msg, &[("label", Value::Text(&label))])
    }
}

/// The revoke of one key. A key already revoked elsewhere (404) counts as revoked, since its
/// row must go all the same.
#[derive(Clone, Copy)]
pub struct Revocation {
    action: Action<ApiKey, Result<Revoked, ApiError>>,
    /// Whether the request is on its way.
    pub busy: Memo<bool>,
    /// Why the last attempt failed (hidden while a new one runs).
    pub error: Signal<Option<ApiError>>,
}

impl Revocation {
    /// A revoke that calls `on_done` as soon as the key is gone (the owner then closes its
    /// dialog).
    pub fn new(on_done: Callback<Revoked>) -> Self {
        let client = ScopedClient::from_context();
        let action = Action::new_local(move |key: &ApiKey| {
            let (key, client) = (key.clone(), client.now());
            async move {
                let already_gone = match client.revoke_key(key.id).await {
                    Ok(()) => false,
                    Err(e) if e.kind == ErrorKind::NotFound => true,
                    Err(e) => return Err(e),
                };
                let revoked = Revoked { key, already_gone };
                on_done.run(revoked.clone());
                Ok(revoked)
            }
        });
        let (busy, error) = pending_and_error(action);
        Self {
            action,
            busy,
            error,
        }
    }

    /// Revokes `key`, unless a revoke is on its way.
    pub fn start(&self, key: ApiKey) {
        if !self.busy.get_untracked() {
            self.action.dispatch_local(key);
        }
    }
}
