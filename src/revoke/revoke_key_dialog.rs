//! Confirming a revoke (alertdialog): names the key, says what stops working, Cancel first.

use leptos::prelude::*;

use super::last_use_note::LastUseNote;
use super::revocation::{Revocation, Revoked};
use crate::api::wire::ApiKey;
use crate::components::confirm_actions::ConfirmActions;
use crate::components::dialog::Dialog;
use crate::components::error_notice::ErrorNotice;
use crate::i18n::{rich, slot, t, Msg};

/// `msg` naming `key`: its `{label}` in `<strong>` and its `{prefix}` in `<code>` (left to
/// right, as code is).
pub fn key_question(msg: Msg, key: &ApiKey) -> impl IntoView {
    let (label, prefix) = (key.label.clone(), key.shown_prefix());
    rich(
        msg,
        vec![
            slot("label", move || {
                view! { <strong class="key-label" dir="auto">{label.clone()}</strong> }.into_any()
            }),
            slot("prefix", move || {
                view! { <code class="key-prefix" dir="ltr">{prefix.clone()}</code> }.into_any()
            }),
        ],
    )
}

/// The revoke confirmation.

#[component]
pub fn RevokeKeyDialog(
    /// The key whose trash button was pressed.
    key: ApiKey,
    /// Selector of what gets focus if the key's row is gone when the dialog closes.
    #[prop(into)]
    fallback_focus: String,
    /// The key was revoked meanwhile in another tab or window (the dialog says so; Revoke key
    /// then only closes it).
    #[prop(into)]
    revoked_elsewhere: Signal<bool>,
    /// Closed: the revoked key, or `None` on cancel.
    #[prop(into)]
    on_close: Callback<Option<Revoked>>,
) -> impl IntoView {
    // The dialog closes when the key is gone.
    let revoke = Revocation::new(Callback::new(move |revoked| on_close.run(Some(revoked))));
    let (busy, error) = (revoke.busy, revoke.error);
    let target = key.clone();
    let confirm = Callback::new(move |_| {
        if revoked_elsewhere.get_untracked() {
            on_close.run(None);
        } else {
            revoke.start(target.clone());
        }
    });
    let cancel = move || {
        if !busy.get_untracked() {
            on_close.run(None);
        }
    };

    view! {
        <Dialog
            alert=true
            labelled_by="revoke-title"
            described_by="revoke-description"
            fallback_focus=fallback_focus
            class="dialog-narrow"
            on_dismiss=Callback::new(move |_| cancel())
        >
            <h2 id="revoke-title">{t(Msg::RevokeDialogTitle)}</h2>
            <div id="revoke-description">
                <p>{key_question(Msg::RevokeKeyQuestion, &key)}</p>
                <LastUseNote key=key.clone() />
                <p>{t(Msg::RevokeConsequence)}</p>
            </div>
            <Show when=move || revoked_elsewhere.get()>
                <p class="notice notice-info" role="alert">{t(Msg::RevokedInAnotherTab)}</p>
            </Show>
            {move || error.get().map(|e| view! { <ErrorNotice error=e title=Msg::RevokeFailed /> })}
            <ConfirmActions
                safe=Msg::Cancel
                danger=Msg::RevokeKey
                busy=busy
                on_safe=Callback::new(move |_| cancel())
                on_danger=confirm
            />
        </Dialog>
    }
}
