//! The account's keys once `/me` allows them: the first page's skeleton and failure states;
//! the key manager takes over once the page is in.

use leptos::prelude::*;

use super::key_manager::KeyManager;
use super::key_table::KeyTableSkeleton;
use super::keys_card::{AccountKeys, KeysCard};
use crate::api::wire::Me;
use crate::api::ErrorKind;
use crate::components::error_notice::ErrorNotice;
use crate::i18n::Msg;
use crate::session::Session;

/// The keys of the scoped account, for an admin: the first page's states.
#[component]
pub fn KeysLoader(
    /// `/me` of the scoped account, which allows managing its keys.
    me: Me,
) -> impl IntoView {
    let session = Session::from_context();
    let account = AccountKeys {
        name: me
            .account
            .as_ref()
            .map(|a| a.display_name().to_owned())
            .unwrap_or_default(),
        slug: me
            .account
            .as_ref()
            .map(|a| a.slug.clone())
            .unwrap_or_default(),
        max_keys: me.max_keys(),
        count: me.key_count(),
    };
    let (retrying, set_retrying) = signal(false);
    // Made here, not in the view the Transition swaps out: the old view still reads it while
    // the new one loads.
    let retrying = Signal::from(retrying);
    let skeleton = {
        let account = account.clone();
        move || {
            let count = account.count;
            view! {
                <KeysCard account=account total=count>
                    <KeyTableSkeleton />
                </KeysCard>
            }
        }
    };
    view! {
        <Transition fallback=skeleton set_pending=set_retrying>
            {move || {
                let account = account.clone();
                Suspend::new(async move {
                    match session.first_page.await {
                        Ok(page) => view! { <KeyManager account=account page=page /> }.into_any(),
                        Err(error) => {
                            let title = if error.kind == ErrorKind::Forbidden {
                                Msg::KeysForbidden
                            } else {
                                Msg::KeysLoadFailed
                            };

                            let count = account.count;
                            view! {
                                <KeysCard account=account total=count>
                                    <ErrorNotice
                                        error=error
                                        title=title
                                        on_retry=Callback::new(move |_| session.first_page.refetch())
                                        retrying=retrying
                                    />
                                </KeysCard>
                            }
                            .into_any()
                        }
                    }
                })
            }}
        </Transition>
    }
}
