//! The loaded list and what changes it: Create key, rotate, revoke, Load more, find and sort.
//! The list starts from the first page and is kept in step locally, so the counter and rows
//! never need a reload.

use leptos::prelude::*;

use super::create_key_dialog::CreateKeyDialog;
use super::key_finder::{KeyFilter, RemainingPages};
use super::key_table::{revoke_button_selector, KeyTable, RowActions};
use super::keys_card::{AccountKeys, KeysCard, CREATE_BUTTON_ID};
use super::load_more::LoadMore;
use super::revoke_key_dialog::{RevokeKeyDialog, Revoked};
use super::rotation::{Rotation, RotationFlow};
use super::view_choice::ViewChoice;
use crate::api::wire::ApiKey;
use crate::api::KeyPage;
use crate::components::clock::minute_clock;
use crate::components::error_notice::ErrorNotice;
use crate::components::icons::{KeyIcon, PlusIcon};
use crate::components::status::Status;
use crate::state::key_list::{at_ceiling, neighbour, KeyList};
use crate::state::key_view::{is_filtering, matches, visible, SortColumn, FILTER_FROM_KEYS};

/// The keys of the account, from its first page on.
#[component]
pub fn ManagedKeys(
    /// The account.
    account: AccountKeys,
    /// The first page.
    page: KeyPage,
) -> impl IntoView {
    let status = expect_context::<Status>();
    let list = RwSignal::new(KeyList::first_page(page));
    let create_open = RwSignal::new(false);
    // The label survives closing the dialog by accident; it is cleared when a key is made.
    let draft_label = RwSignal::new(String::new());
    let last_created = StoredValue::new(None::<ApiKey>);
    let revoke_target = RwSignal::new(None::<(ApiKey, String)>);
    let rotation = RwSignal::new(None::<Rotation>);

    // Find and sort: typed and clicked here, kept in the URL (standalone) or memory.
    let choice = ViewChoice::from_context();
    let filter = RwSignal::new(choice.query.get_untracked());
    let order = RwSignal::new(choice.order.get_untracked());
    let filtering = Memo::new(move |_| filter.with(|q| is_filtering(q)));
    let needs_all = Signal::derive(move || filtering.get() || !order.get().is_default());
    let remaining = RemainingPages::new(list, needs_all);
    let shown = Memo::new(move |_| list.with(|l| visible(l.keys(), &filter.read(), order.get())));
    let total = Signal::derive(move || list.with(KeyList::total));
    // Offered from six keys on, and kept while a filter is set so it can be cleared.
    let offer_filter = move || filtering.get() || total.get() >= FILTER_FROM_KEYS;

    // What the list area shows changes rarely; rows change often. Keeping the two apart lets
    // the table diff its rows instead of being rebuilt (and its old rows retained) each time.
    let is_empty = Memo::new(move |_| list.with(|l| l.keys().is_empty()));
    let open_create = Callback::new(move |_| create_open.set(true));
    // Relative times stay true while the page stays open.
    let now = minute_clock();

    let on_created = Callback::new(move |key: ApiKey| {
        list.update(|l| l.add_created(key.clone()));
        last_created.set_value(Some(key));
        draft_label.set(String::new());
    });
    let on_create_closed = Callback::new(move |created_label: Option<String>| {
        create_open.set(false);
        if let Some(label) = created_label {
            let listed = last_created
                .get_value()
                .is_some_and(|k| filter.with_untracked(|q| matches(&k, q)));
            status.say(if listed {
                format!("Created {label}. It's in the list below.")
            } else {
                format!("Created {label}. It doesn't match the filter, so it isn't shown.")
            });
        }
    });
    let on_revoke_request = Callback::new(move |key: ApiKey| {
        // Where focus lands if the row goes: the next shown row's button, else the previous,
        // else Create key.
        let fallback = shown.with_untracked(|s| neighbour(s, key.id).map(revoke_button_selector));
        revoke_target.set(Some((
            key,
            fallback.unwrap_or_else(|| format!("#{CREATE_BUTTON_ID}")),
        )));
    });
    let on_revoke_closed = Callback::new(move |outcome: Option<Revoked>| {
        if let Some(revoked) = outcome {
            list.update(|l| {
                l.remove(revoked.key.id);
            });
            status.say(revoked.announcement());
        }
        revoke_target.set(None);
    });
    let actions = RowActions {
        on_revoke: on_revoke_request,
        on_rotate: Callback::new(move |key| rotation.set(Some(Rotation::Replacing(key)))),
        // A memo: three attributes of every row read it, and it changes far less often than the
        // list (a derived signal would rerun all of them on each create or revoke).
        rotate_blocked: Memo::new(move |_| at_ceiling(total.get(), account.max_keys)).into(),
    };
    let on_sort = Callback::new(move |column: SortColumn| {
        let next = order.get_untracked().clicked(column);
        order.set(next);
        choice.set_order(next);
    });
    let clear_filter = move |_| {
        filter.set(String::new());
        choice.set_query(String::new());
    };

    view! {
        <KeysCard
            account=account.clone()
            total=total
            show_create=Signal::derive(move || !is_empty.get())
            on_create=open_create
        >
            <Show when=offer_filter>
                <KeyFilter
                    text=filter
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
            {move || if is_empty.get() {
                view! {
                    <div class="empty-state">
                        <KeyIcon />
                        <h3>"No API keys yet"</h3>
                        <p class="muted">"Create a key to let an application, such as a CI pipeline or a data sync, call the Lev API."</p>
                        <button id=CREATE_BUTTON_ID type="button" class="button primary" on:click=move |_| open_create.run(())>
                            <PlusIcon />
                            "Create key"
                        </button>
                    </div>
                }
                .into_any()
            } else {
                view! {
                    <KeyTable keys=shown loading=false actions=actions order=order on_sort=on_sort now=now />
                    <Show when=move || filtering.get() && shown.with(Vec::is_empty) && !remaining.loading().get()>
                        <div class="no-match">
                            <p>{move || format!("No key's label or prefix contains “{}”.", filter.get().trim())}</p>
                            <button type="button" class="button" on:click=clear_filter>"Clear filter"</button>
                        </div>
                    </Show>
                }
                .into_any()
            }}
            <Show when=move || !needs_all.get()>
                <LoadMore list=list />
            </Show>
        </KeysCard>

        <Show when=move || create_open.get()>
            <CreateKeyDialog label=draft_label on_created=on_created on_close=on_create_closed />
        </Show>
        {move || revoke_target.get().map(|(key, fallback)| view! {
            <RevokeKeyDialog key=key fallback_focus=fallback on_close=on_revoke_closed />
        })}
        <RotationFlow rotation=rotation list=list />
    }
}
