//! Full-tab messages for when keys cannot be managed: not an admin, feature off, signed out.

use leptos::prelude::*;

use crate::components::host_events::HostEvents;
use crate::components::status::{isolated, with_labels};
use crate::i18n::{t, Locale, Msg, Value};
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
    let locale = Locale::from_context();
    let about = move |msg: Msg, account: &str| {
        let account = isolated(account);
        move || with_labels(&locale.format(msg, &[("account", Value::Text(&account))]))
    };
    match blocked {
        Blocked::NotAdmin { account } => view! {
            <section class="card notice-card" aria-labelledby="access-title">
                <h2 id="access-title">{t(Msg::NotAdminTitle)}</h2>
                <p>{about(Msg::NotAdminAdvice, &account)}</p>
            </section>
        }
        .into_any(),
        Blocked::FeatureDisabled { account } => view! {
            <section class="card notice-card" aria-labelledby="access-title">
                <h2 id="access-title">{t(Msg::FeatureOffTitle)}</h2>
                <p>{about(Msg::FeatureOffAdvice, &account)}</p>
            </section>
        }
        .into_any(),
        Blocked::SignedOut(error) => {
            HostEvents::from_context().sign_in_required(error.request_id.as_deref());
            let href = sign_in_href(&sign_in_url);
            let request_id = error.request_id.clone();

            view! {
                <section class="card notice-card" aria-labelledby="access-title">
                    <h2 id="access-title">{t(Msg::SignedOutTitle)}</h2>
                    <p>{move || format!("{} {}", error.headline(&locale), locale.text(Msg::SignedOutAdvice))}</p>
                    {request_id.map(|id| view! { <p class="request-id">{t(Msg::RequestId)}" "<code class="selectable" dir="ltr">{id}</code></p> })}
                    // rel="external": a page of its own, which the standalone router must not take over.
                    <p><a class="button primary" href=href rel="external">{t(Msg::SignInAgain)}</a></p>
                </section>
            }
            .into_any()
        }
    }
}
