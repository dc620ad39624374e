//! Rows stay true while the page is open: when the clock moves, only the wording changes (the
//! rows and their elements stay), and the Stale mark follows; when the list's owner learns a
//! key's new last use, that row's cell follows and no other row is touched.

use leptos::mount::mount_to;
use leptos::prelude::*;
use lev_api_keys::api::wire::ApiKey;
use lev_api_keys::api::KeyPage;
use lev_api_keys::list::{KeyTable, RowActions};
use lev_api_keys::state::listed_keys::ListedKeys;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

use crate::support::*;

const NOW: i64 = 1_774_020_645; // 2026-03-20T15:30:45Z
const MINUTE: i64 = 60;
const DAY: i64 = 24 * 60 * MINUTE;

fn rfc3339(secs: i64) -> String {
    js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(secs as f64 * 1000.0))
        .to_iso_string()
        .as_string()
        .map(|s| format!("{}Z", &s[..19]))
        .unwrap_or_default()
}

fn key(id: i64, label: &str, created: i64, used: Option<i64>) -> ApiKey {
    ApiKey {
        id,
        label: label.to_owned(),
        key_prefix: "lev_sk_abcd".to_owned(),
        created_at: rfc3339(created),
        last_used_at: used.map(rfc3339),
    }
}

fn text(selector: &str) -> String {
    find(selector).text_content().unwrap_or_default()
}

/// The list's owner over `keys` (one page, all of them), telling nobody.
fn listed(keys: Vec<ApiKey>) -> ListedKeys {
    let page = KeyPage {
        total: keys.len() as u64,
        keys,
        has_more: false,
        next_cursor: None,
    };
    ListedKeys::new(page, None, Callback::new(|_| {}))
}

/// Mounts the table of `keys` in `#id` at clock `now`.
fn mount_table(id: &str, keys: ListedKeys, now: RwSignal<i64>) -> impl Drop {
    let host = host();
    host.set_id(id);
    mount_to(host, move || {
        page_context();
        let shown = Signal::derive(move || keys.with_keys(|k| k.iter().map(|k| k.id).collect()));
        view! { <KeyTable keys=keys shown=shown actions=RowActions::none() now=now /> }
    })
}

#[wasm_bindgen_test]
async fn times_and_the_stale_mark_follow_the_clock_without_a_re_render() {
    let now = RwSignal::new(NOW);
    let keys = vec![
        key(1, "Fresh", NOW - MINUTE, Some(NOW - 30)),
        key(2, "Quiet", NOW - 89 * DAY - 12 * 60 * MINUTE, None),
    ];
    let _mounted = mount_table("live-times", listed(keys), now);
    let used = "#live-times [data-key-id='1'] .cell-used time";
    wait_for("the rows", || exists(used)).await;
    assert_eq!(text(used), "now");
    assert_eq!(
        text("#live-times [data-key-id='1'] .cell-created time"),
        "1 minute ago"
    );
    assert!(!exists("#live-times [data-key-id='2'] .badge-stale"));
    let row = find("#live-times [data-key-id='1']");
    let time = find(used);

    now.set(NOW + 5 * MINUTE);
    wait_for("the wording to move", || text(used) == "5 minutes ago").await;
    assert!(
        row.is_same_node(Some(&find("#live-times [data-key-id='1']"))),
        "the row is the same element"
    );
    assert!(
        time.is_same_node(Some(&find(used))),
        "only the text of the <time> changed"
    );
    assert!(!exists("#live-times [data-key-id='2'] .badge-stale"));

    now.set(NOW + 13 * 60 * MINUTE);
    wait_for("the Stale mark", || {
        exists("#live-times [data-key-id='2'] .badge-stale")
    })
    .await;
    assert_eq!(text(used), "13 hours ago");
    remove("#live-times");
}

#[wasm_bindgen_test]
async fn a_row_follows_its_keys_new_data_and_no_other_row_is_rendered_again() {
    let now = RwSignal::new(NOW);
    let old = key(1, "Old Reporting", NOW - 300 * DAY, Some(NOW - 200 * DAY));
    let other = key(2, "Other", NOW - 2 * DAY, Some(NOW - DAY));
    let keys = listed(vec![other.clone(), old.clone()]);
    let _mounted = mount_table("follows", keys, now);
    let row = |id: i64| find(&format!("#follows [data-key-id='{id}']"));
    let used = "#follows [data-key-id='1'] .cell-used time";
    wait_for("the rows", || exists(used)).await;
    assert!(exists("#follows [data-key-id='1'] .badge-stale"));
    let (old_row, other_row) = (row(1), row(2));
    let other_label = find("#follows [data-key-id='2'] .key-label");
    let other_used = find("#follows [data-key-id='2'] .cell-used time");
    // Watch the other row for any change at all.
    let changes = js_sys::Array::new();
    let record = wasm_bindgen::closure::Closure::<dyn FnMut(js_sys::Array)>::new({
        let changes = changes.clone();
        move |records: js_sys::Array| {
            changes.push(&records.length().into());
        }
    });
    let observer =
        web_sys::MutationObserver::new(record.as_ref().unchecked_ref()).expect("observer");
    let options = web_sys::MutationObserverInit::new();
    options.set_subtree(true);
    options.set_child_list(true);
    options.set_character_data(true);
    options.set_attributes(true);
    observer
        .observe_with_options(&other_row, &options)
        .expect("observe");
    // In the row that follows, only what changed is written: its label stays as it was.
    let old_label = find("#follows [data-key-id='1'] .key-label");
    observer
        .observe_with_options(&old_label, &options)
        .expect("observe");

    // Used elsewhere just now: the quiet reload's fresh first page says so.
    let fresh = KeyPage {
        keys: vec![
            other.clone(),
            ApiKey {
                last_used_at: Some(rfc3339(NOW - 30)),
                ..old.clone()
            },
        ],
        total: 2,
        has_more: false,
        next_cursor: None,
    };
    keys.first_page_revalidated(fresh);
    wait_for("the new last use", || text(used) == "now").await;
    assert!(
        !exists("#follows [data-key-id='1'] .badge-stale"),
        "no longer stale"
    );
    assert_eq!(
        find(used).get_attribute("datetime"),
        Some(rfc3339(NOW - 30))
    );
    assert!(
        old_row.is_same_node(Some(&row(1))),
        "the row stayed, its cell followed"
    );
    next_frame().await;
    assert_eq!(observer.take_records().length(), 0);
    assert_eq!(
        changes.length(),
        0,
        "neither the other row nor the unchanged label was touched"
    );
    assert!(other_label.is_same_node(Some(&find("#follows [data-key-id='2'] .key-label"))));
    assert!(other_used.is_same_node(Some(&find("#follows [data-key-id='2'] .cell-used time"))));
    observer.disconnect();
    remove("#follows");
}
