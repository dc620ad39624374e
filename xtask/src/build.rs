//! `cargo xtask build`: the app into a dist folder with Trunk.

use std::path::{Path, PathBuf};

use crate::proc::{self, command, secs, timed};
use crate::setup;

/// Builds the app into `dist` (release: size-tuned profile and `wasm-opt -Oz`).
pub fn build_app(release: bool, dist: &Path) -> Result<(), String> {
    let mut cmd = command("trunk");
    cmd.arg("build").arg("--dist").arg(dist);
    if release {
        cmd.arg("--release");
    }
    let (result, took) = timed(|| proc::run(&mut cmd));
    result?;
    println!(
        "build: app ({}) → {} ({})",
        if release { "release" } else { "debug" },
        dist.display(),
        secs(took)
    );
    Ok(())
}

/// Builds the server binary; returns its path.
pub fn build_server(release: bool) -> Result<PathBuf, String> {
    let mut cmd = command("cargo");
    cmd.args(["build", "--quiet", "-p", "lev-server"]);
    if release {
        cmd.arg("--release");
    }
    proc::run(&mut cmd)?;
    let profile = if release { "release" } else { "debug" };
    Ok(proc::root().join("target").join(profile).join("lev-server"))
}

/// `cargo xtask build [--release]`.
pub fn run(args: &[String]) -> Result<(), String> {
    let release = args.iter().any(|a| a == "--release");
    if let Some(unknown) = args.iter().find(|a| *a != "--release") {
        return Err(format!(
            "unknown option `{unknown}` (build takes --release)"
        ));
    }
    setup::ensure()?;
    build_app(release, &proc::root().join("dist"))
}
