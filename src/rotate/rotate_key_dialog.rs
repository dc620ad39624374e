//! The rotation's first dialog: explains the steps, makes a replacement with the same label by
//! Create key's rules, and reveals it once.

use leptos::prelude::*;

use crate::api::wire::ApiKey;
use crate::components::error_notice::ErrorNotice;
use crate::components::progress_button::ProgressButton;
use crate::create::{KeyCreation, KeyDialog, KEY_DIALOG_TITLE};
use crate::i18n::{t, Msg};
use crate::revoke::key_question;

/// Rotate API key: the steps, Create replacement, then the one-time reveal.
#[component]
pub fn RotateKeyDialog(
    /// The key being replaced.
    key: ApiKey,
    /// It was revoked meanwhile in another tab or window: nothing is left to rotate.
    #[prop(into)]
    revoked_elsewhere: Signal<bool>,
    /// The replacement was made: its row (never the secret).
    #[prop(into)]
    on_created: Callback<ApiKey>,
    /// Closed: `true` once the replacement exists, `false` when cancelled before.
    #[prop(into)]
    on_close: Callback<bool>,
) -> impl IntoView {
    let creation = KeyCreation::new(on_created);
    let busy = creation.busy();
    let error = creation.error();
    let label = key.label.clone();
    // Retries send the same label, so they reuse the attempt's Idempotency-Key.
    let create = Callback::new(move |_| {
        if !revoked_elsewhere.get_untracked() {
            creation.submit(label.clone());
        }
    });
    let cancel = move |_| {
        if !busy.get_untracked() {
            on_close.run(false);
        }
    };
    let question = StoredValue::new(key);

    view! {
        <KeyDialog creation=creation on_close=Callback::new(move |made: Option<String>| on_close.run(made.is_some()))>
            <h2 id=KEY_DIALOG_TITLE>{t(Msg::RotateDialogTitle)}</h2>
            <p>{question.with_value(|key| key_question(Msg::RotateIntro, key))}</p>

            <ol class="steps">
                <li>{t(Msg::RotateStepCreate)}</li>
                <li>{t(Msg::RotateStepDeploy)}</li>
                <li>{t(Msg::RotateStepRevoke)}</li>
            </ol>
            <Show when=move || revoked_elsewhere.get() && !busy.get()>
                <p class="notice notice-info" role="alert">{t(Msg::RotateRevokedElsewhere)}</p>
            </Show>
            {move || error.get().map(|e| view! {
                <ErrorNotice error=e title=Msg::RotateFailed />
            })}
            <div class="actions">
                <button
                    type="button"
                    class="button"
                    aria-disabled=move || busy.get().to_string()
                    on:click=cancel
                >{t(Msg::Cancel)}</button>
                <ProgressButton
                    label=Msg::CreateReplacement
                    class="primary"
                    busy=busy
                    disabled=revoked_elsewhere
                    on_click=create
                />
            </div>
        </KeyDialog>
    }
}
