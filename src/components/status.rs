//! The page's status message: a polite live region that exists from the start (so screen
//! readers announce what is written into it) and shows the latest message for a while.

use std::time::Duration;

use leptos::prelude::*;

/// How long a message stays visible.
const VISIBLE: Duration = Duration::from_secs(8);
/// The pause between clearing and writing, so a repeated message counts as new.
const REWRITE: Duration = Duration::from_millis(50);

/// Writes into the page's status region. Provided as context by [`StatusRegion`]'s owner.
#[derive(Clone, Copy)]
pub struct Status {
    message: RwSignal<Option<String>>,
    serial: RwSignal<u32>,
}

impl Status {
    /// A status with no message.
    pub fn new() -> Self {
        Self {
            message: RwSignal::new(None),
            serial: RwSignal::new(0),
        }
    }

    /// Shows and announces `text`.
    pub fn say(&self, text: impl Into<String>) {
        let text = text.into();
        let serial = self.serial.get_untracked().wrapping_add(1);
        self.serial.set(serial);
        // Clearing first makes a repeated message count as new for screen readers.
        self.message.set(None);
        let (message, serial_signal) = (self.message, self.serial);
        let current = move || serial_signal.try_get_untracked() == Some(serial);
        set_timeout(
            move || {
                if !current() {
                    return;
                }
                message.set(Some(text));
                set_timeout(
                    move || {
                        if current() {
                            message.set(None);
                        }
                    },
                    VISIBLE,
                );
            },
            REWRITE,
        );
    }

    /// The current message.
    pub fn current(&self) -> Option<String> {
        self.message.get()
    }
}

impl Default for Status {
    fn default() -> Self {
        Self::new()
    }
}

/// The live region itself.
#[component]
pub fn StatusRegion(
    /// Where messages come from.
    status: Status,
) -> impl IntoView {
    view! {
        <div class="status-region" role="status" aria-live="polite" aria-atomic="true">
            {move || status.current().map(|text| view! { <p class="toast">{text}</p> })}
        </div>
    }
}
