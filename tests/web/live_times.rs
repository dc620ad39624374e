//! Relative times stay true while the page is open: when the clock moves, only the wording
//! changes (the rows and their elements stay), and the Stale mark follows.

use leptos::mount::mount_to;
use leptos::prelude::*;
use lev_api_keys::api::wire::ApiKey;
use lev_api_keys::list::{KeyTable, RowActions};
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

#[wasm_bindgen_test]
async fn times_and_the_stale_mark_follow_the_clock_without_a_re_render() {
    let now = RwSignal::new(NOW);
    let keys = vec![
        key(1, "Fresh", NOW - MINUTE, Some(NOW - 30)),
        key(2, "Quiet", NOW - 89 * DAY - 12 * 60 * MINUTE, None),
    ];
    let host = host();
    host.set_id("live-times");
    let _mounted = mount_to(host, move || {
        view! {
            <KeyTable
                keys=Signal::derive(move || keys.clone())
                loading=false
                actions=RowActions::none()
                now=now
            />
        }
    });
    let used = "#live-times [data-key-id='1'] .cell-used time";
    wait_for("the rows", || exists(used)).await;
    assert_eq!(text(used), "just now");
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
