//! The root: what every part reads from context (configuration, status, the clipboard), and the choice
//! between the standalone settings shell (with routes) and the tab embedded in a host page.

use leptos::prelude::*;

use crate::components::connectivity::Connectivity;
use crate::components::copy_button::ClipboardWriter;
use crate::components::status::{Status, StatusRegion};
use crate::config::Config;
use crate::i18n::Locale;
use crate::list::ViewChoice;
use crate::session::Session;
#[cfg(feature = "shell")]
use crate::shell::StandaloneApp;
use crate::tab::ApiKeysTab;

/// The whole app.
#[component]
pub fn App(
    /// Where the API is, how requests are sent, and whether this is the standalone page.
    config: Config,
) -> impl IntoView {
    let status = Status::new();
    provide_context(status);
    ClipboardWriter::system().provide();
    Connectivity::provide();
    let (shell, theme) = (config.shell, config.theme.as_str());
    provide_context(config);
    // The root says the language of the tab's text and its direction: a host page's own `lang`
    // would otherwise make assistive technology read the tab's text in the page's language.
    let locale = Locale::from_context();
    if shell {
        mark_the_page(locale);
    }
    view! {
        <div class="lev-api-keys" lang=move || locale.tag() dir=move || locale.dir().as_str() data-theme=theme>
            {if shell { standalone() } else { view! { <EmbeddedTab /> }.into_any() }}
            <StatusRegion status=status />
        </div>
    }
}

/// The standalone page is the tab's own: its `<html>` follows the tab's language and direction
/// (in a host page, the host's `<html>` is never touched).
fn mark_the_page(locale: Locale) {
    Effect::new(move |_| {
        let (tag, dir) = (locale.tag(), locale.dir());
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", &tag);
            let _ = html.set_attribute("dir", dir.as_str());
        }
    });
}

/// The standalone settings page (`shell="settings"`).
#[cfg(feature = "shell")]
fn standalone() -> AnyView {
    view! { <StandaloneApp /> }.into_any()
}

/// Without the `shell` feature (the element's package) there is no settings page to render;
/// the configuration already refused `shell="settings"`, so this is never reached.
#[cfg(not(feature = "shell"))]
fn standalone() -> AnyView {
    view! { <EmbeddedTab /> }.into_any()
}

/// The tab alone, as a host page embeds it: no router, so the host's address and history are
/// never read for routing nor written.
#[component]
fn EmbeddedTab() -> impl IntoView {
    Session::provide(&Config::from_context());
    // The host page's URL is not the tab's: the filter and the order live in memory.
    ViewChoice::in_memory().provide();
    view! { <ApiKeysTab /> }
}
