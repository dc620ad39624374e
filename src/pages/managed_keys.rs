//! The loaded list and what changes it: Create key, revoke, Load more. The list starts from
//! the first page and is kept in step locally, so the counter and rows never need a reload.

use leptos::prelude::*;

use super::create_key_dialog::CreateKeyDialog;
use super::key_table::{revoke_button_selector, KeyTable};
use super::keys_card::{AccountKeys, KeysCard, CREATE_BUTTON_ID};
use super::load_more::LoadMore;
use super::revoke_key_dialog::{RevokeKeyDialog, Revoked};
use crate::api::wire::ApiKey;
use crate::api::KeyPage;
use crate::components::clock::minute_clock;
use crate::components::icons::{KeyIcon, PlusIcon};
use crate::components::status::Status;
use crate::state::key_list::KeyList;

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
    let revoke_target = RwSignal::new(None::<(ApiKey, String)>);
    // What the list area shows changes rarely; rows change often. Keeping the two apart lets
    // the table diff its rows instead of being rebuilt (and its old rows retained) each time.
    let is_empty = Memo::new(move |_| list.with(|l| l.keys().is_empty()));
    let open_create = Callback::new(move |_| create_open.set(true));
    // Relative times stay true while the page stays open.
    let now = minute_clock();

    let on_created = Callback::new(move |key: ApiKey| {
        list.update(|l| l.add_created(key));
        draft_label.set(String::new());
    });
    let on_create_closed = Callback::new(move |created_label: Option<String>| {
        create_open.set(false);
        if let Some(label) = created_label {
            status.say(format!("Created {label}. It's in the list below."));
        }
    });
    let on_revoke_request = Callback::new(move |key: ApiKey| {
        // Where focus lands if the row goes: the next row's button, else the previous, else Create key.
        let fallback = list.with_untracked(|l| l.neighbour(key.id).map(revoke_button_selector));
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

    view! {
        <KeysCard
            account=account
            total=Signal::derive(move || list.with(KeyList::total))
            show_create=Signal::derive(move || !is_empty.get())
            on_create=open_create
        >
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
                    <KeyTable
                        keys=Signal::derive(move || list.with(|l| l.keys().to_vec()))
                        loading=false
                        on_revoke=on_revoke_request
                        now=now
                    />
                }
                .into_any()
            }}
            <LoadMore list=list />
        </KeysCard>

        <Show when=move || create_open.get()>
            <CreateKeyDialog label=draft_label on_created=on_created on_close=on_create_closed />
        </Show>
        {move || revoke_target.get().map(|(key, fallback)| view! {
            <RevokeKeyDialog key=key fallback_focus=fallback on_close=on_revoke_closed />
        })}
    }
}
