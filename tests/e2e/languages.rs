//! The tab in the reader's language: the main flows in German and in Arabic (right to left,
//! with keys left to right), the page's `lang` followed, a change of language in place, a
//! host's messages, and the pseudo-locale `en-XA`, in which every text of the tab must come
//! from the catalog. Texts are read from the shipped catalogs (`src/i18n/locales/`), so a
//! test fails when the tab shows something else.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::{LazyLock, Mutex};

use serde_json::{json, Value};

use lev_harness::seed::*;
use lev_harness::*;

/// Message `id` of the catalog in the file at `path`, each file read once per test run.
fn message(path: PathBuf, id: &str) -> String {
    static READ: LazyLock<Mutex<HashMap<PathBuf, BTreeMap<String, String>>>> =
        LazyLock::new(Mutex::default);
    let mut read = READ.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let catalog = read.entry(path.clone()).or_insert_with(|| {
        serde_json::from_str(
            &std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
        )
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    });
    catalog
        .get(id)
        .cloned()
        .unwrap_or_else(|| panic!("{} has no {id}", path.display()))
}

/// The text of message `id` in `tag`'s catalog.
fn text(tag: &str, id: &str) -> String {
    message(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("src/i18n/locales")
            .join(format!("{tag}.json")),
        id,
    )
}

/// The text of message `id` in `tag`'s catalog, with `{label}` filled.
fn named(tag: &str, id: &str, label: &str) -> String {
    text(tag, id).replace("{label}", label)
}

/// The tab root's `lang` and `dir`, and the direction the browser lays it out in.
async fn root_language(env: &Env) -> Value {
    env.browser
        .execute(
            "const root = document.querySelector('lev-api-keys').shadowRoot.querySelector('.lev-api-keys'); \
             return [root.getAttribute('lang'), root.getAttribute('dir'), getComputedStyle(root).direction];",
            vec![],
        )
        .await
        .expect("the root's language")
}

