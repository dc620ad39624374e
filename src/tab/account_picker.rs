//! Choosing the account to work in, for people who belong to several.

use leptos::prelude::*;

use crate::api::wire::Account;
use crate::i18n::{t, Locale, Msg, Value};

/// "Brokerage account", from the API's `account_type` (a word of the API's, in English).
fn kind_label(locale: &Locale, kind: &str) -> String {
    let words = kind.replace('_', " ");
    let mut chars = words.chars();
    let capitalized = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect::<String>(),
        None => return String::new(),
    };
    locale.format(Msg::AccountKind, &[("kind", Value::Text(&capitalized))])
}

/// A list of the person's accounts; choosing one scopes every request to it
/// (`X-Active-Account`).
#[component]
pub fn AccountPicker(
    /// `available_accounts` from `/me`.
    accounts: Vec<Account>,
    /// Called with the chosen account.
    #[prop(into)]
    on_pick: Callback<Account>,
) -> impl IntoView {
    let locale = Locale::from_context();
    view! {
        <section class="card" aria-labelledby="picker-title">
            <h2 id="picker-title">{t(Msg::ChooseAccount)}</h2>
            <p>{t(Msg::ChooseAccountIntro)}</p>
            <ul class="account-list">
                {accounts
                    .into_iter()
                    .map(|account| {
                        let account_type = account.account_type.clone();
                        let kind = move || account_type.as_deref().map(|k| kind_label(&locale, k)).unwrap_or_default();
                        let name = account.display_name().to_owned();
                        let kind_id = format!("account-kind-{}", account.slug);
                        let described_by = kind_id.clone();
                        view! {
                            <li>
                                // The name is the account's; its kind is the description.
                                <button
                                    type="button"
                                    class="account-choice"
                                    aria-describedby=described_by
                                    on:click=move |_| on_pick.run(account.clone())
                                >
                                    <span class="account-name">{name}</span>
                                    <span class="account-kind" id=kind_id aria-hidden="true">{kind}</span>
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
