//! The packed tarball in the bundlers host teams use: installed into a scratch app with npm,
//! bundled by webpack 5 and by Vite, served, and the tab shows its rows — its wasm, stylesheet
//! and dialogs' chunks found at the URLs the bundler gave them.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use lev_harness::seed::*;
use lev_harness::*;

fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `command`, panicking with its output when it fails.
fn run(what: &str, command: &mut Command) {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("{what}: {e} (run `cargo xtask setup`)"));
    assert!(
        output.status.success(),
        "{what} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A scratch app (`{"type": "module"}`) with the packed tarball of `dist/embed` installed, as a
/// host team installs the package.
fn scratch_app(name: &str) -> tempfile::TempDir {
    let app = tempfile::Builder::new()
        .prefix(name)
        .tempdir()
        .expect("a folder");
    let packed = app.path().join("packed");
    std::fs::create_dir_all(&packed).expect("a folder");
    let output = Command::new("npm")
        .args(["pack", "--json", "--pack-destination"])
        .arg(&packed)
        .arg(dist().join("embed"))
        .output()
        .expect("npm");
    assert!(output.status.success(), "npm pack");
    let listed: Value = serde_json::from_slice(&output.stdout).expect("npm pack --json");
    let tarball = packed.join(listed[0]["filename"].as_str().expect("filename"));
    std::fs::write(
        app.path().join("package.json"),
        format!(r#"{{"name": "{name}", "private": true, "type": "module"}}"#),
    )
    .expect("package.json");
    run(
        "npm install of the tarball",
        Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--prefer-offline"])
            .arg(&tarball)
            .current_dir(app.path()),
    );
    std::fs::write(
        app.path().join("main.js"),
        "import '@lev/api-keys-tab';\n\
         const tab = document.createElement('lev-api-keys');\n\
         tab.setAttribute('origin-app', 'bundled-host');\n\
         document.getElementById('root').append(tab);\n",
    )
    .expect("main.js");
    app
}

/// The page that loads `script`.
fn page(script: &str) -> String {
    format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bundled host</title><script type="module" src="{script}"></script></head><body><div id="root"></div></body></html>"#
    )
}

/// Signs in, opens `path` and waits for the rows; then checks that the wasm came from
/// `prefix` (the bundler's copy), not from the app's own `/embed/`.
async fn shows_the_rows(served: &Path, path: &str, prefix: &str) {
    let env = env_with(lev_harness::Config {
        dist: Some(served.to_owned()),
        ..lev_harness::Config::default()
    })
    .await;
    env.sign_in_at(ADMIN, path).await;
    env.wait_rows(4).await;
    let wasm: Vec<String> = env
        .file_requests("/")
        .into_iter()
        .map(|r| r.path)
        .filter(|p| p.ends_with(".wasm"))
        .collect();
    assert!(
        !wasm.is_empty() && wasm.iter().all(|p| p.starts_with(prefix)),
        "the wasm from the bundle under {prefix}: {wasm:?}"
    );
    // A dialog's chunk, fetched at the URL the bundler gave it.
    env.click("button", "Create key").await;
    env.named("dialog", "Create API key").await;
    env.close().await;
}

#[tokio::test]
async fn webpack_5_bundles_the_package_and_the_tab_runs() {
    let app = scratch_app("lev-webpack-host");
    let served = copy_of_dist("lev-webpack-served");
    let out = served.path().join("webpack");
    std::fs::write(
        app.path().join("webpack.config.mjs"),
        format!(
            "export default {{ mode: 'production', context: {context:?}, entry: './main.js', \
             output: {{ path: {out:?}, publicPath: '/webpack/', filename: 'main.js' }} }};\n",
            context = app.path().display().to_string(),
            out = out.display().to_string(),
        ),
    )
    .expect("webpack.config.mjs");
    run(
        "webpack",
        Command::new(repository().join("node_modules/.bin/webpack"))
            .arg("--config")
            .arg(app.path().join("webpack.config.mjs"))
            .current_dir(app.path()),
    );
    std::fs::write(out.join("index.html"), page("/webpack/main.js")).expect("page");
    shows_the_rows(served.path(), "/webpack/index.html", "/webpack/").await;
}

#[tokio::test]
async fn vite_bundles_the_package_and_the_tab_runs() {
    let app = scratch_app("lev-vite-host");
    std::fs::write(app.path().join("index.html"), page("/main.js")).expect("page");
    let served = copy_of_dist("lev-vite-served");
    let out = served.path().join("vite");
    run(
        "vite build",
        Command::new(repository().join("node_modules/.bin/vite"))
            .arg("build")
            .arg(app.path())
            .args(["--base", "/vite/", "--logLevel", "warn", "--outDir"])
            .arg(&out)
            .current_dir(app.path()),
    );
    shows_the_rows(served.path(), "/vite/index.html", "/vite/").await;
}
