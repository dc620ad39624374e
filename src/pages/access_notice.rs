//! Full-tab messages for when keys cannot be managed: not an admin, feature off, signed out.

use leptos::prelude::*;

use crate::api::ApiError;

/// Why the tab cannot show its controls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blocked {
    /// The person is not a workspace admin of the account.
    NotAdmin {
        /// Account name.
        account: String,
    },
    /// API keys are not enabled for the account.
    FeatureDisabled {
        /// Account name.
        account: String,
    },
    /// Signed out, or the session expired (401).
    SignedOut(ApiError),
}

/// The sign-in link, bringing the person back here afterwards.
fn sign_in_href(sign_in_url: &str) -> String {
    let here = web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_else(|| "/".to_owned());
    let next = js_sys::encode_uri_component(&here);
    let joiner = if sign_in_url.contains('?') { '&' } else { '?' };
    format!("{sign_in_url}{joiner}next={next}")
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
