//! What session-replay and analytics tools a host page runs must never record: the revealed
//! key. Each tool honours its own marker, so the wrapper carries all of them (README lists
//! them): rrweb (`rr-block`, under PostHog, Sentry and others), Sentry Replay
//! (`data-sentry-block`), PostHog (`ph-no-capture`), LogRocket (`data-private`), FullStory
//! (`fs-exclude`), Hotjar (`data-hj-suppress`), Datadog RUM (`data-dd-privacy="hidden"`) and
//! Microsoft Clarity (`data-clarity-mask`).

use leptos::prelude::*;

/// The classes the replay tools look for.
pub const UNRECORDED_CLASSES: &str = "rr-block sentry-block ph-no-capture fs-exclude";

/// A block that recorders leave out (they record a placeholder of its size, if anything).
#[component]
pub fn Unrecorded(
    /// Extra class of the block (its layout).
    #[prop(optional, into)]
    class: String,
    /// What must not be recorded.
    children: Children,
) -> impl IntoView {
    view! {
        <div
            class=format!("{UNRECORDED_CLASSES} {class}")
            data-sentry-block=""
            data-private=""
            data-hj-suppress=""
            data-dd-privacy="hidden"
            data-clarity-mask="True"
        >
            {children()}
        </div>
    }
}
