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

/// Writes `package_json` into the app folder `app`, then packs `dist/embed` (`npm pack`) and
/// installs the tarball there, as a host team installs the package.
fn install_the_package(app: &Path, package_json: &str) {
    let packed = app.join("packed");
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
    std::fs::write(app.join("package.json"), package_json).expect("package.json");
    run(
        "npm install of the tarball",
        Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--prefer-offline"])
            .arg(&tarball)
            .current_dir(app),
    );
}

/// A scratch app (`{"type": "module"}`) with the packed tarball of `dist/embed` installed, as a
/// host team installs the package.
fn scratch_app(name: &str) -> tempfile::TempDir {
    let app = tempfile::Builder::new()
        .prefix(name)
        .tempdir()
        .expect("a folder");
    install_the_package(
        app.path(),
        &format!(r#"{{"name": "{name}", "private": true, "type": "module"}}"#),
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
    // A language's catalog too: the dialog follows in place.
    env.browser
        .execute(
            "document.querySelector('lev-api-keys').setAttribute('locale', 'de'); return true;",
            vec![],
        )
        .await
        .expect("the locale");
    env.named("dialog", "API-Schlüssel erstellen").await;
    let catalogs: Vec<String> = env
        .file_requests("/")
        .into_iter()
        .map(|r| r.path)
        .filter(|p| p.ends_with(".json"))
        .collect();
    assert!(
        catalogs.len() == 1 && catalogs[0].starts_with(prefix),
        "German's catalog from the bundle under {prefix}: {catalogs:?}"
    );
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

/// A port nothing listens on now.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// `next start`, stopped (with its process group) when dropped.
struct NextServer(std::process::Child);

impl Drop for NextServer {
    fn drop(&mut self) {
        // Its own process group: `next start` runs the server in a child process.
        let _ = Command::new("kill")
            .args(["-TERM", "--", &format!("-{}", self.0.id())])
            .status();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn next_16_builds_with_turbopack_prerenders_and_serves_the_tab() {
    let root = repository();
    // Under target/, so that Next.js, React and React DOM resolve from the repository's
    // node_modules (the tarball goes into the app's own).
    let app = tempfile::Builder::new()
        .prefix("lev-next-host")
        .tempdir_in(root.join("target"))
        .expect("a folder");
    install_the_package(app.path(), r#"{"name": "lev-next-host", "private": true}"#);
    let app_dir = app.path().join("app");
    std::fs::create_dir_all(&app_dir).expect("app/");
    for file in ["layout.jsx", "page.jsx", "api-keys.jsx"] {
        std::fs::copy(
            root.join("tests/host/next/app").join(file),
            app_dir.join(file),
        )
        .expect("the page's sources");
    }
    // The API and the sign-in are the local server's, proxied by Next.js's rewrites so that
    // the page and its requests share one origin.
    let next_port = free_port();
    let env = env_with(lev_harness::Config {
        // Requests proxied by Next.js may carry its host.
        dev_proxy_hosts: vec![format!("127.0.0.1:{next_port}")],
        ..lev_harness::Config::default()
    })
    .await;
    let api = env.server.url();
    std::fs::write(
        app.path().join("next.config.mjs"),
        format!(
            "export default {{\n  turbopack: {{ root: {root:?} }},\n  async rewrites() {{\n    return [\n      {{ source: '/api/external/v2/:path*', destination: '{api}/api/external/v2/:path*' }},\n      {{ source: '/dev/:path*', destination: '{api}/dev/:path*' }},\n    ];\n  }},\n}};\n",
            root = root.display().to_string(),
        ),
    )
    .expect("next.config.mjs");
    let next = root.join("node_modules/.bin/next");
    run(
        "next build (Turbopack)",
        Command::new(&next)
            .arg("build")
            .current_dir(app.path())
            .env("NEXT_TELEMETRY_DISABLED", "1"),
    );
    let mut start = Command::new(&next);
    start
        .args(["start", "-H", "127.0.0.1", "-p", &next_port.to_string()])
        .current_dir(app.path())
        .env("NEXT_TELEMETRY_DISABLED", "1")
        .stdout(std::process::Stdio::null());
    std::os::unix::process::CommandExt::process_group(&mut start, 0);
    let _server = NextServer(start.spawn().expect("next start"));
    let origin = format!("http://127.0.0.1:{next_port}");
    // The page as the server sends it: prerendered with the element's tag in it.
    let deadline = std::time::Instant::now() + WAIT;
    let html = loop {
        if let Ok(response) = env.http.get(format!("{origin}/")).send().await {
            break response.text().await.expect("the page");
        }
        assert!(
            std::time::Instant::now() < deadline,
            "next start never answered"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    assert!(
        html.contains("<lev-api-keys") && html.contains("origin-app=\"next-host\""),
        "the server-rendered page has the element: {html}"
    );
    let link = env
        .server
        .sign_in_link(ADMIN, Some("/"))
        .expect("dev sign-in");
    env.browser
        .goto(&format!("{origin}{link}"))
        .await
        .expect("sign in through Next.js");
    env.wait_rows(4).await;
    let wasm = env
        .browser
        .execute(
            "return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname).filter(p => p.endsWith('.wasm'));",
            vec![],
        )
        .await
        .expect("resources");
    let wasm: Vec<&str> = wasm
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    assert!(
        !wasm.is_empty() && wasm.iter().all(|p| p.starts_with("/_next/")),
        "the wasm from Next.js's build: {wasm:?}"
    );
    // A key made through the page: the request went through the rewrite, the event reached
    // React's handler.
    env.create_via_dialog("From Next").await;
    env.wait_rows(5).await;
    env.wait_text("From Next").await;
    env.wait_value(
        "return document.getElementById('created').textContent;",
        &serde_json::json!("From Next"),
        "lev-key-created reaches the page's handler",
    )
    .await;
    assert_eq!(
        env.requests_to("POST", "/build/api-keys").len(),
        1,
        "one create reached the server"
    );
    env.close().await;
}
