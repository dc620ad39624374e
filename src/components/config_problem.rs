//! What the tab shows instead of itself when its host page configured it in a way it refuses.

use leptos::prelude::*;

use super::icons::WarningIcon;
use super::TEXT_LANG;
use crate::config::ConfigError;

/// A visible, announced configuration error: which setting, what it held, what it must be.
#[component]
pub fn ConfigProblem(
    /// The refused setting.
    error: ConfigError,
) -> impl IntoView {
    view! {
        <div class="lev-api-keys" lang=TEXT_LANG>
            <section class="card" aria-labelledby="config-error-title">
                <h2 id="config-error-title">"API keys can't be shown here"</h2>
                <div class="notice notice-error" role="alert">
                    <WarningIcon />
                    <div class="notice-body">
                        <p class="notice-title">"This page set up the API Keys tab with a setting it refuses."</p>
                        <p><code class="selectable">{error.attribute}"=\""{error.value}"\""</code></p>
                        <p>{format!("Fix: {}.", error.rule)}</p>
                        <p>"If you are not the page's developer, tell your Lev workspace admin."</p>
                    </div>
                </div>
            </section>
        </div>
    }
}
