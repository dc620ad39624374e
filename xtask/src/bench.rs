//! `cargo xtask bench`: builds the release app, reports what fills the wasm (twiggy), then runs
//! the browser benchmark (`benches/browser.rs`): sizes, startup against a vanilla-JS floor,
//! interaction latency, scale. Not part of `cargo xtask test`; nothing here is asserted.

use crate::build::build_app;
use crate::proc::{self, command, secs, timed, version_of};
use crate::setup;

const TWIGGY_VERSION: &str = "0.8.0";

fn ensure_twiggy() -> Result<(), String> {
    if version_of("twiggy", "--version").is_some() {
        return Ok(());
    }
    println!("bench: installing twiggy {TWIGGY_VERSION} (once)…");
    proc::run(command("cargo").args(["install", "twiggy", "--locked", "--version", TWIGGY_VERSION]))
}

/// The biggest functions of the release wasm, with names kept (the shipped build is stripped).
fn top_contributors() -> Result<(), String> {
    ensure_twiggy()?;
    let target_dir = proc::root().join("target").join("twiggy");
    proc::run(
        command("cargo")
            .args([
                "build",
                "--quiet",
                "--release",
                "--target",
                "wasm32-unknown-unknown",
                "-p",
                "lev-api-keys",
                "--bin",
                "lev-api-keys",
            ])
            .arg("--target-dir")
            .arg(&target_dir)
            .env("CARGO_PROFILE_RELEASE_STRIP", "none"),
    )?;
    let wasm = target_dir.join("wasm32-unknown-unknown/release/lev-api-keys.wasm");
    let output = command("twiggy")
        .args(["top", "-n", "25"])
        .arg(&wasm)
        .output()
        .map_err(|e| format!("twiggy: {e}"))?;
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    let out = proc::root().join("target").join("bench");
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    std::fs::write(out.join("twiggy-top.txt"), &text).map_err(|e| e.to_string())?;
    println!(
        "\nTop contributors to the wasm (before wasm-opt, names kept; target/bench/twiggy-top.txt)"
    );
    print!("{text}");
    Ok(())
}

/// `cargo xtask bench`.
pub fn run(args: &[String]) -> Result<(), String> {
    if let Some(unknown) = args.first() {
        return Err(format!("unknown option `{unknown}` (bench takes none)"));
    }
    setup::ensure()?;
    let dist = proc::root().join("target").join("bench-dist");
    build_app(true, &dist)?;
    top_contributors()?;
    let mut bench = command("cargo");
    bench
        .args([
            "bench",
            "--quiet",
            "-p",
            "lev-api-keys",
            "--bench",
            "browser",
        ])
        .env("LEV_E2E_DIST", &dist);
    if let Some(driver) = setup::chromedriver() {
        bench.env("CHROMEDRIVER", driver);
    }
    if let Some(chrome) = setup::chromium() {
        bench.env("LEV_CHROMIUM", chrome);
    }
    let (result, took) = timed(|| proc::run(&mut bench));
    result?;
    println!("bench: done ({})", secs(took));
    Ok(())
}
