//! `cargo xtask setup`: installs what is missing, one line per tool with its duration. The
//! Debian packages install in a second thread while the tools compile.

use std::path::PathBuf;
use std::sync::Once;
use std::thread;

use sha2::{Digest, Sha256};

use crate::manifests;
use crate::proc::{self, command, secs, timed, version_of};

/// Trunk version the project is built with (0.22 needs a newer rustc than these machines have).
pub const TRUNK_VERSION: &str = "0.21.14";
/// geckodriver, pinned: the e2e flows run in Firefox through it.
pub const GECKODRIVER_VERSION: &str = "0.37.1";
/// What the npm step installs that the tests use, checked by path (package.json pins them).
const NPM_FILES: &[&str] = &[
    "node_modules/axe-core/axe.min.js",
    "node_modules/esbuild/bin/esbuild",
    "node_modules/react-dom/client.js",
    "node_modules/rrweb/dist/rrweb.umd.cjs",
    "node_modules/.bin/tsc",
    "node_modules/@types/react/index.d.ts",
    "node_modules/tailwindcss/preflight.css",
    "node_modules/bootstrap/dist/css/bootstrap-reboot.min.css",
    "node_modules/.bin/webpack",
    "node_modules/.bin/vite",
    "node_modules/vue/package.json",
    "node_modules/svelte/package.json",
    "node_modules/.bin/next",
];

/// The binaryen release Trunk.toml names.
pub const WASM_OPT_VERSION: &str = "version_132";
const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// Version of the `wasm-bindgen` crate in Cargo.lock: the CLI must match it exactly.
pub fn locked_wasm_bindgen_version() -> Result<String, String> {
    manifests::locked_version(&manifests::lockfile()?, "wasm-bindgen")
        .ok_or_else(|| "Cargo.lock has no wasm-bindgen package".to_owned())
}

/// Path of the Chromium binary, if installed.
pub fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser"]
        .iter()
        .map(|name| PathBuf::from("/usr/bin").join(name))
        .find(|p| p.exists())
}

/// Path of chromedriver, if installed.
pub fn chromedriver() -> Option<PathBuf> {
    let path = PathBuf::from("/usr/bin/chromedriver");
    path.exists().then_some(path)
}

/// Path of Firefox ESR, if installed.
pub fn firefox() -> Option<PathBuf> {
    let path = PathBuf::from("/usr/bin/firefox-esr");
    path.exists().then_some(path)
}

/// Path of geckodriver at the pinned version, if installed.
pub fn geckodriver() -> Option<PathBuf> {
    let path = proc::cargo_bin_dir().join("geckodriver");
    version_of(&path.to_string_lossy(), "--version")
        .is_some_and(|v| v.starts_with(&format!("geckodriver {GECKODRIVER_VERSION}")))
        .then_some(path)
}

/// WebKitGTK's MiniBrowser (which WebKitWebDriver drives), if installed.
pub fn minibrowser() -> Option<PathBuf> {
    let path = PathBuf::from("/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser");
    path.exists().then_some(path)
}

/// WebKitWebDriver and Xvfb (MiniBrowser needs a display), if installed.
pub fn webkit_driver() -> Option<PathBuf> {
    let driver = PathBuf::from("/usr/bin/WebKitWebDriver");
    (driver.exists() && PathBuf::from("/usr/bin/xvfb-run").exists() && minibrowser().is_some())
        .then_some(driver)
}

/// The pinned packages of the schemathesis venv (the API fuzzing test's fuzzer).
const FUZZ_REQUIREMENTS: &str = "server/tests/fuzz/requirements.txt";

/// Where the schemathesis venv lives: the user's cache (kept across clones of the project),
/// in a folder named by the pins, so that new pins make a new venv.
fn fuzz_venv() -> Option<PathBuf> {
    let pins = std::fs::read(proc::root().join(FUZZ_REQUIREMENTS)).ok()?;
    let digest = Sha256::digest(&pins);
    let name: String = digest[..6].iter().map(|b| format!("{b:02x}")).collect();
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))?;
    Some(
        cache
            .join("lev-api-keys")
            .join(format!("schemathesis-{name}")),
    )
}

