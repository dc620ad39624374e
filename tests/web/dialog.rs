//! The modal dialog: focus in, Tab wraps, Escape and backdrop go to the owner, focus back out.

use leptos::mount::mount_to;
use leptos::prelude::*;
use lev_api_keys::components::dialog::Dialog;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

use crate::support::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn focus_moves_in_tab_wraps_and_focus_returns() {
    let open = RwSignal::new(false);
    let dismissed = RwSignal::new(0);
    let _app = mount_to(host(), move || {
        page_context();
        view! {
            <button id="opener">"Open"</button>
            <Show when=move || open.get()>
                <Dialog labelled_by="d1-title" on_dismiss=Callback::new(move |_| dismissed.update(|n| *n += 1))>
                    <h2 id="d1-title">"Title"</h2>
                    <button id="d1-first">"First"</button>
                    <input id="d1-field" data-autofocus />
                    <button id="d1-last">"Last"</button>
                </Dialog>
            </Show>
        }
    });
    find("#opener").focus().expect("focus");
    open.set(true);
    wait_for("the dialog to open with focus inside", || {
        exists("dialog[open]") && focused_id() == "d1-field"
    })
    .await;

    let dialog: web_sys::HtmlDialogElement = find("dialog").unchecked_into();
    assert!(dialog.open(), "shown as a modal");
    assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
    assert_eq!(
        dialog.get_attribute("aria-labelledby").as_deref(),
        Some("d1-title")
    );
    assert_eq!(dialog.get_attribute("role").as_deref(), Some("dialog"));
    assert_eq!(focused_id(), "d1-field", "[data-autofocus] gets focus");

    let last = find("#d1-last");
    last.focus().expect("focus");
    assert!(
        key(&last, "Tab", false),
        "Tab on the last control is taken over"
    );
    assert_eq!(focused_id(), "d1-first", "Tab wraps to the first control");
    let first = find("#d1-first");
    assert!(key(&first, "Tab", true));
    assert_eq!(
        focused_id(),
        "d1-last",
        "Shift+Tab wraps to the last control"
    );
    let field = find("#d1-field");
    field.focus().expect("focus");
    assert!(
        !key(&field, "Tab", false),
        "Tab in the middle is the browser's"
    );

    open.set(false);
    wait_for("the dialog to close", || !exists("dialog")).await;
    wait_for("focus to return to the opener", || focused_id() == "opener").await;
    assert_eq!(dismissed.get_untracked(), 0);
}

#[wasm_bindgen_test]
async fn escape_and_backdrop_ask_the_owner() {
    let dismissed = RwSignal::new(0);
    let _app = mount_to(host(), move || {
        page_context();
        view! {
            <Dialog alert=true labelled_by="d2-title" on_dismiss=Callback::new(move |_| dismissed.update(|n| *n += 1))>
                <h2 id="d2-title">"Sure?"</h2>
                <button id="d2-cancel" data-autofocus>"Cancel"</button>
            </Dialog>
        }
    });
    wait_for("focus on Cancel", || focused_id() == "d2-cancel").await;
    let dialog: web_sys::HtmlDialogElement = find("dialog[role=alertdialog]").unchecked_into();

    let cancel = find("#d2-cancel");
    assert!(
        key(&cancel, "Escape", false),
        "Escape's default (closing) is prevented"
    );
    assert_eq!(dismissed.get_untracked(), 1, "the owner hears Escape");
    assert!(dialog.open(), "and decides: the dialog is still open");

    click_on(&find("dialog[role=alertdialog] .dialog-surface"));
    assert_eq!(
        dismissed.get_untracked(),
        1,
        "a click inside is not a click outside"
    );
    click_on(dialog.unchecked_ref());
    assert_eq!(
        dismissed.get_untracked(),
        2,
        "a click on the backdrop is reported"
    );
    dialog.remove();
}
