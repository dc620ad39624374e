//! Choosing the account to work in, for people who belong to several.

use leptos::prelude::*;

use crate::api::wire::Account;

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
    view! {
        <section class="card" aria-labelledby="picker-title">
            <h2 id="picker-title">"Choose an account"</h2>
            <p>"You belong to several accounts. Choose the one whose API keys you want to manage."</p>
            <ul class="account-list">
                {accounts
                    .into_iter()
                    .map(|account| {
                        let kind = account.account_type.clone().unwrap_or_default().replace('_', " ");
                        let name = account.name.clone();
                        view! {
                            <li>
                                <button type="button" class="account-choice" on:click=move |_| on_pick.run(account.clone())>
                                    <span class="account-name">{name}</span>
                                    <span class="account-kind">{kind}</span>
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
