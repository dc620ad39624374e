//! Startup: navigation start → first key row painted, for the app and for a floor (a plain
//! page whose vanilla JavaScript fetches the same data and renders the same rows), in three
//! kinds of visit: cold on localhost, repeat, cold over an emulated network.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use fantoccini::Client;
use lev_harness::seed::ADMIN;
use lev_harness::{copy_of_dist, env_with, Config, Env};
use serde::Serialize;
use serde_json::{json, Value};
use tempfile::TempDir;

use crate::stats::Stats;

/// Loads of each kind of visit, app and floor alternating.
const LOADS: usize = 20;
const APP_PATH: &str = "/settings/api-keys";
const FLOOR_PATH: &str = "/floor.html";

/// Records when the first key row appears, then the next frame after it (≈ painted); and,
/// to show where the time goes, when the element's entry had the wasm instantiated. The rows
/// are in the element's shadow root, which the observer is given as soon as it is attached.
const STARTUP_PROBE: &str = r#"
window.__rendered = null;
addEventListener('lev-api-keys-ready', () => { window.__started = performance.now(); });
const rowsShown = () => document.querySelector('.floor-row') ||
  [...document.querySelectorAll('lev-api-keys')].some(e => e.shadowRoot && e.shadowRoot.querySelector('tbody tr[data-key-id]'));
const observer = new MutationObserver(() => {
  if (window.__rows === undefined && rowsShown()) {
    observer.disconnect();
    window.__rows = performance.now();
    requestAnimationFrame(() => { const ch = new MessageChannel(); ch.port1.onmessage = () => { window.__rendered = performance.now(); }; ch.port2.postMessage(0); });
  }
});
observer.observe(document, { childList: true, subtree: true });
const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) {
  const root = attach.call(this, init);
  observer.observe(root, { childList: true, subtree: true });
  return root;
};
"#;

/// The phases of one load, in ms from navigation start (`null` where a phase does not apply).
const STARTUP_PHASES: &str = r#"
const res = (part) => performance.getEntriesByType('resource').find(e => e.name.includes(part));
const nav = performance.getEntriesByType('navigation')[0];
const at = (e, key) => e ? e[key] : null;
return {
  html_received: nav.responseEnd,
  dom_content_loaded: nav.domContentLoadedEventStart,
  // Where the wait for the assets goes: asked for (startTime), sent (requestStart, after any
  // connection setup and cache lookup), first byte (responseStart).
  css_requested: at(res('.css'), 'startTime'),
  css_sent: at(res('.css'), 'requestStart'),
  css_first_byte: at(res('.css'), 'responseStart'),
  wasm_requested: at(res('.wasm'), 'startTime'),
  wasm_sent: at(res('.wasm'), 'requestStart'),
  wasm_first_byte: at(res('.wasm'), 'responseStart'),
  css_received: at(res('.css'), 'responseEnd'),
  js_received: at(res('.js'), 'responseEnd'),
  wasm_received: at(res('.wasm'), 'responseEnd'),
  app_started: window.__started ?? null,
  first_request_sent: at(res('/me'), 'startTime'),
  answers_received: Math.max(at(res('/me'), 'responseEnd') ?? 0, at(res('api-keys?'), 'responseEnd') ?? 0),
  rows_in_dom: window.__rows,
  rows_painted: window.__rendered,
  // Bytes that crossed the network for this visit (0 for what came from the cache; a
  // revalidated page counts its 304), and the API answers' share of them.
  // The dialogs' chunks, which the idle prefetch may have started by now, are not the first load.
  bytes_on_wire: [nav].concat(performance.getEntriesByType('resource')).filter(e => !/\/embed\/lev-(?!api-keys)[^/]*\.wasm$/.test(e.name)).reduce((n, e) => n + (e.transferSize || 0), 0),
  bytes_api: performance.getEntriesByType('resource').filter(e => e.name.includes('/api/')).reduce((n, e) => n + (e.transferSize || 0), 0),
};
"#;

/// The floor: the same data and rows with a few lines of vanilla JavaScript.
pub const FLOOR_PAGE: &str = r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Floor</title></head><body><table><tbody id="rows"></tbody></table>
<script>
const headers = { 'X-Origin-App': 'floor', 'Accept': 'application/json' };
const body = document.getElementById('rows');
// Loads /me and the first page and renders the rows; `__floorRemount` does it again, from an
// empty table (the floor of a remount).
const load = () => Promise.all([fetch('/api/external/v2/me', { headers }).then(r => r.json()), fetch('/api/external/v2/build/api-keys?limit=50&offset=0', { headers }).then(r => r.json())])
  .then(([me, list]) => {
    for (const key of list.data) {
      const tr = document.createElement('tr'); tr.className = 'floor-row';
      for (const text of [key.label, key.key_prefix + '…', key.created_at, key.last_used_at || 'Never']) { const td = document.createElement('td'); td.textContent = text; tr.append(td); }
      body.append(tr);
    }
    document.title = me.data.platform.api_keys.current_count + ' of ' + me.data.platform.api_keys.max_allowed;
  });
