//! The copy icon button: writes text with the Clipboard API and says so only once the write
//! succeeded.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use send_wrapper::SendWrapper;
use wasm_bindgen_futures::JsFuture;

use super::icons::{CheckIcon, CopyIcon};

type WriteFuture = Pin<Box<dyn Future<Output = Result<(), ()>>>>;

/// How text reaches the clipboard. The default is `navigator.clipboard.writeText`; tests
/// substitute a writer that succeeds or refuses.
#[derive(Clone)]
pub struct ClipboardWriter(SendWrapper<Rc<dyn Fn(String) -> WriteFuture>>);

impl ClipboardWriter {
    /// A writer from a closure.
    pub fn new(write: impl Fn(String) -> WriteFuture + 'static) -> Self {
        Self(SendWrapper::new(Rc::new(write)))
    }

    /// The browser's clipboard.
    pub fn system() -> Self {
        Self::new(|text| {
            Box::pin(async move {
                let clipboard = web_sys::window().ok_or(())?.navigator().clipboard();
                JsFuture::from(clipboard.write_text(&text))
                    .await
                    .map(drop)
                    .map_err(drop)
            })
        })
    }

    fn write(&self, text: String) -> WriteFuture {
        (self.0)(text)
    }
}

/// An icon button that copies `text()`. On success: a check mark and "Copied" in its own polite
/// live region (inside any open dialog, so screen readers hear it). On refusal it reports
/// `false` and the owner offers a manual copy.
#[component]
pub fn CopyButton(
    /// Accessible name, such as "Copy API key".
    #[prop(into)]
    label: String,
    /// The text to copy, read at click time.
    #[prop(into)]
    text: Callback<(), String>,
    /// Outcome of each attempt.
    #[prop(into)]
    on_result: Callback<bool>,
    /// Clipboard access; the browser's by default.
    #[prop(optional)]
    writer: Option<ClipboardWriter>,
) -> impl IntoView {
    let writer = StoredValue::new(writer.unwrap_or_else(ClipboardWriter::system));
    let copied = RwSignal::new(false);
    let status = RwSignal::new(String::new());
    let attempt = StoredValue::new(0u32);

    let copy = move |_| {
        let future = writer.with_value(|w| w.write(text.run(())));
        attempt.update_value(|n| *n += 1);
        let this_attempt = attempt.get_value();
        spawn_local(async move {
            let ok = future.await.is_ok();
            // A later click owns the outcome.
            if attempt.try_get_value() != Some(this_attempt) {
                return;
            }
            copied.set(ok);
            status.set(if ok {
                "Copied".to_owned()
            } else {
                String::new()
            });
            on_result.run(ok);
        });
    };

    view! {
        <span class="copy">
            <button type="button" class="button icon-button" aria-label=label on:click=copy>
                <Show when=move || copied.get() fallback=|| view! { <CopyIcon /> }>
                    <CheckIcon />
                </Show>
            </button>
            <span class="copy-status" role="status" aria-live="polite">{move || status.get()}</span>
        </span>
    }
}
