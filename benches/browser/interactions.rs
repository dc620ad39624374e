//! Interactions: a round creates a key and revokes it, and each of its four steps is measured
//! from the input event (or the API's response) to the end of the first frame that shows the
//! change — by the page's own probe, by DevTools timeline traces, or by CPU profiles.

use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::Client;
use lev_harness::{Env, ELEMENT_KEY};
use serde::Serialize;
use serde_json::{json, Value};

use crate::devtools::{
    self, click_to_frame, work_to_frame, DialogOpenTrace, MainThreadWork, PageTracer, Trigger,
};
use crate::stats::{median, Stats};

/// Samples of each latency.
const SAMPLES: usize = 50;

/// Measures from a real input event to the end of the first frame that shows the change:
/// `settled` is checked at the start of every frame (requestAnimationFrame) from the event
/// on; once it holds, that frame draws the change, and a message posted from its callback
/// runs after the frame's rendering work. (Checking in a timeout first, as an earlier version
/// did, missed a frame that already showed the change and counted one frame too many:
/// DevTools traces showed the dialog's frame committed 5–10 ms after the click while that
/// probe reported ~22 ms.)
const LATENCY_PROBE: &str = r#"
// The tab's shadow root, where the probes' conditions look (one lookup, no tree walk).
window.__tab = () => document.querySelector('lev-api-keys').shadowRoot;
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
const named = [...document.querySelector('lev-api-keys').shadowRoot.querySelectorAll('button')]
  .filter(b => (b.getAttribute('aria-label') || b.textContent.trim()) === name && !b.disabled);
return named.find(b => b.closest('dialog[open]')) || named[0] || null;
"#;

/// The interactions of a round, in order: create a key, then revoke it.
#[derive(Clone, Copy)]
pub enum Interaction {
    /// Create key pressed → the dialog shown.
    OpenCreate,
    /// A keystroke in Label → the field shows it.
    Keystroke,
    /// The create's answer → the reveal shown.
    Reveal,
    /// The revoke's answer → the row gone.
    Removal,
}

impl Interaction {
    /// Every one, in a round's order.
    pub const ALL: [Self; 4] = [
        Self::OpenCreate,
        Self::Keystroke,
        Self::Reveal,
        Self::Removal,
    ];

    /// Its place in a round.
    fn index(self) -> usize {
        self as usize
    }

    /// Its name in the report.
    pub fn name(self) -> &'static str {
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

/// One value per interaction, named as the report names them.
#[derive(Debug, Clone, Serialize)]
pub struct PerInteraction<T> {
    /// Opening the Create dialog.
    pub open_create_dialog: T,
    /// A keystroke in Label.
    pub keystroke_in_label: T,
    /// The reveal after the POST.
    pub reveal_after_post: T,
    /// The row's removal after the DELETE.
    pub row_removed_after_delete: T,
}

impl<T> PerInteraction<T> {
    /// Built from `f` for each interaction.
    pub fn from_fn(mut f: impl FnMut(Interaction) -> T) -> Self {
        Self {
            open_create_dialog: f(Interaction::OpenCreate),
            keystroke_in_label: f(Interaction::Keystroke),
            reveal_after_post: f(Interaction::Reveal),
            row_removed_after_delete: f(Interaction::Removal),
        }
    }

