//! The session as the tab sees it: the active account, the client scoped to it, and the two
//! loads every visit starts with. Both the standalone shell (who is signed in) and the tab read
//! it, so it sits below both.

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use web_sys::AbortSignal;

use crate::api::paths::PageAt;
use crate::api::wire::{Account, Me};
use crate::api::{ApiError, Client, KeyPage};
use crate::config::Config;
use crate::state::key_list::PAGE_SIZE;

/// The client scoped to the active account: the one way components reach the API.
#[derive(Clone, Copy)]
pub struct ScopedClient(Signal<Client>);

impl ScopedClient {
    /// A fixed client (for a component mounted on its own, as in tests).
    pub fn fixed(client: Client) -> Self {
        Self(Signal::stored(client))
    }

    /// Provides `client` as the scoped client of everything below.
    pub fn provide(client: Client) {
        provide_context(Self::fixed(client));
    }

    /// The scoped client of the component being built.
    pub fn from_context() -> Self {
        expect_context()
    }

    /// The client for the active account, now.
    pub fn now(&self) -> Client {
        self.0.get_untracked()
    }
}

/// What the element that mounted the tab controls from outside it: `refresh()` (load `/me` and
/// the first page again) and the end of every request when it unmounts the tab.
#[derive(Clone)]
pub struct MountControls {
    /// Notified by the element's `refresh()`.
    pub refresh: ArcTrigger,
    /// Aborted when the element unmounts the tab.
    pub unmounted: SendWrapper<AbortSignal>,
}

/// Who is here, in which account, and the first page of that account's keys.
#[derive(Clone, Copy)]
pub struct Session {
    /// The active account's slug (`X-Active-Account`); `None` until one is chosen, for people
    /// with several accounts.
    pub account: RwSignal<Option<String>>,
    /// The accounts of a person with several, remembered from the unscoped `/me` (a scoped
    /// `/me` does not list them) so "Switch account" needs no request.
    pub accounts: RwSignal<Vec<Account>>,
    /// Whether the account picker is showing again after "Switch account".
    pub switching: RwSignal<bool>,
    /// `GET /me` for the active account.
    pub me: LocalResource<Result<Me, ApiError>>,
    /// The first page of keys. It is requested together with `/me` rather than after it (one
    /// round trip less at start); where `/me` then shows it can't be used, it is ignored.
    pub first_page: LocalResource<Result<KeyPage, ApiError>>,
}

impl Session {
    /// Starts both loads (they leave together) and provides the session and the scoped client
    /// to everything below.
    pub fn provide(config: &Config) -> Self {
        let controls = use_context::<MountControls>();
        let base = match &controls {
            Some(controls) => Client::new(config).ending_with((*controls.unmounted).clone()),
            None => Client::new(config),
        };
        let account = RwSignal::new(config.account.clone());
        let accounts = RwSignal::new(Vec::new());
        let client = Signal::derive(move || match account.get() {
            Some(slug) => base.for_account(&slug),
            None => base.clone(),
        });
        provide_context(ScopedClient(client));
        let me = LocalResource::new(move || {
            let client = client.get();
            async move {
                let me = client.me().await;
                if let Some(list) = me.as_ref().ok().and_then(|m| m.available_accounts.clone()) {
                    accounts.set(list);
                }
                me
            }
        });
        let first_page = LocalResource::new(move || {
            let client = client.get();
            async move { client.list_keys(&PageAt::Offset(0), PAGE_SIZE).await }
        });
        let session = Self {
            account,
            accounts,
            switching: RwSignal::new(false),
            me,
            first_page,
        };
        provide_context(session);
        if let Some(controls) = controls {
            Effect::new(move |seen: Option<()>| {
                controls.refresh.track();
                if seen.is_some() {
                    session.reload();
                }
            });
        }
        session
    }

    /// Loads both again (Retry).
    pub fn reload(&self) {
        self.me.refetch();
        self.first_page.refetch();
    }

    /// Works in `account` from now on.
    pub fn choose(&self, account: Account) {
        self.switching.set(false);
        self.account.set(Some(account.slug));
    }
}
