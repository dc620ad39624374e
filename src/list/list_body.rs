//! What the card shows under its header: the empty state, or the table and, when a filter
//! matches nothing, the way out.

use leptos::prelude::*;

use super::create_key_button::{CreateKey, CreateKeyButton};
use super::key_table::{KeyTable, RowActions};
use super::view_choice::ViewChoice;
use crate::components::icons::KeyIcon;
use crate::components::status::{isolated, with_labels};
use crate::i18n::{t, Locale, Msg, Value};
use crate::state::key_view::SortColumn;
use crate::state::listed_keys::ListedKeys;

/// The empty state, or the table of the shown keys.
#[component]
pub fn ListBody(
    /// The listed keys.
    keys: ListedKeys,
    /// Whether the account has no key at all.
    #[prop(into)]
    is_empty: Signal<bool>,
    /// The ids of the keys that match the filter, in the chosen order.
    #[prop(into)]
    shown: Signal<Vec<i64>>,
    /// Whether a filter is set.
    #[prop(into)]
    filtering: Signal<bool>,
    /// Whether the remaining pages are still loading (no "no match" before they are in).
    #[prop(into)]
    searching: Signal<bool>,
    /// The filter and order (Clear filter writes it).
    choice: ViewChoice,
    /// What the rows' buttons do.
    actions: RowActions,
    /// A sortable header was clicked.
    on_sort: Callback<SortColumn>,
    /// What the empty state's Create key does.
    create: CreateKey,
    /// Now, in seconds; relative times follow it.
    now: Signal<i64>,
) -> impl IntoView {
    let locale = Locale::from_context();
    let no_match = move || filtering.get() && shown.with(Vec::is_empty) && !searching.get();
    // What the list area shows changes rarely; rows change often. Keeping the two apart lets
    // the table diff its rows instead of being rebuilt (and its old rows retained) each time.
    move || {
        if is_empty.get() {
            view! {
                <div class="empty-state">
                    <KeyIcon />
                    <h3>{t(Msg::EmptyTitle)}</h3>
                    <p class="muted">{t(Msg::EmptyIntro)}</p>
                    <CreateKeyButton create=Some(create) />
                </div>
            }
            .into_any()
        } else {
            view! {
                <KeyTable keys=keys shown=shown actions=actions order=choice.order on_sort=on_sort now=now />
                <Show when=no_match>
                    <div class="no-match">
                        <p>{move || with_labels(&locale.format(Msg::NoMatch, &[("query", Value::Text(&isolated(choice.query.get().trim())))]))}</p>
                        <button type="button" class="button" on:click=move |_| choice.set_query(String::new())>
                            {t(Msg::ClearFilter)}
                        </button>
                    </div>
                </Show>
            }
            .into_any()
        }
    }
}
