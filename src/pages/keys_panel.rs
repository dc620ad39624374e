//! The account's keys: counter, Create key, the list with Load more, and the dialogs.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::create_key_dialog::CreateKeyDialog;
use super::key_table::KeyTable;
use super::revoke_key_dialog::RevokeKeyDialog;
use crate::api::wire::{ApiKey, Me, Quota};
use crate::api::{ApiError, Client, ErrorKind, KeyPage};
use crate::components::error_notice::ErrorNotice;
use crate::components::focus::{after_render, focus_selector};
use crate::components::icons::{KeyIcon, PlusIcon};
use crate::components::status::Status;
use crate::state::key_list::{counter_text, KeyList, PAGE_SIZE};

/// The first page of keys, filled when its request answers.
pub type FirstPage = RwSignal<Option<Result<KeyPage, ApiError>>>;

/// Id of the Create key button: where focus goes when nothing better is left.
pub const CREATE_BUTTON_ID: &str = "create-key-button";

/// The keys of the scoped account, for an admin.
#[component]
pub fn KeysPanel(
    /// `/me` of the scoped account.
    me: Me,
    /// Client scoped to the account.
    client: Client,
    /// The first page, requested together with `/me` (it saves a round trip at start); `None`
    /// inside while it is on its way.
    first_page: FirstPage,
) -> impl IntoView {
    let status = expect_context::<Status>();
    let max_keys = me.max_keys();
    let account_name = me
        .account
        .as_ref()
        .map(|a| a.name.clone())
        .unwrap_or_default();
    let initial_count = match me.platform.as_ref().map(|p| p.api_keys) {
        Some(Quota::Limit { current_count, .. }) => u64::from(current_count),
        _ => 0,
    };
    let client = StoredValue::new(client);

    let list = RwSignal::new(None::<KeyList>);
    let list_error = RwSignal::new(None::<ApiError>);
    let loading_more = RwSignal::new(false);
    let more_error = RwSignal::new(None::<ApiError>);
    let create_open = RwSignal::new(false);
    // The label survives closing the dialog by accident; it is cleared when a key is made.
    let draft_label = RwSignal::new(String::new());
    let revoke_target = RwSignal::new(None::<(ApiKey, String)>);

    let show_first = move |result: Result<KeyPage, ApiError>| match result {
        Ok(page) => list.set(Some(KeyList::first_page(
            page.keys,
            page.total,
            page.has_more,
        ))),
        Err(error) => list_error.set(Some(error)),
    };
    let load_first = move || {
        list_error.set(None);
        list.set(None);
        spawn_local(async move { show_first(client.get_value().list_keys(0, PAGE_SIZE).await) });
    };
    // Use the prefetched page once it is there (it may already be).
    let used_prefetch = StoredValue::new(false);
    Effect::new(move |_| {
        if used_prefetch.get_value() {
            return;
        }
        if let Some(result) = first_page.get() {
            used_prefetch.set_value(true);
            show_first(result);
        }
    });

    let load_more = move || {
        if loading_more.get_untracked() {
            return;
        }
        let Some(offset) = list.with_untracked(|l| l.as_ref().map(KeyList::next_offset)) else {
            return;
        };
        loading_more.set(true);
        more_error.set(None);
        spawn_local(async move {
            match client.get_value().list_keys(offset, PAGE_SIZE).await {
                Ok(page) => {
                    let count = page.keys.len();
                    let first_new = page.keys.first().map(|k| k.id);
                    let more = page.has_more;
                    list.update(|l| {
                        if let Some(l) = l {
                            l.append_page(page.keys, page.total, page.has_more);
                        }
                    });
                    status.say(format!("Loaded {count} more keys."));
                    // The button goes with the last page: keep keyboard users where the new rows start.
                    if let (false, Some(id)) = (more, first_new) {
                        after_render(move || {
                            focus_selector(&format!("[data-key-id=\"{id}\"] .revoke-button"));
                        });
                    }
                }
                Err(error) => more_error.set(Some(error)),
            }
            loading_more.set(false);
        });
    };

    // What the list area shows changes rarely; rows change often. Keeping the two apart lets
    // the table diff its rows instead of being rebuilt (and its old rows retained) each time.
    let shape = Memo::new(move |_| list.with(|l| l.as_ref().map(|l| l.keys().is_empty())));
    let total =
        Signal::derive(move || list.with(|l| l.as_ref().map_or(initial_count, KeyList::total)));
    let at_ceiling =
        Signal::derive(move || max_keys.is_some_and(|max| total.get() >= u64::from(max)));
    let is_empty =
        Signal::derive(move || list.with(|l| l.as_ref().is_some_and(|l| l.keys().is_empty())));

    let on_created = Callback::new(move |key: ApiKey| {
        list.update(|l| {
            if let Some(l) = l {
                l.add_created(key);
            }
        });
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
        let fallback = list.with_untracked(|l| {
            let keys = l.as_ref().map(KeyList::keys).unwrap_or_default();
            let index = keys.iter().position(|k| k.id == key.id)?;
            keys.get(index + 1)
                .or_else(|| index.checked_sub(1).and_then(|i| keys.get(i)))
                .map(|k| format!("[data-key-id=\"{}\"] .revoke-button", k.id))
        });
        revoke_target.set(Some((
            key,
            fallback.unwrap_or_else(|| format!("#{CREATE_BUTTON_ID}")),
        )));
    });
    let on_revoke_closed = Callback::new(move |outcome: Option<(ApiKey, bool)>| {
        if let Some((key, already_gone)) = outcome {
            list.update(|l| {
                if let Some(l) = l {
                    l.remove(key.id);
                }
            });
            if already_gone {
                status.say(format!(
                    "{} was already revoked elsewhere; it's no longer listed.",
                    key.label
                ));
            } else {
                status.say(format!("Revoked {}", key.label));
            }
        }
        revoke_target.set(None);
    });

    let ceiling_reason = move || {
        max_keys.map(|max| {
            format!("This account has reached its limit of {max} keys. Revoke a key you no longer use to create a new one.")
        })
    };
    let open_create = move |_| create_open.set(true);

    view! {
        <section class="card keys-card" aria-labelledby="keys-title">
            <header class="keys-header">
                <div>
                    <h2 id="keys-title">"API keys"</h2>
                    <p class="muted">
                        "Keys let your applications call the Lev External API on behalf of "
                        <strong>{account_name.clone()}</strong>
                        ". Treat them like passwords."
                    </p>
                </div>
                <div class="keys-actions">
                    <span class="counter" aria-live="polite">{move || counter_text(total.get(), max_keys)}</span>
                    <Show when=move || !is_empty.get()>
                        <button
                            id=CREATE_BUTTON_ID
                            type="button"
                            class="button primary"
                            disabled=move || at_ceiling.get()
                            aria-describedby=move || at_ceiling.get().then_some("ceiling-reason")
                            on:click=open_create
                        >
                            <PlusIcon />
                            "Create key"
                        </button>
                    </Show>
                </div>
            </header>
            <Show when=move || at_ceiling.get()>
                <p id="ceiling-reason" class="notice notice-info">{ceiling_reason}</p>
            </Show>

            {move || {
                if let Some(error) = list_error.get() {
                    let title = if error.kind == ErrorKind::Forbidden {
                        "You can't see this account's API keys."
                    } else {
                        "The API keys could not be loaded."
                    };
                    return view! { <ErrorNotice error=error title=title on_retry=Callback::new(move |_| load_first()) /> }.into_any();
                }
                match shape.get() {
                    None => view! { <KeyTable keys=Signal::derive(Vec::new) loading=true on_revoke=on_revoke_request /> }.into_any(),
                    Some(true) => view! {
                        <div class="empty-state">
                            <KeyIcon />
                            <h3>"No API keys yet"</h3>
                            <p class="muted">"Create a key to let an application, such as a CI pipeline or a data sync, call the Lev API."</p>
                            <button id=CREATE_BUTTON_ID type="button" class="button primary" on:click=open_create>
                                <PlusIcon />
                                "Create key"
                            </button>
                        </div>
                    }
                    .into_any(),
                    Some(false) => view! {
                        <KeyTable
                            keys=Signal::derive(move || list.with(|l| l.as_ref().map(|l| l.keys().to_vec()).unwrap_or_default()))
                            loading=false
                            on_revoke=on_revoke_request
                        />
                    }
                    .into_any(),
                }
            }}

            <Show when=move || list.with(|l| l.as_ref().is_some_and(KeyList::has_more))>
                <div class="load-more">
                    {move || more_error.get().map(|error| view! {
                        <ErrorNotice error=error title="More keys could not be loaded." />
                    })}
                    <button
                        type="button"
                        class="button"
                        aria-disabled=move || loading_more.get().to_string()
                        aria-busy=move || loading_more.get().to_string()
                        on:click=move |_| load_more()
                    >
                        {move || if loading_more.get() { "Loading…" } else { "Load more" }}
                    </button>
                </div>
            </Show>
        </section>

        <Show when=move || create_open.get()>
            <CreateKeyDialog client=client.get_value() label=draft_label on_created=on_created on_close=on_create_closed />
        </Show>
        {move || revoke_target.get().map(|(key, fallback)| view! {
            <RevokeKeyDialog client=client.get_value() key=key fallback_focus=fallback on_close=on_revoke_closed />
        })}
    }
}
