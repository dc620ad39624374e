//! Confirming a revoke (alertdialog): names the key, says what stops working, Cancel first.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::wire::ApiKey;
use crate::api::{ApiError, Client, ErrorKind};
use crate::components::dialog::Dialog;
use crate::components::error_notice::ErrorNotice;
use crate::components::progress_button::ProgressButton;

/// The revoke confirmation.
#[component]
pub fn RevokeKeyDialog(
    /// Client scoped to the account.
    client: Client,
    /// The key to revoke.
    key: ApiKey,
    /// Selector of what gets focus if the key's row is gone when the dialog closes.
    #[prop(into)]
    fallback_focus: String,
    /// Closed: `Some((key, already_gone))` when the key is revoked (or was already), `None` on cancel.
    #[prop(into)]
    on_close: Callback<Option<(ApiKey, bool)>>,
) -> impl IntoView {
    let client = StoredValue::new(client);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let target = StoredValue::new(key.clone());

    let revoke = Callback::new(move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let key = target.get_value();
        spawn_local(async move {
            match client.get_value().revoke_key(key.id).await {
                Ok(()) => on_close.run(Some((key, false))),
                // Revoked elsewhere (another tab, another admin): the row must go all the same.
                Err(e) if e.kind == ErrorKind::NotFound => on_close.run(Some((key, true))),
                Err(e) => {
                    error.set(Some(e));
                    busy.set(false);
                }
            }
        });
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
            <h2 id="revoke-title">"Revoke API key"</h2>
            <div id="revoke-description">
                <p>
                    "Revoke "<strong class="key-label">{key.label.clone()}</strong>
                    " ("<code class="key-prefix">{format!("{}…", key.key_prefix)}</code>")?"
                </p>
                <p>"Applications using this key will stop working immediately. This can't be undone."</p>
            </div>
            {move || error.get().map(|e| view! { <ErrorNotice error=e title="The key was not revoked." /> })}
            <div class="actions">
                <button
                    type="button"
                    class="button"
                    data-autofocus
                    aria-disabled=move || busy.get().to_string()
                    on:click=move |_| cancel()
                >"Cancel"</button>
                <ProgressButton label="Revoke key" class="danger" busy=busy on_click=revoke />
            </div>
        </Dialog>
    }
}
