//! The Create key dialog: a label, validated as typed, then the one-time reveal.

use leptos::prelude::*;

use super::key_creation::KeyCreation;
use super::key_dialog::KeyDialog;
use super::label_form::LabelForm;
use super::label_rule::validate;
use crate::api::wire::ApiKey;

/// The modal that creates a key and then reveals it.
#[component]
pub fn CreateKeyDialog(
    /// The label being typed (owned by the page, so closing by accident loses nothing).
    label: RwSignal<String>,
    /// A key was created: its row (never the secret).
    #[prop(into)]
    on_created: Callback<ApiKey>,
    /// The dialog closed: with the created key's label, or `None` when cancelled.
    #[prop(into)]
    on_close: Callback<Option<String>>,
) -> impl IntoView {
    let creation = KeyCreation::new(on_created);
    let busy = creation.busy();
    let error = creation.error();
    let submit = Callback::new(move |_| {
        if let Ok(valid) = label.with_untracked(|l| validate(l)) {
            creation.submit(valid);
        }
    });
    let cancel = Callback::new(move |_| {
        if !busy.get_untracked() {
            on_close.run(None);
        }
    });

    view! {
        <KeyDialog creation=creation on_close=on_close>
            <LabelForm label=label busy=busy error=error on_submit=submit on_cancel=cancel />
        </KeyDialog>
    }
}
