//! What the tab tells the page that embeds it: `CustomEvent`s on the `<lev-api-keys>` element,
//! bubbling and composed (so they leave its shadow root), with details that never hold a
//! secret. Every mount is in an element (`crate::embed::mount_tab` provides its events).

use leptos::prelude::{expect_context, provide_context};
use send_wrapper::SendWrapper;
use serde::Serialize;
use web_sys::{CustomEvent, CustomEventInit, HtmlElement};

use crate::api::wire::ApiKey;
use crate::state::listed_keys::Told;

/// `lev-key-created`'s detail.
#[derive(Serialize)]
struct Created<'a> {
    id: i64,
    label: &'a str,
    key_prefix: &'a str,
    created_at: &'a str,
}

/// `lev-key-revoked`'s detail.
#[derive(Serialize)]
struct Revoked<'a> {
    id: i64,
    label: &'a str,
    key_prefix: &'a str,
}

/// `lev-sign-in-required`'s detail.
#[derive(Serialize)]
struct SignInRequired<'a> {
    request_id: Option<&'a str>,
}

/// Sends the tab's events from its host element.
// `SendWrapper`: context values and the list's `Callback` (which sends these) must be `Send`;
// an element is a browser object.
#[derive(Clone)]
pub struct HostEvents(SendWrapper<HtmlElement>);

impl HostEvents {
    /// Events sent from `host`, for everything below.
    pub fn provide(host: HtmlElement) {
        provide_context(Self(SendWrapper::new(host)));
    }

    /// The events of the element the tab is mounted in.
    pub fn from_context() -> Self {
        expect_context()
    }

    fn send(&self, name: &str, detail: &impl Serialize) {
        let host = &*self.0;
        let detail = serde_json::to_string(detail)
            .ok()
            .and_then(|json| js_sys::JSON::parse(&json).ok());
        let init = CustomEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        if let Some(detail) = detail {
            init.set_detail(&detail);
        }
        if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
            let _ = host.dispatch_event(&event);
        }
    }

    /// `lev-key-created`: a key was made (its row; the secret is never part of it).
    pub fn key_created(&self, key: &ApiKey) {
        self.send(
            "lev-key-created",
            &Created {
                id: key.id,
                label: &key.label,
                key_prefix: &key.key_prefix,
                created_at: &key.created_at,
            },
        );
    }

    /// `lev-key-revoked`: a key is no longer active.
    pub fn key_revoked(&self, key: &ApiKey) {
        self.send(
            "lev-key-revoked",
            &Revoked {
                id: key.id,
                label: &key.label,
                key_prefix: &key.key_prefix,
            },
        );
    }

    /// The event for what the list told the world, if it is one the host hears.
    pub fn told(&self, told: &Told) {
        match told {
            Told::Created(key) => self.key_created(key),
            Told::Revoked(key) => self.key_revoked(key),
        }
    }

    /// `lev-sign-in-required`: the session is gone; the host may sign the person in again.
    pub fn sign_in_required(&self, request_id: Option<&str>) {
        self.send("lev-sign-in-required", &SignInRequired { request_id });
    }
}
