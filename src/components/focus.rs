//! Moving focus once the DOM has settled.

use std::time::Duration;

use leptos::prelude::{document, set_timeout};
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// Runs `f` in a later task: after the current render, and after a closing modal dialog has
/// left the page (until then everything behind it is inert and refuses focus).
pub fn after_render(f: impl FnOnce() + 'static) {
    set_timeout(f, Duration::ZERO);
}

/// Focuses the first element matching `selector`; `false` when there is none.
pub fn focus_selector(selector: &str) -> bool {
    document()
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
        .is_some_and(|e| e.focus().is_ok())
}
