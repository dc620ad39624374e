//! The tab's place, taken by a problem it cannot get past on its own (a refused configuration,
//! a failed render): the same card and announced notice for each.

use leptos::prelude::*;

use super::icons::WarningIcon;
use crate::i18n::{t, Locale, Msg};

/// The card's title id (one card at a time stands in the tab's place).
const TITLE_ID: &str = "problem-title";

/// The tab's root (with its text's language and direction), a card titled `heading`, and an error notice
/// (`role="alert"`, announced at once) holding `children`.
#[component]
pub fn ProblemCard(
    /// The card's heading.
    heading: Msg,
    /// What the notice says and offers.
    children: Children,
) -> impl IntoView {
    let locale = Locale::from_context();
    view! {
        <div class="lev-api-keys" lang=move || locale.tag() dir=move || locale.dir().as_str()>
            <section class="card" aria-labelledby=TITLE_ID>
                <h2 id=TITLE_ID>{t(heading)}</h2>
                <div class="notice notice-error" role="alert">
                    <WarningIcon />
                    <div class="notice-body">{children()}</div>
                </div>
            </section>
        </div>
    }
}
