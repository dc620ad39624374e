//! The element in a host page: a cold start of the React 19 settings page (tests/host) with the
//! tab, and a remount in the warm host (switch to API Keys → rows painted), each against the
//! floor (a plain page whose vanilla JavaScript fetches and renders the same rows).

use lev_harness::seed::ADMIN;
use lev_harness::{env_with, Config, Env, HostPage};
use serde::Serialize;
use serde_json::json;

use crate::stats::Stats;
use crate::visits::{cold_load, Visits, FLOOR_PAGE};

/// Loads and remounts of each.
const SAMPLES: usize = 20;
const HOST_PATH: &str = "/host.html";
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
    /// A remount in the warm host.
    pub remount: Remounts,
}

async fn remount(env: &Env, kind: &str) -> f64 {
    env.browser
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

    env.sign_in_at(ADMIN, HOST_PATH).await;
    env.wait_rows(4).await;
    let mut app = Vec::new();
    for _ in 0..SAMPLES {
        env.browser
            .execute("window.__host.show('Billing'); return true;", vec![])
            .await
            .expect("leave");
        env.wait_text("Your plan and invoices.").await;
        app.push(remount(&env, "app").await);
    }
    env.browser.goto(&env.url(FLOOR_PATH)).await.expect("floor");
    env.css(".floor-row").await;
    let mut floor = Vec::new();
    for _ in 0..SAMPLES {
        floor.push(remount(&env, "floor").await);
    }
    let (app, floor) = (Stats::of(app), Stats::of(floor));
    let remount = Remounts {
        ratio_median: app.median / floor.median.max(0.001),
        app,
        floor,
    };
    env.browser.goto(&env.url(HOST_PATH)).await.expect("host");
    env.wait_rows(4).await;
    env.close().await;
    HostVisits {
        cold_start,
        remount,
    }
}
