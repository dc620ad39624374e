//! A rotation from start to end: the Rotate dialog, then the question about the old key, and
//! the list, the status message and focus kept in step.

use leptos::prelude::*;

use super::key_table::rotate_button_selector;
use super::rotate_key_dialog::{RevokeOldKeyDialog, RotateKeyDialog, RotationEnd};
use crate::api::wire::ApiKey;
use crate::components::focus::{after_render, focus_selector};
use crate::components::status::Status;
use crate::state::key_list::KeyList;

/// Where a rotation is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rotation {
    /// The Rotate dialog is open for this key.
    Replacing(ApiKey),
    /// The replacement exists; the old key awaits a decision.
    Deciding {
        /// The key replaced.
        old: ApiKey,
        /// Its replacement.
        replacement: ApiKey,
    },
}

/// The dialogs of the rotation in progress, if any.
#[component]
pub fn RotationFlow(
    /// The rotation; `Some(Replacing(key))` starts one, the flow sets `None` at its end.
    rotation: RwSignal<Option<Rotation>>,
    /// The list, which gains the replacement and loses the old key if it is revoked.
    list: RwSignal<KeyList>,
) -> impl IntoView {
    let status = expect_context::<Status>();
    let replacement = StoredValue::new(None::<ApiKey>);
    let on_created = Callback::new(move |key: ApiKey| {
        list.update(|l| l.add_created(key.clone()));
        replacement.set_value(Some(key));
    });
    let on_replacing_closed = Callback::new(move |made: bool| {
        let Some(Rotation::Replacing(old)) = rotation.get_untracked() else {
            return;
        };
        match replacement.get_value().filter(|_| made) {
            Some(replacement) => rotation.set(Some(Rotation::Deciding { old, replacement })),
            None => rotation.set(None),
        }
        replacement.set_value(None);
    });
    let on_end = Callback::new(move |end: RotationEnd| {
        let Some(Rotation::Deciding { old, replacement }) = rotation.get_untracked() else {
            return;
        };
        // The dialog's opener (the reveal's Done) is gone; focus goes to the key that stays.
        let focus_on = match end {
            RotationEnd::Revoked(revoked) => {
                list.update(|l| {
                    l.remove(old.id);
                });
                status.say(if revoked.already_gone {
                    format!(
                        "Rotated {}. The old key had already been revoked elsewhere.",
                        old.label
                    )
                } else {
                    format!("Rotated {}", old.label)
                });
                replacement.id
            }
            RotationEnd::KeptBoth => {
                status.say(format!(
                    "Both keys labelled {} stay active. Revoke the old one once nothing uses it.",
                    old.label
                ));
                old.id
            }
        };
        after_render(move || {
            focus_selector(&rotate_button_selector(focus_on));
        });
        rotation.set(None);
    });

    move || match rotation.get() {
        None => ().into_any(),
        Some(Rotation::Replacing(key)) => view! {
            <RotateKeyDialog key=key on_created=on_created on_close=on_replacing_closed />
        }
        .into_any(),
        Some(Rotation::Deciding { old, replacement }) => view! {
            <RevokeOldKeyDialog old=old replacement=replacement on_close=on_end />
        }
        .into_any(),
    }
}
