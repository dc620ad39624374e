//! Settings → API Keys of the Lev web app: a Leptos client-side app over the Lev External
//! API v2.
//!
//! Layers: [`api`] (wire types, client, errors) → [`state`] (pure logic) → [`session`] (the
//! active account and the loads it starts) → [`components`] (reusable UI) → one folder per
//! thing a person does: [`create`], [`revoke`], [`rotate`], the [`list`] that opens them, the
//! [`tab`] around it, and the standalone [`shell`]. [`embed::mount_tab`] mounts it, in the
//! `<lev-api-keys>` element every page uses (the standalone page too).

// `deny`, not `forbid`: the dialogs' split points (`list::dialog_chunks`) are declared in
// `unsafe extern` blocks by the split macro, and only that module allows it.
#![deny(unsafe_code)]

pub mod api;
pub mod app;
pub mod components;
pub mod config;
pub mod create;
pub mod embed;
pub mod i18n;
pub mod list;
pub mod revoke;
pub mod rotate;
pub mod session;
#[cfg(feature = "shell")]
pub mod shell;
pub mod state;
pub mod tab;

pub use app::App;
pub use config::{Config, ConfigError, UrlParts};
