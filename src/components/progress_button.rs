//! A button that shows progress and ignores clicks while its work runs.

use leptos::prelude::*;

use super::icons::Spinner;
use crate::i18n::{t, Msg};

/// A button with a busy state. While busy it stays focusable (`aria-disabled`, not `disabled`,
/// so keyboard focus is not thrown to the page) and swallows clicks: one click, one request.
#[component]
pub fn ProgressButton(
    /// Visible text; also the accessible name, which stays the same while busy.
    label: Msg,
    /// Whether the work is running.
    #[prop(into)]
    busy: Signal<bool>,
    /// Whether the button cannot be used (besides being busy).
    #[prop(optional, into)]
    disabled: Signal<bool>,
    /// Extra classes (`primary`, `danger`).
    #[prop(optional, into)]
    class: String,
    /// `submit` inside a form; `button` otherwise.
    #[prop(optional)]
    submit: bool,
    /// Called on an accepted click.
    #[prop(optional, into)]
    on_click: Option<Callback<()>>,
) -> impl IntoView {
    let unavailable = move || busy.get() || disabled.get();
    view! {
        <button
            type=if submit { "submit" } else { "button" }
            class=format!("button {class}")
            aria-disabled=move || unavailable().to_string()
            aria-busy=move || busy.get().to_string()
            on:click=move |ev| {
                if unavailable() {
                    ev.prevent_default();
                    return;
                }
                if let Some(cb) = on_click {
                    cb.run(());
                }
            }
        >
            <Show when=move || busy.get()>
                <Spinner />
            </Show>
            <span>{t(label)}</span>
        </button>
    }
}
