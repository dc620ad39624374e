//! The tab: finds out who is here and in which account (`GET /me`), then shows the keys or
//! explains why it can't.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::access_notice::{AccessNotice, Blocked};
use super::account_picker::AccountPicker;
use super::keys_panel::{FirstPage, KeysPanel};
use crate::api::wire::{Account, Me};
use crate::api::{ApiError, Client, ErrorKind};
use crate::app::SessionInfo;
use crate::components::error_notice::ErrorNotice;
use crate::config::Config;
use crate::state::key_list::PAGE_SIZE;

/// What the tab can show.
#[derive(Debug, Clone, PartialEq)]
enum Access {
    /// `/me` is on its way.
    Loading,
    /// `/me` failed; nothing about limits can be shown.
    Failed(ApiError),
    /// A multi-account session without an active account.
    PickAccount(Vec<Account>),
    /// Keys can't be managed here.
    Blocked(Blocked),
    /// An admin, feature on.
    Ready(Me),
}

fn classify(me: Me) -> Access {
    if me.account.is_none() {
        if let Some(accounts) = me.available_accounts.clone().filter(|a| !a.is_empty()) {
            return Access::PickAccount(accounts);
        }
    }
    let account = me
        .account
        .as_ref()
        .map(|a| a.name.clone())
        .unwrap_or_else(|| "this account".to_owned());
    if me.keys_disabled() {
        Access::Blocked(Blocked::FeatureDisabled { account })
    } else if !me.is_admin() {
        Access::Blocked(Blocked::NotAdmin { account })
    } else {
        Access::Ready(me)
    }
}

/// Settings → API Keys.
#[component]
pub fn ApiKeysTab() -> impl IntoView {
    let config = expect_context::<Config>();
    let base_client = expect_context::<Client>();
    let session = expect_context::<SessionInfo>();
    let chosen = RwSignal::new(config.account.clone());
    let accounts = RwSignal::new(Vec::<Account>::new());
    let access = RwSignal::new(Access::Loading);
    let retrying = RwSignal::new(false);
    let client = Signal::derive(move || match chosen.get() {
        Some(slug) => base_client.for_account(&slug),
        None => base_client.clone(),
    });

    let first_page: FirstPage = RwSignal::new(None);
    // Each load's prefetch answers only for that load (an account switch starts a new one).
    let generation = StoredValue::new(0u32);
    let load = move || {
        retrying.set(true);
        let client = client.get_untracked();
        // The first page goes out with /me rather than after it: one round trip less at start.
        // When /me then shows the page can't be used (member, several accounts) it is ignored.
        first_page.set(None);
        generation.update_value(|g| *g = g.wrapping_add(1));
        let this_load = generation.get_value();
        let prefetch = client.clone();
        spawn_local(async move {
            let result = prefetch.list_keys(0, PAGE_SIZE).await;
            if generation.try_get_value() == Some(this_load) {
                first_page.set(Some(result));
            }
        });
        spawn_local(async move {
            let next = match client.me().await {
                Ok(me) => {
                    if let Some(list) = me.available_accounts.clone() {
                        accounts.set(list);
                    }
                    session.me.set(Some(me.clone()));
                    classify(me)
                }
                Err(error) if error.kind == ErrorKind::Unauthorized => {
                    Access::Blocked(Blocked::SignedOut(error))
                }
                Err(error) => Access::Failed(error),
            };
            retrying.set(false);
            access.set(next);
        });
    };
    load();

    let pick = Callback::new(move |account: Account| {
        chosen.set(Some(account.slug));
        access.set(Access::Loading);
        load();
    });
    let switch_account = move |_| {
        chosen.set(None);
        session.me.set(None);
        access.set(Access::PickAccount(accounts.get_untracked()));
    };
    let sign_in_url = config.sign_in_url.clone();

    view! {
        <div class="api-keys-tab">
            {move || match access.get() {
                Access::Loading => view! {
                    <section class="card" aria-busy="true">
                        <div class="skeleton skeleton-heading"></div>
                        <p class="visually-hidden" role="status">"Loading API keys…"</p>
                        <div class="skeleton skeleton-row"></div>
                        <div class="skeleton skeleton-row"></div>
                        <div class="skeleton skeleton-row"></div>
                    </section>
                }
                .into_any(),
                Access::Failed(error) => view! {
                    <section class="card" aria-labelledby="tab-error-title">
                        <h2 id="tab-error-title">"API keys"</h2>
                        <ErrorNotice
                            error=error
                            title="Your account details could not be loaded, so keys and limits can't be shown."
                            on_retry=Callback::new(move |_| load())
                            retrying=retrying
                        />
                    </section>
                }
                .into_any(),
                Access::PickAccount(list) => view! { <AccountPicker accounts=list on_pick=pick /> }.into_any(),
                Access::Blocked(blocked) => view! { <AccessNotice blocked=blocked sign_in_url=sign_in_url.clone() /> }.into_any(),
                Access::Ready(me) => view! {
                    <KeysPanel me=me client=client.get_untracked() first_page=first_page />
                    <Show when=move || { accounts.get().len() > 1 }>
                        <p class="switch-account">
                            <button type="button" class="button link" on:click=switch_account>"Switch account"</button>
                        </p>
                    </Show>
                }
                .into_any(),
            }}
        </div>
    }
}
