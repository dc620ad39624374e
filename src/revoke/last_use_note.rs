//! The sentence both revoke confirmations show about the key's last use.

use leptos::prelude::*;

use crate::api::wire::ApiKey;
use crate::components::clock::now_secs;
use crate::components::icons::WarningIcon;
use crate::i18n::Locale;
use crate::state::time::{parse_rfc3339, LastUse};

/// When `key` was last used, as a sentence; a warning when that was within a day.
#[component]
pub fn LastUseNote(
    /// The key about to be revoked.
    key: ApiKey,
) -> impl IntoView {
    let last_use = LastUse::of(
        now_secs(),
        key.last_used_at.as_deref().and_then(parse_rfc3339),
    );
    let locale = Locale::from_context();
    let sentence = move || last_use.sentence(&locale);

    match last_use {
        LastUse::Recent(_) => view! {
            <p class="notice notice-warning last-use"><WarningIcon /><span>{sentence}</span></p>
        }
        .into_any(),
        _ => view! { <p class="last-use">{sentence}</p> }.into_any(),
    }
}
