//! Settings, with API Keys as the current tab: the page's header with who is signed in, the
//! section tabs, and the tab itself, whose filter and order live in this page's URL.

use leptos::prelude::*;
use leptos_router::components::A;

use super::url_view_choice::view_choice_in_url;
use crate::config::Config;
use crate::i18n::{t, Msg};
use crate::session::Session;
use crate::tab::ApiKeysTab;

/// The tab's own path.
pub const TAB_PATH: &str = "/settings/api-keys";

/// Who is signed in, and where.
#[component]
fn UserBox() -> impl IntoView {
    let session = Session::from_context();
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
pub fn SettingsPage() -> impl IntoView {
    Session::provide(&Config::from_context());
    // The filter and the order live in this page's URL, so a link shares them.
    view_choice_in_url().provide();
    view! {
        <div class="settings">
            <header class="settings-header">
                <h1>{t(Msg::SettingsTitle)}</h1>
                <UserBox />
            </header>
            <nav class="tabs" aria-label=t(Msg::SettingsSections)>
                // The router marks the current tab with aria-current="page".
                <A href=TAB_PATH attr:class="tab">{t(Msg::ApiKeysTab)}</A>
            </nav>
            <main id="main">
                <ApiKeysTab />
            </main>
        </div>
    }
}
