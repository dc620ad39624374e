//! The part of the page the tab lives in, and moving focus there once the DOM has settled.
//! Embedded in a shadow root, the document's `activeElement` is the host element and its
//! `querySelector` cannot see inside, so every lookup goes through the tab's own root.

use std::time::Duration;

use leptos::prelude::{document, expect_context, provide_context, set_timeout};
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, ShadowRoot};

/// Runs `f` in a later task: after the current render, and after a closing modal dialog has
/// left the page (until then everything behind it is inert and refuses focus).
pub fn after_render(f: impl FnOnce() + 'static) {
    set_timeout(f, Duration::ZERO);
}

/// The tree the tab's elements are in: the document, or a shadow root of its own.
// `SendWrapper`: context values must be `Send`, and this one is used after its owner is gone
// (focus moves once a closing dialog has left), so it can't live in the owner's local storage.
#[derive(Clone)]
pub struct DomRoot(SendWrapper<Option<ShadowRoot>>);

impl DomRoot {
    /// The page's document (the standalone page, a component mounted on its own).
    pub fn document() -> Self {
        Self(SendWrapper::new(None))
    }

    /// A shadow root the tab was mounted into.
    pub fn shadow(root: ShadowRoot) -> Self {
        Self(SendWrapper::new(Some(root)))
    }

    /// Makes this the root of everything below.
    pub fn provide(self) {
        provide_context(self);
    }

    /// The root of the tab being built (provided where it is mounted).
    pub fn from_context() -> Self {
        expect_context()
    }

    /// The first element matching `selector` in this tree.
    pub fn query_selector(&self, selector: &str) -> Option<Element> {
        match self.0.as_ref() {
            Some(root) => root.query_selector(selector).ok().flatten(),
            None => document().query_selector(selector).ok().flatten(),
        }
    }

    /// The focused element of this tree.
    pub fn active_element(&self) -> Option<Element> {
        match self.0.as_ref() {
            Some(root) => root.active_element(),
            None => document().active_element(),
        }
    }

    /// Focuses the first element matching `selector`; `false` when there is none.
    pub fn focus(&self, selector: &str) -> bool {
        self.query_selector(selector)
            .and_then(|e| e.dyn_into::<HtmlElement>().ok())
            .is_some_and(|e| e.focus().is_ok())
    }
}
