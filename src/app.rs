//! The root: contexts every part reads (configuration, client, status, who is signed in) and
//! the choice between the standalone shell and the embedded tab.

use leptos::prelude::*;

use crate::api::wire::Me;
use crate::api::Client;
use crate::components::status::{Status, StatusRegion};
use crate::config::Config;
use crate::pages::api_keys_tab::ApiKeysTab;
use crate::pages::shell::StandaloneApp;

/// Who is signed in, once `/me` answered (the shell shows it).
#[derive(Clone, Copy)]
pub struct SessionInfo {
    /// The latest `/me`.
    pub me: RwSignal<Option<Me>>,
}

/// The whole app.
#[component]
pub fn App(
    /// How to run.
    config: Config,
) -> impl IntoView {
    let status = Status::new();
    provide_context(Client::new(&config));
    provide_context(status);
    provide_context(SessionInfo {
        me: RwSignal::new(None),
    });
    let shell = config.shell;
    provide_context(config);
    view! {
        <div class="lev-api-keys">
            {if shell { view! { <StandaloneApp /> }.into_any() } else { view! { <ApiKeysTab /> }.into_any() }}
            <StatusRegion status=status />
        </div>
    }
}
