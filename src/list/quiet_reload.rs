//! Keeping an open list true: when the page comes back after a minute or more out of view or
//! out of focus (as TanStack Query and SWR revalidate on focus), and when the browser is back
//! online, `/me` and the first page are fetched again and the list follows in place, with no
//! skeleton; a typed label, an open dialog and a shown key stay as they are.

use leptos::ev;
use leptos::prelude::*;

use crate::api::paths::PageAt;
use crate::components::connectivity::Connectivity;
use crate::session::{ScopedClient, Session};
use crate::state::key_list::PAGE_SIZE;
use crate::state::listed_keys::ListedKeys;

/// How long the page must have been away for its return to reload.
const AWAY_MS: f64 = 60_000.0;

/// Brings `keys` (and the account's key ceiling) up to date whenever the page comes back after
/// [`AWAY_MS`] or the browser comes back online, for as long as the calling component lives.
pub fn reload_quietly_on_return(keys: ListedKeys) {
    let client = ScopedClient::from_context();
    let session = Session::from_context();
    let reload = Action::new_local(move |_: &()| {
        let client = client.now();
        async move {
            // The session asks `/me`: where access is gone it shows why itself.
            let Some(me) = session.revalidate_me().await else {
                return;
            };
            keys.ceiling_changed(me.max_keys());
            // A failed page changes nothing; the next return tries again.
            if let Ok(page) = client.list_keys(&PageAt::Offset(0), PAGE_SIZE).await {
                keys.first_page_revalidated(page);
            }
        }
    });
    let pending = reload.pending();
    let run = move || {
        if !pending.get_untracked() {
            reload.dispatch_local(());
        }
    };

    // Since when the page has been out of view or out of focus.
    let away_since = StoredValue::new(None::<f64>);
    let leave = move || {
        if away_since.get_value().is_none() {
            away_since.set_value(Some(js_sys::Date::now()));
        }
    };
    let come_back = move || {
        if let Some(since) = away_since.get_value() {
            away_since.set_value(None);
            if js_sys::Date::now() - since >= AWAY_MS {
                run();
            }
        }
    };
    let handles = [
        window_event_listener(ev::blur, move |_| leave()),
        window_event_listener(ev::focus, move |_| come_back()),
        // Fired at the document; it bubbles to the window.
        window_event_listener(ev::visibilitychange, move |_| {
            if document().hidden() {
                leave();
            } else {
                come_back();
            }
        }),
    ];
    on_cleanup(move || handles.into_iter().for_each(|h| h.remove()));

    let online = Connectivity::from_context().online();
    Effect::watch(
        move || online.get(),
        move |now, was, _| {
            if *now && was == Some(&false) {
                run();
            }
        },
        false,
    );
}
