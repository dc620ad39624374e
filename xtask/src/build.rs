//! `cargo xtask build`: the app into a dist folder with Trunk.

use std::path::{Path, PathBuf};

use crate::proc::{self, command, secs, timed};
use crate::setup;

/// Files the release build also writes as `.br` and `.gz` (the HTML is made per request: its
/// policy carries the hashes of its inline scripts).
const COMPRESSED_EXTENSIONS: &[&str] = &["js", "wasm", "css"];

/// Writes `name.br` (brotli, quality 11) and `name.gz` (gzip, level 9) beside each asset of
/// `dist`, for the server's precompressed serving.
pub fn compress_assets(dist: &Path) -> Result<(), String> {
    use std::io::Write;
    let entries =
        std::fs::read_dir(dist).map_err(|e| format!("reading {}: {e}", dist.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        let compressible = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| COMPRESSED_EXTENSIONS.contains(&e));
        if !compressible {
            continue;
        }
        let raw = std::fs::read(&path).map_err(|e| format!("reading {}: {e}", path.display()))?;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&raw).map_err(|e| e.to_string())?;
        let gz = gz.finish().map_err(|e| e.to_string())?;
        let mut br = Vec::new();
        let params = brotli::enc::BrotliEncoderParams {
            quality: 11,
            lgwin: 22,
            ..Default::default()
        };
        brotli::BrotliCompress(&mut raw.as_slice(), &mut br, &params).map_err(|e| e.to_string())?;
        for (suffix, bytes) in [("gz", gz), ("br", br)] {
            let mut name = path.clone().into_os_string();
            name.push(format!(".{suffix}"));
            std::fs::write(&name, bytes).map_err(|e| format!("writing {name:?}: {e}"))?;
        }
    }
    Ok(())
}

/// Builds the app into `dist` (release: size-tuned profile, `wasm-opt -Oz`, and brotli and
/// gzip copies of the assets).
pub fn build_app(release: bool, dist: &Path) -> Result<(), String> {
    let mut cmd = command("trunk");
    cmd.arg("build").arg("--dist").arg(dist);
    if release {
        cmd.arg("--release");
    }
    let (result, took) = timed(|| {
        proc::run(&mut cmd)?;
        if release {
            compress_assets(dist)?;
        }
        Ok::<(), String>(())
    });
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
