//! Making a key, for Create key and for a rotation alike: one POST per attempt, with an
//! Idempotency-Key that a retry of the same label reuses, and the one-time reveal it leads to.

use leptos::prelude::*;

use super::revealed_key::{Reveal, RevealedKey};
use crate::api::wire::ApiKey;
use crate::api::ApiError;
use crate::components::action_state::pending_and_error;
use crate::session::ScopedClient;

/// A fresh Idempotency-Key: a UUID v4 from the browser's CSPRNG (`crypto.getRandomValues`,
/// there in insecure contexts too).
fn new_idempotency_key() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// The creation of one key, from the first attempt to the reveal.
#[derive(Clone, Copy)]
pub struct KeyCreation {
    action: Action<(String, String), Result<(), ApiError>>,
    pending: Memo<bool>,
    error: Signal<Option<ApiError>>,
    /// (label sent, key): a retry of the same label reuses the key; another label is a new attempt.
    attempt: StoredValue<Option<(String, String)>>,
    /// The one-time reveal of the key made; the secret is moved there from the answer, never
    /// copied.
    pub reveal: Reveal,
}

impl KeyCreation {
    /// A creation that reports the new key's row (never the secret) to `on_created`.
    pub fn new(on_created: Callback<ApiKey>) -> Self {
        let client = ScopedClient::from_context();
        let reveal = Reveal::new();
        let action = Action::new_local(move |(label, idempotency_key): &(String, String)| {
            let (label, idempotency_key, client) =
                (label.clone(), idempotency_key.clone(), client.now());
            async move {
                let created = client.create_key(&label, &idempotency_key).await?;
                on_created.run(created.listed());
                reveal.show(RevealedKey::from(created));
                Ok(())
            }
        });
        let (pending, error) = pending_and_error(action);
        Self {
            action,
            pending,
            error,
            attempt: StoredValue::new(None),
            reveal,
        }
    }

    /// Whether a POST is on its way.
    pub fn busy(&self) -> Memo<bool> {
        self.pending
    }

    /// Sends `label` (already valid), unless a POST is on its way or the key is made.
    pub fn submit(&self, label: String) {
        if self.pending.get_untracked() || self.reveal.is_shown_untracked() {
            return;
        }
        let key = match self.attempt.get_value() {
            Some((sent, key)) if sent == label => key,
            _ => new_idempotency_key(),
        };
        self.attempt.set_value(Some((label.clone(), key.clone())));
        self.action.dispatch_local((label, key));
    }

    /// Why the last attempt failed (hidden while a new one runs).
    pub fn error(&self) -> Signal<Option<ApiError>> {
        self.error
    }
}
