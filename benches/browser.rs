//! `cargo xtask bench`: transfer size, startup against a vanilla-JS floor, interaction latency,
//! and the same at scale, measured in headless Chromium against the real server. Prints a
//! table and writes `target/bench/report.json`. Numbers are reported, never asserted.

// Built for wasm (`clippy --target wasm32 --all-targets`) the benchmark is an empty program.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    native::main();
}

#[cfg(not(target_arch = "wasm32"))]
#[path = "../tests/e2e/support.rs"]
mod support;

#[cfg(not(target_arch = "wasm32"))]
#[path = "support/devtools.rs"]
mod devtools;

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use super::devtools::{self, click_to_frame, work_to_frame, PageTracer, Trigger};
    use super::support::*;

    use std::io::Write;
    use std::path::{Path, PathBuf};
    use std::time::Duration;

    use fantoccini::Client;
    use lev_server::Config;
    use reqwest::Method;
    use serde_json::{json, Value};

    const COLD_LOADS: usize = 20;
    const SAMPLES: usize = 50;

    fn gzip(bytes: &[u8]) -> usize {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        let _ = encoder.write_all(bytes);
        encoder.finish().map(|v| v.len()).unwrap_or(0)
    }

    fn brotli(bytes: &[u8]) -> usize {
        let mut out = Vec::new();
        let params = brotli::enc::BrotliEncoderParams {
            quality: 11,
            ..Default::default()
        };
        let _ = brotli::BrotliCompress(&mut &bytes[..], &mut out, &params);
        out.len()
    }

    /// Sizes of every file of the built app.
    fn sizes(dist: &Path) -> Value {
        let mut files = Vec::new();
        let (mut raw, mut gz, mut br) = (0, 0, 0);
        // The files themselves; the `.br` / `.gz` copies the build writes are what the columns
        // below compute again.
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dist)
            .expect("dist")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .filter(|p| !matches!(p.extension().and_then(|e| e.to_str()), Some("br" | "gz")))
            .collect();
        entries.sort();
        for path in entries {
            let bytes = std::fs::read(&path).expect("read");
            let (g, b) = (gzip(&bytes), brotli(&bytes));
            raw += bytes.len();
            gz += g;
            br += b;
            files.push(json!({
                "file": path.file_name().and_then(|n| n.to_str()).unwrap_or_default(),
                "raw": bytes.len(), "gzip": g, "brotli": b
            }));
        }
        json!({ "files": files, "total": { "raw": raw, "gzip": gz, "brotli": br } })
    }

    fn stats(mut samples: Vec<f64>) -> Value {
        samples.sort_by(f64::total_cmp);
        let at = |q: f64| {
            if samples.is_empty() {
                return 0.0;
            }
            let index = ((samples.len() as f64 - 1.0) * q).round() as usize;
            samples[index.min(samples.len() - 1)]
        };
        json!({ "n": samples.len(), "median": at(0.5), "p95": at(0.95), "max": at(1.0) })
    }

    /// Records when the first key row appears, then the next frame after it (≈ painted); and,
    /// to show where the time goes, when the app's loader finished (wasm instantiated, `main` run).
    const STARTUP_PROBE: &str = r#"
window.__rendered = null;
addEventListener('TrunkApplicationStarted', () => { window.__started = performance.now(); });
new MutationObserver((_, observer) => {
  if (document.querySelector('tbody tr[data-key-id], .floor-row')) {
    observer.disconnect();
    window.__rows = performance.now();
    requestAnimationFrame(() => { const ch = new MessageChannel(); ch.port1.onmessage = () => { window.__rendered = performance.now(); }; ch.port2.postMessage(0); });
  }
}).observe(document, { childList: true, subtree: true });
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
  bytes_on_wire: [nav].concat(performance.getEntriesByType('resource')).reduce((n, e) => n + (e.transferSize || 0), 0),
  bytes_api: performance.getEntriesByType('resource').filter(e => e.name.includes('/api/')).reduce((n, e) => n + (e.transferSize || 0), 0),
};
"#;

    /// The floor: the same data and rows with a few lines of vanilla JavaScript.
    const FLOOR_PAGE: &str = r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Floor</title></head><body><table><tbody id="rows"></tbody></table>
