//! The element's first load in English (built in) and in German (its catalog fetched beside
//! the wasm): navigation → rows painted and bytes on the wire, cold, on localhost and over the
//! emulated network. German's extra is its catalog; fetched in parallel with the wasm, it
//! should cost bytes, not a round trip.

use lev_harness::seed::ADMIN;
use lev_harness::{copy_of_dist, env_with, write_embed_page, Config};
use serde::Serialize;

use crate::stats::Stats;
use crate::visits::{cold_load, phase_medians, series};

/// Cold loads of each language, each way.
const SAMPLES: usize = 15;

/// One language's first loads.
#[derive(Debug, Clone, Serialize)]
pub struct FirstLoads {
    /// Each phase's median on localhost, ms from navigation start.
    pub phases_median: std::collections::BTreeMap<String, f64>,
    /// On localhost: rows painted, ms.
    pub localhost: Stats,
    /// Over the emulated network: rows painted, ms.
    pub emulated_network: Stats,
    /// Bytes on the wire (median, localhost).
    pub bytes_on_wire: f64,
}

/// English against German.
#[derive(Debug, Clone, Serialize)]
pub struct Languages {
    /// `locale="en"`.
    pub english: FirstLoads,
    /// `locale="de"`.
    pub german: FirstLoads,
}

/// Cold loads of a plain host page holding the element in English and in German, alternating.
pub async fn measure() -> Languages {
    let dir = copy_of_dist("lev-languages");
    for tag in ["de", "en"] {
        write_embed_page(dir.path(), &format!(r#"locale="{tag}""#), "");
        std::fs::rename(
            dir.path().join("embed.html"),
            dir.path().join(format!("embed-{tag}.html")),
        )
        .expect("the page");
    }
    let env = env_with(Config {
        dist: Some(dir.path().to_owned()),
        rate_limits: false,
        ..Config::default()
    })
    .await;
    let mut loads = [Vec::new(), Vec::new(), Vec::new(), Vec::new()];
    for _ in 0..SAMPLES {
        for (i, (tag, network)) in [("en", false), ("de", false), ("en", true), ("de", true)]
            .into_iter()
            .enumerate()
        {
            loads[i].push(cold_load(&env, &format!("/embed-{tag}.html"), network).await);
        }
    }
    // The session's own browser ends on a page with the tab, as `close` checks it.
    env.sign_in_at(ADMIN, "/embed-de.html").await;
    env.wait_rows(4).await;
    env.close().await;
    let [en, de, en_network, de_network] = loads;
    let of = |local: &[_], network: &[_]| FirstLoads {
        phases_median: phase_medians(local),
        localhost: Stats::of(series(local, "rows_painted")),
        emulated_network: Stats::of(series(network, "rows_painted")),
        bytes_on_wire: Stats::of(series(local, "bytes_on_wire")).median,
    };
    Languages {
        english: of(&en, &en_network),
        german: of(&de, &de_network),
    }
}

/// The table.
pub fn print(languages: &Languages) {
    println!("\nFirst load by language, cold (ms)                          median      p95   bytes on wire");
    for (name, loads) in [
        ("English", &languages.english),
        ("German (+ its catalog)", &languages.german),
    ] {
        println!(
            "{:<40} localhost {:>8.1} {:>8.1} {:>14.0}",
            name, loads.localhost.median, loads.localhost.p95, loads.bytes_on_wire
        );
        println!(
            "{:<40} network   {:>8.1} {:>8.1}",
            "", loads.emulated_network.median, loads.emulated_network.p95
        );
        let phases: Vec<String> = crate::visits::PHASES
            .iter()
            .filter_map(|p| loads.phases_median.get(*p).map(|ms| format!("{p} {ms:.0}")))
            .collect();
        println!("{:<40} phases    {}", "", phases.join(", "));
    }
}
