//! In-browser component tests (wasm-bindgen-test in headless Chromium): the dialogs' focus,
//! Tab, Escape and backdrop behaviour; the copy button's success and refusal; the reveal
//! panel's safeguards; the label field's live validation.

#![cfg(target_arch = "wasm32")]

mod support;

mod copy;
mod create_dialog;
mod dialog;
mod live_times;
mod reveal;
mod secret_memory;
