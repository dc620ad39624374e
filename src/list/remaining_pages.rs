//! The loading of every remaining page that a filter or a sort needs: they cover all of the
//! account's keys, not only the loaded ones.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::action_state::pending_and_error;
use crate::session::ScopedClient;
use crate::state::listed_keys::ListedKeys;

/// Keys per request when every page is wanted (the API's largest page).
const ALL_PAGE_SIZE: u32 = 200;

/// Loads every remaining page whenever `needed` says so.
#[derive(Clone, Copy)]
pub struct RemainingPages {
    action: Action<(), Result<(), ApiError>>,
    pending: Memo<bool>,
    error: Signal<Option<ApiError>>,
}

impl RemainingPages {
    /// Watches `needed` and the list; starts loading when both call for it.
    pub fn new(keys: ListedKeys, needed: Signal<bool>) -> Self {
        let client = ScopedClient::from_context();
        let action = Action::new_local(move |_: &()| {
            let client = client.now();
            async move {
                // The list may be gone (another account chosen) while a page is out: it then
                // has no more pages and takes nothing.
                while keys.has_more_untracked() {
                    let page = client
                        .list_keys(&keys.next_page_untracked(), ALL_PAGE_SIZE)
                        .await?;
                    keys.page_loaded(page);
                }
                Ok(())
            }
        });
        let (pending, error) = pending_and_error(action);
        let this = Self {
            action,
            pending,
            error,
        };
        // A failure waits for Retry rather than hammering the API.
        Effect::new(move |_| {
            let wanted = needed.get() && keys.has_more();
            if wanted && !this.loading().get_untracked() && this.error().get_untracked().is_none() {
                action.dispatch_local(());
            }
        });
        this
    }

    /// Whether pages are on their way.
    pub fn loading(&self) -> Memo<bool> {
        self.pending
    }

    /// Why the last attempt stopped (hidden while a new one runs).
    pub fn error(&self) -> Signal<Option<ApiError>> {
        self.error
    }

    /// Tries again after a failure.
    pub fn retry(&self) {
        if !self.loading().get_untracked() {
            self.action.dispatch_local(());
        }
    }
}
