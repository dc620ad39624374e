//! The buttons of a confirmation (alertdialog): the safe choice first, focused, and the
//! dangerous one, which shows progress and ignores clicks while its request runs.

use leptos::prelude::*;

use super::progress_button::ProgressButton;
use crate::i18n::{t, Msg};

/// The safe button and the dangerous one of a confirmation.
#[component]
pub fn ConfirmActions(
    /// The safe choice ("Cancel", "Keep both"): focused when the dialog opens.
    safe: Msg,
    /// The dangerous choice ("Revoke key").
    danger: Msg,
    /// Whether the dangerous choice's request is running (both buttons refuse clicks).
    #[prop(into)]
    busy: Signal<bool>,
    /// The safe button was pressed (not while busy).
    on_safe: Callback<()>,
    /// The dangerous button was pressed (not while busy).
    on_danger: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="actions">
            <button
                type="button"
                class="button"
                data-autofocus
                aria-disabled=move || busy.get().to_string()
                on:click=move |_| if !busy.get_untracked() { on_safe.run(()) }
            >{t(safe)}</button>
            <ProgressButton label=danger class="danger" busy=busy on_click=on_danger />
        </div>
    }
}
