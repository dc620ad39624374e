//! Keeping the tab in step with the other tabs and instances of the same account on this
//! origin: a `BroadcastChannel` carries each created key's row and each revoked key's id (never
//! a secret), and every other list and counter follows at once, with no request.

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use serde::{Deserialize, Serialize};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{BroadcastChannel, MessageEvent};

use crate::api::wire::ApiKey;
use crate::state::key_list::KeyList;

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

/// This tab's end of the account's channel; provided to everything below the list.
#[derive(Clone)]
pub struct TabSync(SendWrapper<Option<BroadcastChannel>>);

impl TabSync {
    /// Joins the channel of `account` at `api_base` for as long as the calling component
    /// lives, applying what the others say to `list`, and provides it below.
    pub fn join(api_base: &str, account: &str, list: RwSignal<KeyList>) -> Self {
        let channel = BroadcastChannel::new(&format!("lev-api-keys {api_base} {account}")).ok();
        if let Some(channel) = &channel {
            let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
                let change = event
                    .data()
                    .as_string()
                    .and_then(|text| serde_json::from_str::<Change>(&text).ok());
                match change {
                    Some(Change {
                        id,
                        created: Some(row),
                    }) => list.update(|l| {
                        l.add_created(ApiKey {
                            id,
                            label: row.label,
                            key_prefix: row.key_prefix,
                            created_at: row.created_at,
                            last_used_at: None,
                        })
                    }),
                    Some(Change { id, created: None }) => list.update(|l| {
                        l.remove(id);
                    }),
                    None => {}
                }
            });
            channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            let (channel, on_message) = (
                SendWrapper::new(channel.clone()),
                SendWrapper::new(on_message),
            );
            on_cleanup(move || {
                channel.set_onmessage(None);
                channel.close();
                drop(on_message);
            });
        }
        let sync = Self(SendWrapper::new(channel));
        provide_context(sync.clone());
        sync
    }

    /// The channel in context; one that tells nobody where there is none.
    pub fn from_context() -> Self {
        use_context().unwrap_or_else(|| Self(SendWrapper::new(None)))
    }

    fn tell(&self, change: &Change) {
        if let (Some(channel), Ok(text)) = (self.0.as_ref(), serde_json::to_string(change)) {
            let _ = channel.post_message(&text.into());
        }
    }

    /// Tells the others that `key` was made.
    pub fn created(&self, key: &ApiKey) {
        self.tell(&Change {
            id: key.id,
            created: Some(Row {
                label: key.label.clone(),
                key_prefix: key.key_prefix.clone(),
                created_at: key.created_at.clone(),
            }),
        });
    }

    /// Tells the others that key `id` was revoked.
    pub fn revoked(&self, id: i64) {
        self.tell(&Change { id, created: None });
    }
}
