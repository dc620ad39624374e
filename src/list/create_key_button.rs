//! The Create key button: in the card's header while the list has keys, in the empty state
//! when it has none, and disabled (with the reason) at the ceiling, offline, or before the
//! list is loaded.

use leptos::prelude::*;

use super::dialog_host::OpenDialog;
use super::dialog_opener::DialogOpener;
use super::keys_card::disabled_reason;
use crate::components::connectivity::Connectivity;
use crate::components::icons::PlusIcon;
use crate::i18n::{t, Msg};

/// Id of the Create key button: where focus goes when nothing better is left.
pub const CREATE_BUTTON_ID: &str = "create-key-button";

/// What Create key does: opens its dialog (once the dialog's code is here), unless the
/// account is at its ceiling.
#[derive(Clone, Copy)]
pub struct CreateKey {
    opener: DialogOpener,
    full: Signal<bool>,
    busy: Signal<bool>,
}

impl CreateKey {
    /// Create key, opening through `opener`; `full`: the account is at its key ceiling.
    pub fn new(opener: DialogOpener, full: Signal<bool>) -> Self {
        Self {
            opener,
            full,
            busy: opener.is_opening(|d| *d == OpenDialog::Create),
        }
    }
}

/// The Create key button.
#[component]
pub fn CreateKeyButton(
    /// What it does; `None` while the list is not loaded (it shows, disabled).
    create: Option<CreateKey>,
) -> impl IntoView {
    let offline = Connectivity::from_context().offline();
    let full = create.map_or_else(|| Signal::stored(false), |c| c.full);
    let reason = disabled_reason(full, offline);
    view! {
        <button
            id=CREATE_BUTTON_ID
            type="button"
            class="button primary opens-dialog"
            disabled=move || create.is_none() || full.get() || offline.get()
            aria-describedby=reason
            // While the dialog's code is on its way: shown as a spinner in place of the icon.
            aria-busy=move || create.is_some_and(|c| c.busy.get()).to_string()
            on:click=move |_| {
                if let Some(create) = create {
                    create.opener.request(OpenDialog::Create);
                }
            }
        >
            <PlusIcon />
            {t(Msg::CreateKey)}
        </button>
    }
}
