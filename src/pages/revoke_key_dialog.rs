//! Confirming a revoke (alertdialog): names the key, says what stops working, Cancel first.

use leptos::prelude::*;

use super::attempt::pending_and_error;
use crate::api::wire::ApiKey;
use crate::api::{ApiError, ErrorKind};
use crate::components::clock::now_secs;
use crate::components::confirm_actions::ConfirmActions;
use crate::components::dialog::Dialog;
use crate::components::error_notice::ErrorNotice;
use crate::components::icons::WarningIcon;
use crate::session::ScopedClient;
use crate::state::time::{parse_rfc3339, LastUse};

/// A key that is no longer active.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revoked {
    /// The key.
    pub key: ApiKey,
    /// It had been revoked elsewhere already (another tab, another admin).
    pub already_gone: bool,
}

impl Revoked {
    /// What the status region says.
    pub fn announcement(&self) -> String {
        if self.already_gone {
            format!(
                "{} was already revoked elsewhere; it's no longer listed.",
                self.key.label
            )
        } else {
            format!("Revoked {}", self.key.label)
        }
    }
}

/// A revoke, for both confirmations: one request at a time, the last attempt's error, and
/// `on_done` once the key is gone. A key already revoked elsewhere (404) counts as revoked,
/// since its row must go all the same.
#[derive(Clone, Copy)]
pub struct Revocation {
    action: Action<ApiKey, Result<Revoked, ApiError>>,
    /// Whether the request is on its way.
    pub busy: Memo<bool>,
    /// Why the last attempt failed (hidden while a new one runs).
    pub error: Signal<Option<ApiError>>,
}

impl Revocation {
    /// A revoke that calls `on_done` when the key is gone (the owner then closes its dialog).
    pub fn new(on_done: Callback<Revoked>) -> Self {
        let action = revoke_action();
        let (busy, error) = pending_and_error(action);
        Effect::new(move |_| {
            if let Some(Ok(revoked)) = action.value().get() {
                on_done.run(revoked);
            }
        });
        Self {
            action,
            busy,
            error,
        }
    }

    /// Revokes `key`, unless a revoke is on its way.
    pub fn start(&self, key: ApiKey) {
        if !self.busy.get_untracked() {
            self.action.dispatch_local(key);
        }
    }
}

fn revoke_action() -> Action<ApiKey, Result<Revoked, ApiError>> {
    let client = ScopedClient::from_context();
    Action::new_local(move |key: &ApiKey| {
        let (key, client) = (key.clone(), client.now());
        async move {
            match client.revoke_key(key.id).await {
                Ok(()) => Ok(Revoked {
                    key,
                    already_gone: false,
                }),
                Err(e) if e.kind == ErrorKind::NotFound => Ok(Revoked {
                    key,
                    already_gone: true,
                }),
                Err(e) => Err(e),
            }
        }
    })
}

/// When `key` was last used, as a sentence; a warning when that was within a day.
#[component]
pub fn LastUseNote(
    /// The key.
    key: ApiKey,
) -> impl IntoView {
    let last_use = LastUse::of(
        now_secs(),
        key.last_used_at.as_deref().and_then(parse_rfc3339),
    );
    let sentence = last_use.sentence();
    match last_use {
        LastUse::Recent(_) => view! {
            <p class="notice notice-warning last-use"><WarningIcon /><span>{sentence}</span></p>
        }
        .into_any(),
        _ => view! { <p class="last-use">{sentence}</p> }.into_any(),
    }
}

/// The revoke confirmation.
#[component]
pub fn RevokeKeyDialog(
    /// The key to revoke.
    key: ApiKey,
    /// Selector of what gets focus if the key's row is gone when the dialog closes.
    #[prop(into)]
    fallback_focus: String,
    /// Closed: the revoked key, or `None` on cancel.
    #[prop(into)]
    on_close: Callback<Option<Revoked>>,
) -> impl IntoView {
    // The dialog closes when the key is gone.
    let revoke = Revocation::new(Callback::new(move |revoked| on_close.run(Some(revoked))));
    let (busy, error) = (revoke.busy, revoke.error);
    let target = key.clone();
    let confirm = Callback::new(move |_| revoke.start(target.clone()));
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
                    " ("<code class="key-prefix">{key.shown_prefix()}</code>")?"
                </p>
                <LastUseNote key=key.clone() />
                <p>"Applications using this key will stop working immediately. This can't be undone."</p>
            </div>
            {move || error.get().map(|e| view! { <ErrorNotice error=e title="The key was not revoked." /> })}
            <ConfirmActions
                safe="Cancel"
                danger="Revoke key"
                busy=busy
                on_safe=Callback::new(move |_| cancel())
                on_danger=confirm
            />
        </Dialog>
    }
}
