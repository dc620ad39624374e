//! The standalone page's routes, which leptos_router runs: the tab, two aliases of it, and
//! not-found for the rest.

use leptos::prelude::*;

use leptos_router::components::{Redirect, Route, Router, Routes, A};
use leptos_router::{path, NavigateOptions};

use super::settings_page::{SettingsPage, TAB_PATH};
use crate::i18n::{t, Msg};

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

/// Any other path.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <main class="settings not-found">
            <h1>{t(Msg::NotFoundTitle)}</h1>
            <p>{t(Msg::NotFoundText)}</p>
            <p><A href=TAB_PATH attr:class="button primary">{t(Msg::GoToApiKeys)}</A></p>
        </main>
    }
}
