//! The element in a host page: a cold start of the React 19 settings page (tests/host) with the
//! tab, its first show after the page preloaded it (`preload()`, then a switch to API Keys →
//! rows painted), and a remount in the warm host, each against the floor (a plain page whose
//! vanilla JavaScript fetches and renders the same rows).

use fantoccini::Client;
use lev_harness::seed::ADMIN;
use lev_harness::{env_with, Config, Env, HostPage};
use serde::Serialize;
use serde_json::json;

use crate::stats::Stats;
use crate::visits::{cold_browser, cold_load, Visits, FLOOR_PAGE};

/// Loads and remounts of each.
const SAMPLES: usize = 20;
const HOST_PATH: &str = "/host.html";
/// The host page opened on another section, preloading the tab.
const PRELOADING_PATH: &str = "/host.html?section=Billing&preload";
const FLOOR_PATH: &str = "/floor.html";

/// Switch (or, for the floor, clear and reload) → the first frame after the rows are in, ms.
const REMOUNT: &str = r#"
const [kind, done] = arguments;
const shown = () => kind === 'app'
  ? document.querySelector('lev-api-keys')?.shadowRoot?.querySelector('tbody tr[data-key-id]')
  : document.querySelector('.floor-row');
const start = performance.now();
if (kind === 'app') window.__host.show('API Keys'); else window.__floorRemount();
const frame = () => {
  if (!shown()) { requestAnimationFrame(frame); return; }
  requestAnimationFrame(() => { const ch = new MessageChannel(); ch.port1.onmessage = () => done(performance.now() - start); ch.port2.postMessage(0); });
};
requestAnimationFrame(frame);
"#;

/// A remount in the warm host against the floor's.
#[derive(Debug, Clone, Serialize)]
pub struct Remounts {
    /// API Keys shown again → rows painted, ms.
    pub app: Stats,
    /// The floor's table cleared and reloaded → rows painted, ms.
    pub floor: Stats,
    /// App median over floor median.
    pub ratio_median: f64,
}

/// The host-page measures.
#[derive(Debug, Clone, Serialize)]
pub struct HostVisits {
    /// A cold start of the host page with the tab, against the floor.
    pub cold_start: Visits,
    /// In a fresh browser, the host page opened on Billing has preloaded the tab; then API Keys
    /// is shown: switch → rows painted. The floor: its first page loaded, then its rows
    /// cleared and loaded again.
    pub preloaded_show: Remounts,
    /// A remount in the warm host.
    pub remount: Remounts,
}

async fn remount(browser: &Client, kind: &str) -> f64 {
    browser
        .execute_async(REMOUNT, vec![json!(kind)])
        .await
        .expect("remount")
        .as_f64()
        .unwrap_or(f64::NAN)
}

/// The host page's cold starts and remounts.
pub async fn measure() -> HostVisits {
    let dir = HostPage::default().build();
    std::fs::write(dir.path().join("floor.html"), FLOOR_PAGE).expect("floor page");
    let env = env_with(Config {
        dist: Some(dir.path().to_owned()),
        rate_limits: false,
        ..Config::default()
    })
    .await;
    let (mut app, mut floor) = (Vec::new(), Vec::new());
    for _ in 0..SAMPLES {
        app.push(cold_load(&env, HOST_PATH, false).await);
        floor.push(cold_load(&env, FLOOR_PATH, false).await);
    }
    let cold_start = Visits::of(&app, &floor);
    let (mut app, mut floor) = (Vec::new(), Vec::new());
    for _ in 0..SAMPLES {
        app.push(first_show(&env, "app").await);
        floor.push(first_show(&env, "floor").await);
    }
    let preloaded_show = Remounts::of(app, floor);

    env.sign_in_at(ADMIN, HOST_PATH).await;
    env.wait_rows(4).await;
    let mut app = Vec::new();
    for _ in 0..SAMPLES {
        env.browser
            .execute("window.__host.show('Billing'); return true;", vec![])
            .await
            .expect("leave");
        env.wait_text("Your plan and invoices.").await;
        app.push(remount(&env.browser, "app").await);
    }
    env.browser.goto(&env.url(FLOOR_PATH)).await.expect("floor");
    env.css(".floor-row").await;
    let mut floor = Vec::new();
    for _ in 0..SAMPLES {
        floor.push(remount(&env.browser, "floor").await);
    }
    let remount = Remounts::of(app, floor);
    env.browser.goto(&env.url(HOST_PATH)).await.expect("host");
    env.wait_rows(4).await;
    env.close().await;
    HostVisits {
        cold_start,
        preloaded_show,
        remount,
    }
}

impl Remounts {
    fn of(app: Vec<f64>, floor: Vec<f64>) -> Self {
        let (app, floor) = (Stats::of(app), Stats::of(floor));
        Self {
            ratio_median: app.median / floor.median.max(0.001),
            app,
            floor,
        }
    }
}

/// In a fresh browser: the host page on Billing, once its `preload()` resolved, shows API Keys
/// (or the floor, once its rows are in, loads them again); switch → rows painted, ms.
async fn first_show(env: &Env, kind: &str) -> f64 {
    let (browser, _profile) = cold_browser(env).await;
    let (path, ready) = match kind {
        "app" => (PRELOADING_PATH, "return window.__host?.preloaded === true;"),
        _ => (FLOOR_PATH, "return !!document.querySelector('.floor-row');"),
    };
    browser.goto(&env.url(path)).await.expect("page");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while browser.execute(ready, vec![]).await.expect("ready") != json!(true) {
        assert!(
            std::time::Instant::now() < deadline,
            "{path} never got ready"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let shown = remount(&browser, kind).await;
    let _ = browser.close().await;
    shown
}
