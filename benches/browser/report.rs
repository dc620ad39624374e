//! The benchmark's report: what `target/bench/report.json` holds, and the tables printed.

use lev_harness::Env;
use serde::Serialize;

use crate::bulk::BulkWork;
use crate::devtools::DialogOpenTrace;
use crate::first_open::FirstOpen;
use crate::host_visits::HostVisits;
use crate::interactions::{trace_dialog_open, trace_interactions, InteractionWork, Latencies};
use crate::languages::Languages;
use crate::sizes::Sizes;
use crate::stats::Stats;
use crate::visits::{VisitKinds, Visits, PHASES};

/// One value for the seeded 4 keys and one for 200.
#[derive(Debug, Clone, Serialize)]
pub struct BySize<T> {
    /// The seeded account's four keys.
    pub keys_4: T,
    /// 200 keys, paged in with Load more.
    pub keys_200: T,
}

/// What the DevTools traces of one page showed.
pub struct Traced {
    /// Each interaction's main-thread work.
    pub work: InteractionWork,
    /// Opening the Create dialog, click to frame (or why the trace could not tell).
    pub dialog_open: Result<DialogOpenTrace, &'static str>,
}

impl Traced {
    /// Traces the interactions in `env`'s page, then the dialog's opening.
    pub async fn of(env: &Env) -> Self {
        Self {
            work: trace_interactions(env).await,
            dialog_open: trace_dialog_open(env).await,
        }
    }
}

/// Scale: the same latencies at 200 keys, and appending a page.
#[derive(Debug, Clone, Serialize)]
pub struct Scale {
    /// Load more → the 50 rows painted.
    pub append_page_of_50_ms: Stats,
    /// The latencies at 200 keys.
    pub interaction_ms: Latencies,
}

/// Everything one full run measured.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Opening the Create dialog, from DevTools traces (`null` where the trace could not tell).
    pub open_create_dialog_trace_ms: BySize<Option<DialogOpenTrace>>,
    /// The app's own main-thread time of each interaction.
    pub interaction_main_thread_ms: BySize<InteractionWork>,
    /// Transfer sizes.
    pub size: Sizes,
    /// Startup against the floor, three kinds of visit.
    pub visits: VisitKinds,
    /// The element in the React host page: cold start and remount, against the floor.
    pub host_page: HostVisits,
    /// The first open of Create key with its chunk not yet fetched, emulated network.
    pub first_open_create_emulated_network: FirstOpen,
    /// First loads in English and in German.
    pub first_load_by_language: Languages,
    /// Latencies at 4 keys.
    pub interaction_ms: Latencies,
    /// At 200 keys.
    pub scale_200_keys: Scale,
    /// Bulk revoke at 200 keys: "Select all keys" and the removal of 50 rows.
    pub bulk_revoke_main_thread_ms: BulkWork,
}

impl Report {
    /// Puts a run's measures together.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        size: Sizes,
        visits: VisitKinds,
        host_page: HostVisits,
        first_open: FirstOpen,
        languages: Languages,
        small: Traced,
        large: Traced,
        small_latency: Latencies,
        large_latency: Latencies,
        appends: Stats,
        bulk: BulkWork,
    ) -> Self {
        Self {
            open_create_dialog_trace_ms: BySize {
                keys_4: small.dialog_open.ok(),
                keys_200: large.dialog_open.ok(),
            },
            interaction_main_thread_ms: BySize {
                keys_4: small.work,
                keys_200: large.work,
            },
            size,
            visits,
            host_page,
            first_open_create_emulated_network: first_open,
            first_load_by_language: languages,
            interaction_ms: small_latency,
            scale_200_keys: Scale {
                append_page_of_50_ms: appends,
                interaction_ms: large_latency,
            },
            bulk_revoke_main_thread_ms: bulk,
        }
    }

    /// Every table.
    pub fn print(&self) {
        self.size.print();
        print_visits(&self.visits);
        print_host(&self.host_page);
        print_first_open(&self.first_open_create_emulated_network);
        crate::languages::print(&self.first_load_by_language);
        print_latencies("Interaction latency, 4 keys (ms)", &self.interaction_ms);
        print_latencies(
            "Interaction latency, 200 keys (ms)",
            &self.scale_200_keys.interaction_ms,
        );
        print_main_thread(
            &self.interaction_main_thread_ms.keys_4,
            &self.interaction_main_thread_ms.keys_200,
        );
        print_bulk(&self.bulk_revoke_main_thread_ms);
        println!(
            "\n{}",
            self.scale_200_keys
                .append_page_of_50_ms
                .row("append a page of 50 (ms)")
        );
    }
}

/// The bulk revoke's two interactions at 200 keys.
pub fn print_bulk(bulk: &BulkWork) {
    println!(
        "\nBulk revoke at 200 keys, app's own main-thread time, DevTools traces (medians, ms)"
    );
    println!(
        "{:<28} {:>6} {:>6} {:>6} {:>6} {:>8}",
        "", "total", "script", "style", "layout", "to frame"
    );
    let cell = |x: Option<f64>| x.map_or("—".to_owned(), |x| format!("{x:.1}"));
    for (name, work) in [
        ("select all keys (200)", &bulk.select_all_keys),
        ("removal of 50 rows", &bulk.removal_of_50_rows),
    ] {
        println!(
            "{:<28} {:>6} {:>6} {:>6} {:>6} {:>8}",
            name,
            cell(work.app_main_thread),
            cell(work.script),
            cell(work.style),
            cell(work.layout),
            cell(work.to_frame),
        );
        for error in &work.errors {
            println!("  (a round could not be read: {error})");
        }
    }
}