/// schemathesis's `st`, if installed from the pins.
pub fn schemathesis() -> Option<PathBuf> {
    let st = fuzz_venv()?.join("bin").join("st");
    version_of(&st.to_string_lossy(), "--version").map(|_| st)
}

/// A venv with the pinned schemathesis (PyPI).
fn install_schemathesis() -> Result<(), String> {
    let venv = fuzz_venv().ok_or("no cache folder: set HOME or XDG_CACHE_HOME")?;
    proc::run(command("python3").arg("-m").arg("venv").arg(&venv))?;
    proc::run(
        command(&venv.join("bin").join("pip").to_string_lossy())
            .args(["install", "--quiet", "--disable-pip-version-check", "-r"])
            .arg(proc::root().join(FUZZ_REQUIREMENTS)),
    )
}

/// Installs Debian packages (as root; otherwise says how). The package lists are updated
/// once per run.
fn apt_install(what: &str, packages: &[&str]) -> Result<(), String> {
    static UPDATED: Once = Once::new();
    if !is_root() {
        return Err(format!(
            "{what} is missing. Install it with:\n  sudo apt-get update && sudo apt-get install -y {}",
            packages.join(" ")
        ));
    }
    let mut updated = Ok(());
    UPDATED.call_once(|| {
        updated = proc::run(
            command("apt-get")
                .arg("update")
                .env("DEBIAN_FRONTEND", "noninteractive"),
        );
    });
    updated?;
    proc::run(
        command("apt-get")
            .args(["install", "-y"])
            .args(packages)
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}

/// `cargo install` of a tool whose own speed does not show in a build or a test run: the same
/// version from the same registry, compiled without optimization, LTO or debug info and with
/// many codegen units (the environment overrides the tool's own release profile). Measured on
/// two cores: Trunk 419 → 175 s, geckodriver 103 → 57 s, with `trunk build --release` and the
/// Firefox flows as fast as before (the work is wasm-opt's and the browser's). Not for the
/// wasm-bindgen CLI: its test runner unoptimized made each browser-test run 2.4 s slower.
fn cargo_install_unoptimized(args: &[&str]) -> Result<(), String> {
    proc::run(
        command("cargo")
            .arg("install")
            .args(args)
            .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
            .env("CARGO_PROFILE_RELEASE_LTO", "false")
            .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "256")
            .env("CARGO_PROFILE_RELEASE_DEBUG", "false")
            .env("CARGO_PROFILE_RELEASE_INCREMENTAL", "false"),
    )
}

struct Step {
    name: &'static str,
    /// A Debian package: installed in the second thread.
    debian: bool,
    check: Box<dyn Fn() -> bool + Send>,
    install: Box<dyn Fn() -> Result<(), String> + Send>,
}

fn is_root() -> bool {
    version_of("id", "-u").as_deref() == Some("0")
}

