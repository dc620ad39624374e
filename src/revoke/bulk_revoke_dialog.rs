//! Revoking the selected keys (alertdialog): one confirmation that names them and warns about
//! those used in the last day, then the progress with Stop, then the result key by key with
//! Retry failed.

use leptos::prelude::*;

use super::bulk_revocation::{BulkPhase, BulkRevocation};
use crate::api::wire::ApiKey;
use crate::api::ApiError;
use crate::components::clock::now_secs;
use crate::components::dialog::Dialog;
use crate::components::icons::WarningIcon;
use crate::i18n::{rich, slot, t, Locale, Msg, Value};
use crate::state::bulk_revoke::{
    and_more, confirm_label, progress, recent_use_warning, title, BulkResult, NAMED_IN_CONFIRMATION,
};
use crate::state::time::{parse_rfc3339, LastUse};

/// Id of the dialog's title.
const TITLE_ID: &str = "bulk-revoke-title";
/// Id of what describes it.
const DESCRIPTION_ID: &str = "bulk-revoke-description";

/// A key's label and prefix, as the dialog names it.
fn named(key: &ApiKey) -> impl IntoView {
    super::key_question(Msg::KeyNamed, key)
}

/// The keys used within the last 24 hours: something may still depend on them.
fn recently_used(keys: &[ApiKey]) -> Vec<ApiKey> {
    let now = now_secs();
    keys.iter()
        .filter(|k| {
            let used = k.last_used_at.as_deref().and_then(parse_rfc3339);
            matches!(LastUse::of(now, used), LastUse::Recent(_))
        })
        .cloned()
        .collect()
}

/// What the confirmation says: the keys (the first ten), and a warning naming those used in
/// the last day.
#[component]
fn Confirmation(
    /// The keys to revoke.
    keys: Vec<ApiKey>,
) -> impl IntoView {
    let recent = recently_used(&keys);
    let locale = Locale::from_context();
    let (total, recent_count) = (keys.len(), recent.len());
    view! {
        <p>{t(Msg::BulkRevokeWarning)}</p>
        <ul class="bulk-keys">
            {keys.iter().take(NAMED_IN_CONFIRMATION).map(|k| view! { <li>{named(k)}</li> }).collect_view()}
            {move || and_more(&locale, total).map(|more| view! { <li class="muted">{more}</li> })}
        </ul>
        {(!recent.is_empty()).then(|| view! {
            <div class="notice notice-warning last-use">
                <WarningIcon />
                <div>
                    <p>{move || recent_use_warning(&locale, recent_count)}</p>
                    <ul class="bulk-keys">
                        {recent.iter().map(|k| view! { <li>{named(k)}</li> }).collect_view()}
                    </ul>
                </div>
            </div>
        })}
    }
}

/// The result: how many are gone, and each failure with what happened and its request ID.
#[component]
fn Outcome(
    /// The run's result.
    result: BulkResult,
) -> impl IntoView {
    let locale = Locale::from_context();
    let summary = {
        let result = result.clone();
        move || result.summary(&locale)
    };
    view! {
        <p class="bulk-summary">{summary}</p>
        {(!result.failed.is_empty()).then(|| view! {
            <ul class="bulk-failures">
                {result.failed.iter().map(|(key, error)| view! {
                    <li>
                        {failure(key, error)}
                        {error.request_id.clone().map(|id| view! {
                            <span class="request-id">" "{t(Msg::RequestId)}" "<code dir="ltr">{id}</code></span>
                        })}
                    </li>
                }).collect_view()}
            </ul>
        })}
    }
}

/// One key that was not revoked: which, what happened and what to do.
fn failure(key: &ApiKey, error: &ApiError) -> impl IntoView {
    let locale = Locale::from_context();
    let key = key.clone();
    let error = error.clone();
    rich(
        Msg::FailureLine,
        vec![
            slot("key", move || named(&key).into_any()),
            slot("what", move || {
                format!("{} {}", error.headline(&locale), error.advice(&locale)).into_any()
            }),
        ],
    )
}

/// The dialog's step: what its body and buttons show. Progress within a step is read
/// separately, so the buttons (and focus) stay put while keys are revoked.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Confirming,
    Running,
    Done(BulkResult),
}

