//! The form of the Create key dialog: one field, Label, validated as it is typed.

use leptos::prelude::*;
use web_sys::SubmitEvent;

use super::label_rule::{problem_text, validate, MAX_LABEL_CHARS};
use super::revealed_key::KEY_DIALOG_TITLE;
use crate::api::ApiError;
use crate::components::error_notice::ErrorNotice;
use crate::components::progress_button::ProgressButton;
use crate::i18n::{t, Locale, Msg};

/// Label, its hint and live validation, the last attempt's error, Cancel and Create.
#[component]
pub fn LabelForm(
    /// The label being typed.
    label: RwSignal<String>,
    /// Whether the key is being created (the field is read-only, Create shows progress).
    #[prop(into)]
    busy: Signal<bool>,
    /// Why the last attempt failed.
    #[prop(into)]
    error: Signal<Option<ApiError>>,
    /// Create was pressed (or Enter) with a label that may be valid.
    on_submit: Callback<()>,
    /// Cancel was pressed.
    on_cancel: Callback<()>,
) -> impl IntoView {
    // What was typed before (kept from an earlier opening) counts as touched.
    let touched = RwSignal::new(!label.get_untracked().is_empty());
    let problem = Memo::new(move |_| label.with(|l| validate(l).err()));
    let show_problem = move || touched.get() && problem.get().is_some();
    let locale = Locale::from_context();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        touched.set(true);
        on_submit.run(());
    };
    view! {
        <form class="dialog-form" novalidate on:submit=submit>
            <h2 id=KEY_DIALOG_TITLE>{t(Msg::CreateDialogTitle)}</h2>
            <div class="field">
                <label for="key-label">{t(Msg::Label)}</label>
                <p id="key-label-hint" class="hint">{t(Msg::LabelHint)}</p>
                <input
                    id="key-label"
                    type="text"
                    autocomplete="off"
                    spellcheck="false"
                    maxlength=(MAX_LABEL_CHARS * 4).to_string()
                    data-autofocus
                    aria-describedby=move || if show_problem() { "key-label-hint key-label-error" } else { "key-label-hint" }
                    aria-invalid=move || show_problem().to_string()
                    aria-required="true"
                    prop:value=move || label.get()
                    on:input=move |ev| {
                        label.set(event_target_value(&ev));
                        touched.set(true);
                    }
                    readonly=move || busy.get()
                />
                <p id="key-label-error" class="field-error" aria-live="polite">
                    {move || if show_problem() { problem.get().map(|p| problem_text(p, locale)) } else { None }}
                </p>
            </div>
            {move || error.get().map(|e| view! {
                <ErrorNotice error=e title=Msg::CreateFailedLabelKept />
            })}
            <div class="actions">
                <button
                    type="button"
                    class="button"
                    aria-disabled=move || busy.get().to_string()
                    on:click=move |_| on_cancel.run(())
                >{t(Msg::Cancel)}</button>
                <ProgressButton
                    label=Msg::Create
                    class="primary"
                    submit=true
                    busy=busy
                    disabled=Signal::derive(move || problem.get().is_some())
                />
            </div>
        </form>
    }
}
