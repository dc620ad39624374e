//! Bulk revoke at 200 keys, main-thread time from DevTools timeline traces: "Select all keys"
//! (the click → the frame that says "200 selected", with every row's checkbox checked) and the
//! removal of 50 rows at the end of a bulk revoke (the last `DELETE`'s response → the frame
//! without them).

use lev_harness::Env;
use serde::Serialize;

use crate::devtools::{work_to_frame, PageTracer, Trigger};
use crate::interactions::{arm, collect, install_probe, press, wait_until, WorkMedians};

/// Rounds of "Select all keys" traced (each followed by an untraced click that clears it).
const SELECT_ROUNDS: usize = 7;
/// Bulk revokes of 50 traced: 200 rows, then 150, then 100.
const REMOVAL_ROUNDS: usize = 3;

/// The traced work of the two bulk interactions.
#[derive(Debug, Clone, Serialize)]
pub struct BulkWork {
    /// "Select all keys" with 200 rows shown.
    pub select_all_keys: WorkMedians,
    /// 50 rows leaving at the end of a bulk revoke.
    pub removal_of_50_rows: WorkMedians,
}

const SELECT_ALL: &str = "window.__tab().querySelector('.select-all').click(); return true;";
const ROWS: &str = "window.__tab().querySelectorAll('tbody tr[data-key-id]').length";

/// Measures both on a page that shows 200 keys.
pub async fn trace_bulk(env: &Env) -> BulkWork {
    install_probe(env).await;
    let mut tracer = PageTracer::attach(&env.browser).await;
    let mut selects = Vec::new();
    for _ in 0..SELECT_ROUNDS {
        tracer.start();
        arm(
            &env.browser,
            "window.__latency('click', () => window.__tab().querySelector('.selection-count')?.textContent === '200 selected' && [...window.__tab().querySelectorAll('.select-key')].every(c => c.checked))",
        )
        .await;
        env.browser
            .execute(SELECT_ALL, vec![])
            .await
            .expect("select all");
        collect(&env.browser, "select all keys").await;
        selects.push(work_to_frame(&tracer.stop(), Trigger::Event("click")));
        env.browser
            .execute(SELECT_ALL, vec![])
            .await
            .expect("clear");
        wait_until(
            env,
            "!window.__tab().querySelector('.selection-count')?.textContent",
            "nothing selected",
        )
        .await;
    }

    let mut removals = Vec::new();
    for round in 0..REMOVAL_ROUNDS {
        let (before, after) = (200 - 50 * round, 150 - 50 * round);
        wait_until(
            env,
            &format!("{ROWS} === {before}"),
            &format!("{before} rows"),
        )
        .await;
        env.browser
            .execute(
                "[...window.__tab().querySelectorAll('.select-key')].slice(0, 50).forEach(c => c.click()); return true;",
                vec![],
            )
            .await
            .expect("select 50");
        wait_until(
            env,
            "window.__tab().querySelector('.selection-count')?.textContent === '50 selected'",
            "50 selected",
        )
        .await;
        press(env, "Revoke selected").await;
        wait_until(
            env,
            "window.__tab().querySelector('dialog[open]')",
            "the bulk dialog",
        )
        .await;
        tracer.start();
        arm(
            &env.browser,
            &format!("window.__afterResponse('/api-keys/', 'DELETE', () => {ROWS} === {after})"),
        )
        .await;
        press(env, "Revoke 50 keys").await;
        collect(&env.browser, "removal of 50 rows").await;
        removals.push(work_to_frame(
            &tracer.stop(),
            Trigger::Response("/api-keys/", "DELETE"),
        ));
        press(env, "Close").await;
        wait_until(
            env,
            "!window.__tab().querySelector('dialog[open]')",
            "the dialog closed",
        )
        .await;
    }
    BulkWork {
        select_all_keys: WorkMedians::of(selects.iter().skip(1)),
        removal_of_50_rows: WorkMedians::of(removals.iter()),
    }
}
