//! A rotation from start to end: the Rotate dialog, then the question about the old key. The
//! steps are the rotation's own; the list that started it hears of the replacement when it is
//! made and of how the rotation ended.

use leptos::prelude::*;

use super::revoke_old_key_dialog::{OldKeyDecision, RevokeOldKeyDialog};
use super::rotate_key_dialog::RotateKeyDialog;
use crate::api::wire::ApiKey;
use crate::components::status::isolated;
use crate::i18n::{Locale, Msg, Value};

/// Which of the rotation's dialogs is showing.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Rotation {
    /// Rotate API key, for this key.
    Replacing(ApiKey),
    /// The replacement exists; Revoke the old key? awaits a decision.
    Deciding {
        /// The key replaced.
        old: ApiKey,
        /// Its replacement.
        replacement: ApiKey,
    },
}

/// How a rotation ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RotationEnd {
    /// Cancelled before a replacement was made: nothing changed.
    Cancelled,
    /// The old key was revoked (or had been revoked elsewhere already).
    Replaced {
        /// The key replaced, no longer active.
        old: ApiKey,
        /// Its replacement.
        replacement: ApiKey,
        /// The old key had been revoked elsewhere before this rotation's revoke.
        already_gone: bool,
    },
    /// Both keys stay active.
    KeptBoth {
        /// The key replaced, still active.
        old: ApiKey,
    },
}

impl RotationEnd {
    /// What the status region says, if anything.
    pub fn announcement(&self, locale: &Locale) -> Option<String> {
        let (msg, old) = match self {
            Self::Cancelled => return None,
            Self::Replaced {
                old,
                already_gone: true,
                ..
            } => (Msg::RotatedOldGoneElsewhere, old),
            Self::Replaced { old, .. } => (Msg::Rotated, old),
            Self::KeptBoth { old } => (Msg::RotatedKeptBoth, old),
        };
        let label = isolated(&old.label);
        Some(locale.format(msg, &[("label", Value::Text(&label))]))
    }

    /// The key whose Rotate button gets focus (the dialog's opener, the reveal's Done, is
    /// gone): the key that stays.
    pub fn focus_on(&self) -> Option<i64> {
        match self {
            Self::Cancelled => None,
            Self::Replaced { replacement, .. } => Some(replacement.id),
            Self::KeptBoth { old } => Some(old.id),
        }
    }
}

/// A rotation of `key`: the dialog of its current step.
#[component]
pub fn RotationFlow(
    /// The key to replace.
    key: ApiKey,
    /// The key being replaced was revoked meanwhile in another tab or window.
    #[prop(into)]
    revoked_elsewhere: Signal<bool>,
    /// The replacement was made: its row (never the secret), for the list.
    #[prop(into)]
    on_created: Callback<ApiKey>,
    /// The rotation is over.
    #[prop(into)]
    on_end: Callback<RotationEnd>,
) -> impl IntoView {
    let step = RwSignal::new(Rotation::Replacing(key));
    move || match step.get() {
        Rotation::Replacing(old) => {
            let key = old.clone();
            let replacement = StoredValue::new(None::<ApiKey>);
            let created = Callback::new(move |key: ApiKey| {
                replacement.set_value(Some(key.clone()));
                on_created.run(key);
            });
            let closed =
                Callback::new(
                    move |made: bool| match replacement.get_value().filter(|_| made) {
                        Some(replacement) => step.set(Rotation::Deciding {
                            old: old.clone(),
                            replacement,
                        }),
                        None => on_end.run(RotationEnd::Cancelled),
                    },
                );
            view! {
                <RotateKeyDialog key=key revoked_elsewhere=revoked_elsewhere on_created=created on_close=closed />
            }
            .into_any()
        }
        Rotation::Deciding { old, replacement } => {
            let (key, new_key) = (old.clone(), replacement.clone());
            let decided = Callback::new(move |decision: OldKeyDecision| {
                on_end.run(match decision {
                    OldKeyDecision::Revoked(revoked) => RotationEnd::Replaced {
                        old: old.clone(),
                        replacement: replacement.clone(),
                        already_gone: revoked.already_gone,
                    },
                    OldKeyDecision::KeptBoth => RotationEnd::KeptBoth { old: old.clone() },
                })
            });
            view! { <RevokeOldKeyDialog old=key replacement=new_key on_close=decided /> }.into_any()
        }
    }
}