window.__floorRemount = () => { body.replaceChildren(); return load(); };
load();
</script></body></html>"#;

/// The phases in the order they happen (the keys of [`STARTUP_PHASES`]'s answer).
pub const PHASES: [&str; 16] = [
    "html_received",
    "css_requested",
    "css_sent",
    "css_first_byte",
    "wasm_requested",
    "wasm_sent",
    "wasm_first_byte",
    "css_received",
    "js_received",
    "wasm_received",
    "dom_content_loaded",
    "app_started",
    "first_request_sent",
    "answers_received",
    "rows_in_dom",
    "rows_painted",
];

/// One load as the page measured it: each phase in ms from navigation start, and bytes.
pub type Load = serde_json::Map<String, Value>;

/// Bytes that crossed the network per visit (medians).
#[derive(Debug, Clone, Serialize)]
pub struct BytesOnWire {
    /// The app's visit.
    pub app: f64,
    /// Of which the API's answers.
    pub app_api_answers: f64,
    /// The floor's visit.
    pub floor: f64,
}

/// App against floor for one kind of visit.
#[derive(Debug, Clone, Serialize)]
pub struct Visits {
    /// The app's rows painted, ms.
    pub app: Stats,
    /// The floor's rows painted, ms.
    pub floor: Stats,
    /// App median over floor median.
    pub ratio_median: f64,
    /// Loads of each.
    pub loads_each: usize,
    /// Each phase's median, app.
    pub app_phases_median: BTreeMap<String, f64>,
    /// Each phase's median, floor.
    pub floor_phases_median: BTreeMap<String, f64>,
    /// Bytes on the wire.
    pub bytes_on_wire_median: BytesOnWire,
}

/// The three kinds of visit.
#[derive(Debug, Clone, Serialize)]
pub struct VisitKinds {
    /// Fresh profiles on localhost.
    pub cold_localhost: Visits,
    /// Browsers that have seen their page twice (warm HTTP cache, V8 code cache).
    pub repeat: Visits,
    /// Fresh profiles over 40 ms / 10 Mbit/s.
    pub cold_emulated_network: Visits,
}

pub fn series(loads: &[Load], key: &str) -> Vec<f64> {
    loads.iter().filter_map(|l| l.get(key)?.as_f64()).collect()
}

pub fn phase_medians(loads: &[Load]) -> BTreeMap<String, f64> {
    let keys = loads.first().map(|l| l.keys().cloned().collect::<Vec<_>>());
    keys.unwrap_or_default()
        .into_iter()
        .filter_map(|key| {
            let samples = series(loads, &key);
            (!samples.is_empty()).then(|| (key, Stats::of(samples).median))
        })
        .collect()
}

impl Visits {
    /// App against floor from their loads.
    pub fn of(app: &[Load], floor: &[Load]) -> Self {
        let (app_stats, floor_stats) = (
            Stats::of(series(app, "rows_painted")),
            Stats::of(series(floor, "rows_painted")),
        );
        Self {
            ratio_median: app_stats.median / floor_stats.median.max(0.001),
            app: app_stats,
            floor: floor_stats,
            loads_each: app.len(),
            app_phases_median: phase_medians(app),
            floor_phases_median: phase_medians(floor),
            bytes_on_wire_median: BytesOnWire {
                app: Stats::of(series(app, "bytes_on_wire")).median,
                app_api_answers: Stats::of(series(app, "bytes_api")).median,
                floor: Stats::of(series(floor, "bytes_on_wire")).median,
            },
        }
    }
}

/// A fresh browser (cold caches) with the startup probe installed, signed in on a cheap
/// page of the same origin, so that the next navigation is the measured load.
pub async fn cold_browser(env: &Env) -> (Client, TempDir) {
    let (browser, profile) = env.fresh_browser().await;
    env.cdp_on(
        &browser,
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": STARTUP_PROBE }),
    )
    .await;
    let link = env
        .server
        .sign_in_link(ADMIN, Some("/api/external/v2/health"))
        .expect("the bench's server has dev sign-in");
    browser.goto(&env.url(&link)).await.expect("sign in");
    (browser, profile)
}

