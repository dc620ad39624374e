//! The copy button: check mark and "Copied" only after a successful write; nothing on refusal.
//! The test holds the clipboard's promise and settles it itself.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::mount::mount_to;
use leptos::prelude::*;
use lev_api_keys::components::copy_button::{ClipboardWriter, CopyButton};
use lev_api_keys::i18n::Msg;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use zeroize::Zeroizing;

use crate::support::*;

/// A clipboard whose writes stay pending until the test resolves or rejects them.
#[derive(Clone, Default)]
struct HeldClipboard {
    written: Rc<RefCell<Vec<String>>>,
    settle: Rc<RefCell<Vec<(js_sys::Function, js_sys::Function)>>>,
}

impl HeldClipboard {
    fn writer(&self) -> ClipboardWriter {
        let this = self.clone();
        ClipboardWriter::new(move |text| {
            this.written.borrow_mut().push(text.as_str().to_owned());
            let settle = this.settle.clone();
            let promise = js_sys::Promise::new(&mut |resolve, reject| {
                settle.borrow_mut().push((resolve, reject));
            });
            Box::pin(async move { JsFuture::from(promise).await.map(drop).map_err(drop) })
        })
    }

    fn writes(&self) -> usize {
        self.written.borrow().len()
    }

    /// Settles the oldest pending write.
    fn finish(&self, succeed: bool) {
        let (resolve, reject) = self.settle.borrow_mut().remove(0);
        let settle = if succeed { resolve } else { reject };
        settle.call0(&JsValue::NULL).expect("settle the write");
    }
}

/// Mounts the button into `#id`; the button goes when the returned handle is dropped.
fn mount(id: &str, clipboard: &HeldClipboard, outcome: RwSignal<Option<bool>>) -> impl Drop {
    let writer = clipboard.writer();
    let host = host();
    host.set_id(id);
    mount_to(host, move || {
        page_context();
        writer.clone().provide();
        view! {
            <CopyButton
                label=Msg::CopyApiKey
                text=Callback::new(|_| Zeroizing::new("lev_sk_test".to_owned()))
                on_result=Callback::new(move |ok| outcome.set(Some(ok)))
            />
        }
    })
}

const CHECK_MARK: &str = "M20 6 9 17l-5-5";

#[wasm_bindgen_test]
async fn success_shows_a_check_and_says_copied_only_after_the_write() {
    let clipboard = HeldClipboard::default();
    let outcome = RwSignal::new(None::<bool>);
    let mounted = mount("copy-ok", &clipboard, outcome);
    let button = find("#copy-ok button");
    assert_eq!(
        button.get_attribute("aria-label").as_deref(),
        Some("Copy API key")
    );
    let status = find("#copy-ok [role=status]");
    assert_eq!(
        status.text_content().unwrap_or_default(),
        "",
        "the live region exists, empty"
    );
    button.click();
    wait_for("the write to start", || clipboard.writes() == 1).await;
    // The write is pending: give the app a rendered frame to show anything it would show.
    next_frame().await;
    assert_eq!(
        status.text_content().unwrap_or_default(),
        "",
        "nothing while the write is pending"
    );
    assert!(
        !button.inner_html().contains(CHECK_MARK),
        "no check mark while pending"
    );
    assert_eq!(outcome.get_untracked(), None);

    clipboard.finish(true);
    wait_for("Copied", || {
        status.text_content().unwrap_or_default() == "Copied"
    })
    .await;
    assert_eq!(outcome.get_untracked(), Some(true));
    assert_eq!(clipboard.written.borrow().as_slice(), ["lev_sk_test"]);
    assert!(button.inner_html().contains(CHECK_MARK), "check mark shown");
    drop(mounted);
    remove("#copy-ok");
}

#[wasm_bindgen_test]
async fn refusal_reports_false_and_shows_no_check() {
    let clipboard = HeldClipboard::default();
    let outcome = RwSignal::new(None::<bool>);
    let mounted = mount("copy-refused", &clipboard, outcome);
    find("#copy-refused button").click();
    wait_for("the write to start", || clipboard.writes() == 1).await;
    clipboard.finish(false);
    wait_for("the refusal", || outcome.get_untracked().is_some()).await;
    next_frame().await;
    assert_eq!(outcome.get_untracked(), Some(false));
    assert_eq!(
        find("#copy-refused [role=status]")
            .text_content()
            .unwrap_or_default(),
        ""
    );
    assert!(!find("#copy-refused button")
        .inner_html()
        .contains(CHECK_MARK));
    drop(mounted);
    remove("#copy-refused");
}
