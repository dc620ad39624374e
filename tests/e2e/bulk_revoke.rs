//! Bulk revoke: select keys (one by one, all shown, the stale ones), one confirmation, one
//! `DELETE` per key at most four at a time, and an honest result. Every count is what the
//! server received.

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::json;

use lev_harness::seed::*;
use lev_harness::*;

const DAY_SECS: i64 = 24 * 60 * 60;

/// The admin's page with 12 keys: the seeded four and "Bulk 01" to "Bulk 08" (newest last);
/// the ids of the eight, in that order.
async fn twelve_keys() -> (Env, Vec<i64>) {
    let env = env_with(Config {
        key_ceiling_override: Some(50),
        rate_limits: false,
        ..Config::default()
    })
    .await;
    let token = env.token(ADMIN).await;
    let mut ids = Vec::new();
    for n in 1..=8 {
        let (id, _) = env
            .create_key_via_api(&token, &format!("Bulk {n:02}"))
            .await;
        ids.push(id);
    }
    env.sign_in(ADMIN).await;
    env.wait_rows(12).await;
    (env, ids)
}

/// The revokes the server received, oldest first.
fn deletes(env: &Env) -> Vec<RecordedRequest> {
    env.server
        .requests()
        .into_iter()
        .filter(|r| r.method == "DELETE" && r.path.starts_with("/api/external/v2/api-keys/"))
        .collect()
}

/// The revokes of key `id`.
fn deletes_of(env: &Env, id: i64) -> Vec<RecordedRequest> {
    env.requests_to("DELETE", &format!("/api-keys/{id}"))
}

/// Most requests of `requests` being answered at the same moment.
fn most_at_once(requests: &[RecordedRequest]) -> usize {
    let mut edges: Vec<(u64, i32)> = Vec::new();
    for r in requests {
        edges.push((r.received_ms, 1));
        edges.push((r.answered_ms.expect("answered"), -1));
    }
    // An answer at the same millisecond as an arrival ends first.
    edges.sort();
    let (mut now, mut most) = (0i32, 0i32);
    for (_, step) in edges {
        now += step;
        most = most.max(now);
    }
    usize::try_from(most).unwrap_or(0)
}

/// The rows shown, each with its key's id.
async fn rows(env: &Env) -> Vec<(i64, fantoccini::elements::Element)> {
    let mut rows = Vec::new();
    for row in env.all("tr[data-key-id]").await {
        let id = row
            .attr("data-key-id")
            .await
            .ok()
            .flatten()
            .and_then(|id| id.parse().ok())
            .expect("a row's key id");
        rows.push((id, row));
    }
    rows
}

async fn is_checked(env: &Env, name: &str) -> bool {
    let checkbox = env.named("checkbox", name).await;
    checkbox.prop("checked").await.ok().flatten().as_deref() == Some("true")
}

async fn select(env: &Env, labels: &[&str]) {
    for label in labels {
        env.click("checkbox", &format!("Select {label}")).await;
    }
}

#[tokio::test]
async fn three_of_twelve_one_confirmation_three_deletes_and_the_rows_follow() {
    let (env, ids) = twelve_keys().await;
    select(&env, &["CI Pipeline", "Bulk 02", "Bulk 05"]).await;
    env.wait_text("3 selected").await;
    env.click("button", "Revoke selected").await;
    let dialog = env.named("alertdialog", "Revoke 3 API keys").await;
    let said = dialog.text().await.unwrap_or_default();
    for label in ["CI Pipeline", "Bulk 02", "Bulk 05"] {
        assert!(
            said.contains(label),
            "the confirmation names {label}: {said}"
        );
    }
    assert!(!said.contains("Bulk 01"), "{said}");
    let cancel = env.named("button", "Cancel").await;
    assert!(env.has_focus(&cancel).await, "Cancel is focused first");
    assert!(
        deletes(&env).is_empty(),
        "nothing sent before the confirmation"
    );

    env.click("button", "Revoke 3 keys").await;
    env.wait_text("Revoked 3 keys.").await;
    let sent = deletes(&env);
    assert_eq!(sent.len(), 3, "one DELETE per key: {sent:?}");
    for id in [ids[1], ids[4]] {
        assert_eq!(deletes_of(&env, id).len(), 1);
    }
    env.click("button", "Close").await;
    env.gone("alertdialog", "Revoke 3 API keys").await;
    let rows = env.wait_rows(9).await;
    for gone in ["CI Pipeline", "Bulk 02", "Bulk 05"] {
        assert!(!rows.iter().any(|r| r == gone), "{gone} left: {rows:?}");
    }
    env.wait_text("9 of 50 keys").await;
    env.wait_text("Revoked 3 keys.").await;
    assert!(
        !env.text().await.contains("selected"),
        "the selection is empty"
    );
    let focused = env.focused().await;
    let name = env.accessible_name(&focused).await;
    assert!(
        name.starts_with("Select "),
        "focus on the first remaining row: {name}"
    );
    env.close().await;
}

