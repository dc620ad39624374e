//! In-browser component tests (wasm-bindgen-test in headless Chromium): the dialogs' focus,
//! Tab, Escape and backdrop behaviour; the copy button's success and refusal; the reveal
//! panel's safeguards; the label field's live validation; the paths of this site as the
//! browser's own URL parser reads them.

#![cfg(target_arch = "wasm32")]

mod support;

mod copy;
mod create_dialog;
mod dialog;
mod label_rule;
mod live_times;
mod plural_forms;
mod reveal;
mod same_site;
mod secret_memory;
mod static_markup;
