//! Load more: the next page of keys, appended to the list.

use leptos::prelude::*;

use super::key_table::revoke_button_selector;
use crate::api::paths::PageAt;
use crate::api::ApiError;
use crate::components::action_state::pending_and_error;
use crate::components::connectivity::{Connectivity, OFFLINE_REASON_ID};
use crate::components::error_notice::ErrorNotice;
use crate::components::focus::{after_render, DomRoot};
use crate::components::status::Status;
use crate::i18n::{Locale, Msg, Value};
use crate::session::ScopedClient;
use crate::state::key_list::PAGE_SIZE;
use crate::state::listed_keys::ListedKeys;

/// The Load more button (while the list has more pages) and its error.
#[component]
pub fn LoadMore(
    /// The list the page is appended to.
    keys: ListedKeys,
) -> impl IntoView {
    let status = Status::from_context();
    let client = ScopedClient::from_context();
    let root = DomRoot::from_context();
    let locale = Locale::from_context();

    let load = Action::new_local(move |at: &PageAt| {
        let (at, client, root) = (at.clone(), client.now(), root.clone());
        async move {
            let page = client.list_keys(&at, PAGE_SIZE).await?;
            let (count, first_new, more) = (
                page.keys.len(),
                page.keys.first().map(|k| k.id),
                page.has_more,
            );
            keys.page_loaded(page);
            let count = i64::try_from(count).unwrap_or(i64::MAX);
            status.say(locale.format(Msg::LoadedMoreKeys, &[("count", Value::Number(count))]));
            // The button goes with the last page: keep keyboard users where the new rows start.
            if let (false, Some(id)) = (more, first_new) {
                let root = root.clone();
                after_render(move || {
                    root.focus(&revoke_button_selector(id));
                });
            }
            Ok::<(), ApiError>(())
        }
    });
    let (loading, error) = pending_and_error(load);
    let offline = Connectivity::from_context().offline();
    let click = move |_| {
        // One click, one request: clicks while a page is on its way are ignored, and so are
        // clicks while the browser is offline.
        if !loading.get_untracked() && !offline.get_untracked() {
            load.dispatch_local(keys.next_page_untracked());
        }
    };
    view! {
        <Show when=move || keys.has_more()>
            <div class="load-more">
                {move || error.get().map(|error| view! {
                    <ErrorNotice error=error title=Msg::LoadMoreFailed />
                })}
                <button
                    type="button"
                    class="button"
                    aria-disabled=move || (loading.get() || offline.get()).to_string()
                    aria-describedby=move || offline.get().then_some(OFFLINE_REASON_ID)
                    aria-busy=move || loading.get().to_string()
                    on:click=click
                >
                    {move || locale.text(if loading.get() { Msg::Loading } else { Msg::LoadMore })}
                </button>
            </div>
        </Show>
    }
}
