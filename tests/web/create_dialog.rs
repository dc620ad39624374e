//! The Create key dialog validates the label as it is typed and keeps Create disabled until
//! the label is valid.

use leptos::mount::mount_to;
use leptos::prelude::*;
use lev_api_keys::api::Client;
use lev_api_keys::config::Config;
use lev_api_keys::create::CreateKeyDialog;
use lev_api_keys::session::ScopedClient;
use wasm_bindgen_test::*;

use crate::support::*;

#[wasm_bindgen_test]
async fn validates_as_typed() {
    let label = RwSignal::new(String::new());
    let closed = RwSignal::new(0);
    let _app = mount_to(host(), move || {
        page_context();
        ScopedClient::provide(Client::new(&Config::default()));
        view! {
            <CreateKeyDialog
                label=label
                on_created=Callback::new(|_| {})
                on_close=Callback::new(move |_| closed.update(|n| *n += 1))
            />
        }
    });
    wait_for("focus in the Label field", || focused_id() == "key-label").await;
    let create = find("button[type=submit]");
    assert_eq!(
        create.get_attribute("aria-disabled").as_deref(),
        Some("true")
    );
    assert_eq!(
        find("#key-label-error").text_content().unwrap_or_default(),
        "",
        "no error before typing"
    );

    let field = find("#key-label");
    type_into(&field, "   ");
    wait_for("the empty-label message", || {
        find("#key-label-error").text_content().unwrap_or_default()
            == "Enter a label, such as \"Production Sync\"."
    })
    .await;
    assert_eq!(field.get_attribute("aria-invalid").as_deref(), Some("true"));

    type_into(&field, &"x".repeat(256));
    wait_for("the too-long message", || {
        find("#key-label-error").text_content().unwrap_or_default()
            == "Use at most 255 characters (256 now)."
    })
    .await;
    assert_eq!(
        create.get_attribute("aria-disabled").as_deref(),
        Some("true")
    );

    type_into(&field, "CI Pipeline");
    wait_for("the message to go", || {
        find("#key-label-error").text_content().unwrap_or_default() == ""
    })
    .await;
    assert_eq!(
        create.get_attribute("aria-disabled").as_deref(),
        Some("false")
    );
    assert_eq!(
        label.get_untracked(),
        "CI Pipeline",
        "the page keeps what was typed"
    );

    // Escape on the form closes it (nothing is lost: the label lives in the page).
    key(&field, "Escape", false);
    assert_eq!(closed.get_untracked(), 1);
    remove("dialog");
}
