//! What the tab shows instead of itself when its host page configured it in a way it refuses.

use leptos::prelude::*;

use super::problem_card::ProblemCard;
use crate::config::ConfigError;

/// A visible, announced configuration error: which setting, what it held, what it must be.
#[component]
pub fn ConfigProblem(
    /// The refused setting.
    error: ConfigError,
) -> impl IntoView {
    view! {
        <ProblemCard heading="API keys can't be shown here">
            <p class="notice-title">"This page set up the API Keys tab with a setting it refuses."</p>
            <p><code class="selectable">{error.attribute}"=\""{error.value}"\""</code></p>
            <p>{format!("Fix: {}.", error.rule)}</p>
            <p>"If you are not the page's developer, tell your Lev workspace admin."</p>
        </ProblemCard>
    }
}
