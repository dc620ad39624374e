//! Standalone mode: a light settings shell whose routes leptos_router runs. Embedded mode
//! (a host element without `data-shell`) renders no router at all.

use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes, A};
use leptos_router::{path, NavigateOptions};

use super::api_keys_tab::ApiKeysTab;
use super::view_choice::ViewChoice;
use crate::config::Config;
use crate::session::Session;

/// The tab's own path.
pub const TAB_PATH: &str = "/settings/api-keys";

/// Routes of the standalone app: the tab, two aliases of it, and not-found for the rest.
#[component]
pub fn StandaloneApp() -> impl IntoView {
    view! {
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/settings/api-keys") view=SettingsPage />
                <Route path=path!("/settings") view=ToTab />
                <Route path=path!("/") view=ToTab />
            </Routes>
        </Router>
    }
}

/// `/` and `/settings` lead to the tab.
#[component]
fn ToTab() -> impl IntoView {
    // Replace, not push: Back must not return to the alias.
    let options = NavigateOptions {
        replace: true,
        ..NavigateOptions::default()
    };
    view! { <Redirect path=TAB_PATH options=options /> }
}

/// Who is signed in, and where.
#[component]
fn UserBox() -> impl IntoView {
    let session = expect_context::<Session>();
    move || {
        let me = session.me.get()?.ok()?;
        let account = me
            .account
            .filter(|_| !session.switching.get())
            .map(|a| a.display_name().to_owned());
        Some(view! {
            <div class="user-box">
                <span class="user-name">{me.user.full_name}</span>
                <span class="user-email">{me.user.email}</span>
                {account.map(|name| view! { <span class="user-account">{name}</span> })}
            </div>
        })
    }
}

/// Settings, with API Keys as the current tab.
#[component]
fn SettingsPage() -> impl IntoView {
    Session::provide(&expect_context::<Config>());
    // The filter and the order live in this page's URL, so a link shares them.
    provide_context(ViewChoice::in_url());
    view! {
        <div class="settings">
            <header class="settings-header">
                <h1>"Settings"</h1>
                <UserBox />
            </header>
            <nav class="tabs" aria-label="Settings sections">
                // The router marks the current tab with aria-current="page".
                <A href=TAB_PATH attr:class="tab">"API Keys"</A>
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
            <p><A href=TAB_PATH attr:class="button primary">"Go to Settings → API Keys"</A></p>
        </main>
    }
}
