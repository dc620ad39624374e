//! The one dialog open over the list, if any, and what its closing changes: rows, the status
//! message, focus.

use leptos::prelude::*;

use crate::i18n::{Locale, Msg, Value};
use leptos::wasm_split::SplitLoaderError;

use super::create_key_button::CREATE_BUTTON_ID;
use super::dialog_chunks::{
    bulk_revoke_dialog, create_key_dialog, revoke_key_dialog, rotation_flow, DialogCode,
};
use super::key_table::SELECT_KEY_CLASS;
use super::key_table::{rotate_button_selector, RowButton};
use crate::api::wire::ApiKey;
use crate::components::focus::{after_render, DomRoot};
use crate::components::status::{isolated, Status};
use crate::revoke::Revoked;
use crate::rotate::RotationEnd;
use crate::state::bulk_revoke::BulkResult;
use crate::state::key_view::matches;
use crate::state::listed_keys::ListedKeys;

/// Which dialog is open: at most one, by construction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenDialog {
    /// Create key.
    Create,
    /// The revoke confirmation for a row's trash button.
    Revoke {
        /// The row's key.
        key: ApiKey,
        /// Selector of what gets focus if the row is gone when the dialog closes.
        fallback_focus: String,
    },
    /// A rotation of this key (its steps are the rotation's own).
    Rotate(ApiKey),
    /// The bulk revoke of these selected keys.
    BulkRevoke(Vec<ApiKey>),
}

impl OpenDialog {
    /// The code it needs.
    pub fn code(&self) -> DialogCode {
        match self {
            OpenDialog::Create => DialogCode::Create,
            OpenDialog::Revoke { .. } => DialogCode::Revoke,
            OpenDialog::Rotate(_) => DialogCode::Rotate,
            OpenDialog::BulkRevoke(_) => DialogCode::BulkRevoke,
        }
    }

    /// The row button that asked for it, if a row's.
    pub fn row_button(&self) -> Option<RowButton> {
        match self {
            OpenDialog::Create | OpenDialog::BulkRevoke(_) => None,
            OpenDialog::Revoke { key, .. } => Some(RowButton::Revoke(key.id)),
            OpenDialog::Rotate(key) => Some(RowButton::Rotate(key.id)),
        }
    }
}

/// Whether key `id` has left the list: an open dialog about it learns that another tab
/// revoked it (the list's owner removes it first).
fn gone_from(keys: ListedKeys, id: i64) -> Signal<bool> {
    Signal::derive(move || !keys.contains(id))
}

/// A dialog's view once its chunk is in (at once when it already is; nothing if it failed).
fn when_loaded(
    view: impl std::future::Future<Output = Result<AnyView, SplitLoaderError>> + Send + 'static,
) -> AnyView {
    Suspend::new(async move { view.await.ok() }).into_any()
}

/// Shows the open dialog, hands what it changes to the list's owner, and says what happened
/// (the status message, focus).
#[component]
pub fn DialogHost(
    /// The open dialog; each dialog sets `None` when it closes.
    open: RwSignal<Option<OpenDialog>>,
    /// The list its outcomes change.
    keys: ListedKeys,
    /// The filter, to say whether a created key is shown.
    #[prop(into)]
    filter: Signal<String>,
) -> impl IntoView {
    let status = Status::from_context();
    let locale = Locale::from_context();
    let root = DomRoot::from_context();
    let bulk_root = root.clone();
    // The label survives closing Create key by accident; it is cleared when a key is made.
    let draft_label = RwSignal::new(String::new());
    let last_created = StoredValue::new(None::<ApiKey>);
    let created = Callback::new(move |key: ApiKey| {
        last_created.set_value(Some(key.clone()));
        keys.created(key);
    });
    let on_create_closed = Callback::new(move |created_label: Option<String>| {
        open.set(None);
        let Some(label) = created_label else { return };
        draft_label.set(String::new());
        let listed = last_created
            .get_value()
            .is_some_and(|k| filter.with_untracked(|q| matches(&k, q)));
        let msg = if listed {
            Msg::CreatedListed
        } else {
            Msg::CreatedFilteredOut
        };
        let label = isolated(&label);
        status.say(locale.format(msg, &[("label", Value::Text(&label))]));
    });
    let on_revoke_closed = Callback::new(move |outcome: Option<Revoked>| {
        if let Some(revoked) = outcome {
            revoked.update(keys);
            status.say(revoked.announcement(&locale));
        }
        open.set(None);
    });
    let on_rotation_end = Callback::new(move |end: RotationEnd| {
        if let RotationEnd::Replaced {
            old, already_gone, ..
        } = &end
        {
            keys.replaced(old, *already_gone);
        }
        if let Some(message) = end.announcement(&locale) {
            status.say(message);
        }
        if let Some(id) = end.focus_on() {
            let root = root.clone();
            after_render(move || {
                root.focus(&rotate_button_selector(id));
            });
        }
        open.set(None);
    });

    let on_bulk_finished = Callback::new(move |result: BulkResult| keys.revoked_in_bulk(&result));
    let on_bulk_closed = Callback::new(move |result: Option<BulkResult>| {
        if let Some(result) = result {
            status.say(match result.revoked.as_slice() {
                [only] if result.all_gone() && result.already_gone.is_empty() => {
                    let label = isolated(&only.label);
                    locale.format(Msg::RevokedKey, &[("label", Value::Text(&label))])
                }
                _ => result.summary(&locale),
            });
        }
        // Focus goes to the first remaining row, else to Create key; the dialog then gives it
        // back to "Revoke selected" if keys stay selected (it runs after this).
        let root = bulk_root.clone();
        after_render(move || {
            let row = format!(".keys-table .{SELECT_KEY_CLASS}");
            if !root.focus(&row) {
                root.focus(&format!("#{CREATE_BUTTON_ID}"));
            }
        });
        open.set(None);
    });

    // Each dialog's code is a chunk: the opener fetched it before setting `open`, so these
    // futures are ready at once (a failed load shows nothing; the opener reports failures).
    move || {
        let dialog = match open.get()? {
            OpenDialog::Create => {
                when_loaded(create_key_dialog(draft_label, created, on_create_closed))
            }
            OpenDialog::Revoke {
                key,
                fallback_focus,
            } => {
                let revoked_elsewhere = gone_from(keys, key.id);
                when_loaded(revoke_key_dialog(
                    key,
                    fallback_focus,
                    revoked_elsewhere,
                    on_revoke_closed,
                ))
            }
            OpenDialog::BulkRevoke(selected) => when_loaded(bulk_revoke_dialog(
                selected,
                on_bulk_finished,
                on_bulk_closed,
            )),
            OpenDialog::Rotate(key) => {
                let revoked_elsewhere = gone_from(keys, key.id);
                when_loaded(rotation_flow(
                    key,
                    revoked_elsewhere,
                    created,
                    on_rotation_end,
                ))
            }
        };
        Some(dialog)
    }
}