<script>
const headers = { 'X-Origin-App': 'floor', 'Accept': 'application/json' };
Promise.all([fetch('/api/external/v2/me', { headers }).then(r => r.json()), fetch('/api/external/v2/build/api-keys?limit=50&offset=0', { headers }).then(r => r.json())])
  .then(([me, list]) => {
    const body = document.getElementById('rows');
    for (const key of list.data) {
      const tr = document.createElement('tr'); tr.className = 'floor-row';
      for (const text of [key.label, key.key_prefix + '…', key.created_at, key.last_used_at || 'Never']) { const td = document.createElement('td'); td.textContent = text; tr.append(td); }
      body.append(tr);
    }
    document.title = me.data.platform.api_keys.current_count + ' of ' + me.data.platform.api_keys.max_allowed;
  });
</script></body></html>"#;

    /// A fresh browser (cold caches) with the startup probe installed, signed in on a cheap
    /// page of the same origin, so that the next navigation is the measured load.
    async fn cold_browser(env: &Env) -> (Client, tempdir::Dir) {
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
    async fn emulate_network(env: &Env, browser: &Client) {
        env.cdp_on(browser, "Network.enable", json!({})).await;
        env.cdp_on(
            browser,
            "Network.emulateNetworkConditions",
            json!({ "offline": false, "latency": 40, "downloadThroughput": 1_250_000, "uploadThroughput": 625_000 }),
        )
        .await;
    }

    /// Loads `path` in `browser` and returns the load's phases (see `STARTUP_PHASES`).
    async fn measured_load(env: &Env, browser: &Client, path: &str) -> Value {
        browser.goto(&env.url(path)).await.expect("load");
        wait_rendered(browser).await;
        let phases = browser
            .execute(STARTUP_PHASES, vec![])
            .await
            .expect("phases");
        assert!(phases["rows_painted"].is_number(), "the rows rendered");
        phases
    }

    /// One cold load (fresh profile: empty HTTP and code caches), over the emulated network
    /// when `network` is set.
    async fn cold_load(env: &Env, path: &str, network: bool) -> Value {
        let (browser, _profile) = cold_browser(env).await;
        if network {
            emulate_network(env, &browser).await;
        }
        let phases = measured_load(env, &browser, path).await;
        let _ = browser.close().await;
        phases
    }

    /// Repeat visits, app and floor alternating, each in a browser of its own that has seen its
    /// page twice before (warm HTTP cache; V8 caches a script's code from its second run).
    async fn repeat_loads(env: &Env, count: usize) -> (Vec<Value>, Vec<Value>) {
        let (app_browser, _app_profile) = cold_browser(env).await;
        let (floor_browser, _floor_profile) = cold_browser(env).await;
        for _ in 0..2 {
            measured_load(env, &app_browser, APP_PATH).await;
            measured_load(env, &floor_browser, FLOOR_PATH).await;
        }
        let (mut app, mut floor) = (Vec::new(), Vec::new());
        for _ in 0..count {
            app.push(measured_load(env, &app_browser, APP_PATH).await);
            floor.push(measured_load(env, &floor_browser, FLOOR_PATH).await);
        }
        let _ = app_browser.close().await;
        let _ = floor_browser.close().await;
        (app, floor)
    }

    const APP_PATH: &str = "/settings/api-keys";
    const FLOOR_PATH: &str = "/floor.html";

    /// App against floor for one kind of visit: startup medians and p95, their ratio, the
    /// phases, and the bytes on the wire per visit.
    fn visits(app_loads: &[Value], floor_loads: &[Value]) -> Value {
        let series = |loads: &[Value], key: &str| -> Vec<f64> {
            loads.iter().filter_map(|l| l[key].as_f64()).collect()
        };
        let (app, floor) = (
            stats(series(app_loads, "rows_painted")),
            stats(series(floor_loads, "rows_painted")),
        );
        let ratio = app["median"].as_f64().unwrap_or(0.0)
            / floor["median"].as_f64().unwrap_or(1.0).max(0.001);
        json!({
            "app": app, "floor": floor, "ratio_median": ratio, "loads_each": app_loads.len(),
            "app_phases_median": phase_medians(app_loads),
            "floor_phases_median": phase_medians(floor_loads),
            "bytes_on_wire_median": {
                "app": stats(series(app_loads, "bytes_on_wire"))["median"],
                "app_api_answers": stats(series(app_loads, "bytes_api"))["median"],
                "floor": stats(series(floor_loads, "bytes_on_wire"))["median"],
            },
        })
    }

    /// The phases in the order they happen.
    const PHASES: [&str; 16] = [
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
        browser
            .goto(&env.url("/settings/api-keys"))
            .await
            .expect("load");
        wait_rendered(&browser).await;
        let profile = env.cdp_on(&browser, "Profiler.stop", json!({})).await;
        let _ = browser.close().await;
        std::fs::create_dir_all(out).expect("target/bench");
        std::fs::write(
            out.join("startup.cpuprofile"),
            serde_json::to_string(&profile["profile"]).unwrap_or_default(),
        )
        .expect("profile");
    }

    /// A page with 200 keys, paged in with Load more; with the session token and the time of
    /// each Load more.
    async fn two_hundred_keys() -> (Env, String, Vec<f64>) {
        let env = env_with(Config {
            rate_limits: false,
            key_ceiling_override: Some(260),
            ..Config::default()
        })
        .await;
        let token = env.token(ADMIN).await;
        for n in 0..196 {
            let _ = env
                .create_key_via_api(&token, &format!("Scale {n:03}"))
                .await;
        }
        env.sign_in(ADMIN).await;
        env.wait_rows(50).await;
        env.browser
            .execute(LATENCY_PROBE, vec![])
            .await
            .expect("probe");
        let mut appends = Vec::new();
        for page in 1..4 {
            let expected = 50 * (page + 1);
            arm(&env.browser, &format!("window.__latency('click', () => document.querySelectorAll('tbody tr[data-key-id]').length >= {expected})")).await;
            press(&env, "Load more").await;
            appends.push(collect(&env.browser, "append a page").await);
        }
        env.wait_rows(200).await;
        (env, token, appends)
    }

    /// The interactions of a round, in order: create a key, then revoke it.
    #[derive(Clone, Copy)]
    enum Interaction {
        OpenCreate,
        Keystroke,
        Reveal,
        Removal,
    }

    impl Interaction {
        const ALL: [Self; 4] = [
            Self::OpenCreate,
            Self::Keystroke,
            Self::Reveal,
            Self::Removal,
        ];

        /// Its name in the report.
        fn name(self) -> &'static str {
            match self {
                Self::OpenCreate => "open_create_dialog",
                Self::Keystroke => "keystroke_in_label",
                Self::Reveal => "reveal_after_post",
                Self::Removal => "row_removed_after_delete",
            }
        }

        /// What starts it in a DevTools trace.
        fn trigger(self) -> Trigger<'static> {
            match self {
                Self::OpenCreate => Trigger::Event("click"),
                Self::Keystroke => Trigger::Event("keydown"),
                Self::Reveal => Trigger::Response("/build/api-keys", "POST"),
                Self::Removal => Trigger::Response("/api-keys/", "DELETE"),
            }
        }
    }

    /// Records something around each interaction of a round.
    trait Recorder {
        /// Just before the interaction.
        async fn start(&mut self, env: &Env);
        /// Once the page shows the change, `latency_ms` after the event (or the response).
        async fn stop(&mut self, env: &Env, interaction: Interaction, latency_ms: f64) -> Value;
    }

    /// The probe's latency alone.
    struct Latency;

    impl Recorder for Latency {
        async fn start(&mut self, _env: &Env) {}
        async fn stop(&mut self, _env: &Env, _interaction: Interaction, latency_ms: f64) -> Value {
            json!(latency_ms)
        }
    }

    /// A DevTools timeline trace, reduced to the app's own main-thread work.
    struct Tracing(PageTracer);

    impl Recorder for Tracing {
        async fn start(&mut self, _env: &Env) {
            self.0.start();
        }
        async fn stop(&mut self, _env: &Env, interaction: Interaction, _latency_ms: f64) -> Value {
            work_to_frame(&self.0.stop(), interaction.trigger())
        }
    }

    /// A DevTools CPU profile, 50 µs between samples.
    struct Profiling;

    impl Profiling {
        async fn attach(env: &Env) -> Self {
            env.cdp_on(&env.browser, "Profiler.enable", json!({})).await;
            env.cdp_on(
                &env.browser,
                "Profiler.setSamplingInterval",
                json!({ "interval": 50 }),
            )
            .await;
            Self
        }
    }

    impl Recorder for Profiling {
        async fn start(&mut self, env: &Env) {
            env.cdp_on(&env.browser, "Profiler.start", json!({})).await;
        }
        async fn stop(&mut self, env: &Env, _interaction: Interaction, _latency_ms: f64) -> Value {
            env.cdp_on(&env.browser, "Profiler.stop", json!({})).await["profile"].clone()
        }
    }

    /// Creates a key and revokes it `rounds` times, recording each interaction; the first
    /// `warm_up` rounds are left out. One entry per round, in [`Interaction::ALL`]'s order.
    async fn record_rounds(
        env: &Env,
        rounds: usize,
        warm_up: usize,
        recorder: &mut impl Recorder,
    ) -> Vec<Vec<Value>> {
        env.browser
            .execute(LATENCY_PROBE, vec![])
            .await
            .expect("probe");
        let mut recorded = Vec::new();
        for n in 0..rounds {
            let mut round = Vec::new();
            recorder.start(env).await;
            arm(
                &env.browser,
                "window.__latency('click', () => document.getElementById('key-label'))",
            )
            .await;
            press(env, "Create key").await;
            let ms = collect(&env.browser, "open Create").await;
            round.push(recorder.stop(env, Interaction::OpenCreate, ms).await);

            let field = env.css("#key-label").await;
            recorder.start(env).await;
            arm(&env.browser, "window.__latency('input', () => true)").await;
            field.send_keys("R").await.expect("key");
            let ms = collect(&env.browser, "keystroke").await;
            round.push(recorder.stop(env, Interaction::Keystroke, ms).await);
            field.send_keys(&format!("ound {n}")).await.expect("type");

            recorder.start(env).await;
            arm(&env.browser, "window.__afterResponse('/build/api-keys', 'POST', () => document.getElementById('revealed-key'))").await;
            press(env, "Create").await;
            let ms = collect(&env.browser, "reveal").await;
            round.push(recorder.stop(env, Interaction::Reveal, ms).await);
            press(env, "Done").await;
            press(env, "Close anyway").await;
            no_open_dialog(env).await;

            let name = format!("Revoke Round {n}");
            press(env, &name).await;
            recorder.start(env).await;
            arm(&env.browser, &format!("window.__afterResponse('/api-keys/', 'DELETE', () => !document.querySelector('button[aria-label=\"{name}\"]'))")).await;
            press(env, "Revoke key").await;
            let ms = collect(&env.browser, "removal").await;
            round.push(recorder.stop(env, Interaction::Removal, ms).await);
            no_open_dialog(env).await;
            if n >= warm_up {
                recorded.push(round);
            }
        }
        recorded
    }

    /// The app's own main-thread time (script, style, layout) for each interaction, from
    /// DevTools timeline traces: medians of nine traced rounds after a warm-up round.
    async fn trace_interactions(env: &Env) -> Value {
        let mut tracing = Tracing(PageTracer::attach(&env.browser).await);
        let rounds = record_rounds(env, 10, 1, &mut tracing).await;
        let mut out = serde_json::Map::new();
        for (i, interaction) in Interaction::ALL.iter().enumerate() {
            let mut fields = serde_json::Map::new();
            for field in [
                "script",
                "style",
                "layout",
                "app_main_thread",
                "paint",
                "to_frame",
            ] {
                let mut values: Vec<f64> =
                    rounds.iter().filter_map(|r| r[i][field].as_f64()).collect();
                values.sort_by(f64::total_cmp);
                let median = values.get(values.len() / 2).copied();
                fields.insert(field.to_owned(), json!(median));
            }
            let errors: Vec<Value> = rounds
                .iter()
                .filter_map(|r| r[i].get("error").cloned())
                .collect();
            if !errors.is_empty() {
                fields.insert("errors".to_owned(), json!(errors));
            }
            out.insert(interaction.name().to_owned(), Value::Object(fields));
        }
        out.insert("goal_ms".to_owned(), json!(4));
        Value::Object(out)
    }

    /// Where the script time of each interaction goes, by function, at the page's size: CPU
    /// profiles over three rounds after a warm-up, self and total time summed over the rounds.
    /// Function names need a wasm built with its name section (the dist of
    /// `LEV_BENCH_ONLY=profile`); without it they read `wasm-function[N]`.
    async fn profile_interactions(env: &Env) -> String {
        let mut profiling = Profiling::attach(env).await;
        let rounds = record_rounds(env, 4, 1, &mut profiling).await;
        let mut text = String::new();
        for (i, interaction) in Interaction::ALL.iter().enumerate() {
            let profiles: Vec<Value> = rounds.iter().map(|r| r[i].clone()).collect();
            text.push_str(&devtools::function_times(interaction.name(), &profiles, 25));
        }
        text
    }

    /// Traces opening the Create dialog (after two warm-up opens) in `env`'s page and returns
    /// where the main thread's time went, click to committed frame.
    async fn trace_dialog_open(env: &Env) -> Value {
        let mut tracer = PageTracer::attach(&env.browser).await;
        let mut breakdown = Value::Null;
        for _ in 0..3 {
            tracer.start();
            press(env, "Create key").await;
            env.css("#key-label").await;
            // Let the frame that shows the dialog finish.
            tokio::time::sleep(Duration::from_millis(200)).await;
            breakdown = click_to_frame(&tracer.stop());
            press(env, "Cancel").await;
            no_open_dialog(env).await;
        }
        breakdown
    }

    /// Median of each phase over the loads.
    fn phase_medians(loads: &[Value]) -> Value {
        let mut out = serde_json::Map::new();
        if let Some(first) = loads.first().and_then(Value::as_object) {
            for key in first.keys() {
                let samples: Vec<f64> = loads.iter().filter_map(|l| l[key].as_f64()).collect();
                if !samples.is_empty() {
                    out.insert(key.clone(), stats(samples)["median"].clone());
                }
            }
        }
        Value::Object(out)
    }

    /// Measures from a real input event to the end of the first frame that shows the change:
    /// `settled` is checked at the start of every frame (requestAnimationFrame) from the event
    /// on; once it holds, that frame draws the change, and a message posted from its callback
    /// runs after the frame's rendering work. (Checking in a timeout first, as an earlier version
    /// did, missed a frame that already showed the change and counted one frame too many:
    /// DevTools traces showed the dialog's frame committed 5–10 ms after the click while that
    /// probe reported ~22 ms.)
    const LATENCY_PROBE: &str = r#"
