//! `cargo xtask …`: the project's task runner.
//!
//! - `setup`  installs what is missing (wasm target, Trunk, wasm-bindgen CLI, npm tools, Chromium)
//! - `dev`    builds the app and serves it with the local Lev API (`--port`, `--release`)
//! - `test`   runs every check and test, ending with `N passed, N failed`
//! - `build`  builds the app into `dist/` (`--release`)
//! - `bench`  measures size, startup and interaction latency (not part of `test`)
//! - `load`   the mixed load against the release server at 16, 256 and 1,000 clients
//! - `embed-package`  Trunk's post-build hook: writes `embed/` into its staging folder
//! - `split-bindgen`  the `wasm-bindgen` Trunk runs: splits the wasm, then binds the main module

mod bench;
mod build;
mod catalogs;
mod dev;
mod load;
mod manifests;
mod proc;
mod setup;
mod split;
mod test;

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  setup                     install what is missing (idempotent)
  dev [--port N] [--release]
                            build the app and serve it with the local Lev API
  test                      fmt, clippy (native + wasm), unit, server, browser and end-to-end tests
  build [--release]         build the app into dist/
  bench                     size, startup and latency in headless Chromium (target/bench/report.json)
  load                      the mixed load against the release server (target/load/report.json)
  embed-package             (Trunk's post-build hook) the element's package into $TRUNK_STAGING_DIR/embed
  split-bindgen             (run by Trunk as wasm-bindgen) split the wasm, then bind the main module
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (command, rest) = match args.split_first() {
        Some((command, rest)) => (command.as_str(), rest),
        None => {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let result = match command {
        "setup" => setup::run(),
        "dev" => dev::run(rest),
        "test" => test::run(rest),
        "build" => build::run(rest),
        "bench" => bench::run(rest),
        "load" => load::run(rest),
        "embed-package" => build::embed_package_hook(),
        "split-bindgen" => split::bindgen(rest),
        "help" | "--help" | "-h" => {
            print!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command `{other}`\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}