/// The plain host page with the tab in `tag`, signed in as the seeded admin, rows shown.
async fn tab_in(tag: &str) -> (Env, tempfile::TempDir) {
    let (env, host) = embedded_env(&format!(r#"locale="{tag}""#), "").await;
    env.sign_in_at(ADMIN, "/embed.html").await;
    env.wait_rows(4).await;
    (env, host)
}

/// How many `method` requests to the keys (`…/api-keys…`) the server received.
fn key_requests(env: &Env, method: &str) -> usize {
    env.server
        .requests()
        .iter()
        .filter(|r| {
            r.method == method && r.path.starts_with("/api/") && r.path.contains("/api-keys")
        })
        .count()
}

/// How many requests to the API the server received.
fn api_requests(env: &Env) -> usize {
    env.server
        .requests()
        .iter()
        .filter(|r| r.path.starts_with("/api/"))
        .count()
}

/// List, create → reveal → copy → Done, revoke, rotate, all through `tag`'s texts; what the
/// server received is counted.
async fn main_flows(env: &Env, tag: &str) {
    env.allow_clipboard().await;
    env.wait_rows(4).await;
    let t = |id: &str| text(tag, id);
    assert!(
        env.text().await.contains(&t("api_keys_title")),
        "the card's title is {tag}"
    );
    let (creates, deletes) = (key_requests(env, "POST"), key_requests(env, "DELETE"));

    // Create, reveal, copy, Done.
    env.click("button", &t("create_key")).await;
    env.named("dialog", &t("create_dialog_title")).await;
    env.named("textbox", &t("label"))
        .await
        .send_keys("Nightly ETL\u{E007}")
        .await
        .expect("type the label and Enter");
    env.named("dialog", &t("reveal_title")).await;
    let secret = env.revealed_secret().await;
    assert!(secret.starts_with("lev_sk_"));
    let key_direction = env
        .browser
        .execute(
            "return getComputedStyle(document.querySelector('lev-api-keys').shadowRoot.querySelector('#revealed-key')).direction;",
            vec![],
        )
        .await
        .expect("the key's direction");
    assert_eq!(key_direction, json!("ltr"), "the key reads left to right");
    env.copy_saying(&t("copy_api_key"), &t("copied"), &secret)
        .await;
    env.click("button", &t("done")).await;
    env.gone("dialog", &t("reveal_title")).await;
    env.wait_rows(5).await;

    // Revoke it.
    env.click("button", &named(tag, "revoke_key_named", "Nightly ETL"))
        .await;
    env.named("alertdialog", &t("revoke_dialog_title")).await;
    env.click("button", &t("revoke_key")).await;
    env.gone("alertdialog", &t("revoke_dialog_title")).await;
    env.wait_rows(4).await;

    // Rotate a seeded key, revoking the old one.
    let label = env.row_labels().await[0].clone();
    env.click("button", &named(tag, "rotate_key_named", &label))
        .await;
    env.named("dialog", &t("rotate_dialog_title")).await;
    env.click("button", &t("create_replacement")).await;
    env.named("dialog", &t("reveal_title")).await;
    let replacement = env.revealed_secret().await;
    env.copy_saying(&t("copy_api_key"), &t("copied"), &replacement)
        .await;
    env.click("button", &t("done")).await;
    env.named("alertdialog", &t("revoke_old_title")).await;
    env.click("button", &t("revoke_old_key")).await;
    env.gone("alertdialog", &t("revoke_old_title")).await;
    env.wait_rows(4).await;

    assert_eq!(
        key_requests(env, "POST") - creates,
        2,
        "one create and one replacement"
    );
    assert_eq!(
        key_requests(env, "DELETE") - deletes,
        2,
        "the revoke and the old key"
    );
    let page = env.text().await;
    for english in ["Create key", "Revoke", "Last used", "API keys"] {
        assert!(
            !page.contains(english),
            "no English left: {english} in {page}"
        );
    }
    env.assert_healthy().await;
}

#[tokio::test]
async fn the_main_flows_in_german() {
    let (env, _host) = tab_in("de").await;
    assert_eq!(root_language(&env).await, json!(["de", "ltr", "ltr"]));
    main_flows(&env, "de").await;
    env.close().await;
}

#[tokio::test]
async fn the_main_flows_in_arabic_read_right_to_left_with_keys_left_to_right() {
    let (env, _host) = tab_in("ar").await;
    assert_eq!(root_language(&env).await, json!(["ar", "rtl", "rtl"]));
    let prefixes = env
        .browser
        .execute(
            "return [...document.querySelector('lev-api-keys').shadowRoot.querySelectorAll('.key-prefix')] \
               .map(c => getComputedStyle(c).direction);",
            vec![],
        )
        .await
        .expect("the prefixes' direction");
    assert!(
        prefixes
            .as_array()
            .is_some_and(|d| !d.is_empty() && d.iter().all(|d| d == "ltr")),
        "key prefixes read left to right: {prefixes}"
    );
    env.screenshot("arabic-list").await;
    env.css(".revoke-button")
        .await
        .click()
        .await
        .expect("revoke");
    env.named("alertdialog", &text("ar", "revoke_dialog_title"))
        .await;
    env.screenshot("arabic-revoke").await;
    env.click("button", &text("ar", "cancel")).await;
    main_flows(&env, "ar").await;
    for theme in ["light", "dark"] {
        env.browser
            .execute(
                "document.querySelector('lev-api-keys').setAttribute('theme', arguments[0]); return true;",
                vec![json!(theme)],
            )
            .await
            .expect("the theme");
        env.wait_rows(4).await;
        let violations = env.axe_violations().await;
        assert!(
            violations.is_empty(),
            "ar, {theme}: {}",
            serde_json::to_string_pretty(&violations).unwrap_or_default()
        );
    }
    env.close().await;
}

#[tokio::test]
async fn the_pages_lang_is_followed_and_so_is_a_change_of_it() {
    let (env, _host) = HostPage::default().serve().await;
    env.sign_in_at(ADMIN, "/host.html").await;
    env.wait_rows(4).await;
    assert_eq!(root_language(&env).await[0], json!("en"));
    // The page's language switch: the tab follows in place, its dialog too.
    env.browser
        .execute(
            "document.documentElement.lang = 'de-CH'; return true;",
            vec![],
        )
        .await
        .expect("the page's language");
    env.click("button", &text("de", "create_key")).await;
    env.named("dialog", &text("de", "create_dialog_title"))
        .await;
    let languages = env
        .browser
        .execute(
            "const root = document.querySelector('lev-api-keys').shadowRoot; \
             return [root.querySelector('.lev-api-keys').getAttribute('lang'), \
                     root.querySelector('dialog[open]').closest('[lang]').getAttribute('lang'), \
                     document.documentElement.lang];",
            vec![],
        )
        .await
        .expect("languages");
    assert_eq!(
        languages,
        json!(["de", "de", "de-CH"]),
        "de-CH falls back to de; the host's own lang is left as it was"
    );
    env.close().await;
}

#[tokio::test]
async fn a_new_locale_keeps_the_open_dialog_and_the_typed_label_and_asks_nothing() {
    let (env, _host) = embedded_env(r#"locale="en""#, "").await;
    env.sign_in_at(ADMIN, "/embed.html").await;
    env.wait_rows(4).await;
    env.click("button", "Create key").await;
    env.named("textbox", "Label")
        .await
        .send_keys("Half typed")
        .await
        .expect("type");
    let asked = api_requests(&env);
    env.browser
        .execute(
            "document.querySelector('lev-api-keys').setAttribute('locale', 'fr'); return true;",
            vec![],
        )
        .await
        .expect("the locale");
    let field = env.named("textbox", &text("fr", "label")).await;
    env.named("dialog", &text("fr", "create_dialog_title"))
        .await;
    assert_eq!(
        field.prop("value").await.ok().flatten().as_deref(),
        Some("Half typed"),
        "the typed label stays"
    );
    assert!(env.has_focus(&field).await, "focus stays in the field");
    assert_eq!(
        api_requests(&env),
        asked,
        "the language changed without a request to the API"
    );
    env.close().await;
}

#[tokio::test]
async fn a_hosts_messages_replace_the_tabs_text_and_bad_ones_are_reported() {
    let (env, _host) = embedded_env(
        "",
        "host.messages = { create_key: 'New key', keys_count: 'no placeholder', nonsense: 'x' };",
    )
    .await;
    env.sign_in_at(ADMIN, "/embed.html").await;
    env.wait_rows(4).await;
    env.named("button", "New key").await;
    let console = env.console().await;
    for reported in [
        "`keys_count` has the placeholders",
        "`nonsense` is not a message id",
    ] {
        assert!(
            console.iter().any(|m| m.contains(reported)),
            "reported: {reported} in {console:?}"
        );
    }
    // Changed in place.
    env.browser
        .execute(
            "document.querySelector('lev-api-keys').messages = { create_key: 'Add a key' }; return true;",
            vec![],
        )
        .await
        .expect("new messages");
    env.named("button", "Add a key").await;
    env.close().await;
}

/// Message `id` of the pseudo-locale's catalog, as built.
fn pseudo(id: &str) -> String {
    let name = embed_files(|n| n.starts_with("messages-en-XA-") && n.ends_with(".json"))
        .pop()
        .expect("the build ships en-XA");
    message(dist().join("embed").join(name), id)
}

/// Text of the tab (text nodes, and names, tooltips and placeholders) holding a plain ASCII
/// letter, outside data (labels, account names, times the browser writes) and code (keys,
/// prefixes, snippets); `data` is taken out of attributes first (a label in "Select …").
const ESCAPED_TEXT: &str = r#"
const [data] = arguments;
const root = document.querySelector('lev-api-keys').shadowRoot;
const skip = 'code, time, bdi, [dir=auto], .key-label, .account-name, q[lang], ul[lang], input, svg, style';
const strip = (s) => data.reduce((t, d) => t.split(d).join(''), s);
const found = [];
const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
for (let n = walker.nextNode(); n; n = walker.nextNode()) {
  if (n.parentElement.closest(skip)) continue;
  if (/[A-Za-z]/.test(strip(n.textContent))) found.push(n.textContent.trim());
}
for (const el of root.querySelectorAll('*')) {
  if (el.closest(skip) && !el.matches('input')) continue;
  for (const a of ['aria-label', 'title', 'placeholder', 'data-heading']) {
    const v = el.getAttribute(a);
    if (v && /[A-Za-z]/.test(strip(v))) found.push(`${a}="${v}"`);
  }
}
return found;
"#;

/// Buttons, headers, cells and badges whose text is cut off: hidden by their overflow, or
/// running out of their box.
const CLIPPED: &str = r#"
const root = document.querySelector('lev-api-keys').shadowRoot;
const outside = (el) => {
  const box = el.getBoundingClientRect();
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest('.visually-hidden')) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const text = range.getBoundingClientRect();
    if (text.width > 0 && (text.left < box.left - 2 || text.right > box.right + 2)) return true;
  }
  return false;
};
return [...root.querySelectorAll('button, th, td, .badge, .counter, label')]
  .filter((el) => el.offsetParent !== null && !el.closest('.visually-hidden'))
  .filter((el) => getComputedStyle(el).overflowX === 'visible'
    ? outside(el)
    : el.scrollWidth > el.clientWidth + 1)
  .map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${el.textContent.trim()}`);
"#;

async fn assert_all_catalog_text(env: &Env, state: &str) {
    let mut data = env.row_labels().await;
    data.push("Nightly ETL".to_owned());
    let escaped = env
        .browser
        .execute(ESCAPED_TEXT, vec![json!(data)])
        .await
        .expect("the tab's text");
    assert_eq!(
        escaped,
        json!([]),
        "{state}: text that is not the catalog's"
    );
    let clipped = env
        .browser
        .execute(CLIPPED, vec![])
        .await
        .expect("clipping");
    assert_eq!(clipped, json!([]), "{state}: text cut off");
}

#[tokio::test]
async fn in_the_pseudo_locale_every_text_comes_from_the_catalog_and_none_is_cut_off() {
    let (env, _host) = tab_in("en-XA").await;
    env.named("button", &pseudo("create_key")).await;
    for (width, height) in [(1280, 900), (360, 800)] {
        env.browser
            .set_window_size(width, height)
            .await
            .expect("window size");
        env.next_frames().await;
        assert_all_catalog_text(&env, &format!("the list at {width} px")).await;
    }
    env.browser
        .set_window_size(1280, 900)
        .await
        .expect("window size");

    // Create: a refused label, then a failed request, then the reveal and its question.
    env.css("#create-key-button")
        .await
        .click()
        .await
        .expect("create");
    let field = env.css("#key-label").await;
    field.send_keys(" ").await.expect("type");
    env.wait_text(&pseudo("label_required")).await;
    assert_all_catalog_text(&env, "the Create dialog with a refused label").await;
    env.fault(
        "POST",
        "/build/api-keys",
        1,
        lev_server::FaultAction::Status { status: 500 },
    );
    field
        .send_keys("Nightly ETL\u{E007}")
        .await
        .expect("type and Enter");
    env.wait_text(&pseudo("create_failed_label_kept")).await;
    assert_all_catalog_text(&env, "a failed create").await;
    field.send_keys("\u{E007}").await.expect("Enter");
    env.revealed_secret().await;
    assert_all_catalog_text(&env, "the reveal").await;
    env.click("button", &pseudo("done")).await;
    env.wait_text(&pseudo("close_without_copying")).await;
    assert_all_catalog_text(&env, "the reveal's question").await;
    env.click("button", &pseudo("close_anyway")).await;
    env.wait_rows(5).await;

    // Revoke, rotate and the bulk revoke, each asked and cancelled.
    for (button, state) in [
        (".revoke-button", "the revoke dialog"),
        (".rotate-button", "the rotate dialog"),
    ] {
        env.css(button).await.click().await.expect("open");
        env.named("button", &pseudo("cancel")).await;
        assert_all_catalog_text(&env, state).await;
        env.click("button", &pseudo("cancel")).await;
        env.next_frames().await;
    }
    env.css(".select-all")
        .await
        .click()
        .await
        .expect("select all");
    assert_all_catalog_text(&env, "the selection").await;
    env.css("#revoke-selected")
        .await
        .click()
        .await
        .expect("revoke selected");
    env.named("button", &pseudo("cancel")).await;
    assert_all_catalog_text(&env, "the bulk revoke").await;
    env.click("button", &pseudo("cancel")).await;

    // The list could not be loaded.
    env.fault(
        "GET",
        "/build/api-keys",
        3,
        lev_server::FaultAction::Status { status: 503 },
    );
    env.browser
        .execute(
            "document.querySelector('lev-api-keys').refresh(); return true;",
            vec![],
        )
        .await
        .expect("refresh");
    env.wait_text(&pseudo("keys_load_failed")).await;
    assert_all_catalog_text(&env, "the list's error").await;
    env.close().await;
}

#[tokio::test]
async fn a_languages_catalog_is_asked_beside_the_wasm_not_after_it() {
    let (env, _host) = embedded_env(r#"locale="de""#, "").await;
    let wasm = embed_files(|n| n.ends_with("_bg.wasm"));
    let wasm = format!("/embed/{}", wasm.first().expect("the wasm"));
    // The wasm takes a second longer: the catalog must not wait for it.
    env.fault_file(&wasm, 1, lev_server::FaultAction::DelayAfter { ms: 1000 });
    env.sign_in_at(ADMIN, "/embed.html").await;
    env.named("button", &text("de", "create_key")).await;
    let catalogs = env.file_requests("/embed/messages-");
    let [catalog] = catalogs.as_slice() else {
        panic!("German's catalog asked once: {catalogs:?}");
    };
    assert!(
        catalog.path.starts_with("/embed/messages-de-"),
        "{}",
        catalog.path
    );
    let wasm_answered = env
        .file_requests(&wasm)
        .first()
        .and_then(|r| r.answered_ms)
        .expect("the wasm was served");
    assert!(
        catalog.received_ms < wasm_answered,
        "the catalog was asked at {} ms, while the wasm was on its way (served at {wasm_answered} ms)",
        catalog.received_ms
    );
    env.close().await;
}
