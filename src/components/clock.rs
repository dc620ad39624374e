//! Now, for relative times: a signal that moves once a minute, so "5 minutes ago" stays true
//! while the page stays open.

use std::time::Duration;

use leptos::prelude::*;

/// How often relative times are brought up to date.
const TICK: Duration = Duration::from_secs(60);

/// Seconds since the epoch, from the browser's clock.
pub fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// Now, in seconds, updated every minute for as long as the calling component lives.
pub fn minute_clock() -> Signal<i64> {
    let now = RwSignal::new(now_secs());
    if let Ok(handle) = set_interval_with_handle(move || now.set(now_secs()), TICK) {
        on_cleanup(move || handle.clear());
    }
    now.into()
}
