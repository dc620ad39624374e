//! What the tab shows instead of itself when its host page configured it in a way it refuses.

use leptos::prelude::*;

use super::problem_card::ProblemCard;
use crate::config::ConfigError;
use crate::i18n::{t, Locale, Msg, Value};

/// A visible, announced configuration error: which setting, what it held, what it must be.
#[component]
pub fn ConfigProblem(
    /// The refused setting.
    error: ConfigError,
) -> impl IntoView {
    let locale = Locale::from_context();
    let rule = error.rule;
    let fix = move || locale.format(Msg::ConfigFix, &[("rule", Value::Text(&locale.text(rule)))]);
    view! {
        <ProblemCard heading=Msg::ConfigProblemTitle>
            <p class="notice-title">{t(Msg::ConfigProblemRefused)}</p>
            <p><code class="selectable" dir="ltr">{error.attribute}"=\""{error.value}"\""</code></p>
            <p>{fix}</p>
            <p>{t(Msg::ConfigProblemTellAdmin)}</p>
        </ProblemCard>

    }
}
