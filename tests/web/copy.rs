//! The copy button: check mark and "Copied" only after a successful write; nothing on refusal.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::mount::mount_to;
use leptos::prelude::*;
use lev_api_keys::components::copy_button::{ClipboardWriter, CopyButton};
use wasm_bindgen_test::*;
use zeroize::Zeroizing;

use crate::support::*;

fn writer(succeed: bool, written: Rc<RefCell<Vec<String>>>) -> ClipboardWriter {
    ClipboardWriter::new(move |text| {
        written.borrow_mut().push(text.as_str().to_owned());
        Box::pin(async move {
            sleep(5).await;
            if succeed {
                Ok(())
            } else {
                Err(())
            }
        })
    })
}

#[wasm_bindgen_test]
async fn success_shows_a_check_and_says_copied() {
    let written = Rc::new(RefCell::new(Vec::new()));
    let outcome = RwSignal::new(None::<bool>);
    let w = writer(true, written.clone());
    let host = host();
    host.set_id("copy-ok");
    let _app = mount_to(host, move || {
        view! {
            <CopyButton
                label="Copy API key"
                text=Callback::new(|_| Zeroizing::new("lev_sk_test".to_owned()))
                on_result=Callback::new(move |ok| outcome.set(Some(ok)))
                writer=Some(w.clone())
            />
        }
    });
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
    assert_eq!(
        status.text_content().unwrap_or_default(),
        "",
        "nothing before the write succeeds"
    );
    settle().await;
    assert_eq!(outcome.get_untracked(), Some(true));
    assert_eq!(written.borrow().as_slice(), ["lev_sk_test"]);
    assert_eq!(status.text_content().unwrap_or_default(), "Copied");
    assert!(
        button.inner_html().contains("M20 6 9 17l-5-5"),
        "check mark shown"
    );
}

#[wasm_bindgen_test]
async fn refusal_reports_false_and_shows_no_check() {
    let written = Rc::new(RefCell::new(Vec::new()));
    let outcome = RwSignal::new(None::<bool>);
    let w = writer(false, written.clone());
    let host = host();
    host.set_id("copy-refused");
    let _app = mount_to(host, move || {
        view! {
            <CopyButton
                label="Copy API key"
                text=Callback::new(|_| Zeroizing::new("lev_sk_test".to_owned()))
                on_result=Callback::new(move |ok| outcome.set(Some(ok)))
                writer=Some(w.clone())
            />
        }
    });
    find("#copy-refused button").click();
    settle().await;
    assert_eq!(outcome.get_untracked(), Some(false));
    assert_eq!(
        find("#copy-refused [role=status]")
            .text_content()
            .unwrap_or_default(),
        ""
    );
    assert!(!find("#copy-refused button")
        .inner_html()
        .contains("M20 6 9 17l-5-5"));
}
