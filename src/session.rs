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
use crate::state::access::Access;
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
    /// Aborted when the element unmounts the tab (`None` where the browser has no
    /// `AbortController`: requests then end on their own).
    // `SendWrapper`: context values must be `Send`; an `AbortSignal` is a browser object.
    pub unmounted: Option<SendWrapper<AbortSignal>>,
}

impl MountControls {
    /// The controls of the mount being built (provided by `crate::embed::mount_tab`).
    pub fn from_context() -> Self {
        expect_context()
    }
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
    client: ScopedClient,
}

impl Session {
    /// Starts both loads (they leave together) and provides the session and the scoped client
    /// to everything below.
    pub fn provide(config: &Config) -> Self {
        let controls = MountControls::from_context();
        let base = match &controls.unmounted {
            Some(unmounted) => Client::new(config).ending_with((**unmounted).clone()),
            None => Client::new(config),
        };
        let account = RwSignal::new(config.account.clone());
        let accounts = RwSignal::new(Vec::new());
        let client = Signal::derive(move || match account.get() {
            Some(slug) => base.for_account(&slug),
            None => base.clone(),
        });
        let scoped = ScopedClient(client);
        provide_context(scoped);
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
            client: scoped,
        };
        provide_context(session);
        Effect::watch(
            move || controls.refresh.track(),
            move |_, _, _| session.reload(),
            false,
        );
        session
    }

    /// Asks `/me` again without starting over, for a list that stays on screen: while the
    /// person may still manage the account's keys, its answer (for the ceiling); a failed
    /// request changes nothing (`None`, the next try will tell). When access is gone (signed
    /// out, no longer an admin, the feature off) the session loads again, and the tab shows why
    /// in place of the list. (That asks `/me` once more, in that rare case: handing this answer
    /// to the resource instead cost 0.7 KB of wasm.)
    pub async fn revalidate_me(&self) -> Option<Me> {
        let answer = self.client.now().me().await;
        match &answer {
            Ok(me) if Access::allows(me) => answer.ok(),
            Err(error) if Access::is_passing(error) => None,
            _ => {
                self.reload();
                None
            }
        }
    }

    /// The session of the component being built.
    pub fn from_context() -> Self {
        expect_context()
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
