//! Keeping the tab in step with the other tabs and instances of the same account on this
//! origin: a `BroadcastChannel` carries each created key's row and each revoked key's id (never
//! a secret), and every other list and counter follows at once, with no request.

use leptos::prelude::on_cleanup;
use send_wrapper::SendWrapper;
use serde::{Deserialize, Serialize};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{BroadcastChannel, MessageEvent};

use crate::api::wire::ApiKey;
use crate::state::listed_keys::{ChangeElsewhere, Told};

/// What one tab tells the others: a key's id, with its row when it was made (never a secret),
/// without when it was revoked.
#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
struct Change {
    id: i64,
    created: Option<Row>,
}

/// A created key's row.
#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
struct Row {
    label: String,
    key_prefix: String,
    created_at: String,
}

impl Change {
    /// What it tells this tab's list.
    fn into_change(self) -> ChangeElsewhere {
        match self.created {
            Some(row) => ChangeElsewhere::Created(ApiKey {
                id: self.id,
                label: row.label,
                key_prefix: row.key_prefix,
                created_at: row.created_at,
                last_used_at: None,
            }),
            None => ChangeElsewhere::Revoked(self.id),
        }
    }

    /// The message for what happened here.
    fn of(told: &Told) -> Self {
        match told {
            Told::Created(key) => Change {
                id: key.id,
                created: Some(Row {
                    label: key.label.clone(),
                    key_prefix: key.key_prefix.clone(),
                    created_at: key.created_at.clone(),
                }),
            },
            Told::Revoked(key) => Change {
                id: key.id,
                created: None,
            },
        }
    }
}

/// What handles the channel's messages (kept alive as long as the channel is open).
type Listener = Closure<dyn Fn(MessageEvent)>;

/// This tab's end of the account's channel, for as long as the component that joined lives.
// `SendWrapper`: the list's `Callback` that tells the other tabs, and `on_cleanup`, take only
// `Send` values; a channel is a browser object.
#[derive(Clone)]
pub struct TabSync {
    channel: SendWrapper<Option<BroadcastChannel>>,
}

impl TabSync {
    /// Joins the channel of `account` at `api_base` for as long as the calling component lives
    /// (none where the browser has no `BroadcastChannel`: then this tab tells nobody).
    pub fn join(api_base: &str, account: &str) -> Self {
        let channel = BroadcastChannel::new(&format!("lev-api-keys {api_base} {account}")).ok();
        let sync = Self {
            channel: SendWrapper::new(channel),
        };
        let closing = sync.clone();
        on_cleanup(move || {
            if let Some(channel) = closing.channel.as_ref() {
                channel.set_onmessage(None);
                channel.close();
            }
        });
        sync
    }

    /// Hands what the other tabs say to `on_change`, for as long as the calling component
    /// lives.
    pub fn listen(&self, on_change: impl Fn(ChangeElsewhere) + 'static) {
        let Some(channel) = self.channel.as_ref() else {
            return;
        };
        let listener = Listener::new(move |event: MessageEvent| {
            let change = event
                .data()
                .as_string()
                .and_then(|text| serde_json::from_str::<Change>(&text).ok());
            if let Some(change) = change {
                on_change(change.into_change());
            }
        });
        channel.set_onmessage(Some(listener.as_ref().unchecked_ref()));
        // Kept until the component goes (the channel is closed then, before this is dropped).
        let listener = SendWrapper::new(listener);
        on_cleanup(move || drop(listener));
    }

    /// Tells the other tabs what happened here.
    pub fn tell(&self, told: &Told) {
        let (Some(channel), Ok(text)) = (
            self.channel.as_ref(),
            serde_json::to_string(&Change::of(told)),
        ) else {
            return;
        };
        let _ = channel.post_message(&text.into());
    }
}
