//! The first open of Create key before its chunk is here: over the emulated network, a cold
//! page clicks Create key in the very callback that sees the rows appear, before the browser
//! has been idle (so the idle prefetch has not started), and the time from the click to the
//! dialog painted is measured; the page also says when the chunk's request started, so a run
//! where it was fetched before the click shows as such instead of as a fast open.

use serde::Serialize;
use serde_json::{json, Value};

use lev_harness::seed::ADMIN;
use lev_harness::{copy_of_dist, env_with, Config};

use crate::stats::Stats;
use crate::visits::{cold_browser, emulate_network};

/// Cold opens measured.
const OPENS: usize = 10;

/// Clicks Create key as the rows appear; records the click, the dialog in the DOM, and the
/// next frame after it (≈ painted).
const CLICK_AT_ROWS: &str = r#"
// In a function of its own: the startup probe's top-level names are taken.
(() => {
window.__opened = null;
const inTab = (selector) => [...document.querySelectorAll('lev-api-keys')]
  .map((e) => e.shadowRoot && e.shadowRoot.querySelector(selector)).find(Boolean);
const observer = new MutationObserver(() => {
  if (window.__clicked === undefined) {
    const create = inTab('#create-key-button');
    if (create && inTab('tbody tr[data-key-id]')) { window.__clicked = performance.now(); create.click(); }
  } else if (window.__dialog === undefined && inTab('dialog[open]')) {
    window.__dialog = performance.now();
    observer.disconnect();
    requestAnimationFrame(() => { const ch = new MessageChannel(); ch.port1.onmessage = () => { window.__opened = performance.now(); }; ch.port2.postMessage(0); });
  }
});
observer.observe(document, { childList: true, subtree: true, attributes: true });
const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) {
  const root = attach.call(this, init);
  observer.observe(root, { childList: true, subtree: true, attributes: true });
  return root;
};
})();
"#;

/// What one open measured, in ms from navigation start.
const OPEN_PHASES: &str = r#"
const chunk = performance.getEntriesByType('resource').find((e) => e.name.includes('/lev-create_key-'));
return {
  clicked: window.__clicked ?? null,
  dialog_in_dom: window.__dialog ?? null,
  dialog_painted: window.__opened,
  chunk_requested: chunk ? chunk.startTime : null,
  chunk_received: chunk ? chunk.responseEnd : null,
};
"#;

/// The first open of Create key with its chunk not yet fetched.
#[derive(Debug, Clone, Serialize)]
pub struct FirstOpen {
    /// Click → dialog painted, ms.
    pub click_to_painted: Stats,
    /// Click → the chunk's request started, ms (median; about 0 when the click fetched it).
    pub click_to_chunk_requested_median: f64,
    /// Click → the chunk received, ms (median).
    pub click_to_chunk_received_median: f64,
    /// Opens whose chunk had been requested before the click (not counted above).
    pub prefetched_before_click: usize,
}

/// [`OPENS`] cold opens over the emulated network.
pub async fn measure() -> FirstOpen {
    let dist = copy_of_dist("lev-bench-first-open");
    let env = env_with(Config {
        dist: Some(dist.path().to_owned()),
        rate_limits: false,
        ..Config::default()
    })
    .await;
    let (mut painted, mut requested, mut received) = (Vec::new(), Vec::new(), Vec::new());
    let mut prefetched = 0;
    for _ in 0..OPENS {
        let (browser, _profile) = cold_browser(&env).await;
        env.cdp_on(
            &browser,
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": CLICK_AT_ROWS }),
        )
        .await;
        emulate_network(&env, &browser).await;
        browser
            .goto(&env.url("/settings/api-keys"))
            .await
            .expect("load");
        let mut phases = Value::Null;
        for _ in 0..400 {
            phases = browser.execute(OPEN_PHASES, vec![]).await.expect("phases");
            if phases["dialog_painted"].is_number() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        }
        let _ = browser.close().await;
        let number = |key: &str| phases[key].as_f64();
        let (Some(clicked), Some(open), Some(asked), Some(got)) = (
            number("clicked"),
            number("dialog_painted"),
            number("chunk_requested"),
            number("chunk_received"),
        ) else {
            panic!("the first open was not measured: {phases}");
        };
        if asked < clicked {
            prefetched += 1;
            continue;
        }
        painted.push(open - clicked);
        requested.push(asked - clicked);
        received.push(got - clicked);
    }
    // The main browser did nothing yet: a visit of the tab gives the closing health check a
    // page to look at.
    env.sign_in(ADMIN).await;
    env.wait_rows(4).await;
    env.close().await;
    FirstOpen {
        click_to_painted: Stats::of(painted),
        click_to_chunk_requested_median: crate::stats::median(requested).unwrap_or(f64::NAN),
        click_to_chunk_received_median: crate::stats::median(received).unwrap_or(f64::NAN),
        prefetched_before_click: prefetched,
    }
}