fn steps() -> Result<Vec<Step>, String> {
    let bindgen = locked_wasm_bindgen_version()?;
    let bindgen_check = bindgen.clone();
    let bindgen_install = bindgen.clone();
    Ok(vec![
        Step {
            name: "wasm32 target",
            debian: false,
            check: Box::new(|| {
                command("rustup")
                    .args(["target", "list", "--installed"])
                    .output()
                    .map(|o| {
                        String::from_utf8_lossy(&o.stdout)
                            .lines()
                            .any(|l| l.trim() == WASM_TARGET)
                    })
                    .unwrap_or(false)
            }),
            install: Box::new(|| proc::run(command("rustup").args(["target", "add", WASM_TARGET]))),
        },
        Step {
            name: "trunk",
            debian: false,
            check: Box::new(|| {
                version_of("trunk", "--version").as_deref()
                    == Some(&format!("trunk {TRUNK_VERSION}"))
            }),
            install: Box::new(|| {
                cargo_install_unoptimized(&["trunk", "--locked", "--version", TRUNK_VERSION])
            }),
        },
        Step {
            name: "wasm-bindgen CLI",
            debian: false,
            check: Box::new(move || {
                version_of("wasm-bindgen", "--version").as_deref()
                    == Some(&format!("wasm-bindgen {bindgen_check}"))
                    && proc::cargo_bin_dir()
                        .join("wasm-bindgen-test-runner")
                        .exists()
            }),
            // Without --locked: its lockfile wants a crate version the registry lacks.
            install: Box::new(move || {
                proc::run(command("cargo").args([
                    "install",
                    "wasm-bindgen-cli",
                    "--version",
                    &bindgen_install,
                    "--force",
                ]))
            }),
        },
        Step {
            name: "npm tools",
            debian: false,
            check: Box::new(|| {
                version_of("node_modules/.bin/wasm-opt", "--version")
                    .is_some_and(|v| v.contains(WASM_OPT_VERSION))
                    && NPM_FILES.iter().all(|f| proc::root().join(f).exists())
            }),
            install: Box::new(|| proc::run(command("npm").args(["ci", "--no-audit", "--no-fund"]))),
        },
        Step {
            name: "schemathesis (PyPI)",
            debian: false,
            check: Box::new(|| schemathesis().is_some()),
            install: Box::new(install_schemathesis),
        },
        Step {
            name: "chromium + chromedriver",
            debian: true,
            check: Box::new(|| chromium().is_some() && chromedriver().is_some()),
            install: Box::new(|| apt_install("Chromium", &["chromium", "chromium-driver"])),
        },
        Step {
            name: "firefox-esr",
            debian: true,
            check: Box::new(|| firefox().is_some()),
            install: Box::new(|| apt_install("Firefox ESR", &["firefox-esr"])),
        },
        Step {
            name: "geckodriver",
            debian: false,
            check: Box::new(|| geckodriver().is_some()),
            install: Box::new(|| {
                cargo_install_unoptimized(&[
                    "geckodriver",
                    "--version",
                    GECKODRIVER_VERSION,
                    "--force",
                ])
            }),
        },
        Step {
            name: "webkitgtk driver + xvfb",
            debian: true,
            check: Box::new(|| webkit_driver().is_some()),
            install: Box::new(|| apt_install("WebKitGTK's driver", &["webkit2gtk-driver", "xvfb"])),
        },
    ])
}

/// Whether every tool is already there (cheap: a few `--version` calls).
pub fn all_present() -> bool {
    steps()
        .map(|s| s.iter().all(|step| (step.check)()))
        .unwrap_or(false)
}

/// Checks a step and installs it if missing, saying so on one line each.
fn ensure_step(step: &Step) -> Result<(), String> {
    let (present, took) = timed(|| (step.check)());
    if present {
        println!("setup: {:<26} ok ({})", step.name, secs(took));
        return Ok(());
    }
    println!("setup: {:<26} installing…", step.name);
    let (installed, took) = timed(|| (step.install)());
    installed.map_err(|e| format!("setup of {} failed: {e}", step.name))?;
    if !(step.check)() {
        return Err(format!(
            "{} was installed but still does not check out",
            step.name
        ));
    }
    println!("setup: {:<26} installed ({})", step.name, secs(took));
    Ok(())
}

/// Installs what is missing: the Debian packages in a second thread (they wait on downloads
/// and dpkg, not on the cores the compiles use), everything else in order.
pub fn run() -> Result<(), String> {
    let (result, total) = timed(|| -> Result<(), String> {
        let (debian, others): (Vec<Step>, Vec<Step>) = steps()?.into_iter().partition(|s| s.debian);
        let packages = thread::spawn(move || debian.iter().try_for_each(ensure_step));
        let compiled = others.iter().try_for_each(ensure_step);
        let installed = packages
            .join()
            .unwrap_or_else(|_| Err("the Debian installs panicked".to_owned()));
        compiled.and(installed)
    });
    result?;
    println!("setup: done ({})", secs(total));
    Ok(())
}

/// Runs setup only when something is missing; silent otherwise.
pub fn ensure() -> Result<(), String> {
    if all_present() {
        Ok(())
    } else {
        run()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunk_toml_names_the_locked_wasm_bindgen() -> Result<(), String> {
        let tools = manifests::trunk_tools()?;
        let locked = locked_wasm_bindgen_version()?;
        assert_eq!(
            tools.wasm_bindgen, locked,
            "Trunk.toml [tools] wasm_bindgen must equal Cargo.lock's"
        );
        assert_eq!(tools.wasm_opt, WASM_OPT_VERSION);
        Ok(())
    }
}