/// The bulk revoke of the selected keys.
#[component]
pub fn BulkRevokeDialog(
    /// The selected keys, in the order the list shows them.
    keys: Vec<ApiKey>,
    /// Each run's result, as soon as its last request ends (the list's owner takes it).
    on_finished: Callback<BulkResult>,
    /// Closed: the last run's result, or `None` when cancelled before any.
    on_close: Callback<Option<BulkResult>>,
) -> impl IntoView {
    let count = keys.len();
    let locale = Locale::from_context();
    let revocation = BulkRevocation::new(on_finished);
    let first = StoredValue::new(keys);
    let step = Memo::new(move |_| match revocation.phase() {
        BulkPhase::Confirming => Step::Confirming,
        BulkPhase::Running { .. } => Step::Running,
        BulkPhase::Done(result) => Step::Done(result),
    });
    let close = move || match step.get_untracked() {
        Step::Confirming => on_close.run(None),
        Step::Done(result) => on_close.run(Some(result)),
        // Requests are on their way: Stop first, then Close.
        Step::Running => {}
    };
    let progress_text = move || match revocation.phase() {
        BulkPhase::Running { stopping: true, .. } => locale.text(Msg::BulkStopping),
        BulkPhase::Running {
            finished, total, ..
        } => progress(&locale, finished, total),
        _ => String::new(),
    };
    let counts = move || match revocation.phase() {
        BulkPhase::Running {
            finished, total, ..
        } => (finished, total),
        _ => (0, 0),
    };
    let stopping = move || {
        matches!(
            revocation.phase(),
            BulkPhase::Running { stopping: true, .. }
        )
    };
    let stop_ref = NodeRef::<leptos::html::Button>::new();
    let after_ref = NodeRef::<leptos::html::Button>::new();
    // Focus follows the step: the button that started it is gone.
    Effect::new(move |_| {
        let target = match step.get() {
            Step::Confirming => None,
            Step::Running => stop_ref.get(),
            Step::Done(_) => after_ref.get(),
        };
        if let Some(button) = target {
            let _ = button.focus();
        }
    });

    view! {
        <Dialog
            alert=true
            labelled_by=TITLE_ID
            described_by=DESCRIPTION_ID
            class="dialog-narrow"
            on_dismiss=Callback::new(move |_| close())
        >
            <h2 id=TITLE_ID>{move || title(&locale, count)}</h2>
            <div id=DESCRIPTION_ID>
                {move || match step.get() {
                    Step::Confirming => view! { <Confirmation keys=first.get_value() /> }.into_any(),
                    Step::Running => view! {
                        <p role="status" class="bulk-progress">{progress_text}</p>
                        <progress max=move || counts().1 value=move || counts().0 aria-hidden="true"></progress>
                    }.into_any(),
                    Step::Done(result) => view! {
                        <div role="status"><Outcome result=result /></div>
                    }.into_any(),
                }}
            </div>
            <div class="actions">
                {move || match step.get() {
                    Step::Confirming => view! {
                        <button type="button" class="button" data-autofocus on:click=move |_| close()>{t(Msg::Cancel)}</button>
                        <button
                            type="button"
                            class="button danger"
                            on:click=move |_| revocation.start(first.get_value())
                        >{move || confirm_label(&locale, count)}</button>
                    }.into_any(),
                    Step::Running => view! {
                        <button
                            type="button"
                            class="button"
                            node_ref=stop_ref
                            aria-disabled=move || stopping().to_string()
                            on:click=move |_| revocation.stop()
                        >{t(Msg::Stop)}</button>
                    }.into_any(),
                    Step::Done(result) => {
                        let failed = result.failed_keys();
                        if failed.is_empty() {
                            view! {
                                <button type="button" class="button" node_ref=after_ref on:click=move |_| close()>{t(Msg::Close)}</button>
                            }.into_any()
                        } else {
                            let failed_count = Value::Number(i64::try_from(failed.len()).unwrap_or(i64::MAX));
                            let retry_label = move || locale.format(Msg::RetryFailed, &[("count", failed_count)]);
                            view! {
                                <button type="button" class="button" on:click=move |_| close()>{t(Msg::Close)}</button>
                                <button
                                    type="button"
                                    class="button danger"
                                    node_ref=after_ref
                                    on:click=move |_| revocation.start(failed.clone())
                                >{retry_label}</button>
                            }.into_any()
                        }
                    }
                }}
            </div>
        </Dialog>
    }
}
