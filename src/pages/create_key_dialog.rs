//! The Create key dialog: a label, validated as typed; one POST per attempt, with an
//! Idempotency-Key reused by retries of the same attempt; then the one-time reveal.

use leptos::prelude::*;

use super::label_form::LabelForm;
use super::reveal_key_panel::{RevealKeyPanel, RevealedKey};
use crate::api::wire::ApiKey;
use crate::components::copy_button::ClipboardWriter;
use crate::components::dialog::Dialog;
use crate::session::ScopedClient;
use crate::state::label::validate;

/// A fresh Idempotency-Key (a UUID v4 from the browser's CSPRNG).
fn new_idempotency_key() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        // Not reachable in browsers that run this app; still unique enough for one attempt.
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
    let client = ScopedClient::from_context();
    // The key while it is shown; the secret is moved here from the answer, never copied.
    let revealed = RwSignal::new(None::<RevealedKey>);
    let create = Action::new_local(move |(label, idempotency_key): &(String, String)| {
        let (label, idempotency_key, client) =
            (label.clone(), idempotency_key.clone(), client.now());
        async move {
            let created = client.create_key(&label, &idempotency_key).await?;
            on_created.run(created.listed());
            revealed.set(Some(RevealedKey::from(created)));
            Ok(())
        }
    });
    // (label sent, key): a retry of the same label reuses the key; another label is a new attempt.
    let attempt = StoredValue::new(None::<(String, String)>);
    let busy = create.pending();
    let submit = Callback::new(move |_| {
        if busy.get_untracked() || revealed.with_untracked(Option::is_some) {
            return;
        }
        let Ok(valid) = label.with_untracked(|l| validate(l).map(str::to_owned)) else {
            return;
        };
        let key = match attempt.get_value() {
            Some((sent, key)) if sent == valid => key,
            _ => new_idempotency_key(),
        };
        attempt.set_value(Some((valid.clone(), key.clone())));
        create.dispatch_local((valid, key));
    });
    let error = Signal::derive(move || {
        let last = create.value().get().filter(|_| !busy.get());
        last.and_then(Result::err)
    });

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
        <Dialog labelled_by="create-key-title" on_dismiss=dismiss>
            {move || if is_revealed.get() {
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
                    <LabelForm
                        label=label
                        busy=busy
                        error=error
                        on_submit=submit
                        on_cancel=Callback::new(move |_| if !busy.get_untracked() { close() })
                    />
                }
                .into_any()
            }}
        </Dialog>
    }
}
