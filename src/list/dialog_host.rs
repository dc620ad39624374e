//! The one dialog open over the list, if any, and what its closing changes: rows, the status
//! message, focus.

use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;

use super::dialog_chunks::{create_key_dialog, revoke_key_dialog, rotation_flow, DialogCode};
use super::key_table::{rotate_button_selector, RowButton};
use super::tab_sync::TabSync;
use crate::api::wire::ApiKey;
use crate::components::focus::{after_render, DomRoot};
use crate::components::host_events::HostEvents;
use crate::components::status::{isolated, Status};
use crate::revoke::Revoked;
use crate::rotate::{Rotation, RotationEnd};
use crate::state::key_list::KeyList;
use crate::state::key_view::matches;

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
    /// A step of a rotation.
    Rotate(Rotation),
}

impl OpenDialog {
    /// The code it needs.
    pub fn code(&self) -> DialogCode {
        match self {
            OpenDialog::Create => DialogCode::Create,
            OpenDialog::Revoke { .. } => DialogCode::Revoke,
            OpenDialog::Rotate(_) => DialogCode::Rotate,
        }
    }

    /// The row button that asked for it, if a row's.
    pub fn row_button(&self) -> Option<RowButton> {
        match self {
            OpenDialog::Create => None,
            OpenDialog::Revoke { key, .. } => Some(RowButton::Revoke(key.id)),
            OpenDialog::Rotate(rotation) => Some(RowButton::Rotate(rotation.old().id)),
        }
    }
}

/// Whether key `id` has left `list`: an open dialog about it learns that another tab revoked it
/// (`TabSync` removes it from the list first).
fn gone_from(list: RwSignal<KeyList>, id: i64) -> Signal<bool> {
    Signal::derive(move || list.with(|l| !l.contains(id)))
}

/// A dialog's view once its chunk is in (at once when it already is; nothing if it failed).
fn when_loaded(
    view: impl std::future::Future<Output = Result<AnyView, SplitLoaderError>> + Send + 'static,
) -> AnyView {
    Suspend::new(async move { view.await.ok() }).into_any()
}

/// Shows the open dialog and applies its outcome to the list.
#[component]
pub fn DialogHost(
    /// The open dialog; each dialog sets `None` when it closes.
    open: RwSignal<Option<OpenDialog>>,
    /// The list its outcomes change.
    list: RwSignal<KeyList>,
    /// The filter, to say whether a created key is shown.
    #[prop(into)]
    filter: Signal<String>,
) -> impl IntoView {
    let status = expect_context::<Status>();
    let root = DomRoot::from_context();
    let events = HostEvents::from_context();
    let sync = TabSync::from_context();
    // The label survives closing Create key by accident; it is cleared when a key is made.
    let draft_label = RwSignal::new(String::new());
    let last_created = StoredValue::new(None::<ApiKey>);
    let (created_events, created_sync) = (events.clone(), sync.clone());
    let add_created = Callback::new(move |key: ApiKey| {
        created_events.key_created(&key);
        created_sync.created(&key);
        list.update(|l| l.add_created(key.clone()));
        last_created.set_value(Some(key));
    });
    let on_create_closed = Callback::new(move |created_label: Option<String>| {
        open.set(None);
        let Some(label) = created_label else { return };
        draft_label.set(String::new());
        let listed = last_created
            .get_value()
            .is_some_and(|k| filter.with_untracked(|q| matches(&k, q)));
        status.say(if listed {
            format!("Created {}. It's in the list below.", isolated(&label))
        } else {
            format!(
                "Created {}. It doesn't match the filter, so it isn't shown.",
                isolated(&label)
            )
        });
    });
    let (revoked_events, revoked_sync) = (events.clone(), sync.clone());
    let on_revoke_closed = Callback::new(move |outcome: Option<Revoked>| {
        if let Some(revoked) = outcome {
            if !revoked.already_gone {
                revoked_events.key_revoked(&revoked.key);
                revoked_sync.revoked(revoked.key.id);
            }
            list.update(|l| {
                l.remove(revoked.key.id);
            });
            status.say(revoked.announcement());
        }
        open.set(None);
    });
    let on_rotation_step = Callback::new(move |next| open.set(Some(OpenDialog::Rotate(next))));
    let on_rotation_end = Callback::new(move |end: RotationEnd| {
        if let RotationEnd::Replaced {
            old, already_gone, ..
        } = &end
        {
            if !already_gone {
                events.key_revoked(old);
                sync.revoked(old.id);
            }
            list.update(|l| {
                l.remove(old.id);
            });
        }
        if let Some(message) = end.announcement() {
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

    // Each dialog's code is a chunk: the opener fetched it before setting `open`, so these
    // futures are ready at once (a failed load shows nothing; the opener reports failures).
    move || {
        let dialog = match open.get()? {
            OpenDialog::Create => {
                let shown = create_key_dialog(draft_label, add_created, on_create_closed);
                when_loaded(shown)
            }
            OpenDialog::Revoke {
                key,
                fallback_focus,
            } => {
                let revoked_elsewhere = gone_from(list, key.id);
                let shown =
                    revoke_key_dialog(key, fallback_focus, revoked_elsewhere, on_revoke_closed);
                when_loaded(shown)
            }
            OpenDialog::Rotate(rotation) => {
                let revoked_elsewhere = gone_from(list, rotation.old().id);
                let shown = rotation_flow(
                    rotation,
                    revoked_elsewhere,
                    add_created,
                    on_rotation_step,
                    on_rotation_end,
                );
                when_loaded(shown)
            }
        };
        Some(dialog)
    }
}
