//! Guided rotation: a replacement with the same label, its one-time reveal, then the question
//! whether to revoke the old key now, so a key is replaced without an outage.

use leptos::prelude::*;

use super::key_creation::{KeyCreation, KEY_DIALOG_TITLE};
use super::key_dialog::KeyDialog;
use super::revoke_key_dialog::{LastUseNote, Revocation, Revoked};
use crate::api::wire::ApiKey;
use crate::components::confirm_actions::ConfirmActions;
use crate::components::copy_button::ClipboardWriter;
use crate::components::dialog::Dialog;
use crate::components::error_notice::ErrorNotice;
use crate::components::progress_button::ProgressButton;

/// The first half: explains the steps, makes the replacement and reveals it.
#[component]
pub fn RotateKeyDialog(
    /// The key being replaced.
    key: ApiKey,
    /// The replacement was made: its row (never the secret).
    #[prop(into)]
    on_created: Callback<ApiKey>,
    /// Closed: `true` once the replacement exists, `false` when cancelled before.
    #[prop(into)]
    on_close: Callback<bool>,
    /// Clipboard access for the reveal panel (tests substitute it).
    #[prop(default = None)]
    writer: Option<ClipboardWriter>,
) -> impl IntoView {
    let creation = KeyCreation::new(on_created);
    let busy = creation.busy();
    let error = creation.error();
    let label = key.label.clone();
    // Retries send the same label, so they reuse the attempt's Idempotency-Key.
    let create = Callback::new(move |_| creation.submit(label.clone()));
    let cancel = move |_| {
        if !busy.get_untracked() {
            on_close.run(false);
        }
    };
    let (label, prefix) = (key.label.clone(), key.shown_prefix());

    view! {
        <KeyDialog creation=creation on_close=Callback::new(move |made: Option<String>| on_close.run(made.is_some())) writer=writer>
            <h2 id=KEY_DIALOG_TITLE>"Rotate API key"</h2>
            <p>
                "Replace "<strong class="key-label">{label.clone()}</strong>
                " ("<code class="key-prefix">{prefix.clone()}</code>") without an outage:"
            </p>
            <ol class="steps">
                <li>"Create a replacement key with the same label. It is shown once."</li>
                <li>"Put the replacement wherever the old key is used, and check that it works."</li>
                <li>"Revoke the old key, now or once nothing uses it."</li>
            </ol>
            {move || error.get().map(|e| view! {
                <ErrorNotice error=e title="The replacement was not created. Nothing changed." />
            })}
            <div class="actions">
                <button
                    type="button"
                    class="button"
                    aria-disabled=move || busy.get().to_string()
                    on:click=cancel
                >"Cancel"</button>
                <ProgressButton label="Create replacement" class="primary" busy=busy on_click=create />
            </div>
        </KeyDialog>
    }
}

/// How a rotation ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RotationEnd {
    /// The old key was revoked.
    Revoked(Revoked),
    /// Both keys stay active.
    KeptBoth,
}

/// The second half (alertdialog): revoke the old key now, or keep both.
#[component]
pub fn RevokeOldKeyDialog(
    /// The key that was replaced.
    old: ApiKey,
    /// Its replacement.
    replacement: ApiKey,
    /// Closed, with what was chosen.
    #[prop(into)]
    on_close: Callback<RotationEnd>,
) -> impl IntoView {
    let revoke = Revocation::new(Callback::new(move |revoked| {
        on_close.run(RotationEnd::Revoked(revoked));
    }));
    let (busy, error) = (revoke.busy, revoke.error);
    let target = old.clone();
    let confirm = Callback::new(move |_| revoke.start(target.clone()));
    let keep_both = move || {
        if !busy.get_untracked() {
            on_close.run(RotationEnd::KeptBoth);
        }
    };

    view! {
        <Dialog
            alert=true
            labelled_by="revoke-old-title"
            described_by="revoke-old-description"
            class="dialog-narrow"
            on_dismiss=Callback::new(move |_| keep_both())
        >
            <h2 id="revoke-old-title">"Revoke the old key?"</h2>
            <div id="revoke-old-description">
                <p>
                    "The replacement "<code class="key-prefix">{replacement.shown_prefix()}</code>
                    " is active. The old key "<strong class="key-label">{old.label.clone()}</strong>
                    " ("<code class="key-prefix old-prefix">{old.shown_prefix()}</code>") still works too."
                </p>
                <LastUseNote key=old.clone() />
                <p>"Revoke it once nothing uses it: anything still using it stops working at once. You can also keep both and revoke it later from the list."</p>
            </div>
            {move || error.get().map(|e| view! {
                <ErrorNotice
                    error=e
                    title="The old key is still active: both keys work."
                    on_retry=confirm
                    retrying=busy
                />
            })}
            <ConfirmActions
                safe="Keep both"
                danger="Revoke old key"
                busy=busy
                on_safe=Callback::new(move |_| keep_both())
                on_danger=confirm
            />
        </Dialog>
    }
}
