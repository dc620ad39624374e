//! Whether the browser is online, as it says (`navigator.onLine`, its `online` and `offline`
//! events): while it is not, the tab says so and the buttons that would send a change wait.

use crate::i18n::{t, Msg};
use leptos::ev;
use leptos::prelude::*;

/// Id of the offline notice, the description of every control it disables.
pub const OFFLINE_REASON_ID: &str = "offline-reason";

/// The browser's connectivity, for everything below the tab.
#[derive(Clone, Copy)]
pub struct Connectivity {
    online: Signal<bool>,
}

impl Connectivity {
    /// Follows the browser's `online` and `offline` events for as long as the calling
    /// component lives, and provides the result to everything below.
    pub fn provide() -> Self {
        let online = RwSignal::new(window().navigator().on_line());
        let went_online = window_event_listener(ev::online, move |_| online.set(true));
        let went_offline = window_event_listener(ev::offline, move |_| online.set(false));
        on_cleanup(move || {
            went_online.remove();
            went_offline.remove();
        });
        let connectivity = Self {
            online: online.into(),
        };
        provide_context(connectivity);
        connectivity
    }

    /// The connectivity of the tab being built (provided by [`crate::App`]).
    pub fn from_context() -> Self {
        expect_context()
    }

    /// Whether the browser is online now.
    pub fn online(&self) -> Signal<bool> {
        self.online
    }

    /// Whether the browser is offline now.
    pub fn offline(&self) -> Signal<bool> {
        let online = self.online;
        Signal::derive(move || !online.get())
    }
}

/// While the browser is offline: says so, and that changes wait until it is back.
#[component]
pub fn OfflineNotice() -> impl IntoView {
    let offline = Connectivity::from_context().offline();
    view! {
        <Show when=move || offline.get()>
            <p id=OFFLINE_REASON_ID class="notice notice-warning" role="status">
                {t(Msg::OfflineNotice)}
            </p>
        </Show>
    }
}
