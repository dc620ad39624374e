//! Find: the Filter keys field with its count, and the loading of every remaining page that a
//! filter or a sort needs (they cover all of the account's keys, not only the loaded ones).

use std::time::Duration;

use leptos::leptos_dom::helpers::TimeoutHandle;
use leptos::prelude::*;

use super::attempt::pending_and_error;
use super::view_choice::ViewChoice;
use crate::api::ApiError;
use crate::session::ScopedClient;
use crate::state::key_list::KeyList;
use crate::state::key_view::{is_filtering, match_count_text};

/// How long typing pauses before the filter is written to the URL: one history write per
/// word rather than per keystroke.
const SAVE_AFTER: Duration = Duration::from_millis(300);

/// Keys per request when every page is wanted (the API's largest page).
const ALL_PAGE_SIZE: u32 = 200;

/// Loads every remaining page whenever `needed` says so.
#[derive(Clone, Copy)]
pub struct RemainingPages {
    action: Action<(), Result<(), ApiError>>,
    pending: Memo<bool>,
    error: Signal<Option<ApiError>>,
}

impl RemainingPages {
    /// Watches `needed` and the list; starts loading when both call for it.
    pub fn new(list: RwSignal<KeyList>, needed: Signal<bool>) -> Self {
        let client = ScopedClient::from_context();
        let action = Action::new_local(move |_: &()| {
            let client = client.now();
            async move {
                // `try_`: the list may be gone (another account chosen) while a page is out.
                while list.try_with_untracked(KeyList::has_more) == Some(true) {
                    let Some(at) = list.try_with_untracked(KeyList::next_page) else {
                        break;
                    };
                    let page = client.list_keys(&at, ALL_PAGE_SIZE).await?;
                    list.try_update(|l| l.append_page(page));
                }
                Ok(())
            }
        });
        let (pending, error) = pending_and_error(action);
        let this = Self {
            action,
            pending,
            error,
        };
        // A failure waits for Retry rather than hammering the API.
        Effect::new(move |_| {
            let wanted = needed.get() && list.with(KeyList::has_more);
            if wanted && !this.loading().get_untracked() && this.error().get_untracked().is_none() {
                action.dispatch_local(());
            }
        });
        this
    }

    /// Whether pages are on their way.
    pub fn loading(&self) -> Memo<bool> {
        self.pending
    }

    /// Why the last attempt stopped (hidden while a new one runs).
    pub fn error(&self) -> Signal<Option<ApiError>> {
        self.error
    }

    /// Tries again after a failure.
    pub fn retry(&self) {
        if !self.loading().get_untracked() {
            self.action.dispatch_local(());
        }
    }
}

/// The Filter keys field and how many keys match.
#[component]
pub fn KeyFilter(
    /// The filter as typed (owned by the list, which filters by it).
    text: RwSignal<String>,
    /// Where the filter is kept for later (the URL, or memory).
    choice: ViewChoice,
    /// Keys that match.
    #[prop(into)]
    shown: Signal<usize>,
    /// The account's keys.
    #[prop(into)]
    total: Signal<u64>,
    /// Whether the remaining pages are still loading.
    #[prop(into)]
    searching: Signal<bool>,
) -> impl IntoView {
    // The list follows each keystroke; the URL (or memory) gets the filter once typing pauses.
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let save_later = move || {
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let save = move || {
            if let Some(typed) = text.try_get_untracked() {
                choice.set_query(typed);
            }
        };
        pending.set_value(set_timeout_with_handle(save, SAVE_AFTER).ok());
    };
    on_cleanup(move || {
        if let Some(Some(handle)) = pending.try_get_value() {
            handle.clear();
        }
    });
    let count = move || {
        if !is_filtering(&text.get()) {
            String::new()
        } else if searching.get() {
            format!("Searching all {} keys…", total.get())
        } else {
            match_count_text(shown.get(), total.get())
        }
    };
    view! {
        <div class="key-filter" role="search">
            <label for="key-filter">"Filter keys"</label>
            <input
                id="key-filter"
                type="search"
                placeholder="Label or key prefix"
                autocomplete="off"
                spellcheck="false"
                aria-describedby="key-filter-count"
                prop:value=move || text.get()
                on:input=move |ev| {
                    text.set(event_target_value(&ev));
                    save_later();
                }
            />
            <p id="key-filter-count" class="filter-count" role="status">{count}</p>
        </div>
    }
}
