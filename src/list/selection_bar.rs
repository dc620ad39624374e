//! Above the table: "Select stale keys" while any shown key is stale, and, with keys
//! selected, how many and what to do with them (Revoke selected, Clear selection).

use leptos::prelude::*;

use crate::components::connectivity::OFFLINE_REASON_ID;
use crate::i18n::{t, Locale, Msg, Value};
use crate::state::selection::Selection;

/// Id of "Revoke selected" (focus comes back to it when keys stay selected).
pub const REVOKE_SELECTED_ID: &str = "revoke-selected";

/// The selection's tools.
#[component]
pub fn SelectionBar(
    /// The selection.
    selection: Selection,
    /// The shown keys marked Stale.
    #[prop(into)]
    stale: Signal<Vec<i64>>,
    /// The browser is offline: revoking waits.
    #[prop(into)]
    offline: Signal<bool>,
    /// "Revoke selected" was pressed.
    on_revoke: Callback<()>,
) -> impl IntoView {
    let count = Memo::new(move |_| selection.count());
    let has_stale = Memo::new(move |_| stale.with(|s| !s.is_empty()));
    let any = Memo::new(move |_| count.get() != 0);
    let locale = Locale::from_context();
    view! {
        <Show when=move || has_stale.get() || any.get()>
            <div class="selection-bar" role="group" aria-label=t(Msg::SelectedKeys)>
                <span class="selection-count" aria-live="polite">
                    {move || match count.get() {
                        0 => String::new(),
                        n => locale.format(Msg::SelectedCount, &[("count", Value::Number(i64::try_from(n).unwrap_or(i64::MAX)))]),
                    }}
                </span>
                <Show when=move || has_stale.get()>
                    <button
                        type="button"
                        class="button"
                        on:click=move |_| selection.select_exactly(stale.get_untracked())
                    >{t(Msg::SelectStaleKeys)}</button>
                </Show>
                <Show when=move || any.get()>
                    <button type="button" class="button" on:click=move |_| selection.clear()>
                        {t(Msg::ClearSelection)}
                    </button>
                    <button
                        type="button"
                        id=REVOKE_SELECTED_ID
                        class="button danger"
                        disabled=move || offline.get()
                        aria-describedby=move || offline.get().then_some(OFFLINE_REASON_ID)
                        on:click=move |_| on_revoke.run(())
                    >{t(Msg::RevokeSelected)}</button>
                </Show>
            </div>
        </Show>
    }
}
