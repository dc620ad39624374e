//! Full-tab messages for when keys cannot be managed: not an admin, feature off, signed out.

use leptos::prelude::*;

use crate::components::host_events::HostEvents;
use crate::state::access::Blocked;

/// The sign-in link, bringing the person back here afterwards (`next`, encoded by the
/// browser's URL parser). A path of this site stays a path, as it was written.
fn sign_in_href(sign_in_url: &str) -> String {
    let location = web_sys::window().map(|w| w.location());
    let here = location
        .as_ref()
        .and_then(|l| l.pathname().ok())
        .unwrap_or_else(|| "/".to_owned());
    let page = location.and_then(|l| l.href().ok()).unwrap_or_default();
    let Ok(url) = web_sys::Url::new_with_base(sign_in_url, &page) else {
        return sign_in_url.to_owned();
    };
    url.search_params().set("next", &here);
    if sign_in_url.starts_with('/') {
        format!("{}{}{}", url.pathname(), url.search(), url.hash())
    } else {
        url.href()
    }
}

/// A full-tab explanation with no controls, or a sign-in link.
#[component]
pub fn AccessNotice(
    /// What blocks the tab.
    blocked: Blocked,
    /// Where "Sign in again" leads.
    #[prop(into)]
    sign_in_url: String,
) -> impl IntoView {
    match blocked {
        Blocked::NotAdmin { account } => view! {
            <section class="card notice-card" aria-labelledby="access-title">
                <h2 id="access-title">"Only workspace admins can manage API keys"</h2>
                <p>{format!("You are a member of {account}. Ask an admin of {account} to create a key for you, or to make you an admin.")}</p>
            </section>
        }
        .into_any(),
        Blocked::FeatureDisabled { account } => view! {
            <section class="card notice-card" aria-labelledby="access-title">
                <h2 id="access-title">"API keys are not enabled for this account"</h2>
                <p>{format!("{account} does not have access to the Lev External API. Contact Lev support to turn it on.")}</p>
            </section>
        }
        .into_any(),
        Blocked::SignedOut(error) => {
            HostEvents::from_context().sign_in_required(error.request_id.as_deref());
            let href = sign_in_href(&sign_in_url);
            view! {
                <section class="card notice-card" aria-labelledby="access-title">
                    <h2 id="access-title">"You're signed out"</h2>
                    <p>{error.headline()}" Sign in again to manage API keys."</p>
                    {error.request_id.map(|id| view! { <p class="request-id">"Request ID: "<code class="selectable">{id}</code></p> })}
                    // rel="external": a page of its own, which the standalone router must not take over.
                    <p><a class="button primary" href=href rel="external">"Sign in again"</a></p>
                </section>
            }
            .into_any()
        }
    }
}
