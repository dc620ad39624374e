//! The dialogs' code, split off the first load: the app's build (`cargo xtask build`, with the
//! `split` feature) cuts each function below, with everything only it reaches, into a wasm
//! chunk of its own that the browser fetches on first use (or when idle after the rows paint,
//! see [`prefetch_when_idle`]). Elsewhere (native and component tests) they are plain calls.
//!
//! `fallible`: a chunk that fails to download is an `Err` the list can report and retry
//! (Leptos's `#[lazy]` would panic, and a panic aborts the whole tab).

// The split macro declares each chunk's entry point in an `unsafe extern` block.
#![allow(unsafe_code)]

use leptos::prelude::*;
#[cfg(feature = "split")]
use leptos::wasm_split::wasm_split;
use leptos::wasm_split::SplitLoaderError;

use crate::api::wire::ApiKey;
use crate::create::CreateKeyDialog;
use crate::i18n::Msg;
use crate::revoke::{BulkRevokeDialog, RevokeKeyDialog, Revoked};
use crate::rotate::{RotationEnd, RotationFlow};
use crate::state::bulk_revoke::BulkResult;

/// Declares a dialog's entry point: with the `split` feature (the app's build, index.html
/// turns it on) a `#[wasm_split]` point cut into chunk `$chunk`, with `$fetch` to download it;
/// without (the component tests, which run the wasm unsplit) a plain `async fn` and a `$fetch`
/// that has nothing to do.
macro_rules! split_point {
    ($chunk:ident, $fetch:ident, $(#[$doc:meta])* pub fn $name:ident($($arg:ident: $ty:ty),* $(,)?) $body:block) => {
        $(#[$doc])*
        #[cfg(feature = "split")]
        #[wasm_split($chunk, fallible, wasm_split_path = ::leptos::wasm_split, preload($fetch))]
        pub fn $name($($arg: $ty),*) -> Result<AnyView, SplitLoaderError> $body

        $(#[$doc])*
        #[cfg(not(feature = "split"))]
        pub async fn $name($($arg: $ty),*) -> Result<AnyView, SplitLoaderError> $body

        /// Downloads the chunk unless it is here (in an unsplit build it always is).
        #[cfg(not(feature = "split"))]
        pub async fn $fetch() -> Result<(), SplitLoaderError> {
            Ok(())
        }
    };
}

split_point!(
    create_key,
    fetch_create_key,
    /// Create key (with the reveal panel and its snippets), once its chunk is here.
    pub fn create_key_dialog(
        label: RwSignal<String>,
        on_created: Callback<ApiKey>,
        on_close: Callback<Option<String>>,
    ) {
        Ok(
            view! { <CreateKeyDialog label=label on_created=on_created on_close=on_close /> }
                .into_any(),
        )
    }
);

split_point!(
    revoke_key,
    fetch_revoke_key,
    /// The revoke confirmation, once its chunk is here.
    pub fn revoke_key_dialog(
        key: ApiKey,
        fallback_focus: String,
        revoked_elsewhere: Signal<bool>,
        on_close: Callback<Option<Revoked>>,
    ) {
        Ok(view! {
            <RevokeKeyDialog
                key=key
                fallback_focus=fallback_focus
                revoked_elsewhere=revoked_elsewhere
                on_close=on_close
            />
        }
        .into_any())
    }
);

split_point!(
    rotate_key,
    fetch_rotate_key,
    /// A rotation of `key`, once its chunk is here.
    pub fn rotation_flow(
        key: ApiKey,
        revoked_elsewhere: Signal<bool>,
        on_created: Callback<ApiKey>,
        on_end: Callback<RotationEnd>,
    ) {
        Ok(view! {
            <RotationFlow
                key=key
                revoked_elsewhere=revoked_elsewhere
                on_created=on_created
                on_end=on_end
            />
        }
        .into_any())
    }
);

split_point!(
    bulk_revoke,
    fetch_bulk_revoke,
    /// The bulk revoke of the selected keys, once its chunk is here.
    pub fn bulk_revoke_dialog(
        keys: Vec<ApiKey>,
        on_finished: Callback<BulkResult>,
        on_close: Callback<Option<BulkResult>>,
    ) {
        Ok(
            view! { <BulkRevokeDialog keys=keys on_finished=on_finished on_close=on_close /> }
                .into_any(),
        )
    }
);

/// The code of one dialog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DialogCode {
    /// Create key and the reveal.
    Create,
    /// The revoke confirmation.
    Revoke,
    /// The rotation's steps.
    Rotate,
    /// The bulk revoke of the selected keys.
    BulkRevoke,
}

impl DialogCode {
    /// Every dialog's code, in the order the idle prefetch fetches them (the likeliest first).
    pub const ALL: [DialogCode; 4] = [
        DialogCode::Create,
        DialogCode::Revoke,
        DialogCode::Rotate,
        DialogCode::BulkRevoke,
    ];

    /// Fetches the code unless it is here already. Concurrent calls share one download; a
    /// failed one is not remembered, so the next call downloads again.
    pub async fn fetch(self) -> Result<(), SplitLoaderError> {
        match self {
            DialogCode::Create => fetch_create_key().await,
            DialogCode::Revoke => fetch_revoke_key().await,
            DialogCode::Rotate => fetch_rotate_key().await,
            DialogCode::BulkRevoke => fetch_bulk_revoke().await,
        }
    }

    /// The dialog's name, as its title says it.
    pub fn title(self) -> Msg {
        match self {
            DialogCode::Create => Msg::CreateDialogTitle,
            DialogCode::Revoke => Msg::RevokeDialogTitle,
            DialogCode::Rotate => Msg::RotateDialogTitle,
            DialogCode::BulkRevoke => Msg::BulkRevokeDialogTitle,
        }
    }
}

/// After the rows are painted, fetches every dialog's code when the browser is next idle (at
/// once in a second where it has no `requestIdleCallback`, as WebKit), so a first click seldom
/// waits. Cancelled if the list leaves first. A failure is silent: a click fetches again.
pub fn prefetch_when_idle() {
    let fetch_all = || {
        leptos::task::spawn_local(async {
            for code in DialogCode::ALL {
                if code.fetch().await.is_err() {
                    break;
                }
            }
        });
    };
    match leptos::prelude::request_idle_callback_with_handle(fetch_all) {
        Ok(handle) => on_cleanup(move || handle.cancel()),
        Err(_) => {
            if let Ok(handle) =
                set_timeout_with_handle(fetch_all, std::time::Duration::from_secs(1))
            {
                on_cleanup(move || handle.clear());
            }
        }
    }
}
