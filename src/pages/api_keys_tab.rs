//! The tab: finds out who is here and in which account (`GET /me`), then shows the keys or
//! explains why it can't.

use leptos::prelude::*;

use super::access_notice::{AccessNotice, Blocked};
use super::account_picker::AccountPicker;
use super::keys_panel::KeysPanel;
use crate::api::wire::{Account, Me};
use crate::api::{ApiError, ErrorKind};
use crate::components::error_notice::ErrorNotice;
use crate::config::Config;
use crate::session::Session;

/// What the tab can show, once `/me` answered.
#[derive(Debug, Clone, PartialEq)]
enum Access {
    /// `/me` failed; nothing about limits can be shown.
    Failed(ApiError),
    /// A multi-account session without an active account.
    PickAccount(Vec<Account>),
    /// Keys can't be managed here.
    Blocked(Blocked),
    /// An admin, feature on.
    Ready(Me),
}

impl Access {
    fn of(me: Result<Me, ApiError>) -> Self {
        match me {
            Ok(me) => Self::of_me(me),
            Err(error) if error.kind == ErrorKind::Unauthorized => {
                Self::Blocked(Blocked::SignedOut(error))
            }
            Err(error) => Self::Failed(error),
        }
    }

    fn of_me(me: Me) -> Self {
        if me.account.is_none() {
            if let Some(accounts) = me.available_accounts.clone().filter(|a| !a.is_empty()) {
                return Self::PickAccount(accounts);
            }
        }
        let account = me
            .account
            .as_ref()
            .map_or("this account", |a| a.display_name())
            .to_owned();
        if me.keys_disabled() {
            Self::Blocked(Blocked::FeatureDisabled { account })
        } else if !me.is_admin() {
            Self::Blocked(Blocked::NotAdmin { account })
        } else {
            Self::Ready(me)
        }
    }
}

/// Placeholder of the final height while `/me` is on its way.
#[component]
fn TabSkeleton() -> impl IntoView {
    view! {
        <section class="card" aria-busy="true">
            <div class="skeleton skeleton-heading"></div>
            <p class="visually-hidden" role="status">"Loading API keys…"</p>
            <div class="skeleton skeleton-row"></div>
            <div class="skeleton skeleton-row"></div>
            <div class="skeleton skeleton-row"></div>
        </section>
    }
}

/// What the tab shows for `access`.
#[component]
fn TabContent(
    /// What `/me` allows.
    access: Access,
    /// Whether a reload is under way.
    loading: Signal<bool>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    match access {
        Access::Failed(error) => view! {
            <section class="card" aria-labelledby="tab-error-title">
                <h2 id="tab-error-title">"API keys"</h2>
                <ErrorNotice
                    error=error
                    title="Your account details could not be loaded, so keys and limits can't be shown."
                    on_retry=Callback::new(move |_| session.reload())
                    retrying=loading
                />
            </section>
        }
        .into_any(),
        Access::PickAccount(list) => view! {
            <AccountPicker accounts=list on_pick=Callback::new(move |account| session.choose(account)) />
        }
        .into_any(),
        Access::Blocked(blocked) => {
            let sign_in_url = expect_context::<Config>().sign_in_url;
            view! { <AccessNotice blocked=blocked sign_in_url=sign_in_url /> }.into_any()
        }
        Access::Ready(me) => view! {
            <KeysPanel me=me />
            <Show when=move || { session.accounts.with(|a| a.len() > 1) }>
                <p class="switch-account">
                    <button type="button" class="button link" on:click=move |_| session.switching.set(true)>
                        "Switch account"
                    </button>
                </p>
            </Show>
        }
        .into_any(),
    }
}

/// Settings → API Keys.
#[component]
pub fn ApiKeysTab() -> impl IntoView {
    let session = expect_context::<Session>();
    let (loading, set_loading) = signal(false);
    // Made here, not in the view the Transition swaps out: the old view still reads it while
    // the new one loads.
    let loading = Signal::from(loading);
    view! {
        <div class="api-keys-tab">
            // On an account switch the picker stays until the new account's answers are in.
            <Transition fallback=TabSkeleton set_pending=set_loading>
                {move || Suspend::new(async move {
                    let access = if session.switching.get() {
                        Access::PickAccount(session.accounts.get())
                    } else {
                        Access::of(session.me.await)
                    };
                    view! { <TabContent access=access loading=loading /> }
                })}
            </Transition>
        </div>
    }
}
