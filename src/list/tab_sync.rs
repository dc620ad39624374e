//! Keeping the tab in step with the other tabs and instances of the same account on this
//! origin: a `BroadcastChannel` carries each created key's row and each revoked key's id (never
//! a secret), and every other list and counter follows at once, with no request.

use leptos::prelude::*;
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
/// Copy; the channel and its listener are held in the reactive owner's local storage (they are
/// browser objects, and the owner closes the channel when it goes).
#[derive(Clone, Copy)]
pub struct TabSync {
    channel: StoredValue<Option<BroadcastChannel>, LocalStorage>,
    listener: StoredValue<Option<Listener>, LocalStorage>,
}

impl TabSync {
    /// Joins the channel of `account` at `api_base` for as long as the calling component lives
    /// (none where the browser has no `BroadcastChannel`: then this tab tells nobody).
    pub fn join(api_base: &str, account: &str) -> Self {
        let channel = BroadcastChannel::new(&format!("lev-api-keys {api_base} {account}")).ok();
        let sync = Self {
            channel: StoredValue::new_local(channel),
            listener: StoredValue::new_local(None),
        };
        on_cleanup(move || {
            sync.channel.with_value(|channel| {
                if let Some(channel) = channel {
                    channel.set_onmessage(None);
                    channel.close();
                }
            });
        });
        sync
    }

    /// Hands what the other tabs say to `on_change`.
    pub fn listen(&self, on_change: impl Fn(ChangeElsewhere) + 'static) {
        let listener = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
            let change = event
                .data()
                .as_string()
                .and_then(|text| serde_json::from_str::<Change>(&text).ok());
            if let Some(change) = change {
                on_change(change.into_change());
            }
        });
        self.channel.with_value(|channel| {
            if let Some(channel) = channel {
                channel.set_onmessage(Some(listener.as_ref().unchecked_ref()));
            }
        });
        self.listener.set_value(Some(listener));
    }

    /// Tells the other tabs what happened here.
    pub fn tell(&self, told: &Told) {
        let Ok(text) = serde_json::to_string(&Change::of(told)) else {
            return;
        };
        self.channel.with_value(|channel| {
            if let Some(channel) = channel {
                let _ = channel.post_message(&text.into());
            }
        });
    }
}
