//! How every API error is shown: what happened, what to do, the server's own words and the
//! request ID, and a Retry.

use leptos::prelude::*;

use super::icons::WarningIcon;
use crate::api::ApiError;
use crate::i18n::{t, Locale, Msg};

/// An error, rendered the same way everywhere (`role="alert"`, so it is announced at once).
#[component]
pub fn ErrorNotice(
    /// The error.
    error: ApiError,
    /// Context before the error's sentence, such as "The key could not be created."
    #[prop(optional)]
    title: Option<Msg>,
    /// Shows a **Retry** button calling this.
    #[prop(optional, into)]
    on_retry: Option<Callback<()>>,
    /// Whether Retry is currently running.
    #[prop(optional, into)]
    retrying: Signal<bool>,
) -> impl IntoView {
    let locale = Locale::from_context();
    let request_id = error.request_id.clone();
    let prerequisites = error.prerequisites.clone();
    let upgrade_url = error.upgrade_url.clone();
    let server_message = error.server_message.clone();
    let sentence = move || format!("{} {}", error.headline(&locale), error.advice(&locale));
    view! {
        <div class="notice notice-error" role="alert">
            <WarningIcon />
            <div class="notice-body">
                {title.map(|msg| view! { <p class="notice-title">{t(msg)}</p> })}
                <p>{sentence}</p>
                {(!prerequisites.is_empty()).then(|| view! {
                    <p>{t(Msg::PrerequisitesIntro)}</p>
                    // The server's words, in English.
                    <ul class="prerequisites" lang="en">
                        {prerequisites.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                    </ul>
                })}
                // rel="external": a page of its own, which the standalone router must not take over.
                {upgrade_url.map(|url| view! {
                    <p><a class="button" href=url rel="external">{t(Msg::UpgradePlan)}</a></p>
                })}
                <p class="request-id">
                    {server_message.map(|message| view! {
                        {t(Msg::ServerSaid)}" "<q lang="en">{message}</q>" "
                    })}
                    {match request_id {
                        Some(id) => view! { {t(Msg::RequestId)}" "<code class="selectable" dir="ltr">{id}</code> }.into_any(),
                        None => view! { {t(Msg::NoRequestIdNoAnswer)} }.into_any(),
                    }}
                </p>
                {on_retry.map(|retry| view! {
                    <button
                        type="button"
                        class="button"
                        aria-disabled=move || retrying.get().to_string()
                        on:click=move |_| if !retrying.get_untracked() { retry.run(()) }
                    >{t(Msg::Retry)}</button>
                })}
            </div>
        </div>
    }
}
