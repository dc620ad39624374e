//! Standalone mode: a light settings shell with routes. Embedded mode skips all of this.

use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes, A};
use leptos_router::path;

use super::api_keys_tab::ApiKeysTab;
use crate::app::SessionInfo;

/// Routes of the standalone app.
#[component]
pub fn StandaloneApp() -> impl IntoView {
    view! {
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/") view=|| view! { <Redirect path="/settings/api-keys" /> } />
                <Route path=path!("/settings") view=|| view! { <Redirect path="/settings/api-keys" /> } />
                <Route path=path!("/settings/api-keys") view=SettingsPage />
            </Routes>
        </Router>
    }
}

/// Who is signed in, and where.
#[component]
fn UserBox() -> impl IntoView {
    let session = expect_context::<SessionInfo>();
    move || {
        session.me.get().map(|me| {
            let account = me.account.as_ref().map(|a| a.name.clone());
            view! {
                <div class="user-box">
                    <span class="user-name">{me.user.full_name.clone()}</span>
                    <span class="user-email">{me.user.email.clone()}</span>
                    {account.map(|name| view! { <span class="user-account">{name}</span> })}
                </div>
            }
        })
    }
}

/// Settings, with API Keys as the current tab.
#[component]
fn SettingsPage() -> impl IntoView {
    view! {
        <div class="settings">
            <header class="settings-header">
                <h1>"Settings"</h1>
                <UserBox />
            </header>
            <nav class="tabs" aria-label="Settings sections">
                <A href="/settings/api-keys" attr:class="tab">"API Keys"</A>
            </nav>
            <main id="main">
                <ApiKeysTab />
            </main>
        </div>
    }
}

/// Any other path.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <main class="settings not-found">
            <h1>"Page not found"</h1>
            <p>"There is nothing at this address."</p>
            <p><a class="button primary" href="/settings/api-keys">"Go to Settings → API Keys"</a></p>
        </main>
    }
}
