//! Opening a dialog: its code first (a chunk fetched on first use), then the dialog. The
//! button that asked shows it is busy meanwhile, further clicks are ignored, and a failed
//! download says so with a Retry.

use leptos::prelude::*;

use super::dialog_chunks::DialogCode;
use super::dialog_host::OpenDialog;
use crate::components::action_state::pending_and_error;
use crate::components::icons::WarningIcon;
use crate::i18n::{t, Locale, Msg, Value};

/// Opens dialogs over the list once their code is here. Copy: the card, the rows and the
/// notice share one.
#[derive(Clone, Copy)]
pub struct DialogOpener {
    open: RwSignal<Option<OpenDialog>>,
    fetch: Action<OpenDialog, Result<(), DialogCode>>,
    pending: Memo<bool>,
    failed: Signal<Option<DialogCode>>,
    // What the last click asked for, for Retry (the action forgets its input once done).
    last: StoredValue<Option<OpenDialog>>,
}

impl DialogOpener {
    /// An opener that shows what it opens in `open`.
    pub fn new(open: RwSignal<Option<OpenDialog>>) -> Self {
        let fetch = Action::new_local(move |dialog: &OpenDialog| {
            let dialog = dialog.clone();
            async move {
                let code = dialog.code();
                code.fetch().await.map_err(|_| code)?;
                // Nothing opens over a dialog that is already open (a click can't reach the
                // list under a modal, but a script's can).
                if open.try_with_untracked(Option::is_none) == Some(true) {
                    open.try_set(Some(dialog));
                }
                Ok(())
            }
        });
        let (pending, failed) = pending_and_error(fetch);
        Self {
            open,
            fetch,
            pending,
            failed,
            last: StoredValue::new(None),
        }
    }

    /// Opens `dialog` once its code is here; ignored while another one is on its way or open.
    pub fn request(&self, dialog: OpenDialog) {
        if self.pending.get_untracked() || self.open.with_untracked(Option::is_some) {
            return;
        }
        self.last.set_value(Some(dialog.clone()));
        self.fetch.dispatch_local(dialog);
    }

    /// The dialog a click asked for whose code is on its way.
    pub fn opening(&self) -> Signal<Option<OpenDialog>> {
        self.fetch.input().into()
    }

    /// Whether a click asked for a dialog matching `wanted` whose code is on its way: its
    /// button shows it is busy.
    pub fn is_opening(
        &self,
        wanted: impl Fn(&OpenDialog) -> bool + Send + Sync + 'static,
    ) -> Signal<bool> {
        let opening = self.opening();
        Signal::derive(move || opening.with(|o| o.as_ref().is_some_and(&wanted)))
    }

    /// Asks again for the dialog whose download failed.
    fn retry(&self) {
        if let Some(dialog) = self.last.get_value() {
            self.request(dialog);
        }
    }
}

/// Says that a dialog's code could not be downloaded, with a Retry that asks again.
#[component]
pub fn DialogCodeNotice(
    /// The opener whose failures it shows.
    opener: DialogOpener,
) -> impl IntoView {
    // The dialog whose code last failed to download (hidden while a new attempt runs).
    let failed = opener.failed;
    let locale = Locale::from_context();

    move || {
        failed.get().map(|code| {
            view! {
                <div class="notice notice-error" role="alert">
                    <WarningIcon />
                    <div class="notice-body">
                        <p class="notice-title">
                            {move || locale.format(Msg::DialogCodeFailed, &[("dialog", Value::Text(&locale.text(code.title())))])}
                        </p>
                        <p>{t(Msg::DialogCodeFailedAdvice)}</p>
                        <p class="request-id">{t(Msg::NoRequestIdDialogCode)}</p>
                        <button type="button" class="button" on:click=move |_| opener.retry()>
                            {t(Msg::Retry)}
                        </button>
                    </div>
                </div>
            }
        })
    }
}
