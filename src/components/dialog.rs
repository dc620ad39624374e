//! The modal dialog every dialog of the tab is built on (WAI-ARIA dialog and alertdialog
//! patterns), over the native `<dialog>` element so the rest of the page — the host page too,
//! when embedded — is inert while it is open.
//!
//! It owns: focus moving in on open (to `[data-autofocus]`, else the first control), Tab and
//! Shift+Tab wrapping inside, Escape and clicks on the backdrop reported to the owner (who
//! decides whether that closes it), and focus returning to the opener on close.

use leptos::html;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent, MouseEvent};

use super::focus::{after_render, DomRoot};

const FOCUSABLE: &str = "button:not([disabled]), [href], input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex=\"-1\"])";

/// The focusable elements inside `root`, in document order.
pub fn focusable_elements(root: &Element) -> Vec<HtmlElement> {
    let Ok(list) = root.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|node| node.dyn_into::<HtmlElement>().ok())
        .collect()
}

/// Focuses `[data-autofocus]` inside `root`, else its first focusable element.
pub fn focus_initial(root: &Element) {
    let target = root
        .query_selector("[data-autofocus]")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
        .or_else(|| focusable_elements(root).into_iter().next());
    if let Some(element) = target {
        let _ = element.focus();
    }
}

/// Whether `ev` happened on `element` itself (not on something inside it).
fn targets(ev: &MouseEvent, element: &Element) -> bool {
    ev.target()
        .is_some_and(|t| t.unchecked_ref::<Element>() == element)
}

/// Tab and Shift+Tab wrap around the dialog's controls (and bring focus back in from outside).
fn keep_tab_inside(root: &DomRoot, dialog: &Element, ev: &KeyboardEvent) {
    let items = focusable_elements(dialog);
    let (Some(first), Some(last)) = (items.first(), items.last()) else {
        ev.prevent_default();
        return;
    };
    let active = root.active_element();
    let inside = active.as_ref().is_some_and(|a| dialog.contains(Some(a)));
    let at = |e: &HtmlElement| {
        active
            .as_ref()
            .is_some_and(|a| a == e.unchecked_ref::<Element>())
    };
    if ev.shift_key() && (at(first) || !inside) {
        ev.prevent_default();
        let _ = last.focus();
    } else if !ev.shift_key() && (at(last) || !inside) {
        ev.prevent_default();
        let _ = first.focus();
    }
}

/// A modal dialog.
#[component]
pub fn Dialog(
    /// Id of the element holding the title (`aria-labelledby`).
    #[prop(into)]
    labelled_by: String,
    /// Id of the element holding the description (`aria-describedby`), if any.
    #[prop(optional, into)]
    described_by: Option<String>,
    /// `alertdialog` (a confirmation that interrupts) instead of `dialog`.
    #[prop(optional)]
    alert: bool,
    /// The person asked to close it (Escape, a click outside). The owner decides what happens.
    #[prop(into)]
    on_dismiss: Callback<()>,
    /// CSS selector of what to focus on close when the opener is gone (a revoked row's button).
    #[prop(optional, into)]
    fallback_focus: Option<String>,
    /// Extra class of the surface (`dialog-narrow`).
    #[prop(optional, into)]
    class: String,
    /// Contents: title, body, actions.
    children: Children,
) -> impl IntoView {
    let dialog_ref = NodeRef::<html::Dialog>::new();
    // The opener gets focus back on close. `SendWrapper`: `on_cleanup` takes only `Send`
    // closures, and the node must outlive this owner (focus moves after the dialog has gone).
    let root = DomRoot::from_context();
    let opener = SendWrapper::new(root.active_element());
    let pressed_on_backdrop = StoredValue::new(false);

    Effect::new(move |_| {
        if let Some(dialog) = dialog_ref.get() {
            if !dialog.open() {
                let _ = dialog.show_modal();
            }
            focus_initial(&dialog);
        }
    });

    let dom = root.clone();
    on_cleanup(move || {
        let opener = opener.take();
        after_render(move || {
            // Another dialog that opened as this one closed (the next step of a flow) keeps
            // focus.
            let in_open_dialog = dom
                .active_element()
                .and_then(|e| e.closest("dialog[open]").ok().flatten())
                .is_some();
            if in_open_dialog {
                return;
            }
            let restored = opener
                .filter(|e| e.is_connected())
                .and_then(|e| e.dyn_into::<HtmlElement>().ok())
                .is_some_and(|e| e.focus().is_ok());
            if !restored {
                if let Some(selector) = fallback_focus {
                    dom.focus(&selector);
                }
            }
        });
    });

    let on_keydown = move |ev: KeyboardEvent| {
        let Some(dialog) = dialog_ref.get() else {
            return;
        };
        match ev.key().as_str() {
            "Escape" => {
                // Cancelling the keydown stops the browser's own close, so an unseen key can't
                // vanish without the owner's say.
                ev.prevent_default();
                ev.stop_propagation();
                on_dismiss.run(());
            }
            "Tab" => keep_tab_inside(&root, &dialog, &ev),
            _ => {}
        }
    };

    // A click whose press and release both land on the <dialog> element itself is on the
    // backdrop (the surface fills the element). Checking the press too keeps a text selection
    // dragged out of the field from counting as a click outside.
    let on_backdrop = move |ev: &MouseEvent| dialog_ref.get().is_some_and(|d| targets(ev, &d));
    let on_mousedown = move |ev: MouseEvent| pressed_on_backdrop.set_value(on_backdrop(&ev));
    let on_click = move |ev: MouseEvent| {
        if on_backdrop(&ev) && pressed_on_backdrop.get_value() {
            on_dismiss.run(());
        }
        pressed_on_backdrop.set_value(false);
    };

    view! {
        <dialog
            node_ref=dialog_ref
            class="dialog"
            role=if alert { "alertdialog" } else { "dialog" }
            aria-modal="true"
            aria-labelledby=labelled_by
            aria-describedby=described_by
            on:keydown=on_keydown
            on:cancel=move |ev: web_sys::Event| {
                ev.prevent_default();
                on_dismiss.run(());
            }
            on:mousedown=on_mousedown
            on:click=on_click
        >
            <div class=format!("dialog-surface {class}")>{children()}</div>
        </dialog>
    }
}
