//! What the card shows under its header: the empty state, or the table and, when a filter
//! matches nothing, the way out.

use leptos::prelude::*;

use super::key_table::{KeyTable, RowActions};
use super::keys_card::CREATE_BUTTON_ID;
use super::view_choice::ViewChoice;
use crate::api::wire::ApiKey;
use crate::components::connectivity::{Connectivity, OFFLINE_REASON_ID};
use crate::components::icons::{KeyIcon, PlusIcon};
use crate::state::key_view::SortColumn;

/// The empty state, or the table of the shown keys.
#[component]
pub fn ListBody(
    /// Whether the account has no key at all.
    #[prop(into)]
    is_empty: Signal<bool>,
    /// The keys that match the filter, in the chosen order.
    #[prop(into)]
    shown: Signal<Vec<ApiKey>>,
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
    /// The empty state's Create key was pressed.
    on_create: Callback<()>,
    /// Whether Create key's dialog is on its way.
    #[prop(into)]
    create_busy: Signal<bool>,
    /// Now, in seconds; relative times follow it.
    now: Signal<i64>,
) -> impl IntoView {
    let offline = Connectivity::from_context().offline();
    let no_match = move || filtering.get() && shown.with(Vec::is_empty) && !searching.get();
    // What the list area shows changes rarely; rows change often. Keeping the two apart lets
    // the table diff its rows instead of being rebuilt (and its old rows retained) each time.
    move || {
        if is_empty.get() {
            view! {
                <div class="empty-state">
                    <KeyIcon />
                    <h3>"No API keys yet"</h3>
                    <p class="muted">"Create a key to let an application, such as a CI pipeline or a data sync, call the Lev API."</p>
                    <button
                        id=CREATE_BUTTON_ID
                        type="button"
                        class="button primary opens-dialog"
                        disabled=move || offline.get()
                        aria-describedby=move || offline.get().then_some(OFFLINE_REASON_ID)
                        aria-busy=move || create_busy.get().to_string()
                        on:click=move |_| on_create.run(())
                    >
                        <PlusIcon />
                        "Create key"
                    </button>
                </div>
            }
            .into_any()
        } else {
            view! {
                <KeyTable keys=shown loading=false actions=actions order=choice.order on_sort=on_sort now=now />
                <Show when=no_match>
                    <div class="no-match">
                        <p>{move || format!("No key's label or prefix contains “{}”.", choice.query.get().trim())}</p>
                        <button type="button" class="button" on:click=move |_| choice.set_query(String::new())>
                            "Clear filter"
                        </button>
                    </div>
                </Show>
            }
            .into_any()
        }
    }
}