/// App against floor for each kind of visit, with the performance issue's goals, and where a
/// cold start's time goes.
pub fn print_visits(visits: &VisitKinds) {
    println!("\nVisits, app vs floor: rows painted (ms) and bytes on the wire per visit (medians)");
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
    let kinds: [(&Visits, &str, &str); 3] = [
        (&visits.cold_localhost, "cold, localhost", "1.5"),
        (&visits.repeat, "repeat visit", "1.2"),
        (
            &visits.cold_emulated_network,
            "cold, 40 ms 10 Mbit/s",
            "2.0",
        ),
    ];
    for (v, name, goal) in kinds {
        let bytes = &v.bytes_on_wire_median;
        println!(
            "{name:<24} {:>9.1} {:>9.1} {:>9.1} {:>9.1} {:>7.2} {goal:>6} {:>10.0} {:>9.0} {:>9.0}",
            v.app.median,
            v.app.p95,
            v.floor.median,
            v.floor.p95,
            v.ratio_median,
            bytes.app,
            bytes.app_api_answers,
            bytes.floor,
        );
    }
    let cold = &visits.cold_localhost;
    println!(
        "\nwhere the time goes, cold on localhost (medians, ms from navigation)      app    floor"
    );
    for phase in PHASES {
        let at = |phases: &std::collections::BTreeMap<String, f64>| {
            phases
                .get(phase)
                .map_or("—".to_owned(), |x| format!("{x:.1}"))
        };
        println!(
            "  {phase:<50} {:>6} {:>8}",
            at(&cold.app_phases_median),
            at(&cold.floor_phases_median)
        );
    }
}

/// The host page's cold start and remount against the floor.
pub fn print_host(host: &HostVisits) {
    println!("\nThe element in the React host page, app vs floor (ms)        median      p95   floor med  floor p95   ratio");
    let cold = &host.cold_start;
    println!(
        "{:<58} {:>8.1} {:>8.1} {:>10.1} {:>10.1} {:>7.2}",
        "cold start, navigation → rows painted",
        cold.app.median,
        cold.app.p95,
        cold.floor.median,
        cold.floor.p95,
        cold.ratio_median
    );
    let preloaded = &host.preloaded_show;
    println!(
        "{:<58} {:>8.1} {:>8.1} {:>10.1} {:>10.1} {:>7.2}",
        "preloaded, then shown: switch → rows painted",
        preloaded.app.median,
        preloaded.app.p95,
        preloaded.floor.median,
        preloaded.floor.p95,
        preloaded.ratio_median
    );
    println!("(goals of the every-host issue: cold ≤ 2.5×, preloaded ≤ 1.3×)");
    let remount = &host.remount;
    println!(
        "{:<58} {:>8.1} {:>8.1} {:>10.1} {:>10.1} {:>7.2}",
        "remount in the warm host, switch → rows painted",
        remount.app.median,
        remount.app.p95,
        remount.floor.median,
        remount.floor.p95,
        remount.ratio_median
    );
}

/// The first open of Create key before its chunk is here.
pub fn print_first_open(open: &FirstOpen) {
    println!("\nFirst open of Create key, chunk not yet fetched, 40 ms 10 Mbit/s (ms)   median      p95   (goal ≤ 150)");
    println!(
        "{:<66} {:>8.1} {:>8.1}",
        "click → dialog painted", open.click_to_painted.median, open.click_to_painted.p95
    );
    println!(
        "{:<66} {:>8.1}",
        "  of which click → the chunk's request started (median)",
        open.click_to_chunk_requested_median
    );
    println!(
        "{:<66} {:>8.1}",
        "  click → the chunk received (median)", open.click_to_chunk_received_median
    );
    println!(
        "  {} of {} opens left out: their chunk was already on its way before the click",
        open.prefetched_before_click,
        open.prefetched_before_click + open.click_to_painted.n
    );
}

/// The probe's latencies.
pub fn print_latencies(title: &str, latencies: &Latencies) {
    println!("\n{title:<34}   median      p95      max   (budget ≤ 16 each)");
    println!(
        "{}",
        latencies
            .baseline_click_without_handler
            .row("baseline_click_without_handler")
    );
    for (interaction, stats) in latencies.each.iter() {
        println!("{}", stats.row(interaction.name()));
    }
}

/// The app's own main-thread time per interaction at both sizes.
pub fn print_main_thread(small: &InteractionWork, large: &InteractionWork) {
    println!("\nApp's own main-thread time per interaction, DevTools traces (medians, ms; goal ≤ 4 at 200 keys)");
    println!(
        "{:<28} {:>6} {:>6} {:>6} {:>6}   {:>6} {:>6} {:>6} {:>6}",
        "", "4 keys", "script", "style", "layout", "200", "script", "style", "layout"
    );
    let cell = |x: Option<f64>| x.map_or("—".to_owned(), |x| format!("{x:.1}"));
    for ((interaction, s), (_, l)) in small.each.iter().zip(large.each.iter()) {
        println!(
            "{:<28} {:>6} {:>6} {:>6} {:>6}   {:>6} {:>6} {:>6} {:>6}",
            interaction.name(),
            cell(s.app_main_thread),
            cell(s.script),
            cell(s.style),
            cell(s.layout),
            cell(l.app_main_thread),
            cell(l.script),
            cell(l.style),
            cell(l.layout),
        );
    }
}