const afterThisFrame = (done) => { const ch = new MessageChannel(); ch.port1.onmessage = done; ch.port2.postMessage(0); };
window.__latency = (eventType, settled) => new Promise(resolve => {
  const onEvent = (event) => {
    window.removeEventListener(eventType, onEvent, true);
    const start = event.timeStamp;
    const frame = () => {
      if (!settled()) { requestAnimationFrame(frame); return; }
      console.timeStamp('lev:visible');
      afterThisFrame(() => resolve(performance.now() - start));
    };
    requestAnimationFrame(frame);
  };
  window.addEventListener(eventType, onEvent, true);
});
window.__afterResponse = (urlPart, method, settled) => new Promise(resolve => {
  const started = performance.now();
  const frame = () => {
    const entries = performance.getEntriesByType('resource').filter(e => e.name.includes(urlPart) && e.startTime >= started - 1 && e.responseEnd > 0);
    if (!entries.length || !settled()) { requestAnimationFrame(frame); return; }
    console.timeStamp('lev:visible');
    const responseEnd = entries[entries.length - 1].responseEnd;
    afterThisFrame(() => resolve(performance.now() - responseEnd));
  };
  requestAnimationFrame(frame);
});
return true;
"#;

    /// Finds a button by its text or `aria-label` (one in an open dialog first) by script.
    /// Not by role: asking the browser for accessible names turns its accessibility tree on
    /// for the page, and the traces would measure keeping that tree up to date too.
    const FIND_BUTTON: &str = r#"
