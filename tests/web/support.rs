//! Mounting helpers.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlElement, KeyboardEvent, KeyboardEventInit, MouseEvent, MouseEventInit};

/// A fresh element in the body to mount into.
pub fn host() -> HtmlElement {
    let document = document();
    let host = document.create_element("section").expect("element");
    document
        .body()
        .expect("body")
        .append_child(&host)
        .expect("append");
    host.unchecked_into()
}

/// Waits until `ready()` holds, checking every few milliseconds; fails after 5 s naming `what`.
pub async fn wait_for(what: &str, mut ready: impl FnMut() -> bool) {
    let start = js_sys::Date::now();
    while !ready() {
        assert!(
            js_sys::Date::now() - start < 5_000.0,
            "timed out waiting for {what}"
        );
        gloo_timers::future::TimeoutFuture::new(5).await;
    }
}

/// Resolves after the browser has rendered the next frame: by then effects and tasks started
/// by what came before have run and their DOM changes are painted. A test that must prove
/// something did *not* happen waits for this first, so the app had its chance.
pub async fn next_frame() {
    leptos::task::tick().await;
    for _ in 0..2 {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            let _ = web_sys::window()
                .expect("window")
                .request_animation_frame(&resolve);
        });
        let _ = JsFuture::from(promise).await;
    }
}

/// The element matching `selector` (panics with the selector if missing).
pub fn find(selector: &str) -> HtmlElement {
    document()
        .query_selector(selector)
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
        .unchecked_into()
}

/// Whether an element matches `selector`.
pub fn exists(selector: &str) -> bool {
    document().query_selector(selector).ok().flatten().is_some()
}

/// The id of the focused element.
pub fn focused_id() -> String {
    document()
        .active_element()
        .map(|e| e.id())
        .unwrap_or_default()
}

/// Dispatches a keydown of `key` on `target`.
pub fn key(target: &HtmlElement, key: &str, shift: bool) -> bool {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_shift_key(shift);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).expect("event");
    target.dispatch_event(&event).expect("dispatch");
    event.default_prevented()
}

/// Dispatches mousedown then click on `target` itself.
pub fn click_on(target: &HtmlElement) {
    for kind in ["mousedown", "click"] {
        let init = MouseEventInit::new();
        init.set_bubbles(true);
        let event = MouseEvent::new_with_mouse_event_init_dict(kind, &init).expect("event");
        target.dispatch_event(&event).expect("dispatch");
    }
}

/// Sets an input's value as typing would and fires `input`.
pub fn type_into(input: &HtmlElement, value: &str) {
    let input: &web_sys::HtmlInputElement = input.unchecked_ref();
    input.set_value(value);
    let event = web_sys::Event::new_with_event_init_dict("input", &{
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        init
    })
    .expect("event");
    input.dispatch_event(&event).expect("dispatch");
}

/// Removes the element matching `selector`, if any (a test's leftovers).
pub fn remove(selector: &str) {
    if let Some(element) = document().query_selector(selector).ok().flatten() {
        element.remove();
    }
}

/// Provides what the app's root and the element's mount provide to every component: the
/// settings, the status region, the document as the tab's root, the browser's connectivity and
/// the browser's clipboard (a test that needs another provides its own after this).
pub fn page_context() {
    use lev_api_keys::components::connectivity::Connectivity;
    use lev_api_keys::components::copy_button::ClipboardWriter;
    use lev_api_keys::components::focus::DomRoot;
    use lev_api_keys::components::status::Status;
    use lev_api_keys::config::Config;

    provide_context(Config::default());
    provide_context(Status::new());
    DomRoot::document().provide();
    Connectivity::provide();
    ClipboardWriter::system().provide();
}
