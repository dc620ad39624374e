//! What the tab shows instead of itself after one of its renders failed in the page.

use leptos::prelude::*;

use super::problem_card::ProblemCard;

/// The id of the notice's Retry button (focus goes there when the failure took it).
pub const RENDER_RETRY_ID: &str = "render-failure-retry";

/// An announced notice: the tab stopped showing correctly, what was thrown, and a Retry that
/// starts the tab afresh (loading the account and its keys again).
#[component]
pub fn RenderFailure(
    /// What was thrown (`name: message`).
    detail: String,
    /// Starts the tab afresh.
    on_retry: Callback<()>,
) -> impl IntoView {
    view! {
        <ProblemCard heading="API keys">
            <p class="notice-title">"Something went wrong while showing your API keys."</p>
            <p>"Retry shows the tab again with your keys as they are now. If this keeps happening, reload the page."</p>
            <p class="request-id">
                "No request ID: this went wrong in the page, not in a request to Lev's API. What the page reported: "
                <code class="selectable">{detail}</code>
            </p>
            <button id=RENDER_RETRY_ID type="button" class="button" on:click=move |_| on_retry.run(())>
                "Retry"
            </button>
        </ProblemCard>
    }
}
