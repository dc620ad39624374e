//! What the tab tells the page that embeds it: `CustomEvent`s on the `<lev-api-keys>` element,
//! bubbling and composed (so they leave its shadow root), with details that never hold a
//! secret. Outside an element (the component tests) nothing is sent.

use leptos::prelude::{provide_context, use_context};
use send_wrapper::SendWrapper;
use serde::Serialize;
use web_sys::{CustomEvent, CustomEventInit, HtmlElement};

use crate::api::wire::ApiKey;

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
#[derive(Clone)]
pub struct HostEvents(SendWrapper<Option<HtmlElement>>);

impl HostEvents {
    /// Events sent from `host`, for everything below.
    pub fn provide(host: HtmlElement) {
        provide_context(Self(SendWrapper::new(Some(host))));
    }

    /// The events in context; ones that go nowhere where there is no host element.
    pub fn from_context() -> Self {
        use_context::<Self>().unwrap_or_else(|| Self(SendWrapper::new(None)))
    }

    fn send(&self, name: &str, detail: &impl Serialize) {
        let Some(host) = self.0.as_ref() else {
            return;
        };
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

    /// `lev-sign-in-required`: the session is gone; the host may sign the person in again.
    pub fn sign_in_required(&self, request_id: Option<&str>) {
        self.send("lev-sign-in-required", &SignInRequired { request_id });
    }
}