    /// Each, with its interaction.
    pub fn iter(&self) -> impl Iterator<Item = (Interaction, &T)> {
        [
            &self.open_create_dialog,
            &self.keystroke_in_label,
            &self.reveal_after_post,
            &self.row_removed_after_delete,
        ]
        .into_iter()
        .zip(Interaction::ALL)
        .map(|(value, interaction)| (interaction, value))
    }
}

/// The probe's latencies, event → frame (ms).
#[derive(Debug, Clone, Serialize)]
pub struct Latencies {
    /// The probe's own floor: a click on something without a handler still waits a frame.
    pub baseline_click_without_handler: Stats,
    /// Each interaction.
    #[serde(flatten)]
    pub each: PerInteraction<Stats>,
    /// One frame at 60 Hz.
    pub budget_ms: u32,
}

/// The medians of an interaction's traced main-thread work (ms).
#[derive(Debug, Clone, Default, Serialize)]
pub struct WorkMedians {
    /// Script, without the style and layout it forced.
    pub script: Option<f64>,
    /// Style recalculation.
    pub style: Option<f64>,
    /// Layout.
    pub layout: Option<f64>,
    /// The three together: the app's own work.
    pub app_main_thread: Option<f64>,
    /// Pre-paint, paint, layerize and commit.
    pub paint: Option<f64>,
    /// Trigger to the end of the frame.
    pub to_frame: Option<f64>,
    /// Rounds whose trace could not be read, and why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<String>,
}

/// The traced main-thread work of each interaction.
#[derive(Debug, Clone, Serialize)]
pub struct InteractionWork {
    /// Each interaction.
    #[serde(flatten)]
    pub each: PerInteraction<WorkMedians>,
    /// The performance issue's goal for the app's own work at 200 keys.
    pub goal_ms: u32,
}

/// Records something around each interaction of a round.
trait Recorder {
    /// What it records of one interaction.
    type Record;
    /// Just before the interaction.
    async fn start(&mut self, env: &Env);
    /// Once the page shows the change, `latency_ms` after the event (or the response).
    async fn stop(&mut self, env: &Env, interaction: Interaction, latency_ms: f64) -> Self::Record;
}

/// The probe's latency alone.
struct Latency;

impl Recorder for Latency {
    type Record = f64;
    async fn start(&mut self, _env: &Env) {}
    async fn stop(&mut self, _env: &Env, _interaction: Interaction, latency_ms: f64) -> f64 {
        latency_ms
    }
}

/// A DevTools timeline trace, reduced to the app's own main-thread work.
struct Tracing(PageTracer);

impl Recorder for Tracing {
    type Record = Result<MainThreadWork, &'static str>;
    async fn start(&mut self, _env: &Env) {
        self.0.start();
    }
    async fn stop(
        &mut self,
        _env: &Env,
        interaction: Interaction,
        _latency_ms: f64,
    ) -> Self::Record {
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
    type Record = Value;
    async fn start(&mut self, env: &Env) {
        env.cdp_on(&env.browser, "Profiler.start", json!({})).await;
    }
    async fn stop(&mut self, env: &Env, _interaction: Interaction, _latency_ms: f64) -> Value {
        env.cdp_on(&env.browser, "Profiler.stop", json!({})).await["profile"].clone()
    }
}

/// Installs the latency probe in the current page.
pub async fn install_probe(env: &Env) {
    env.browser
        .execute(LATENCY_PROBE, vec![])
        .await
        .expect("probe");
}

/// Creates a key and revokes it `rounds` times, recording each interaction; the first
/// `warm_up` rounds are left out. One entry per round, in [`Interaction::ALL`]'s order.
async fn record_rounds<R: Recorder>(
    env: &Env,
    rounds: usize,
    warm_up: usize,
    recorder: &mut R,
) -> Vec<[R::Record; 4]> {
    install_probe(env).await;
    let mut recorded = Vec::new();
    for n in 0..rounds {
        recorder.start(env).await;
        arm(
            &env.browser,
            "window.__latency('click', () => window.__tab().getElementById('key-label'))",
        )
        .await;
        press(env, "Create key").await;
        let ms = collect(&env.browser, "open Create").await;
        let open = recorder.stop(env, Interaction::OpenCreate, ms).await;

        let field = env.css("#key-label").await;
        recorder.start(env).await;
        arm(&env.browser, "window.__latency('input', () => true)").await;
        field.send_keys("R").await.expect("key");
        let ms = collect(&env.browser, "keystroke").await;
        let keystroke = recorder.stop(env, Interaction::Keystroke, ms).await;
        field.send_keys(&format!("ound {n}")).await.expect("type");

        recorder.start(env).await;
        arm(&env.browser, "window.__afterResponse('/build/api-keys', 'POST', () => window.__tab().getElementById('revealed-key'))").await;
        press(env, "Create").await;
        let ms = collect(&env.browser, "reveal").await;
        let reveal = recorder.stop(env, Interaction::Reveal, ms).await;
        press(env, "Done").await;
        press(env, "Close anyway").await;
        no_open_dialog(env).await;

        let name = format!("Revoke Round {n}");
        press(env, &name).await;
        recorder.start(env).await;
        arm(&env.browser, &format!("window.__afterResponse('/api-keys/', 'DELETE', () => !window.__tab().querySelector('button[aria-label=\"{name}\"]'))")).await;
        press(env, "Revoke key").await;
        let ms = collect(&env.browser, "removal").await;
        let removal = recorder.stop(env, Interaction::Removal, ms).await;
        no_open_dialog(env).await;
        if n >= warm_up {
            recorded.push([open, keystroke, reveal, removal]);
        }
    }
    recorded
}

/// The app's own main-thread time (script, style, layout) for each interaction, from
/// DevTools timeline traces: medians of nine traced rounds after a warm-up round.
pub async fn trace_interactions(env: &Env) -> InteractionWork {
    let mut tracing = Tracing(PageTracer::attach(&env.browser).await);
    let rounds = record_rounds(env, 10, 1, &mut tracing).await;
    let each = PerInteraction::from_fn(|interaction| {
        let i = interaction.index();
        WorkMedians::of(rounds.iter().map(|r| &r[i]))
    });
    InteractionWork { each, goal_ms: 4 }
}

impl WorkMedians {
    /// The medians of traced rounds of one interaction; rounds whose trace could not be read
    /// are listed with why.
    pub fn of<'a>(rounds: impl Iterator<Item = &'a Result<MainThreadWork, &'static str>>) -> Self {
        let rounds: Vec<_> = rounds.collect();
        let works: Vec<&MainThreadWork> = rounds.iter().filter_map(|r| r.as_ref().ok()).collect();
        let of =
            |field: fn(&MainThreadWork) -> f64| median(works.iter().map(|w| field(w)).collect());
        Self {
            script: of(|w| w.script),
            style: of(|w| w.style),
            layout: of(|w| w.layout),
            app_main_thread: of(|w| w.app_main_thread),
            paint: of(|w| w.paint),
            to_frame: of(|w| w.to_frame),
            errors: rounds
                .iter()
                .filter_map(|r| r.as_ref().err().map(|e| (*e).to_owned()))
                .collect(),
        }
    }
}

/// Where the script time of each interaction goes, by function, at the page's size: CPU
/// profiles over three rounds after a warm-up, self and total time summed over the rounds.
/// Function names need a wasm built with its name section (the dist of
/// `LEV_BENCH_ONLY=profile`); without it they read `wasm-function[N]`.
pub async fn profile_interactions(env: &Env) -> String {
    let mut profiling = Profiling::attach(env).await;
    let rounds = record_rounds(env, 4, 1, &mut profiling).await;
    let mut text = String::new();
    for interaction in Interaction::ALL {
        let profiles: Vec<Value> = rounds
            .iter()
            .map(|r| r[interaction.index()].clone())
            .collect();
        text.push_str(&devtools::function_times(interaction.name(), &profiles, 25));
    }
    text
}

/// Traces opening the Create dialog (after two warm-up opens) in `env`'s page: where the main
/// thread's time went, click to committed frame.
pub async fn trace_dialog_open(env: &Env) -> Result<DialogOpenTrace, &'static str> {
    let mut tracer = PageTracer::attach(&env.browser).await;
    let mut breakdown = Err("not traced");
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

/// The four interaction latencies, [`SAMPLES`] each, and the probe's baseline.
pub async fn latencies(env: &Env) -> Latencies {
    install_probe(env).await;
    env.browser
        .execute("performance.setResourceTimingBufferSize(100000);", vec![])
        .await
        .expect("buffer");
    let mut baseline = Vec::new();
    let heading = env.css("#keys-title").await;
    for _ in 0..SAMPLES {
        arm(&env.browser, "window.__latency('click', () => true)").await;
        heading.click().await.expect("click");
        baseline.push(collect(&env.browser, "baseline click").await);
    }
    let rounds = record_rounds(env, SAMPLES, 0, &mut Latency).await;
    let each = PerInteraction::from_fn(|interaction| {
        Stats::of(rounds.iter().map(|r| r[interaction.index()]).collect())
    });
    Latencies {
        baseline_click_without_handler: Stats::of(baseline),
        each,
        budget_ms: 16,
    }
}

/// Clicks the button `name` (see [`FIND_BUTTON`]), waiting for it to appear.
pub async fn press(env: &Env, name: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let found = env
            .browser
            .execute(FIND_BUTTON, vec![json!(name)])
            .await
            .expect("find a button");
        if let Some(id) = found.get(ELEMENT_KEY).and_then(Value::as_str) {
            Element::from_element_id(env.browser.clone(), id.to_owned().into())
                .click()
                .await
                .unwrap_or_else(|e| panic!("click {name:?}: {e}"));
            return;
        }
        assert!(Instant::now() < deadline, "no button {name:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits until no dialog is open.
async fn no_open_dialog(env: &Env) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while env
        .browser
        .execute("return !!document.querySelector('lev-api-keys').shadowRoot.querySelector('dialog[open]');", vec![])
        .await
        .expect("dialogs")
        .as_bool()
        .unwrap_or(true)
    {
        assert!(Instant::now() < deadline, "a dialog stays open");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Starts a probe measurement (`script` makes its promise); [`collect`] awaits it.
pub async fn arm(browser: &Client, script: &str) {
    browser
        .execute(
            &format!("window.__pending = {script}; return true;"),
            vec![],
        )
        .await
        .expect("arm");
}

/// How long the page waits for an armed measurement to settle before it gives up and says
/// so: well inside WebDriver's script timeout (30 s), so a stuck step ends with the page's
/// state rather than the driver's "script timeout".
const SETTLE_MS: u32 = 10_000;

/// What the page shows, for the message of a measurement that never settled.
const PAGE_STATE: &str = "const tab = document.querySelector('lev-api-keys').shadowRoot; \
     const more = [...tab.querySelectorAll('.load-more button')][0]; \
     return { rows: tab.querySelectorAll('tbody tr[data-key-id]').length, \
     load_more: more ? { text: more.textContent.trim(), busy: more.getAttribute('aria-busy'), disabled: more.getAttribute('aria-disabled') } : null, \
     dialogs: [...tab.querySelectorAll('dialog[open]')].map(d => d.textContent.slice(0, 120)), \
     notices: [...tab.querySelectorAll('.notice-error')].map(n => n.textContent.slice(0, 160)), \
     focused: tab.activeElement && tab.activeElement.outerHTML.slice(0, 120), \
     status: tab.querySelector('.status-region')?.textContent, \
     errors: window.__lev ? window.__lev.errors : 'no instrumentation' };";

/// The armed measurement's result, ms; panics with the page's state if it does not settle
/// within [`SETTLE_MS`].
pub async fn collect(browser: &Client, what: &str) -> f64 {
    let settled = browser
        .execute_async(
            "Promise.race([window.__pending, new Promise(r => setTimeout(() => r('unsettled'), arguments[0]))]).then(arguments[1]);",
            vec![json!(SETTLE_MS)],
        )
        .await;
    match settled {
        Ok(Value::Number(ms)) => ms.as_f64().unwrap_or(f64::NAN),
        outcome => {
            let page = browser.execute(PAGE_STATE, vec![]).await;
            panic!(
                "latency of {what}: {outcome:?} after {SETTLE_MS} ms: what it waits for never \
                 showed; page: {page:?}"
            );
        }
    }
}

/// Waits until `ready` (a script's condition) holds in the page, or panics after 10 s with
/// `what` and the page's state.
pub async fn wait_until(env: &Env, ready: &str, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let holds = env
            .browser
            .execute(&format!("return !!({ready});"), vec![])
            .await
            .expect("check the page");
        if holds == json!(true) {
            return;
        }
        if Instant::now() >= deadline {
            let page = env.browser.execute(PAGE_STATE, vec![]).await;
            panic!("{what} never held; page: {page:?}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
