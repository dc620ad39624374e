//! The loaded list and what changes it: Create key, rotate, revoke, Load more, find and sort.
//! The list starts from the first page and is kept in step locally, so the counter and rows
//! never need a reload.

use leptos::prelude::*;

use super::dialog_chunks::prefetch_when_idle;
use super::dialog_host::{DialogHost, OpenDialog};
use super::dialog_opener::{DialogCodeNotice, DialogOpener};
use super::key_filter::KeyFilter;
use super::key_table::{revoke_button_selector, RowActions};
use super::keys_card::{AccountKeys, KeysCard, CREATE_BUTTON_ID};
use super::list_body::ListBody;
use super::load_more::LoadMore;
use super::quiet_reload::reload_quietly_on_return;
use super::remaining_pages::RemainingPages;
use super::tab_sync::TabSync;
use super::view_choice::ViewChoice;
use crate::api::wire::ApiKey;
use crate::api::KeyPage;
use crate::components::clock::minute_clock;
use crate::components::connectivity::Connectivity;
use crate::components::error_notice::ErrorNotice;
use crate::config::Config;
use crate::rotate::Rotation;
use crate::state::key_list::{at_ceiling, neighbour, KeyList};
use crate::state::key_view::{is_filtering, visible, SortColumn, FILTER_FROM_KEYS};

/// The keys of the account, from its first page on.
#[component]
pub fn KeyManager(
    /// What `/me` said about the account.
    account: AccountKeys,
    /// The first page of its keys.
    page: KeyPage,
) -> impl IntoView {
    let list = RwSignal::new(KeyList::first_page(page));
    // The ceiling as `/me` last said; a quiet reload may bring a new one (a plan upgraded).
    let ceiling = RwSignal::new(account.max_keys);
    reload_quietly_on_return(list, ceiling);
    let api_base = expect_context::<Config>().api_base;
    TabSync::join(&api_base, &account.slug, list);
    let open = RwSignal::new(None::<OpenDialog>);
    // Find and sort: typed and clicked here, kept by their home (the URL, or memory).
    let choice = ViewChoice::from_context();
    let (query, order) = (choice.query, choice.order);
    let filtering = Memo::new(move |_| query.with(|q| is_filtering(q)));
    let needs_all = Signal::derive(move || filtering.get() || !order.get().is_default());
    let remaining = RemainingPages::new(list, needs_all);
    let shown = Memo::new(move |_| list.with(|l| visible(l.keys(), &query.read(), order.get())));
    let total = Signal::derive(move || list.with(KeyList::total));
    // Offered from six keys on, and kept while a filter is set so it can be cleared.
    let offer_filter = move || filtering.get() || total.get() >= FILTER_FROM_KEYS;
    let is_empty = Memo::new(move |_| list.with(|l| l.keys().is_empty()));
    let opener = DialogOpener::new(open);
    prefetch_when_idle();
    let open_create = Callback::new(move |_| opener.request(OpenDialog::Create));
    let create_busy = opener.is_opening(|d| *d == OpenDialog::Create);
    let opening_row = opener.opening();

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
        on_rotate: Callback::new(move |key| {
            opener.request(OpenDialog::Rotate(Rotation::Replacing(key)));
        }),
        // A memo: three attributes of every row read it, and it changes far less often than the
        // list (a derived signal would rerun all of them on each create or revoke).
        rotate_blocked: Memo::new(move |_| at_ceiling(total.get(), ceiling.get())).into(),
        offline: Connectivity::from_context().offline(),
        opening: Signal::derive(move || opening_row.with(|o| o.as_ref()?.row_button())),
    };
    let on_sort = Callback::new(move |column: SortColumn| {
        choice.set_order(order.get_untracked().clicked(column));
    });

    view! {
        <KeysCard
            account=account.clone()
            total=total
            show_create=Signal::derive(move || !is_empty.get())
            on_create=open_create
            create_busy=create_busy
            ceiling=ceiling
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
                    title="Not every key could be loaded: the filter and the order cover only the loaded ones."
                    on_retry=Callback::new(move |_| remaining.retry())
                    retrying=remaining.loading()
                />
            })}
            <ListBody
                is_empty=is_empty
                shown=shown
                filtering=filtering
                searching=remaining.loading()
                choice=choice
                actions=actions
                on_sort=on_sort
                on_create=open_create
                create_busy=create_busy
                now=minute_clock()
            />
            <Show when=move || !needs_all.get()>
                <LoadMore list=list />
            </Show>
        </KeysCard>
        <DialogHost open=open list=list filter=query />
    }
}
