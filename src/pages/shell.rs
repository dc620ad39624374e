//! Standalone mode: a light settings shell with routes. Embedded mode skips all of this.
//!
//! Three paths and no in-app navigation do not need a router crate (it cost ~10 % of the wasm):
//! the path is read once at start, and the two aliases are rewritten in place.

use leptos::prelude::*;

use super::api_keys_tab::ApiKeysTab;
use crate::app::SessionInfo;

/// The tab's own path.
pub const TAB_PATH: &str = "/settings/api-keys";

/// What a path shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// Settings → API Keys.
    ApiKeys,
    /// `/` or `/settings`: shown as the tab, with the address rewritten to [`TAB_PATH`].
    Alias,
    /// Anything else.
    NotFound,
}

/// Routes a path (a trailing slash is ignored).
pub fn route(path: &str) -> Route {
    let path = if path.len() > 1 {
        path.trim_end_matches('/')
    } else {
        path
    };
    match path {
        TAB_PATH => Route::ApiKeys,
        "/" | "" | "/settings" => Route::Alias,
        _ => Route::NotFound,
    }
}

/// Routes of the standalone app.
#[component]
pub fn StandaloneApp() -> impl IntoView {
    let location = web_sys::window().map(|w| w.location());
    let path = location
        .as_ref()
        .and_then(|l| l.pathname().ok())
        .unwrap_or_default();
    match route(&path) {
        Route::ApiKeys => view! { <SettingsPage /> }.into_any(),
        Route::Alias => {
            // Replace, not push: Back must not return to the alias.
            if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
                let _ = history.replace_state_with_url(
                    &wasm_bindgen::JsValue::NULL,
                    "",
                    Some(TAB_PATH),
                );
            }
            view! { <SettingsPage /> }.into_any()
        }
        Route::NotFound => view! { <NotFound /> }.into_any(),
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
                <a href=TAB_PATH class="tab" aria-current="page">"API Keys"</a>
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
            <p><a class="button primary" href=TAB_PATH>"Go to Settings → API Keys"</a></p>
        </main>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes() {
        assert_eq!(route("/settings/api-keys"), Route::ApiKeys);
        assert_eq!(route("/settings/api-keys/"), Route::ApiKeys);
        assert_eq!(route("/"), Route::Alias);
        assert_eq!(route("/settings"), Route::Alias);
        assert_eq!(route("/settings/"), Route::Alias);
        assert_eq!(route("/settings/nothing"), Route::NotFound);
        assert_eq!(route("/SETTINGS/API-KEYS"), Route::NotFound);
    }
}
