//! The one-time reveal: the full key, a copy button, and a Done that asks before discarding a
//! key nobody copied.

use leptos::html;
use leptos::prelude::*;
use secrecy::ExposeSecret;
use zeroize::Zeroizing;

use super::key_snippets::KeySnippets;
use super::revealed_key::{Reveal, KEY_DIALOG_TITLE};
use crate::components::copy_button::CopyButton;
use crate::components::dialog::focus_initial;
use crate::components::focus::DomRoot;
use crate::components::icons::WarningIcon;
use crate::components::status::{isolated, with_labels};
use crate::components::unrecorded::Unrecorded;

use crate::i18n::{t, Locale, Msg, Value};

fn select_all(input: &web_sys::HtmlInputElement) {
    let _ = input.focus();
    input.select();
}

/// Shows the new key once.
#[component]
pub fn RevealKeyPanel(
    /// The reveal: the key, whether it was copied, whether closing is being confirmed.
    reveal: Reveal,
    /// Closes the panel for good (the owner ends the reveal, which drops the secret).
    #[prop(into)]
    on_done: Callback<()>,
) -> impl IntoView {
    let panel = NodeRef::<html::Div>::new();
    let field = NodeRef::<html::Input>::new();
    let refused = RwSignal::new(false);
    let label = move || reveal.with(|r| r.map(|k| k.label.clone()).unwrap_or_default());
    let locale = Locale::from_context();

    // The form that opened this is gone, and focus with it: bring it to the copy button.
    Effect::new(move |_| {
        if let Some(panel) = panel.get() {
            focus_initial(&panel);
        }
    });
    // The key goes into the field straight from the secret (a view closure would have to
    // return a copy of it as a plain `String`).
    Effect::new(move |_| {
        if let Some(input) = field.get() {
            reveal.with(|r| input.set_value(r.map_or("", |k| k.secret.expose_secret())));
        }
    });
    let root = DomRoot::from_context();
    // The question takes focus when it appears, and gives it back to Done when it goes.
    Effect::watch(
        move || reveal.is_confirming(),
        move |asking, before, _| {
            if before != Some(asking) {
                root.focus(if *asking {
                    ".reveal .confirm [data-autofocus]"
                } else {
                    ".reveal .done-button"
                });
            }
        },
        false,
    );

    let on_copy_result = Callback::new(move |ok: bool| {
        if ok {
            reveal.mark_copied();
            refused.set(false);
        } else {
            refused.set(true);
            if let Some(input) = field.get() {
                select_all(&input);
            }
        }
    });
    // The copy lives only until the clipboard has it, and is wiped then.
    let secret_for_clipboard =
        Callback::new(move |_| reveal.secret_copy(|secret| Zeroizing::new(secret.to_owned())));
    let done = move |_| {
        if reveal.may_close() {
            on_done.run(());
        }
    };

    view! {
        <div class="reveal" node_ref=panel>
            <h2 id=KEY_DIALOG_TITLE>{t(Msg::RevealTitle)}</h2>
            <p class="notice notice-warning" id="reveal-warning">
                <WarningIcon />
                <span>{t(Msg::RevealWarning)}</span>
            </p>
            <div class="field">
                <label for="revealed-key">
                    {move || with_labels(&locale.format(Msg::RevealKeyFor, &[("label", Value::Text(&isolated(&label())))]))}
                </label>
                <Unrecorded class="secret-row">
                    <input
                        id="revealed-key"
                        node_ref=field
                        class="secret"
                        dir="ltr"
                        type="text"
                        readonly
                        autocomplete="off"
                        spellcheck="false"
                        aria-describedby="reveal-warning"
                        on:focus=move |_| if let Some(input) = field.get() { input.select() }
                        on:click=move |_| if let Some(input) = field.get() { input.select() }
                        // Ctrl/Cmd-C in the field counts as copying.
                        on:copy=move |_| reveal.mark_copied()
                    />
                    <span>
                        <CopyButton
                            label=Msg::CopyApiKey
                            text=secret_for_clipboard
                            on_result=on_copy_result
                        />
                    </span>
                </Unrecorded>
                <Show when=move || refused.get()>
                    <p class="notice notice-info" role="alert">
                        {t(Msg::CopyRefused)}
                    </p>
                </Show>
            </div>
            <KeySnippets reveal=reveal on_line_copied=on_copy_result />
            <ConfirmOrDone reveal=reveal on_done=on_done on_first_done=Callback::new(done) />
        </div>
    }
}

/// Done, or, for a key nobody copied, the question whether to close without copying.
#[component]
fn ConfirmOrDone(
    /// The reveal, which knows whether the question is showing.
    reveal: Reveal,
    /// Closes the panel for good.
    on_done: Callback<()>,
    /// Done was pressed.
    on_first_done: Callback<()>,
) -> impl IntoView {
    view! {
        <Show
            when=move || reveal.is_confirming()
            fallback=move || view! {
                <div class="actions">
                    <button type="button" class="button primary done-button" on:click=move |_| on_first_done.run(())>{t(Msg::Done)}</button>
                </div>
            }
        >
            <div class="confirm" role="alert">
                <p><strong>{t(Msg::CloseWithoutCopying)}</strong></p>
                <div class="actions">
                    <button type="button" class="button" data-autofocus on:click=move |_| reveal.go_back()>{t(Msg::GoBack)}</button>
                    <button type="button" class="button danger" on:click=move |_| on_done.run(())>{t(Msg::CloseAnyway)}</button>
                </div>
            </div>
        </Show>
    }
}
