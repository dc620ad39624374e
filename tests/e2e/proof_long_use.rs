//! 200 create/revoke cycles in one page without reload: every cycle completes, the list and the
//! server agree, and memory stays flat. How long a cycle takes is the bench's to measure
//! (`cargo xtask bench`); the time printed here is for reading, not checked.

use std::time::Instant;

use lev_server::Config;
use serde_json::json;

use lev_harness::*;

/// One cycle, driven inside the page (WebDriver round trips would dominate otherwise): open
/// Create key, type, submit, copy-less Done → Close anyway, revoke the new row, confirm.
/// Installed once as `window.__cycle`: DevTools keeps every executed script alive, so a big
/// script per cycle would itself look like a leak.
const INSTALL_CYCLE: &str = r#"
window.__cycle = async (label) => {
const until = async (f, what) => { for (let i = 0; i < 400; i++) { const v = f(); if (v) return v; await new Promise(r => setTimeout(r, 5)); } throw new Error('timeout: ' + what); };
const byText = (sel, text) => __lev.all(sel).find(e => e.textContent.trim() === text);
try {
  const started = performance.now();
  (await until(() => __lev.one('#create-key-button'), 'create button')).click();
  const field = await until(() => __lev.one('#key-label'), 'label field');
  field.value = label; field.dispatchEvent(new Event('input', { bubbles: true }));
  (await until(() => { const b = __lev.one('dialog button[type=submit]'); return b && b.getAttribute('aria-disabled') === 'false' && b; }, 'create enabled')).click();
  (await until(() => __lev.one('.done-button'), 'done')).click();
  (await until(() => byText('dialog .danger', 'Close anyway'), 'close anyway')).click();
  await until(() => !__lev.one('dialog'), 'dialog closed');
  (await until(() => __lev.one(`button[aria-label="Revoke ${label}"]`), 'trash')).click();
  (await until(() => byText('dialog .danger', 'Revoke key'), 'revoke key')).click();
  await until(() => !__lev.one(`button[aria-label="Revoke ${label}"]`) && !__lev.one('dialog'), 'row gone');
  return { ok: true, ms: performance.now() - started, rows: __lev.all('tbody tr[data-key-id]').length };
} catch (e) { return { ok: false, error: String(e) }; }
};
return true;
"#;

const CYCLE: &str = "window.__cycle(arguments[0]).then(arguments[1]);";

#[tokio::test]
async fn two_hundred_cycles_stay_correct_and_memory_flat() {
    let env = admin_page(Config {
        rate_limits: false,
        ..Config::default()
    })
    .await;
    // chromedriver allows an async script 30 s by default: plenty for one cycle.
    env.browser
        .execute(INSTALL_CYCLE, vec![])
        .await
        .expect("install the cycle");
    let started = Instant::now();
    let mut after_ten = None;
    let mut slowest = 0.0f64;
    for n in 0..200 {
        let outcome = env
            .browser
            .execute_async(CYCLE, vec![json!(format!("Cycle {n}"))])
            .await
            .expect("cycle");
        assert_eq!(outcome["ok"], json!(true), "cycle {n}: {outcome}");
        assert_eq!(
            outcome["rows"],
            json!(4),
            "cycle {n}: the list stays correct"
        );
        slowest = slowest.max(outcome["ms"].as_f64().unwrap_or(0.0));
        if n == 9 {
            after_ten = Some(env.memory().await);
        }
        if (n + 1) % 50 == 0 {
            let m = env.memory().await;
            println!("after {} cycles: {m:?}", n + 1);
        }
    }
    let end = env.memory().await;
    let start = after_ten.expect("measured after 10 cycles");
    println!(
        "long use (times for reading, not checked): 200 cycles in {:.1}s, slowest cycle {slowest:.0} ms; after 10 cycles {start:?} total={}; after 200 {end:?} total={}",
        started.elapsed().as_secs_f64(),
        start.total(),
        end.total()
    );
    assert!(
        end.total() <= start.total() * 1.10,
        "memory grew more than 10 %: {start:?} → {end:?}"
    );
    assert_eq!(
        env.server.active_key_count("acme-capital"),
        Some(4),
        "the server agrees"
    );
    let texts = env.text().await;
    assert!(texts.contains("4 of 10 keys"));
    env.close().await;
}
