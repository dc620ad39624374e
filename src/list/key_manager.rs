//! The loaded list and what changes it: Create key, rotate, revoke, Load more, find and sort.
//! The list's one owner ([`ListedKeys`]) starts from the first page and is kept in step by
//! what happens here, in other tabs and on a quiet reload, so the counter and the rows never
//! need a reload.

use leptos::prelude::*;

use super::create_key_button::{CreateKey, CREATE_BUTTON_ID};
use super::dialog_chunks::prefetch_when_idle;
use super::dialog_host::{DialogHost, OpenDialog};
use super::dialog_opener::{DialogCodeNotice, DialogOpener};
use super::key_filter::KeyFilter;
use super::key_table::{revoke_button_selector, RowActions};
use super::keys_card::{AccountKeys, KeysCard};
use super::list_body::ListBody;
use super::load_more::LoadMore;
use super::quiet_reload::reload_quietly_on_return;
use super::remaining_pages::RemainingPages;
use super::selection_bar::SelectionBar;
use super::tab_sync::TabSync;
use super::view_choice::ViewChoice;
use crate::api::wire::ApiKey;
use crate::api::KeyPage;
use crate::components::clock::minute_clock;
use crate::components::connectivity::Connectivity;
use crate::components::error_notice::ErrorNotice;
use crate::components::focus::after_render;
use crate::components::host_events::HostEvents;
use crate::config::Config;
use crate::i18n::Msg;
use crate::state::key_list::neighbour;
use crate::state::key_view::{is_filtering, stale_ids, visible_ids, SortColumn, FILTER_FROM_KEYS};
use crate::state::listed_keys::{ListedKeys, Told};
use crate::state::selection::Selection;

/// The list's owner for the account, telling the host page and the other tabs what changes
/// here, and following what the other tabs tell.
fn listed_keys(account: &AccountKeys, page: KeyPage) -> ListedKeys {
    let events = HostEvents::from_context();
    let sync = TabSync::join(&Config::from_context().api_base, &account.slug);
    let telling = sync.clone();
    let tell = Callback::new(move |told: Told| {
        events.told(&told);
        // The other tabs hear it in the next task: posting costs over a millisecond, and the
        // frame that shows the change here should not wait for it.
        let sync = telling.clone();
        after_render(move || sync.tell(&told));
    });
    let keys = ListedKeys::new(page, account.max_keys, tell);
    sync.listen(move |change| keys.changed_elsewhere(change));
    keys
}

/// The keys of the account, from its first page on.
#[component]
pub fn KeyManager(
    /// What `/me` said about the account.
    account: AccountKeys,
    /// The first page of its keys.
    page: KeyPage,
) -> impl IntoView {
    let keys = listed_keys(&account, page);
    reload_quietly_on_return(keys);
    let open = RwSignal::new(None::<OpenDialog>);
    // Find and sort: typed and clicked here, kept by their home (the URL, or memory).
    let choice = ViewChoice::from_context();
    let (query, order) = (choice.query, choice.order);
    let filtering = Memo::new(move |_| query.with(|q| is_filtering(q)));
    let needs_all = Signal::derive(move || filtering.get() || !order.get().is_default());
    let remaining = RemainingPages::new(keys, needs_all);
    // The ids shown, in order: rows are keyed by them and read their own data.
    let shown = Memo::new(move |_| keys.with_keys(|k| visible_ids(k, &query.read(), order.get())));
    let total = Memo::new(move |_| keys.total());
    // Offered from six keys on, and kept while a filter is set so it can be cleared.
    let offer_filter = move || filtering.get() || total.get() >= FILTER_FROM_KEYS;
    let is_empty = Memo::new(move |_| keys.with_keys(<[ApiKey]>::is_empty));
    let opener = DialogOpener::new(open);
    prefetch_when_idle();
    // A memo: Create key and three attributes of every row read it, and it changes far less
    // often than the list.
    let full = Signal::from(Memo::new(move |_| keys.is_full()));
    let create = CreateKey::new(opener, full);
    let opening_row = opener.opening();
    let now = minute_clock();
    // The keys selected for a bulk revoke: keys that leave the list leave it too.
    let selection = Selection::new();
    Effect::new(move |_| {
        keys.with_keys(|listed| selection.follow_list(|id| listed.iter().any(|k| k.id == id)));
    });
    let stale = Memo::new(move |_| {
        let now = now.get();
        shown.with(|ids| keys.with_keys(|listed| stale_ids(listed, ids, now)))
    });
    let on_bulk_revoke = Callback::new(move |()| {
        let ids = selection.ids_untracked();
        let chosen: Vec<ApiKey> = keys.with_keys(|listed| {
            listed
                .iter()
                .filter(|k| ids.contains(&k.id))
                .cloned()
                .collect()
        });
        if !chosen.is_empty() {
            opener.request(OpenDialog::BulkRevoke(chosen));
        }
    });
    let offline = Connectivity::from_context().offline();

    let on_revoke = Callback::new(move |key: ApiKey| {
        // Where focus lands if the row goes: the next shown row's button, else the previous,
        // else Create key.
        let fallback = shown.with_untracked(|s| neighbour(s, key.id).map(revoke_button_selector));
        let fallback_focus = fallback.unwrap_or_else(|| format!("#{CREATE_BUTTON_ID}"));
        opener.request(OpenDialog::Revoke {
            key,
            fallback_focus,
        });
    });
    let actions = RowActions {
        on_revoke,
        on_rotate: Callback::new(move |key| opener.request(OpenDialog::Rotate(key))),
        rotate_blocked: full,
        offline,
        opening: Memo::new(move |_| opening_row.with(|o| o.as_ref()?.row_button())).into(),
        selection: Some(selection),
    };
    let on_sort = Callback::new(move |column: SortColumn| {
        choice.set_order(order.get_untracked().clicked(column));
    });

    view! {
        <KeysCard
            account=account.clone()
            total=total
            ceiling=Signal::derive(move || keys.ceiling())
            show_create=Signal::derive(move || !is_empty.get())
            create=create
        >
            <DialogCodeNotice opener=opener />
            <Show when=offer_filter>
                <KeyFilter
                    choice=choice
                    shown=Signal::derive(move || shown.with(Vec::len))
                    total=total
                    searching=remaining.loading()
                />
            </Show>
            {move || remaining.error().get().map(|error| view! {
                <ErrorNotice
                    error=error
                    title=Msg::RemainingPagesFailed

                    on_retry=Callback::new(move |_| remaining.retry())
                    retrying=remaining.loading()
                />
            })}
            <Show when=move || !is_empty.get()>
                <SelectionBar selection=selection stale=stale offline=offline on_revoke=on_bulk_revoke />
            </Show>
            <ListBody
                keys=keys
                is_empty=is_empty
                shown=shown
                filtering=filtering
                searching=remaining.loading()
                choice=choice
                actions=actions
                on_sort=on_sort
                create=create
                now=now
            />
            <Show when=move || !needs_all.get()>
                <LoadMore keys=keys />
            </Show>
        </KeysCard>
        <DialogHost open=open keys=keys filter=query />
    }
}
