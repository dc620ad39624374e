//! The secret leaves the wasm memory with Done: the whole create → reveal → copy (the key and
//! its environment variable line) → Done path
//! runs (through the real client and a stubbed `fetch`), and the wasm linear memory is then
//! scanned for the key's bytes.
//!
//! The key is made and compared on the JavaScript side only, so this test itself never puts a
//! copy of it into the memory it scans.
//!
//! What it catches: any copy still allocated (held by a signal, a closure, a leak) and a copy
//! freed without wiping whose block the allocator has not handed out again yet. A freed block
//! that is reused at once (as the answer's body may be, by the key's own `SecretString`) hides
//! its old contents; wiping those is the job of `Zeroizing` and `SecretString`, which the code
//! uses for every copy.

use std::cell::Cell;
use std::rc::Rc;

use leptos::mount::mount_to;
use leptos::prelude::*;
use lev_api_keys::api::Client;
use lev_api_keys::components::copy_button::ClipboardWriter;
use lev_api_keys::config::Config;
use lev_api_keys::create::CreateKeyDialog;
use lev_api_keys::session::ScopedClient;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

use crate::support::*;

#[wasm_bindgen(inline_js = r#"
let needle = null;
let realFetch = null;
export function stub_create_answer() {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  // Far longer than a real key (40 characters after the prefix), so that a freed but unwiped
  // copy sits in a block the allocator does not fill again at once, and the scan can see it.
  const random = crypto.getRandomValues(new Uint8Array(4000));
  needle = 'lev_sk_' + Array.from(random, b => alphabet[b % alphabet.length]).join('');
  realFetch = window.fetch;
  window.fetch = () => Promise.resolve(new Response(JSON.stringify({
    request_id: 'req-memory', timestamp: '2026-03-20T15:30:45Z',
    data: { id: 77, label: 'Memory', key_prefix: needle.slice(0, 11), api_key: needle,
            created_at: '2026-03-20T15:30:45Z' },
  }), { status: 201, headers: { 'Content-Type': 'application/json', 'X-Request-Id': 'req-memory' } }));
}
export function restore_fetch() { if (realFetch) window.fetch = realFetch; }
export function field_shows_the_key() {
  const field = document.getElementById('revealed-key');
  return !!field && field.value === needle;
}
export function copies_in(memory) {
  const bytes = new Uint8Array(memory.buffer);
  // A stretch from the middle: the allocator writes its free-list links over the first bytes
  // of a freed block, and later allocations may take its start; either would hide a
  // freed-but-unwiped copy from a search for the whole key.
  const wanted = new TextEncoder().encode(needle.slice(2000, 2064));
  let count = 0;
  for (let i = bytes.indexOf(wanted[0]); i !== -1; i = bytes.indexOf(wanted[0], i + 1)) {
    let j = 1;
    while (j < wanted.length && bytes[i + j] === wanted[j]) j++;
    if (j === wanted.length) count++;
  }
  return count;
}
export function in_the_dom() { return document.documentElement.outerHTML.includes(needle); }
"#)]
extern "C" {
    fn stub_create_answer();
    fn restore_fetch();
    fn field_shows_the_key() -> bool;
    fn copies_in(memory: &JsValue) -> u32;
    fn in_the_dom() -> bool;
}

#[wasm_bindgen_test]
async fn after_done_no_copy_of_the_key_is_left_in_wasm_memory() {
    stub_create_answer();
    let label = RwSignal::new(String::new());
    let closed = RwSignal::new(None::<Option<String>>);
    let writes = Rc::new(Cell::new(0));
    let counted = writes.clone();
    let writer = ClipboardWriter::new(move |text| {
        counted.set(counted.get() + 1);
        // A clipboard that accepts the text and lets it go at once.
        drop(text);
        Box::pin(async { Ok(()) })
    });
    let host = host();
    host.set_id("memory");
    let _app = mount_to(host, move || {
        page_context();
        writer.clone().provide();
        ScopedClient::provide(Client::new(&Config::default()));
        view! {
            <Show when=move || closed.get().is_none()>
                <CreateKeyDialog
                    label=label
                    on_created=Callback::new(|_| {})
                    on_close=Callback::new(move |created| closed.set(Some(created)))
                />
            </Show>
        }
    });
    wait_for("the dialog", || exists("#memory #key-label")).await;
    type_into(&find("#key-label"), "Memory");
    find("#memory button[type=submit]").click();
    wait_for("the revealed key", field_shows_the_key).await;

    // While the key is shown exactly one copy exists: the `SecretString`. This also proves the
    // scan finds what it looks for. (A copy made and dropped without wiping on the way here is
    // still whole at this point: the answer's body, a `String` handed to the field.)
    let memory = wasm_bindgen::memory();
    assert_eq!(
        copies_in(&memory),
        1,
        "while shown, the key is in memory once (0: the scan is broken; 2+: unwiped copies)"
    );

    find("#memory button[aria-label='Copy API key']").click();
    wait_for("Copied", || {
        find("#memory .copy-status").text_content().as_deref() == Some("Copied")
    })
    .await;
    assert_eq!(writes.get(), 1);
    // The environment variable line holds the key too: its copy must go the same way.
    find("#memory button[aria-label='Copy as environment variable']").click();
    wait_for("the line's copy", || writes.get() == 2).await;
    find("#memory .done-button").click();
    wait_for("the dialog to close", || closed.get_untracked().is_some()).await;
    assert_eq!(
        closed.get_untracked(),
        Some(Some("Memory".to_owned())),
        "closed with the key made"
    );
    wait_for("the dialog to leave the DOM", || !exists("#memory dialog")).await;
    restore_fetch();

    assert!(!in_the_dom(), "no DOM node holds the key after Done");
    assert_eq!(
        copies_in(&memory),
        0,
        "no copy of the key is left in the wasm linear memory after Done"
    );
    remove("#memory");
}
