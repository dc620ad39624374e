//! The modal around a key being made: the step before the POST (the owner's), then the
//! one-time reveal, with a close that asks before discarding a key nobody copied.

use leptos::prelude::*;

use super::key_creation::KeyCreation;
use super::reveal_key_panel::RevealKeyPanel;
use super::revealed_key::KEY_DIALOG_TITLE;
use crate::components::dialog::Dialog;

/// A dialog that makes a key and then reveals it.
#[component]
pub fn KeyDialog(
    /// The creation it shows.
    creation: KeyCreation,
    /// Closed: with the created key's label, or `None` when nothing was made.
    #[prop(into)]
    on_close: Callback<Option<String>>,
    /// The step before the key exists (a form, an explanation); its heading has the id
    /// [`KEY_DIALOG_TITLE`].
    children: ChildrenFn,
) -> impl IntoView {
    let revealed = creation.revealed;
    let busy = creation.busy();
    let copied = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let close = move || {
        let created = revealed.with_untracked(|r| r.as_ref().map(|k| k.label.clone()));
        // The secret leaves memory with the signal's value; the dialog unmounts right after.
        revealed.set(None);
        on_close.run(created);
    };
    let dismiss = Callback::new(move |_| {
        if busy.get_untracked() {
            // Closing now could make a key whose secret nobody ever sees.
        } else if revealed.with_untracked(Option::is_none) || copied.get_untracked() {
            close();
        } else {
            confirming.set(true);
        }
    });
    let is_revealed = Memo::new(move |_| revealed.with(Option::is_some));

    view! {
        <Dialog labelled_by=KEY_DIALOG_TITLE on_dismiss=dismiss>
            {move || if is_revealed.get() {
                view! {
                    <RevealKeyPanel
                        revealed=revealed
                        copied=copied
                        confirming=confirming
                        on_done=Callback::new(move |_| close())

                    />
                }
                .into_any()
            } else {
                children().into_any()
            }}
        </Dialog>
    }
}
