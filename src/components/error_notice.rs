//! How every API error is shown: what happened, what to do, the request ID, and a Retry.

use leptos::prelude::*;

use super::icons::WarningIcon;
use crate::api::ApiError;

/// An error, rendered the same way everywhere (`role="alert"`, so it is announced at once).
#[component]
pub fn ErrorNotice(
    /// The error.
    error: ApiError,
    /// Context before the server's sentence, such as "The key could not be created."
    #[prop(optional, into)]
    title: Option<String>,
    /// Shows a **Retry** button calling this.
    #[prop(optional, into)]
    on_retry: Option<Callback<()>>,
    /// Whether Retry is currently running.
    #[prop(optional, into)]
    retrying: Signal<bool>,
) -> impl IntoView {
    let request_id = error.request_id.clone();
    let prerequisites = error.prerequisites.clone();
    let upgrade_url = error.upgrade_url.clone();
    view! {
        <div class="notice notice-error" role="alert">
            <WarningIcon />
            <div class="notice-body">
                {title.map(|t| view! { <p class="notice-title">{t}</p> })}
                <p>{error.headline()}" "{error.advice()}</p>
                {(!prerequisites.is_empty()).then(|| view! {
                    <p>"What has to be done first:"</p>
                    <ul class="prerequisites">
                        {prerequisites.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                    </ul>
                })}
                // rel="external": a page of its own, which the standalone router must not take over.
                {upgrade_url.map(|url| view! {
                    <p><a class="button" href=url rel="external">"Upgrade plan"</a></p>
                })}
                <p class="request-id">
                    {match request_id {
                        Some(id) => view! { "Request ID: " <code class="selectable">{id}</code> }.into_any(),
                        None => view! { "No request ID: the request got no answer from Lev's API." }.into_any(),
                    }}
                </p>
                {on_retry.map(|retry| view! {
                    <button
                        type="button"
                        class="button"
                        aria-disabled=move || retrying.get().to_string()
                        on:click=move |_| if !retrying.get_untracked() { retry.run(()) }
                    >"Retry"</button>
                })}
            </div>
        </div>
    }
}
