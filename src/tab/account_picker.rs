//! Choosing the account to work in, for people who belong to several.

use leptos::prelude::*;

use crate::api::wire::Account;

/// "Brokerage account", from the API's `account_type`.
fn kind_label(kind: &str) -> String {
    let words = kind.replace('_', " ");
    let mut chars = words.chars();
    let capitalized = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect::<String>(),
        None => return String::new(),
    };
    format!("{capitalized} account")
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
    view! {
        <section class="card" aria-labelledby="picker-title">
            <h2 id="picker-title">"Choose an account"</h2>
            <p>"You belong to several accounts. Choose the one whose API keys you want to manage."</p>
            <ul class="account-list">
                {accounts
                    .into_iter()
                    .map(|account| {
                        let kind = account.account_type.as_deref().map(kind_label).unwrap_or_default();
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