const name = arguments[0];
const named = [...document.querySelectorAll('button')]
  .filter(b => (b.getAttribute('aria-label') || b.textContent.trim()) === name && !b.disabled);
return named.find(b => b.closest('dialog[open]')) || named[0] || null;
"#;

    /// Clicks the button `name` (see [`FIND_BUTTON`]), waiting for it to appear.
    async fn press(env: &Env, name: &str) {
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        loop {
            let found = env
                .browser
                .execute(FIND_BUTTON, vec![json!(name)])
                .await
                .expect("find a button");
            if let Some(id) = found.get(ELEMENT_KEY).and_then(Value::as_str) {
                fantoccini::elements::Element::from_element_id(
                    env.browser.clone(),
                    id.to_owned().into(),
                )
                .click()
                .await
                .unwrap_or_else(|e| panic!("click {name:?}: {e}"));
                return;
            }
            assert!(std::time::Instant::now() < deadline, "no button {name:?}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until no dialog is open.
    async fn no_open_dialog(env: &Env) {
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while env
            .browser
            .execute("return !!document.querySelector('dialog[open]');", vec![])
            .await
            .expect("dialogs")
            .as_bool()
            .unwrap_or(true)
        {
            assert!(std::time::Instant::now() < deadline, "a dialog stays open");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    async fn arm(browser: &Client, script: &str) {
        browser
            .execute(
                &format!("window.__pending = {script}; return true;"),
                vec![],
            )
            .await
            .expect("arm");
    }

    async fn collect(browser: &Client, what: &str) -> f64 {
        match browser
            .execute_async("window.__pending.then(arguments[0]);", vec![])
            .await
        {
            Ok(value) => value.as_f64().unwrap_or(f64::NAN),
            Err(error) => {
                // Say what the page showed, so a stuck measurement can be understood.
                let page = browser
                    .execute(
                        "return { dialogs: [...document.querySelectorAll('dialog[open]')].map(d => d.textContent.slice(0, 120)), \
                         focused: document.activeElement && document.activeElement.outerHTML.slice(0, 120), \
                         status: document.querySelector('.status-region')?.textContent };",
                        vec![],
                    )
                    .await;
                panic!("latency of {what}: {error}; page: {page:?}");
            }
        }
    }

    /// The four interaction latencies, `SAMPLES` each.
    async fn interactions(env: &Env) -> Value {
        env.browser
            .execute(LATENCY_PROBE, vec![])
            .await
            .expect("probe");
        env.browser
            .execute("performance.setResourceTimingBufferSize(100000);", vec![])
            .await
            .expect("buffer");
        // The floor of this probe: a click on something without a handler still waits a frame.
        let mut baseline = Vec::new();
        let heading = env.css("#keys-title").await;
        for _ in 0..SAMPLES {
            arm(&env.browser, "window.__latency('click', () => true)").await;
            heading.click().await.expect("click");
            baseline.push(collect(&env.browser, "baseline click").await);
        }
        let rounds = record_rounds(env, SAMPLES, 0, &mut Latency).await;
        let mut out = serde_json::Map::new();
        out.insert("baseline_click_without_handler".to_owned(), stats(baseline));
        for (i, interaction) in Interaction::ALL.iter().enumerate() {
            let samples = rounds.iter().filter_map(|r| r[i].as_f64()).collect();
            out.insert(interaction.name().to_owned(), stats(samples));
        }
        out.insert("budget_ms".to_owned(), json!(16));
        Value::Object(out)
    }

    /// App against floor for each kind of visit, with the performance issue's goals.
    fn print_visits(visits: &Value) {
        println!(
            "\nVisits, app vs floor: rows painted (ms) and bytes on the wire per visit (medians)"
        );
        println!(
            "{:<24} {:>9} {:>9} {:>9} {:>9} {:>7} {:>6} {:>10} {:>9} {:>9}",
            "visit",
            "app med",
            "app p95",
            "floor med",
            "floor p95",
            "ratio",
            "goal",
            "app bytes",
            "of API",
            "floor"
        );
        for (key, name, goal) in [
            ("cold_localhost", "cold, localhost", "1.5"),
            ("repeat", "repeat visit", "1.2"),
            ("cold_emulated_network", "cold, 40 ms 10 Mbit/s", "2.0"),
        ] {
            let v = &visits[key];
            let ms = |who: &str, q: &str| v[who][q].as_f64().unwrap_or(f64::NAN);
            let bytes = |who: &str| v["bytes_on_wire_median"][who].as_f64().unwrap_or(f64::NAN);
            println!(
                "{name:<24} {:>9.1} {:>9.1} {:>9.1} {:>9.1} {:>7.2} {goal:>6} {:>10.0} {:>9.0} {:>9.0}",
                ms("app", "median"),
                ms("app", "p95"),
                ms("floor", "median"),
                ms("floor", "p95"),
                v["ratio_median"].as_f64().unwrap_or(f64::NAN),
                bytes("app"),
                bytes("app_api_answers"),
                bytes("floor"),
            );
        }
    }

    fn row(name: &str, v: &Value) -> String {
        format!(
            "{name:<34} {:>8.1} {:>8.1} {:>8.1}",
            v["median"].as_f64().unwrap_or(0.0),
            v["p95"].as_f64().unwrap_or(0.0),
            v["max"].as_f64().unwrap_or(0.0)
        )
    }

    #[tokio::main]
    pub async fn main() {
        std::env::set_var("LEV_E2E_NO_NETWORK_LOG", "1");
        let dist = dist();
        let size = sizes(&dist);

        // One part alone, on the seeded four keys: quick iterations.
        let only = std::env::var("LEV_BENCH_ONLY").unwrap_or_default();
        if only == "profile" {
            let (env, _, _) = two_hundred_keys().await;
            let text = profile_interactions(&env).await;
            env.close().await;
            let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench");
            std::fs::create_dir_all(&out).expect("target/bench");
            std::fs::write(out.join("interaction-profile.txt"), &text).expect("profile");
            println!("{text}\n(target/bench/interaction-profile.txt)");
            return;
        }
        if only == "latency" || only == "trace" {
            let env = env_with(Config {
                rate_limits: false,
                ..Config::default()
            })
            .await;
            env.sign_in(ADMIN).await;
            env.wait_rows(4).await;
            let result = if only == "latency" {
                interactions(&env).await
            } else {
                let interactions = trace_interactions(&env).await;
                json!({ "open_create_dialog": trace_dialog_open(&env).await, "interactions": interactions })
            };
            println!("{result:#}");
            env.close().await;
            if only == "trace" {
                let (env, _, _) = two_hundred_keys().await;
                let interactions = trace_interactions(&env).await;
                let result = json!({ "open_create_dialog": trace_dialog_open(&env).await, "interactions": interactions });
                println!("200 keys: {result:#}");
                env.close().await;
            }
            return;
        }
        // Startup, against the floor served by the same server.
        let host = embedding_dist("");
        std::fs::write(host.0.join("floor.html"), FLOOR_PAGE).expect("floor page");
        let env = env_with(Config {
            dist: Some(host.0.clone()),
            rate_limits: false,
            ..Config::default()
        })
        .await;
        // Each kind of visit alternates app and floor, so both see the same machine.
        let (mut app_loads, mut floor_loads) = (Vec::new(), Vec::new());
        for _ in 0..COLD_LOADS {
            app_loads.push(cold_load(&env, APP_PATH, false).await);
            floor_loads.push(cold_load(&env, FLOOR_PATH, false).await);
        }
        let cold = visits(&app_loads, &floor_loads);
        let (app_phases, floor_phases) = (phase_medians(&app_loads), phase_medians(&floor_loads));
        let (app, floor, ratio) = (
            cold["app"].clone(),
            cold["floor"].clone(),
            cold["ratio_median"].as_f64().unwrap_or(0.0),
        );
        let (repeat_app, repeat_floor) = repeat_loads(&env, COLD_LOADS).await;
        let repeat = visits(&repeat_app, &repeat_floor);
        let (mut net_app, mut net_floor) = (Vec::new(), Vec::new());
        for _ in 0..COLD_LOADS {
            net_app.push(cold_load(&env, APP_PATH, true).await);
            net_floor.push(cold_load(&env, FLOOR_PATH, true).await);
        }
        let network = visits(&net_app, &net_floor);

        let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench");
        profile_cold_load(&env, &out).await;
        let visits =
            json!({ "cold_localhost": cold, "repeat": repeat, "cold_emulated_network": network });
        if std::env::var("LEV_BENCH_ONLY").as_deref() == Ok("startup") {
            print_visits(&visits);
            println!("startup (ms)  app {app}\n              floor {floor}\nratio {ratio:.2}");
            for phase in PHASES {
                println!(
                    "  {phase:<24} app {:>8}  floor {:>8}",
                    app_phases[phase], floor_phases[phase]
                );
            }
            // The main browser did nothing yet: a visit of the tab gives the closing health
            // check a page to look at.
            env.sign_in(ADMIN).await;
            env.wait_rows(4).await;
            env.close().await;
            return;
        }
        env.sign_in(ADMIN).await;
        env.wait_rows(4).await;
        // The traces first: nothing has asked for accessible names yet (see `press`).
        let small_work = trace_interactions(&env).await;
        let small = interactions(&env).await;
        let small_trace = trace_dialog_open(&env).await;
        env.close().await;

        // Scale: 200 keys, paged in with Load more.
        let (env, token, appends) = two_hundred_keys().await;
        let large_work = trace_interactions(&env).await;
        let large = interactions(&env).await;
        let large_trace = trace_dialog_open(&env).await;
        let _ = env.api(Method::GET, "/health", &token).await;
        env.close().await;

        let report = json!({
            "open_create_dialog_trace_ms": { "keys_4": small_trace, "keys_200": large_trace },
            "interaction_main_thread_ms": { "keys_4": small_work, "keys_200": large_work },
            "size": size,
            "startup_ms": { "app": app, "floor": floor, "ratio_median": ratio, "cold_loads": COLD_LOADS, "app_phases_median": app_phases, "floor_phases_median": floor_phases },
            "visits": visits,
            "interaction_ms": small,
            "scale_200_keys": { "append_page_of_50_ms": stats(appends), "interaction_ms": large },
        });
        std::fs::create_dir_all(&out).expect("target/bench");
        std::fs::write(
            out.join("report.json"),
            serde_json::to_string_pretty(&report).unwrap_or_default(),
        )
        .expect("report");

        println!("\nTransfer size of the first load (bytes)");
        println!(
            "{:<44} {:>9} {:>9} {:>9}",
            "file", "raw", "gzip -9", "brotli 11"
        );
        for file in report["size"]["files"]
            .as_array()
            .cloned()
            .unwrap_or_default()
        {
            println!(
                "{:<44} {:>9} {:>9} {:>9}",
                file["file"].as_str().unwrap_or(""),
                file["raw"],
                file["gzip"],
                file["brotli"]
            );
        }
        let total = &report["size"]["total"];
        println!(
            "{:<44} {:>9} {:>9} {:>9}",
            "total", total["raw"], total["gzip"], total["brotli"]
        );
        println!("\nStartup: navigation → rows painted, {COLD_LOADS} cold loads each (ms)   median      p95      max");
        println!("{}", row("app", &report["startup_ms"]["app"]));
        println!(
            "{}",
            row("floor (vanilla JS)", &report["startup_ms"]["floor"])
        );
        println!("ratio app/floor (median): {ratio:.2}   goal ≤ 1.5");
        print_visits(&report["visits"]);
        println!("\nwhere the time goes, cold on localhost (medians, ms from navigation)      app    floor");
        for phase in PHASES {
            let at = |v: &Value| {
                v[phase]
                    .as_f64()
                    .map_or("—".to_owned(), |x| format!("{x:.1}"))
            };
            println!(
                "  {phase:<50} {:>6} {:>8}",
                at(&report["startup_ms"]["app_phases_median"]),
                at(&report["startup_ms"]["floor_phases_median"])
            );
        }
        for (title, block) in [
            (
                "Interaction latency, 4 keys (ms)",
                &report["interaction_ms"],
            ),
            (
                "Interaction latency, 200 keys (ms)",
                &report["scale_200_keys"]["interaction_ms"],
            ),
        ] {
            println!("\n{title:<34}   median      p95      max   (budget ≤ 16 each)");
            for name in [
                "baseline_click_without_handler",
                "open_create_dialog",
                "keystroke_in_label",
                "reveal_after_post",
                "row_removed_after_delete",
            ] {
                println!("{}", row(name, &block[name]));
            }
        }
        println!("\nApp's own main-thread time per interaction, DevTools traces (medians, ms; goal ≤ 4 at 200 keys)");
        println!(
            "{:<28} {:>6} {:>6} {:>6} {:>6}   {:>6} {:>6} {:>6} {:>6}",
            "", "4 keys", "script", "style", "layout", "200", "script", "style", "layout"
        );
        for name in [
            "open_create_dialog",
            "keystroke_in_label",
            "reveal_after_post",
            "row_removed_after_delete",
        ] {
            let cell = |size: &str, field: &str| {
                report["interaction_main_thread_ms"][size][name][field]
                    .as_f64()
                    .map_or("—".to_owned(), |x| format!("{x:.1}"))
            };
            println!(
                "{name:<28} {:>6} {:>6} {:>6} {:>6}   {:>6} {:>6} {:>6} {:>6}",
                cell("keys_4", "app_main_thread"),
                cell("keys_4", "script"),
                cell("keys_4", "style"),
                cell("keys_4", "layout"),
                cell("keys_200", "app_main_thread"),
                cell("keys_200", "script"),
                cell("keys_200", "style"),
                cell("keys_200", "layout"),
            );
        }
        println!(
            "\n{}",
            row(
                "append a page of 50 (ms)",
                &report["scale_200_keys"]["append_page_of_50_ms"]
            )
        );
        println!("\nreport: {}", out.join("report.json").display());
    }
}
