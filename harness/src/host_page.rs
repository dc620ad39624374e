//! The React 19 host page of the element's tests: a settings page bundled by esbuild from
//! `tests/host/main.jsx` (react and react-dom from npm), served with a copy of the built app,
//! with the host's styles, a strict policy or a session recorder as a test asks.

use std::path::{Path, PathBuf};

use lev_server::Config;
use tempfile::TempDir;

use crate::env::{copy_of_dist, env_with, Env};

/// What the host page carries besides the element.
#[derive(Debug, Clone, Copy, Default)]
pub struct HostPage {
    /// Tailwind's preflight, Bootstrap's reboot and element rules (`tests/host/host.css`).
    pub styles: bool,
    /// A strict Content-Security-Policy (a `<meta>`): no inline script or style at all.
    pub strict_csp: bool,
    /// rrweb recording the page in its default settings (`tests/host/record.js`).
    pub recorder: bool,
    /// Trusted Types enforced with no policy allowed ([`TRUSTED_TYPES_CSP`], a `<meta>`): no
    /// string may reach an HTML or script sink.
    pub trusted_types: bool,
}

/// The policy of [`HostPage::trusted_types`].
pub const TRUSTED_TYPES_CSP: &str = "require-trusted-types-for 'script'; trusted-types 'none'";

/// The policy of [`HostPage::strict_csp`].
pub const STRICT_HOST_CSP: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'; img-src 'self' data:; font-src 'self'; base-uri 'none'; form-action 'self'";

fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn copy(from: &Path, to: &Path) {
    std::fs::copy(from, to).unwrap_or_else(|e| panic!("copying {}: {e}", from.display()));
}

