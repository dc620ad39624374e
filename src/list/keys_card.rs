//! The card around the keys: title, counter against the ceiling, Create key, and the reason
//! when Create key can't be used.

use leptos::prelude::*;

use super::create_key_button::{CreateKey, CreateKeyButton};
use crate::components::connectivity::{OfflineNotice, OFFLINE_REASON_ID};
use crate::config::Config;
use crate::i18n::{rich, slot, t, Locale, Msg, Value};

use crate::state::key_list::{at_ceiling, counter_text};

/// Id of the notice that the account is at its key ceiling.
pub const CEILING_REASON_ID: &str = "ceiling-reason";

/// What describes a control that the ceiling (`full`) or the browser being offline disables:
/// the ceiling's notice first (going online won't help), else the offline notice; `None` while
/// it can be used.
pub fn disabled_reason(
    full: Signal<bool>,
    offline: Signal<bool>,
) -> impl Fn() -> Option<&'static str> + Copy {
    move || {
        if full.get() {
            Some(CEILING_REASON_ID)
        } else if offline.get() {
            Some(OFFLINE_REASON_ID)
        } else {
            None
        }
    }
}

/// What the card knows about the account before any key is loaded (from `/me`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountKeys {
    /// Account name.
    pub name: String,
    /// Its slug: the other tabs of the same account are told about changes.
    pub slug: String,
    /// The key ceiling, when known.
    pub max_keys: Option<u32>,
    /// Active keys according to `/me`.
    pub count: u64,
}

/// The keys card with its header; the list goes inside.
#[component]
pub fn KeysCard(
    /// The account.
    account: AccountKeys,
    /// Active keys, kept current as keys are created and revoked.
    #[prop(into)]
    total: Signal<u64>,
    /// Whether the header shows Create key (the empty state shows it instead).
    #[prop(optional, into, default = Signal::stored(true))]
    show_create: Signal<bool>,
    /// What Create key does; `None` while the list is not loaded (it shows, disabled).
    #[prop(optional)]
    create: Option<CreateKey>,
    /// The key ceiling as it changes (a quiet reload may bring a new one); the account's
    /// otherwise.
    #[prop(optional, into)]
    ceiling: Option<Signal<Option<u32>>>,
    /// The list, its states and Load more.
    children: Children,
) -> impl IntoView {
    let max_keys = ceiling.unwrap_or_else(|| Signal::stored(account.max_keys));
    // The host page may say where the plan is upgraded.
    let upgrade_url = Config::from_context().upgrade_url;
    let full = Signal::derive(move || at_ceiling(total.get(), max_keys.get()));
    let locale = Locale::from_context();
    let ceiling_reason = move || {
        max_keys
            .get()
            .map(|max| locale.format(Msg::CeilingReached, &[("max", Value::Number(max.into()))]))
    };
    let account_name = account.name.clone();
    let intro = rich(
        Msg::KeysIntro,
        vec![slot("account", move || {
            view! { <strong dir="auto">{account_name.clone()}</strong> }.into_any()
        })],
    );
    view! {
        <section class="card keys-card" aria-labelledby="keys-title">
            <header class="keys-header">
                <div>
                    <h2 id="keys-title">{t(Msg::ApiKeysTitle)}</h2>
                    <p class="muted">{intro}</p>
                </div>
                <div class="keys-actions">
                    <span class="counter" aria-live="polite">{move || counter_text(&locale, total.get(), max_keys.get())}</span>
                    <Show when=move || show_create.get()>
                        <CreateKeyButton create=create />
                    </Show>
                </div>
            </header>
            <OfflineNotice />
            <Show when=move || full.get()>
                <p id=CEILING_REASON_ID class="notice notice-info">
                    {ceiling_reason}
                    {upgrade_url.clone().map(|url| view! {
                        " "<a href=url rel="external">{t(Msg::UpgradePlan)}</a>
                    })}
                </p>
            </Show>
            {children()}
        </section>
    }
}
