//! The rotation's last dialog (alertdialog): revoke the old key now, or keep both.

use leptos::prelude::*;

use crate::api::wire::ApiKey;
use crate::components::confirm_actions::ConfirmActions;
use crate::components::dialog::Dialog;
use crate::components::error_notice::ErrorNotice;
use crate::i18n::{rich, slot, t, Msg};
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

    let (label, old_prefix) = (old.label.clone(), old.shown_prefix());
    let new_prefix = replacement.shown_prefix();
    let both_keys = rich(
        Msg::RevokeOldQuestion,
        vec![
            slot("new_prefix", move || {
                view! { <code class="key-prefix" dir="ltr">{new_prefix.clone()}</code> }.into_any()
            }),
            slot("label", move || {
                view! { <strong class="key-label" dir="auto">{label.clone()}</strong> }.into_any()
            }),
            slot("old_prefix", move || {
                view! { <code class="key-prefix old-prefix" dir="ltr">{old_prefix.clone()}</code> }
                    .into_any()
            }),
        ],
    );
    view! {
        <Dialog
            alert=true
            labelled_by="revoke-old-title"

            described_by="revoke-old-description"
            class="dialog-narrow"
            on_dismiss=Callback::new(move |_| keep_both())
        >
            <h2 id="revoke-old-title">{t(Msg::RevokeOldTitle)}</h2>
            <div id="revoke-old-description">
                <p>{both_keys}</p>
                <LastUseNote key=old.clone() />
                <p>{t(Msg::RevokeOldAdvice)}</p>
            </div>
            {move || error.get().map(|e| view! {
                <ErrorNotice
                    error=e
                    title=Msg::RevokeOldFailed
                    on_retry=confirm
                    retrying=busy
                />
            })}
            <ConfirmActions
                safe=Msg::KeepBoth
                danger=Msg::RevokeOldKey
                busy=busy
                on_safe=Callback::new(move |_| keep_both())
                on_danger=confirm
            />
        </Dialog>
    }
}
