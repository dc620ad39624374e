//! The tab: finds out who is here and in which account (`GET /me`), then shows the keys or
//! explains why it can't.

use leptos::prelude::*;

use super::access_notice::AccessNotice;
use super::account_picker::AccountPicker;
use crate::components::error_notice::ErrorNotice;
use crate::config::Config;
use crate::i18n::{t, Msg};
use crate::list::KeysLoader;
use crate::session::Session;
use crate::state::access::Access;

/// Placeholder of the final height while `/me` is on its way.
#[component]
fn TabSkeleton() -> impl IntoView {
    view! {
        <section class="card" aria-busy="true">
            <div class="skeleton skeleton-heading"></div>
            <p class="visually-hidden" role="status">{t(Msg::LoadingKeys)}</p>
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
    let session = Session::from_context();
    match access {
        Access::Failed(error) => view! {
            <section class="card" aria-labelledby="tab-error-title">
                <h2 id="tab-error-title">{t(Msg::ApiKeysTitle)}</h2>
                <ErrorNotice
                    error=error
                    title=Msg::AccountLoadFailed
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
            let sign_in_url = Config::from_context().sign_in_url;
            view! { <AccessNotice blocked=blocked sign_in_url=sign_in_url /> }.into_any()
        }
        Access::Ready(me) => view! {
            <KeysLoader me=me />
            <Show when=move || { session.accounts.with(|a| a.len() > 1) }>
                <p class="switch-account">
                    <button type="button" class="button link" on:click=move |_| session.switching.set(true)>
                        {t(Msg::SwitchAccount)}
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
    let session = Session::from_context();
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
