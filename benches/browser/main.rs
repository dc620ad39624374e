//! `cargo xtask bench`: transfer size, startup against a vanilla-JS floor, interaction latency,
//! and the same at scale, measured in headless Chromium against the real server. Prints a
//! table and writes `target/bench/report.json`. Numbers are reported, never asserted.

// Built for wasm (`clippy --target wasm32 --all-targets`) the benchmark is an empty program.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod bulk;
#[cfg(not(target_arch = "wasm32"))]
mod devtools;
#[cfg(not(target_arch = "wasm32"))]
mod first_open;
#[cfg(not(target_arch = "wasm32"))]
mod host_visits;
#[cfg(not(target_arch = "wasm32"))]
mod interactions;
#[cfg(not(target_arch = "wasm32"))]
mod languages;
#[cfg(not(target_arch = "wasm32"))]
mod report;
#[cfg(not(target_arch = "wasm32"))]
mod scale;
#[cfg(not(target_arch = "wasm32"))]
mod sizes;
#[cfg(not(target_arch = "wasm32"))]
mod stats;
#[cfg(not(target_arch = "wasm32"))]
mod visits;

#[cfg(not(target_arch = "wasm32"))]
#[tokio::main]
async fn main() {
    use std::path::PathBuf;

    use lev_harness::dist;

    // chromedriver's network log instruments every request: the benchmark measures the page.
    std::env::set_var("LEV_E2E_NO_NETWORK_LOG", "1");
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    std::fs::create_dir_all(&out).expect("target/bench");
    let size = sizes::Sizes::of(&dist());

    // One part alone, for quick iterations.
    match std::env::var("LEV_BENCH_ONLY").as_deref() {
        Ok("profile") => {
            let (env, _) = scale::two_hundred_keys().await;
            let text = interactions::profile_interactions(&env).await;
            env.close().await;
            std::fs::write(out.join("interaction-profile.txt"), &text).expect("profile");
            println!("{text}\n(target/bench/interaction-profile.txt)");
            return;
        }
        Ok("bulk") => {
            let (env, _) = scale::two_hundred_keys().await;
            report::print_bulk(&bulk::trace_bulk(&env).await);
            env.close().await;
            return;
        }
        Ok("sizes") => {
            size.print();
            return;
        }
        Ok("host") => {
            report::print_host(&host_visits::measure().await);
            return;
        }
        Ok("languages") => {
            size.print();
            languages::print(&languages::measure().await);
            return;
        }
        Ok("first-open") => {
            size.print();
            report::print_first_open(&first_open::measure().await);
            return;
        }
        Ok(only @ ("latency" | "trace")) => {
            let env = scale::four_keys().await;
            if only == "latency" {
                let latencies = interactions::latencies(&env).await;
                report::print_latencies("Interaction latency, 4 keys (ms)", &latencies);
                env.close().await;
                return;
            }
            let small = report::Traced::of(&env).await;
            env.close().await;
            let (env, _) = scale::two_hundred_keys().await;
            let large = report::Traced::of(&env).await;
            env.close().await;
            report::print_main_thread(&small.work, &large.work);
            return;
        }
        _ => {}
    }

    let visits = visits::measure_all(&out).await;
    let host = host_visits::measure().await;
    if std::env::var("LEV_BENCH_ONLY").as_deref() == Ok("startup") {
        size.print();
        report::print_visits(&visits);
        report::print_host(&host);
        return;
    }
    let first_open = first_open::measure().await;
    let languages = languages::measure().await;
    let env = scale::four_keys().await;
    // The traces first: nothing has asked for accessible names yet (see `interactions::press`).
    let small = report::Traced::of(&env).await;
    let small_latency = interactions::latencies(&env).await;
    env.close().await;

    // Scale: 200 keys, paged in with Load more.
    let (env, appends) = scale::two_hundred_keys().await;
    let large = report::Traced::of(&env).await;
    let large_latency = interactions::latencies(&env).await;
    let bulk = bulk::trace_bulk(&env).await;
    env.close().await;

    let report = report::Report::new(
        size,
        visits,
        host,
        first_open,
        languages,
        small,
        large,
        small_latency,
        large_latency,
        appends,
        bulk,
    );
    std::fs::write(
        out.join("report.json"),
        serde_json::to_string_pretty(&report).expect("the report serializes"),
    )
    .expect("report");
    report.print();
    println!("\nreport: {}", out.join("report.json").display());
}
