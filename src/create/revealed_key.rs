//! What the creation hands the reveal: the key being shown and the reveal's state, and the id
//! of the heading that names the key dialogs whichever step they show (the form, the
//! rotation's steps, the reveal).

use leptos::prelude::*;
use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

use crate::api::wire::CreatedKey;

/// Id of the heading that names the key dialogs, whichever step they show.
pub const KEY_DIALOG_TITLE: &str = "key-dialog-title";

/// A created key while it is being shown. Neither `Clone` nor `Debug`: the secret exists once,
/// and is zeroized when this is dropped.
pub struct RevealedKey {
    /// The label it was created with, for the field's name and the status message.
    pub label: String,
    /// The full key, moved here from the API's answer.
    pub secret: SecretString,
}

impl From<CreatedKey> for RevealedKey {
    fn from(created: CreatedKey) -> Self {
        Self {
            label: created.label,
            secret: created.api_key,
        }
    }
}

/// The one-time reveal's state, in one place: the key while it is shown, whether it was
/// copied, and whether "Close without copying?" is being asked. The dialog asks it whether it
/// may close; the panel shows it and reports copies.
#[derive(Clone, Copy)]
pub struct Reveal {
    key: RwSignal<Option<RevealedKey>>,
    copied: RwSignal<bool>,
    confirming: RwSignal<bool>,
}

impl Default for Reveal {
    fn default() -> Self {
        Self::new()
    }
}

impl Reveal {
    /// Nothing shown yet.
    pub fn new() -> Self {
        Self {
            key: RwSignal::new(None),
            copied: RwSignal::new(false),
            confirming: RwSignal::new(false),
        }
    }

    /// Shows `key` (moved here; the secret is never copied).
    pub fn show(&self, key: RevealedKey) {
        self.key.set(Some(key));
    }

    /// Whether a key is shown (tracked).
    pub fn is_shown(&self) -> bool {
        self.key.with(Option::is_some)
    }

    /// Whether a key is shown, now.
    pub fn is_shown_untracked(&self) -> bool {
        self.key.with_untracked(Option::is_some)
    }

    /// Runs `f` over the shown key (tracked).
    pub fn with<R>(&self, f: impl FnOnce(Option<&RevealedKey>) -> R) -> R {
        self.key.with(|k| f(k.as_ref()))
    }

    /// A copy of the secret for the clipboard, made by `copy` from it (empty when nothing is
    /// shown); wiped when the copy is dropped.
    pub fn secret_copy(&self, copy: fn(&str) -> Zeroizing<String>) -> Zeroizing<String> {
        self.key.with_untracked(|k| {
            k.as_ref()
                .map_or_else(Zeroizing::default, |k| copy(k.secret.expose_secret()))
        })
    }

    /// The key was copied (the button, a snippet's line, or Ctrl/Cmd-C in the field): Done
    /// closes at once, and a pending question goes.
    pub fn mark_copied(&self) {
        self.copied.set(true);
        self.confirming.set(false);
    }

    /// Whether the key was copied, now.
    pub fn was_copied(&self) -> bool {
        self.copied.get_untracked()
    }

    /// Whether "Close without copying?" is showing (tracked).
    pub fn is_confirming(&self) -> bool {
        self.confirming.get()
    }

    /// Someone wants to close: `true` if that may happen now (nothing shown, or the key was
    /// copied); otherwise the question shows and `false`.
    pub fn may_close(&self) -> bool {
        if !self.is_shown_untracked() || self.copied.get_untracked() {
            return true;
        }
        self.confirming.set(true);
        false
    }

    /// "Go back": the question goes, the key stays.
    pub fn go_back(&self) {
        self.confirming.set(false);
    }

    /// Ends the reveal: the secret leaves memory (it is zeroized as it drops); returns the
    /// label the key was shown with.
    pub fn end(&self) -> Option<String> {
        let label = self
            .key
            .with_untracked(|k| k.as_ref().map(|k| k.label.clone()));
        self.key.set(None);
        label
    }
}