/// Waits (up to 5 s) until the probe has seen the rows painted.
async fn wait_rendered(browser: &Client) {
    for _ in 0..200 {
        let rendered = browser
            .execute("return window.__rendered;", vec![])
            .await
            .expect("probe");
        if !rendered.is_null() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// The emulated network of the "real network" measure: 40 ms round trip, 10 Mbit/s down,
/// 5 Mbit/s up (DevTools `Network.emulateNetworkConditions`, in bytes per second).
pub async fn emulate_network(env: &Env, browser: &Client) {
    env.cdp_on(browser, "Network.enable", json!({})).await;
    env.cdp_on(
        browser,
        "Network.emulateNetworkConditions",
        json!({ "offline": false, "latency": 40, "downloadThroughput": 1_250_000, "uploadThroughput": 625_000 }),
    )
    .await;
}

/// Loads `path` in `browser` and returns the load's phases (see [`STARTUP_PHASES`]).
async fn measured_load(env: &Env, browser: &Client, path: &str) -> Load {
    browser.goto(&env.url(path)).await.expect("load");
    wait_rendered(browser).await;
    let phases = browser
        .execute(STARTUP_PHASES, vec![])
        .await
        .expect("phases");
    let Value::Object(phases) = phases else {
        panic!("the phases are not an object: {phases}");
    };
    assert!(
        phases.get("rows_painted").is_some_and(Value::is_number),
        "the rows rendered"
    );
    phases
}

/// One cold load (fresh profile: empty HTTP and code caches), over the emulated network
/// when `network` is set.
pub async fn cold_load(env: &Env, path: &str, network: bool) -> Load {
    let (browser, _profile) = cold_browser(env).await;
    if network {
        emulate_network(env, &browser).await;
    }
    let phases = measured_load(env, &browser, path).await;
    let _ = browser.close().await;
    phases
}

/// Cold loads, app and floor alternating, so both see the same machine.
async fn cold_visits(env: &Env, network: bool) -> Visits {
    let (mut app, mut floor) = (Vec::new(), Vec::new());
    for _ in 0..LOADS {
        app.push(cold_load(env, APP_PATH, network).await);
        floor.push(cold_load(env, FLOOR_PATH, network).await);
    }
    Visits::of(&app, &floor)
}

/// Repeat visits, app and floor alternating, each in a browser of its own that has seen its
/// page twice before (warm HTTP cache; V8 caches a script's code from its second run).
async fn repeat_visits(env: &Env) -> Visits {
    let (app_browser, _app_profile) = cold_browser(env).await;
    let (floor_browser, _floor_profile) = cold_browser(env).await;
    for _ in 0..2 {
        measured_load(env, &app_browser, APP_PATH).await;
        measured_load(env, &floor_browser, FLOOR_PATH).await;
    }
    let (mut app, mut floor) = (Vec::new(), Vec::new());
    for _ in 0..LOADS {
        app.push(measured_load(env, &app_browser, APP_PATH).await);
        floor.push(measured_load(env, &floor_browser, FLOOR_PATH).await);
    }
    let _ = app_browser.close().await;
    let _ = floor_browser.close().await;
    Visits::of(&app, &floor)
}

/// One more cold load of the app under the DevTools CPU profiler, saved for DevTools'
/// Performance panel (wasm function names show when the build keeps them).
async fn profile_cold_load(env: &Env, out: &Path) {
    let (browser, _profile) = cold_browser(env).await;
    env.cdp_on(&browser, "Profiler.enable", json!({})).await;
    env.cdp_on(
        &browser,
        "Profiler.setSamplingInterval",
        json!({ "interval": 100 }),
    )
    .await;
    env.cdp_on(&browser, "Profiler.start", json!({})).await;
    browser.goto(&env.url(APP_PATH)).await.expect("load");
    wait_rendered(&browser).await;
    let profile = env.cdp_on(&browser, "Profiler.stop", json!({})).await;
    let _ = browser.close().await;
    std::fs::write(
        out.join("startup.cpuprofile"),
        serde_json::to_string(&profile["profile"]).unwrap_or_default(),
    )
    .expect("profile");
}

/// Every kind of visit against the floor served by the same server, and a CPU profile of one
/// cold load written to `out`.
pub async fn measure_all(out: &Path) -> VisitKinds {
    let host = copy_of_dist("lev-bench-floor");
    std::fs::write(host.path().join("floor.html"), FLOOR_PAGE).expect("floor page");
    let env = env_with(Config {
        dist: Some(host.path().to_owned()),
        rate_limits: false,
        ..Config::default()
    })
    .await;
    let visits = VisitKinds {
        cold_localhost: cold_visits(&env, false).await,
        repeat: repeat_visits(&env).await,
        cold_emulated_network: cold_visits(&env, true).await,
    };
    profile_cold_load(&env, out).await;
    // The main browser did nothing yet: a visit of the tab gives the closing health check a
    // page to look at.
    env.sign_in(ADMIN).await;
    env.wait_rows(4).await;
    env.close().await;
    visits
}