#[tokio::test]
async fn cancel_sends_nothing_and_keeps_the_selection() {
    let (env, _) = twelve_keys().await;
    select(&env, &["Bulk 01", "Bulk 03"]).await;
    env.click("button", "Revoke selected").await;
    env.named("alertdialog", "Revoke 2 API keys").await;
    env.click("button", "Cancel").await;
    env.gone("alertdialog", "Revoke 2 API keys").await;
    env.wait_text("2 selected").await;
    assert!(is_checked(&env, "Select Bulk 01").await);
    assert!(is_checked(&env, "Select Bulk 03").await);
    env.wait_focus("Revoke selected").await;
    env.next_frames().await;
    assert!(deletes(&env).is_empty(), "Cancel sent nothing");
    env.close().await;
}

#[tokio::test]
async fn select_all_under_a_filter_selects_only_the_matches_and_is_mixed_without_it() {
    let (env, _) = twelve_keys().await;
    let field = env.named("searchbox", "Filter keys").await;
    field.send_keys("Bulk").await.expect("type");
    env.wait_rows(8).await;
    env.click("checkbox", "Select all keys").await;
    env.wait_text("8 selected").await;
    assert!(is_checked(&env, "Select all keys").await);
    // Backspace four times, as a person empties the field.
    field
        .send_keys("\u{E003}\u{E003}\u{E003}\u{E003}")
        .await
        .expect("empty the filter");
    env.wait_rows(12).await;
    let all = env.named("checkbox", "Select all keys").await;
    env.wait_text("8 selected").await;
    assert_eq!(
        all.prop("indeterminate").await.ok().flatten().as_deref(),
        Some("true"),
        "mixed: 8 of 12 shown rows selected"
    );
    assert!(!is_checked(&env, "Select CI Pipeline").await);
    assert!(is_checked(&env, "Select Bulk 04").await);
    // From mixed, a click selects every shown row.
    all.click().await.expect("select all");
    env.wait_text("12 selected").await;
    env.close().await;
}

#[tokio::test]
async fn twelve_with_slow_deletes_never_more_than_four_in_flight() {
    let (env, _) = twelve_keys().await;
    env.fault("DELETE", "/api-keys/", 12, FaultAction::Delay { ms: 300 });
    env.click("checkbox", "Select all keys").await;
    env.wait_text("12 selected").await;
    env.click("button", "Revoke selected").await;
    env.click("button", "Revoke 12 keys").await;
    env.wait_text("Revoking").await;
    env.wait_text("Revoked 12 keys.").await;
    let sent = deletes(&env);
    assert_eq!(sent.len(), 12);
    let most = most_at_once(&sent);
    eprintln!("most DELETEs in flight at once: {most}");
    assert!(most <= 4, "at most 4 in flight, the server saw {most}");
    assert!(most >= 2, "a few at a time, not one by one: {most}");
    env.click("button", "Close").await;
    env.wait_text("No API keys yet").await;
    env.close().await;
}

#[tokio::test]
async fn a_failed_delete_is_named_with_its_request_id_and_retry_failed_sends_one() {
    let (env, ids) = twelve_keys().await;
    let failing = ids[2];
    env.fault(
        "DELETE",
        &format!("/api-keys/{failing}"),
        1,
        FaultAction::Status { status: 500 },
    );
    select(&env, &["Bulk 02", "Bulk 03", "Bulk 04"]).await;
    env.click("button", "Revoke selected").await;
    env.click("button", "Revoke 3 keys").await;
    env.wait_text("1 key could not be revoked.").await;
    let dialog = env.named("alertdialog", "Revoke 3 API keys").await;
    let said = dialog.text().await.unwrap_or_default();
    assert!(said.contains("Revoked 2 keys."), "{said}");
    let failure = env
        .css(".bulk-failures li")
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(failure.contains("Bulk 03"), "{failure}");
    assert!(failure.contains("Request ID: "), "{failure}");
    let tried = deletes_of(&env, failing).len();
    assert_eq!(tried, 1, "a 500 is reported, not sent again on its own");
    // Behind the dialog the failed key stays listed and selected.
    env.wait_text("1 selected").await;

    env.click("button", "Retry failed (1)").await;
    env.wait_text("Revoked 1 key.").await;
    assert_eq!(
        deletes_of(&env, failing).len(),
        tried + 1,
        "Retry failed sent one DELETE"
    );
    assert_eq!(deletes(&env).len(), 2 + tried + 1);
    env.click("button", "Close").await;
    env.wait_rows(9).await;
    env.close().await;
}

