//! Find: the Filter keys field with its count of matches.

use leptos::prelude::*;

use super::view_choice::ViewChoice;
use crate::i18n::{t, Locale, Msg, Value};
use crate::state::key_view::{is_filtering, match_count_text};

/// The Filter keys field and how many keys match.
#[component]
pub fn KeyFilter(
    /// The filter's home: read for the field, written by each keystroke.
    choice: ViewChoice,
    /// Keys that match.
    #[prop(into)]
    shown: Signal<usize>,
    /// The account's keys.
    #[prop(into)]
    total: Signal<u64>,
    /// Whether the remaining pages are still loading.
    #[prop(into)]
    searching: Signal<bool>,
) -> impl IntoView {
    let text = choice.query;
    let locale = Locale::from_context();
    let count = move || {
        if !is_filtering(&text.get()) {
            String::new()
        } else if searching.get() {
            let total = Value::Number(i64::try_from(total.get()).unwrap_or(i64::MAX));
            locale.format(Msg::FilterSearching, &[("count", total)])
        } else {
            match_count_text(&locale, shown.get(), total.get())
        }
    };
    view! {
        <div class="key-filter" role="search">
            <label for="key-filter">{t(Msg::FilterKeys)}</label>
            <input
                id="key-filter"
                type="search"
                placeholder=t(Msg::FilterPlaceholder)
                autocomplete="off"
                spellcheck="false"
                aria-describedby="key-filter-count"
                prop:value=move || text.get()
                on:input=move |ev| choice.type_query(event_target_value(&ev))
            />
            <p id="key-filter-count" class="filter-count" role="status">{count}</p>
        </div>
    }
}