impl HostPage {
    /// A copy of the built app with `host.html` and what it loads under `host/`.
    pub fn build(self) -> TempDir {
        let root = repository();
        let modules = root.join("node_modules");
        let dir = copy_of_dist("lev-react-host");
        let host = dir.path().join("host");
        std::fs::create_dir_all(&host).expect("host folder");
        // The element's entry is the page's own file, loaded as it is.
        bundle(
            &root.join("tests/host/main.jsx"),
            &["--external:/embed/*".to_owned()],
            &host.join("host.js"),
            "the host page",
        );
        copy(
            &root.join("tests/host/layout.css"),
            &host.join("layout.css"),
        );
        copy(&root.join("tests/host/host.css"), &host.join("host.css"));
        copy(
            &modules.join("tailwindcss/preflight.css"),
            &host.join("preflight.css"),
        );
        copy(
            &modules.join("bootstrap/dist/css/bootstrap-reboot.min.css"),
            &host.join("reboot.css"),
        );
        // `.js`, so the server sends it as a script (`.cjs` would be refused under nosniff).
        copy(
            &modules.join("rrweb/dist/rrweb.umd.cjs"),
            &host.join("rrweb.js"),
        );
        copy(&root.join("tests/host/record.js"), &host.join("record.js"));
        let mut head = String::new();
        if self.strict_csp {
            head.push_str(&format!(
                r#"<meta http-equiv="Content-Security-Policy" content="{STRICT_HOST_CSP}">"#
            ));
        }
        if self.trusted_types {
            head.push_str(&format!(
                r#"<meta http-equiv="Content-Security-Policy" content="{TRUSTED_TYPES_CSP}">"#
            ));
        }
        // After the policies, before anything else: the diagnostics in every engine.
        std::fs::write(host.join("instrument.js"), crate::instrument::INSTRUMENT)
            .expect("instrument.js");
        head.push_str(r#"<script src="/host/instrument.js"></script>"#);
        if self.styles {
            for sheet in ["preflight.css", "reboot.css", "host.css"] {
                head.push_str(&format!(r#"<link rel="stylesheet" href="/host/{sheet}">"#));
            }
        }
        head.push_str(r#"<link rel="stylesheet" href="/host/layout.css">"#);
        if self.recorder {
            head.push_str(
                r#"<script src="/host/rrweb.js"></script><script src="/host/record.js"></script>"#,
            );
        }
        let page = format!(
            r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Settings · Host</title>{head}<script type="module" src="/host/host.js"></script></head><body><div id="root"></div></body></html>"#
        );
        std::fs::write(dir.path().join("host.html"), page).expect("host page");
        dir
    }

    /// A server (rate limits off: the tests remount many times) serving this host page; the
    /// folder comes back too and must live as long as the server.
    pub async fn serve(self) -> (Env, TempDir) {
        let dir = self.build();
        let env = env_with(Config {
            dist: Some(dir.path().to_owned()),
            rate_limits: false,
            ..Config::default()
        })
        .await;
        (env, dir)
    }
}

/// Bundles `entry` into `outfile` with esbuild (npm) for a page of the tests, with `args`
/// besides the common ones; panics saying it could not bundle `what`.
fn bundle(entry: &Path, args: &[String], outfile: &Path, what: &str) {
    let esbuild = repository().join("node_modules/esbuild/bin/esbuild");
    let status = std::process::Command::new(&esbuild)
        .arg(entry)
        .args([
            "--bundle",
            "--format=esm",
            "--jsx=automatic",
            "--define:process.env.NODE_ENV=\"production\"",
            "--log-level=warning",
        ])
        .args(args)
        .arg(format!("--outfile={}", outfile.display()))
        .status()
        .unwrap_or_else(|e| panic!("{}: {e} (run `cargo xtask setup`)", esbuild.display()));
    assert!(status.success(), "esbuild could not bundle {what}");
}

/// A copy of the built app for a framework's settings page: the folder and its `host/`.
fn framework_dir(prefix: &str) -> (TempDir, PathBuf) {
    let dir = copy_of_dist(prefix);
    let host = dir.path().join("host");
    std::fs::create_dir_all(&host).expect("host folder");
    (dir, host)
}

/// Writes the page `file` of `dir`, titled `title`: the host's layout stylesheet, the module
/// `/host/{script}`, and `root` (what the server rendered, or nothing) in `<div id="root">`.
fn write_page(dir: &Path, file: &str, title: &str, script: &str, root: &str) {
    copy(
        &repository().join("tests/host/layout.css"),
        &dir.join("host/layout.css"),
    );
    let page = format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Settings · {title}</title><link rel="stylesheet" href="/host/layout.css"><script type="module" src="/host/{script}"></script></head><body><div id="root">{root}</div></body></html>"#
    );
    std::fs::write(dir.join(file), page).expect("host page");
}

/// The settings page rendered on the server, as Next.js and the like do: `tests/host/ssr/
/// server.jsx` bundled for Node with the built package in it (esbuild, React's CommonJS given a
/// `require`) and run, its HTML written into `host-ssr.html`, which `hydrate.jsx` (bundled for
/// the browser, the package left to `/embed/`) hydrates. Panics with what Node printed if the
/// server render fails, importing the package included.
pub fn server_rendered_host() -> TempDir {
    let root = repository();
    let (dir, host) = framework_dir("lev-ssr-host");
    let server = dir.path().join("server.mjs");
    let package = dir.path().join("embed/lev-api-keys.js");
    bundle(
        &root.join("tests/host/ssr/server.jsx"),
        &[
            "--platform=node".to_owned(),
            format!("--alias:@lev/api-keys-tab={}", package.display()),
            "--banner:js=import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);".to_owned(),
        ],
        &server,
        "the server render",
    );
    let rendered = std::process::Command::new("node")
        .arg(&server)
        .output()
        .expect("node");
    let html = String::from_utf8_lossy(&rendered.stdout).into_owned();
    assert!(
        rendered.status.success() && html.contains("<lev-api-keys"),
        "the server render failed: {}\n{html}",
        String::from_utf8_lossy(&rendered.stderr)
    );
    bundle(
        &root.join("tests/host/ssr/hydrate.jsx"),
        &[
            "--alias:@lev/api-keys-tab=/embed/lev-api-keys.js".to_owned(),
            "--external:/embed/*".to_owned(),
        ],
        &host.join("ssr.js"),
        "the hydration",
    );
    write_page(
        dir.path(),
        "host-ssr.html",
        "Server-rendered host",
        "ssr.js",
        &html,
    );
    dir
}

/// A Vue 3 settings page (`tests/host/vue/main.js`, Vue from npm bundled by esbuild) as
/// `host-vue.html` in a copy of the built app.
pub fn vue_host() -> TempDir {
    let (dir, host) = framework_dir("lev-vue-host");
    let args = [
        "--define:__VUE_OPTIONS_API__=false",
        "--define:__VUE_PROD_DEVTOOLS__=false",
        "--define:__VUE_PROD_HYDRATION_MISMATCH_DETAILS__=false",
        "--external:/embed/*",
    ]
    .map(str::to_owned);
    bundle(
        &repository().join("tests/host/vue/main.js"),
        &args,
        &host.join("vue.js"),
        "the Vue page",
    );
    write_page(dir.path(), "host-vue.html", "Vue host", "vue.js", "");
    dir
}

/// A Svelte 5 settings page (`tests/host/svelte/App.svelte`, compiled by Svelte's compiler from
/// npm, bundled by esbuild) as `host-svelte.html` in a copy of the built app.
pub fn svelte_host() -> TempDir {
    let root = repository();
    let (dir, host) = framework_dir("lev-svelte-host");
    // Under target/, so that the compiled page finds Svelte's runtime in node_modules.
    let compiled = tempfile::Builder::new()
        .prefix("lev-svelte-compiled")
        .tempdir_in(root.join("target"))
        .expect("a folder");
    let output = std::process::Command::new("node")
        .arg(root.join("tests/host/svelte/compile.mjs"))
        .arg(compiled.path())
        .output()
        .expect("node");
    assert!(
        output.status.success(),
        "the Svelte compiler failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    bundle(
        &compiled.path().join("main.js"),
        &["--external:/embed/*".to_owned()],
        &host.join("svelte.js"),
        "the Svelte page",
    );
    write_page(
        dir.path(),
        "host-svelte.html",
        "Svelte host",
        "svelte.js",
        "",
    );
    dir
}
