//! The Create key dialog: a label, validated as typed; one POST per attempt, with an
//! Idempotency-Key reused by retries of the same attempt; then the one-time reveal.

use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::SubmitEvent;

use super::reveal_key_panel::{RevealKeyPanel, RevealedKey};
use crate::api::wire::ApiKey;
use crate::api::{ApiError, Client};
use crate::components::copy_button::ClipboardWriter;
use crate::components::dialog::Dialog;
use crate::components::error_notice::ErrorNotice;
use crate::components::progress_button::ProgressButton;
use crate::state::label::{validate, MAX_LABEL_CHARS};

/// Where the dialog is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Typing a label.
    Form,
    /// The POST is in flight: no second submit, no closing.
    Creating,
    /// The key exists and is shown once.
    Revealed,
}

/// A fresh Idempotency-Key (a UUID v4 from the browser's CSPRNG).
fn new_idempotency_key() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        // Not reachable in browsers that run this app; still unique enough for one attempt.
        // Integers only: formatting an f64 would pull float printing into the wasm.
        .unwrap_or_else(|| {
            format!(
                "attempt-{}-{}",
                js_sys::Date::now() as u64,
                (js_sys::Math::random() * 1e15) as u64
            )
        })
}

/// The modal that creates a key and then reveals it.
#[component]
pub fn CreateKeyDialog(
    /// Client scoped to the account.
    client: Client,
    /// The label being typed (owned by the page, so closing by accident loses nothing).
    label: RwSignal<String>,
    /// A key was created: its row (never the secret).
    #[prop(into)]
    on_created: Callback<ApiKey>,
    /// The dialog closed: with the created key's label, or `None` when cancelled.
    #[prop(into)]
    on_close: Callback<Option<String>>,
    /// Clipboard access for the reveal panel (tests substitute it).
    #[prop(default = None)]
    writer: Option<ClipboardWriter>,
) -> impl IntoView {
    let client = StoredValue::new(client);
    let phase = RwSignal::new(Phase::Form);
    let error = RwSignal::new(None::<ApiError>);
    let touched = RwSignal::new(!label.get_untracked().is_empty());
    // (label sent, key): a retry of the same label reuses the key; another label is a new attempt.
    let attempt = StoredValue::new(None::<(String, String)>);
    let revealed = RwSignal::new(None::<RevealedKey>);
    let copied = RwSignal::new(false);
    let confirming = RwSignal::new(false);

    let problem = Memo::new(move |_| label.with(|l| validate(l).err()));
    let show_problem = move || touched.get() && problem.get().is_some();

    let submit = move || {
        if phase.get_untracked() != Phase::Form {
            return;
        }
        touched.set(true);
        let Ok(valid) = label.with_untracked(|l| validate(l).map(str::to_owned)) else {
            return;
        };
        let key = match attempt.get_value() {
            Some((sent, key)) if sent == valid => key,
            _ => new_idempotency_key(),
        };
        attempt.set_value(Some((valid.clone(), key.clone())));
        phase.set(Phase::Creating);
        error.set(None);
        spawn_local(async move {
            let result = client.get_value().create_key(&valid, &key).await;
            match result {
                Ok(created) => {
                    on_created.run(created.listed());
                    revealed.set(Some(RevealedKey::from(created)));
                    phase.set(Phase::Revealed);
                }
                Err(e) => {
                    error.set(Some(e));
                    phase.set(Phase::Form);
                }
            }
        });
    };

    let close = move || {
        let created = revealed.with_untracked(|r| r.as_ref().map(|k| k.label.clone()));
        // The secret leaves memory with the signal; the dialog unmounts right after.
        revealed.set(None);
        on_close.run(created);
    };
    let dismiss = Callback::new(move |_| match phase.get_untracked() {
        Phase::Form => close(),
        // Closing now could make a key whose secret nobody ever sees.
        Phase::Creating => {}
        Phase::Revealed if copied.get_untracked() => close(),
        Phase::Revealed => confirming.set(true),
    });

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        submit();
    };
    let busy = Signal::derive(move || phase.get() == Phase::Creating);
    let invalid = Signal::derive(move || problem.get().is_some());

    view! {
        <Dialog labelled_by="create-key-title" on_dismiss=dismiss>
            {move || if phase.get() == Phase::Revealed {
                view! {
                    <RevealKeyPanel
                        revealed=revealed
                        copied=copied
                        confirming=confirming
                        on_done=Callback::new(move |_| close())
                        writer=writer.clone()
                    />
                }
                .into_any()
            } else {
                view! {
                    <form class="dialog-form" novalidate on:submit=on_submit>
                        <h2 id="create-key-title">"Create API key"</h2>
                        <div class="field">
                            <label for="key-label">"Label"</label>
                            <p id="key-label-hint" class="hint">
                                "Describe where the key will be used, such as \"Production Sync\" or \"CI Pipeline\"."
                            </p>
                            <input
                                id="key-label"
                                type="text"
                                autocomplete="off"
                                spellcheck="false"
                                maxlength=(MAX_LABEL_CHARS * 4).to_string()
                                data-autofocus
                                aria-describedby=move || if show_problem() { "key-label-hint key-label-error" } else { "key-label-hint" }
                                aria-invalid=move || show_problem().to_string()
                                aria-required="true"
                                prop:value=move || label.get()
                                on:input=move |ev| {
                                    label.set(event_target_value(&ev));
                                    touched.set(true);
                                }
                                readonly=move || busy.get()
                            />
                            <p id="key-label-error" class="field-error" aria-live="polite">
                                {move || if show_problem() { problem.get().map(|p| p.message()) } else { None }}
                            </p>
                        </div>
                        {move || error.get().map(|e| view! {
                            <ErrorNotice error=e title="The key was not created. Your label is kept." />
                        })}
                        <div class="actions">
                            <button
                                type="button"
                                class="button"
                                aria-disabled=move || busy.get().to_string()
                                on:click=move |_| if !busy.get_untracked() { close() }
                            >"Cancel"</button>
                            <ProgressButton label="Create" class="primary" submit=true busy=busy disabled=invalid />
                        </div>
                    </form>
                }
                .into_any()
            }}
        </Dialog>
    }
}
