//! The copy icon button: writes text with the Clipboard API and says so only once the write
//! succeeded.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use zeroize::Zeroizing;

use super::icons::{CheckIcon, CopyIcon};
use crate::i18n::{t, Msg};

type WriteFuture = Pin<Box<dyn Future<Output = Result<(), ()>>>>;

/// How text reaches the clipboard: provided as context by [`crate::App`] (the browser's, see
/// [`ClipboardWriter::system`]); browser tests provide one that succeeds or refuses. The text
/// may be a secret: a writer hands it on and lets it go (it is wiped when dropped).
// `SendWrapper`: context values must be `Send`, and a writer is an `Rc` of a closure over
// browser objects.
#[derive(Clone)]
pub struct ClipboardWriter(SendWrapper<Rc<dyn Fn(Zeroizing<String>) -> WriteFuture>>);

impl ClipboardWriter {
    /// A writer from a closure.
    pub fn new(write: impl Fn(Zeroizing<String>) -> WriteFuture + 'static) -> Self {
        Self(SendWrapper::new(Rc::new(write)))
    }

    /// The browser's clipboard. Where the page may not use it (`navigator.clipboard` exists in
    /// secure contexts only: not on plain http at a LAN address) every write is refused, and
    /// the owner offers the manual copy.
    pub fn system() -> Self {
        Self::new(|text| {
            let clipboard = web_sys::window()
                .map(|w| w.navigator())
                .and_then(|n| js_sys::Reflect::get(&n, &"clipboard".into()).ok())
                .filter(|c| !c.is_undefined() && !c.is_null())
                .map(JsCast::unchecked_into::<web_sys::Clipboard>);
            // The browser copies the text when the call is made; ours is wiped right away.
            let promise = clipboard.map(|c| c.write_text(&text));
            drop(text);
            Box::pin(async move {
                JsFuture::from(promise.ok_or(())?)
                    .await
                    .map(drop)
                    .map_err(drop)
            })
        })
    }

    /// Makes this the writer of every copy button below.
    pub fn provide(self) {
        provide_context(self);
    }

    /// The writer of the tab being built (provided by [`crate::App`], or by a test).
    fn from_context() -> Self {
        expect_context()
    }

    fn write(&self, text: Zeroizing<String>) -> WriteFuture {
        (self.0)(text)
    }
}

/// An icon button that copies `text()`. On success: a check mark and "Copied" in its own polite
/// live region (inside any open dialog, so screen readers hear it). On refusal it reports
/// `false` and the owner offers a manual copy.
#[component]
pub fn CopyButton(
    /// Accessible name, such as "Copy API key".
    label: Msg,
    /// The text to copy, read at click time.
    #[prop(into)]
    text: Callback<(), Zeroizing<String>>,
    /// Outcome of each attempt.
    #[prop(into)]
    on_result: Callback<bool>,
) -> impl IntoView {
    let writer = StoredValue::new_local(ClipboardWriter::from_context());
    let copy = Action::new_local(move |_: &()| {
        let write = writer.with_value(|w| w.write(text.run(())));
        async move {
            let ok = write.await.is_ok();
            on_result.run(ok);
            ok
        }
    });
    // Only the latest attempt's outcome shows; nothing while a write is pending.
    // `pending()` makes a new memo per call: once, here, not in the closure below.
    let pending = copy.pending();
    let copied = move || copy.value().get() == Some(true) && !pending.get();
    let copied_text = t(Msg::Copied);

    view! {
        <span class="copy">
            <button type="button" class="button icon-button" aria-label=t(label) on:click=move |_| { copy.dispatch_local(()); }>
                <Show when=copied fallback=|| view! { <CopyIcon /> }>
                    <CheckIcon />
                </Show>
            </button>
            <span class="copy-status" role="status" aria-live="polite">
                {move || if copied() { copied_text() } else { String::new() }}
            </span>
        </span>
    }
}
