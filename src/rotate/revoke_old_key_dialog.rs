//! The rotation's last dialog (alertdialog): revoke the old key now, or keep both.

use leptos::prelude::*;

use crate::api::wire::ApiKey;
use crate::components::confirm_actions::ConfirmActions;
use crate::components::dialog::Dialog;
use crate::components::error_notice::ErrorNotice;
use crate::revoke::{LastUseNote, Revocation, Revoked};

/// What was decided about the old key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OldKeyDecision {
    /// The old key was revoked.
    Revoked(Revoked),
    /// Both keys stay active.
    KeptBoth,
}

/// Revoke the old key?, with Keep both focused first (and what Escape does).
#[component]
pub fn RevokeOldKeyDialog(
    /// The key that was replaced.
    old: ApiKey,
    /// Its replacement.
    replacement: ApiKey,
    /// Closed, with what was chosen.
    #[prop(into)]
    on_close: Callback<OldKeyDecision>,
) -> impl IntoView {
    let revoke = Revocation::new(Callback::new(move |revoked| {
        on_close.run(OldKeyDecision::Revoked(revoked));
    }));
    let (busy, error) = (revoke.busy, revoke.error);
    let target = old.clone();
    let confirm = Callback::new(move |_| revoke.start(target.clone()));
    let keep_both = move || {
        if !busy.get_untracked() {
            on_close.run(OldKeyDecision::KeptBoth);
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
