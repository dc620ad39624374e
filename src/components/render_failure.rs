//! What the tab shows instead of itself after one of its renders failed in the page.

use leptos::prelude::*;

use super::problem_card::ProblemCard;
use crate::i18n::{t, Msg};

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
        <ProblemCard heading=Msg::ApiKeysTitle>
            <p class="notice-title">{t(Msg::RenderFailed)}</p>
            <p>{t(Msg::RenderFailedAdvice)}</p>
            <p class="request-id">
                {t(Msg::RenderFailedNoRequestId)}" "
                <code class="selectable" dir="ltr">{detail}</code>
            </p>
            <button id=RENDER_RETRY_ID type="button" class="button" on:click=move |_| on_retry.run(())>
                {t(Msg::Retry)}
            </button>
        </ProblemCard>
    }
}
