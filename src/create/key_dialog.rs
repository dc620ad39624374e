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
    let reveal = creation.reveal;
    let busy = creation.busy();
    // The secret leaves memory as the reveal ends; the dialog unmounts right after.
    let close = move || on_close.run(reveal.end());
    let dismiss = Callback::new(move |_| {
        // While the POST is out, closing could make a key whose secret nobody ever sees.
        if !busy.get_untracked() && reveal.may_close() {
            close();
        }
    });
    let is_revealed = Memo::new(move |_| reveal.is_shown());

    view! {
        <Dialog labelled_by=KEY_DIALOG_TITLE on_dismiss=dismiss>
            {move || if is_revealed.get() {
                view! { <RevealKeyPanel reveal=reveal on_done=Callback::new(move |_| close()) /> }
                    .into_any()
            } else {
                children().into_any()
            }}
        </Dialog>
    }
}
