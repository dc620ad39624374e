//! The root: what every part reads from context (configuration, status, the clipboard), and the choice
//! between the standalone settings shell (with routes) and the tab embedded in a host page.

use leptos::prelude::*;

use crate::components::connectivity::Connectivity;
use crate::components::copy_button::ClipboardWriter;
use crate::components::status::{Status, StatusRegion};
use crate::components::TEXT_LANG;
use crate::config::Config;
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
    view! {
        <div class="lev-api-keys" lang=TEXT_LANG data-theme=theme>
            {if shell { standalone() } else { view! { <EmbeddedTab /> }.into_any() }}
            <StatusRegion status=status />
        </div>
    }
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
