//! The reveal panel: refusal selects the key; Done asks before discarding an uncopied key.

use leptos::mount::mount_to;
use leptos::prelude::*;
use lev_api_keys::components::copy_button::ClipboardWriter;
use lev_api_keys::create::{Reveal, RevealKeyPanel, RevealedKey};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

use crate::support::*;

const SECRET: &str = "lev_sk_0123456789abcdefghijABCDEFGHIJ0123456789";

/// A reveal showing the test key.
fn shown() -> Reveal {
    let reveal = Reveal::new();
    reveal.show(RevealedKey {
        label: "CI".to_owned(),
        secret: SECRET.into(),
    });
    reveal
}

fn mount(succeed: bool, done: RwSignal<u32>) -> Reveal {
    let reveal = shown();
    let writer = ClipboardWriter::new(move |_| {
        Box::pin(async move {
            if succeed {
                Ok(())
            } else {
                Err(())
            }
        })
    });
    mount_to(host(), move || {
        page_context();
        writer.clone().provide();
        view! {
            <RevealKeyPanel reveal=reveal on_done=Callback::new(move |_| done.update(|n| *n += 1)) />
        }
    })
    .forget();
    reveal
}

#[wasm_bindgen_test]
async fn refusal_selects_the_key_for_a_manual_copy() {
    let done = RwSignal::new(0);
    mount(false, done);
    wait_for("the key in the field", || {
        exists("#revealed-key")
            && find("#revealed-key")
                .unchecked_into::<web_sys::HtmlInputElement>()
                .value()
                == SECRET
    })
    .await;
    let field: web_sys::HtmlInputElement = find("#revealed-key").unchecked_into();
    assert_eq!(field.value(), SECRET);
    assert!(field.read_only());
    assert_eq!(
        field.get_attribute("value"),
        None,
        "the key is a property, not an attribute"
    );
    // Move the selection away, then copy and be refused.
    field.set_selection_range(0, 0).expect("select");
    find("button[aria-label='Copy API key']").click();
    wait_for("the refusal notice", || {
        document()
            .body()
            .and_then(|b| b.text_content())
            .unwrap_or_default()
            .contains("Your browser didn't allow copying")
    })
    .await;
    assert_eq!(field.selection_start().ok().flatten(), Some(0));
    assert_eq!(
        field.selection_end().ok().flatten(),
        Some(SECRET.len() as u32),
        "the whole key is selected"
    );
    assert_eq!(focused_id(), "revealed-key");

    find(".done-button").click();
    wait_for("the question", || exists(".confirm")).await;
    assert_eq!(
        done.get_untracked(),
        0,
        "an uncopied key is not discarded on the first Done"
    );
    let question = find(".confirm");
    assert!(question
        .text_content()
        .unwrap_or_default()
        .contains("Close without copying? You won't be able to see this key again."));
    wait_for("focus on Go back", || {
        document()
            .active_element()
            .map(|e| e.text_content().unwrap_or_default())
            .as_deref()
            == Some("Go back")
    })
    .await;
    find(".confirm [data-autofocus]").click();
    wait_for("the question to go", || !exists(".confirm")).await;
    find(".done-button").click();
    wait_for("the question again", || exists(".confirm .danger")).await;
    find(".confirm .danger").click();
    assert_eq!(done.get_untracked(), 1, "Close anyway closes");
    remove(".reveal");
}

#[wasm_bindgen_test]
async fn after_a_copy_done_closes_at_once() {
    let done = RwSignal::new(0);
    let reveal = mount(true, done);
    wait_for("the panel", || {
        exists(".reveal button[aria-label='Copy API key']")
    })
    .await;
    find("button[aria-label='Copy API key']").click();
    wait_for("the copy to count", || reveal.was_copied()).await;
    find(".done-button").click();
    assert_eq!(done.get_untracked(), 1);
    remove(".reveal");
}

#[wasm_bindgen_test]
async fn the_snippets_copy_the_variable_line_and_a_command_without_the_key() {
    use std::cell::RefCell;
    use std::rc::Rc;
    let written = Rc::new(RefCell::new(Vec::<String>::new()));
    let record = written.clone();
    let done = RwSignal::new(0);
    let reveal = shown();
    let writer = ClipboardWriter::new(move |text| {
        record.borrow_mut().push(text.as_str().to_owned());
        Box::pin(async { Ok(()) })
    });
    let host = host();
    host.set_id("snippets");
    let _mounted = mount_to(host, move || {
        page_context();
        writer.clone().provide();
        view! {
            <RevealKeyPanel reveal=reveal on_done=Callback::new(move |_| done.update(|n| *n += 1)) />
        }
    });
    let command = "#snippets button[aria-label='Copy test command']";
    wait_for("the snippets", || exists(command)).await;
    let shown = find("#snippets .command")
        .text_content()
        .unwrap_or_default();
    // Read as a POSIX shell would: curl and its words, the variable left to the shell.
    let words = shlex::split(&shown).unwrap_or_default();
    assert_eq!(
        words.get(..4).map(<[String]>::to_vec),
        Some(vec![
            "curl".to_owned(),
            "-H".to_owned(),
            "Authorization: Bearer $LEV_API_KEY".to_owned(),
            "-H".to_owned(),
        ]),
        "{shown}"
    );
    assert!(words[4].starts_with("X-Origin-App: "), "{shown}");
    assert!(
        words[5].ends_with("/api/external/v2/me") && words.len() == 6,
        "{shown}"
    );
    assert!(!shown.contains(SECRET), "the shown command holds no secret");

    find(command).click();
    wait_for("the command's copy", || written.borrow().len() == 1).await;
    assert_eq!(written.borrow()[0], shown);
    next_frame().await;
    assert!(
        !reveal.was_copied(),
        "copying the command is not copying the key"
    );

    find("#snippets button[aria-label='Copy as environment variable']").click();
    wait_for("the line's copy", || reveal.was_copied()).await;
    assert_eq!(written.borrow()[1], format!("LEV_API_KEY={SECRET}"));
    find("#snippets .done-button").click();
    assert_eq!(
        done.get_untracked(),
        1,
        "the key was copied: Done closes at once"
    );
    remove("#snippets");
}