#[tokio::test]
async fn a_rate_limited_delete_waits_its_retry_after_and_is_not_reported() {
    let (env, ids) = twelve_keys().await;
    let limited = ids[0];
    env.fault(
        "DELETE",
        &format!("/api-keys/{limited}"),
        1,
        FaultAction::RateLimited { retry_after: 1 },
    );
    select(&env, &["Bulk 01", "Bulk 02"]).await;
    env.click("button", "Revoke selected").await;
    env.click("button", "Revoke 2 keys").await;
    env.wait_text("Revoked 2 keys.").await;
    let tries = deletes_of(&env, limited);
    assert_eq!(tries.len(), 2, "{tries:?}");
    assert_eq!(tries[0].status, Some(429));
    let waited = tries[1].received_ms - tries[0].answered_ms.expect("answered");
    assert!(waited >= 990, "waited {waited} ms for Retry-After: 1");
    assert!(!env.text().await.contains("could not be revoked"));
    env.close().await;
}

#[tokio::test]
async fn select_stale_keys_selects_exactly_the_stale_rows() {
    let (env, ids) = twelve_keys().await;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64;
    env.server.set_key_last_used(ids[3], now - 200 * DAY_SECS);
    env.server.set_key_last_used(ids[6], now - 120 * DAY_SECS);
    // The page reads the change on a fresh load.
    env.sign_in(ADMIN).await;
    env.wait_rows(12).await;
    env.click("button", "Select stale keys").await;
    let mut stale = Vec::new();
    for (id, _) in rows(&env).await {
        if env.cell(id, "Label").await.contains("Stale") {
            stale.push(id);
        }
    }
    assert!(
        stale.contains(&ids[3]) && stale.contains(&ids[6]),
        "{stale:?}"
    );
    env.wait_text(&format!("{} selected", stale.len())).await;
    for (id, row) in rows(&env).await {
        let checkbox = row
            .find(fantoccini::Locator::Css(".select-key"))
            .await
            .expect("checkbox");
        let checked = checkbox.prop("checked").await.ok().flatten().as_deref() == Some("true");
        assert_eq!(checked, stale.contains(&id), "key {id}");
    }
    env.close().await;
}

#[tokio::test]
async fn keyboard_only_select_confirm_and_revoke() {
    let (env, _) = twelve_keys().await;
    let checkbox = env.named("checkbox", "Select Bulk 06").await;
    env.browser
        .execute("arguments[0].focus(); return true;", vec![json!(checkbox)])
        .await
        .expect("focus the row's checkbox");
    env.press(" ").await; // Space
    env.wait_text("1 selected").await;
    // Back up to the bar, which comes before the table.
    for _ in 0..30 {
        let focused = env.focused().await;
        if env.accessible_name(&focused).await == "Revoke selected" {
            break;
        }
        env.press("\u{E008}\u{E004}").await; // Shift+Tab
    }
    env.wait_focus("Revoke selected").await;
    env.press("\u{E007}").await; // Enter
    env.named("alertdialog", "Revoke 1 API key").await;
    env.wait_focus("Cancel").await;
    env.press("\u{E004}").await; // Tab to "Revoke 1 key"
    env.wait_focus("Revoke 1 key").await;
    env.press("\u{E007}").await;
    env.wait_text("Revoked 1 key.").await;
    env.wait_focus("Close").await;
    env.press("\u{E007}").await;
    env.gone("alertdialog", "Revoke 1 API key").await;
    env.wait_rows(11).await;
    assert_eq!(deletes(&env).len(), 1);
    let collected = env.collected().await;
    assert_eq!(
        collected["pointer"],
        json!(0),
        "no mouse or pointer event at all"
    );
    env.close().await;
}

#[tokio::test]
async fn axe_finds_nothing_with_a_selection_and_with_the_dialog() {
    let (env, _) = twelve_keys().await;
    select(&env, &["Bulk 01", "Bulk 02"]).await;
    env.wait_text("2 selected").await;
    let violations = env.axe_violations().await;
    assert!(violations.is_empty(), "with a selection: {violations:#?}");
    env.click("button", "Revoke selected").await;
    env.named("alertdialog", "Revoke 2 API keys").await;
    let violations = env.axe_violations().await;
    assert!(violations.is_empty(), "with the dialog: {violations:#?}");
    env.close().await;
}

#[tokio::test]
async fn the_selection_follows_a_single_revoke() {
    let (env, _) = twelve_keys().await;
    select(&env, &["Bulk 01", "Bulk 02", "Bulk 03"]).await;
    env.wait_text("3 selected").await;
    // A revoke with the row's own trash icon: the key leaves the list and the selection.
    env.click("button", "Revoke Bulk 01").await;
    env.click("button", "Revoke key").await;
    env.wait_rows(11).await;
    env.wait_text("2 selected").await;
    assert!(is_checked(&env, "Select Bulk 02").await);
    assert!(is_checked(&env, "Select Bulk 03").await);
    env.click("button", "Revoke selected").await;
    env.named("alertdialog", "Revoke 2 API keys").await;
    env.close().await;
}
