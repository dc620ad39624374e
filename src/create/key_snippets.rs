//! Key-ready snippets under the revealed key: the key as an environment variable line, and a
//! command that checks it works (which holds no secret).

use leptos::prelude::*;
use zeroize::Zeroizing;

use super::revealed_key::Reveal;
use crate::components::copy_button::CopyButton;
use crate::components::unrecorded::Unrecorded;
use crate::config::Config;
use crate::i18n::{t, Msg};
use crate::state::snippets::{env_line, test_command};

/// The API base as an absolute URL (a same-origin path gets the page's origin).
fn absolute_api_base(config: &Config) -> String {
    if config.api_base.starts_with('/') {
        let origin = web_sys::window()
            .and_then(|w| w.location().origin().ok())
            .unwrap_or_default();
        format!("{origin}{}", config.api_base)
    } else {
        config.api_base.clone()
    }
}

/// The environment variable line and the test command, each with its copy button.
#[component]
pub fn KeySnippets(
    /// The reveal whose key the line holds.
    reveal: Reveal,
    /// Outcome of copying the line (it holds the key, so it counts as copying the key).
    on_line_copied: Callback<bool>,
) -> impl IntoView {
    let config = Config::from_context();
    let command = test_command(&absolute_api_base(&config), &config.origin_app);
    let shown_command = command.clone();
    let line = Callback::new(move |_| reveal.secret_copy(env_line));
    view! {
        <div class="snippets">
            <Unrecorded class="snippet">
                <span class="hint">{t(Msg::SnippetEnvCaption)}" "<code dir="ltr">"LEV_API_KEY=lev_sk_…"</code></span>
                <CopyButton label=Msg::CopyEnvLine text=line on_result=on_line_copied />
            </Unrecorded>
            <p class="snippet">
                <span class="hint">{t(Msg::SnippetCommandCaption)}</span>
                <code class="selectable command" dir="ltr">{shown_command}</code>
                <CopyButton
                    label=Msg::CopyTestCommand
                    text=Callback::new(move |_| Zeroizing::new(command.clone()))
                    on_result=Callback::new(|_| {})
                />
            </p>
        </div>
    }
}
