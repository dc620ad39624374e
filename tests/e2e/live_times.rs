//! Times that stay true: with the page left open, relative times and the Stale mark follow the
//! clock, and the rows stay the same elements (only the words change).

use serde_json::json;

use lev_harness::seed::*;
use lev_harness::*;

/// Runs before the app: a page clock the test can move. `Date.now` gains an offset, and the
/// page's minute-long intervals (the tab's clock) are run at once when the clock moves, as if
/// that much time had passed. Cleared intervals are forgotten.
const MOVABLE_CLOCK: &str = r#"
(() => {
  const realNow = Date.now.bind(Date);
  let offset = 0;
  Date.now = () => realNow() + offset;
  const ticks = new Map();
  const setInterval = window.setInterval.bind(window);
  const clearInterval = window.clearInterval.bind(window);
  window.setInterval = (f, ms, ...rest) => {
    const id = setInterval(f, ms, ...rest);
    if (ms >= 60000) ticks.set(id, f);
    return id;
  };
  window.clearInterval = (id) => { ticks.delete(id); clearInterval(id); };
  window.__clock = { advance(ms) { offset += ms; ticks.forEach(f => f()); return ticks.size; } };
})();
"#;

const MINUTE_MS: u64 = 60_000;
const DAY_MS: u64 = 24 * 60 * MINUTE_MS;

async fn advance(env: &Env, ms: u64) {
    let ticking = env
        .browser
        .execute(
            "return window.__clock.advance(arguments[0]);",
            vec![json!(ms)],
        )
        .await
        .expect("advance the clock");
    assert_eq!(ticking, json!(1), "the tab runs one minute clock");
}

/// Waits until the cell `column` of key `id` contains `expected`.
async fn wait_cell(env: &Env, id: i64, column: &str, expected: &str) {
    env.wait_cell(id, column, &format!("said {expected:?}"), |t| {
        t.contains(expected)
    })
    .await;
}

#[tokio::test]
async fn times_and_the_stale_mark_follow_the_clock() {
    let env = env().await;
    if env.engine != Engine::Chromium {
        // The movable clock goes in before the page's scripts through DevTools.
        eprintln!("skipped: needs Chromium's DevTools");
        return;
    }
    env.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": MOVABLE_CLOCK }),
    )
    .await;
    let token = env.token(ADMIN).await;
    let (id, _) = env.create_key_via_api(&token, "Fresh").await;
    env.sign_in(ADMIN).await;
    env.wait_rows(5).await;
    wait_cell(&env, id, "Created", "now").await;
    assert!(!env.cell(id, "Label").await.contains("Stale"));
    env.browser
        .execute(
            "window.__row = __lev.one(`[data-key-id=\"${arguments[0]}\"]`); window.__time = window.__row.querySelector('time'); return true;",
            vec![json!(id.to_string())],
        )
        .await
        .expect("remember the row");

    advance(&env, 5 * MINUTE_MS).await;
    wait_cell(&env, id, "Created", "5 minutes ago").await;

    // Never used, made 90 days ago: stale.
    advance(&env, 90 * DAY_MS).await;
    wait_cell(&env, id, "Created", "3 months ago").await;
    wait_cell(&env, id, "Label", "Stale").await;

    let same = env
        .browser
        .execute(
            "const row = __lev.one(`[data-key-id=\"${arguments[0]}\"]`); return row === window.__row && row.querySelector('time') === window.__time;",
            vec![json!(id.to_string())],
        )
        .await
        .expect("compare");
    assert_eq!(
        same,
        json!(true),
        "the row and its <time> are the same elements"
    );
    // The revoke confirmation reads the same clock.
    env.click("button", "Revoke Fresh").await;
    env.wait_text("This key has never been used.").await;
    env.assert_healthy().await;
    env.close().await;
}
