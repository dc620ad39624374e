//! `cargo xtask test`: every check and test, one summary line per stage, and last
//! `N passed, N failed` over all stages.
//!
//! Counting: each test reported by a `test result:` line counts once; a check without tests
//! (fmt, clippy, the app build) counts as one, passed or failed.

use std::process::Command;
use std::time::Duration;

use crate::build::build_app;
use crate::manifests::{self, LockedPackage};
use crate::proc::{self, command, run_tee, secs, timed};
use crate::setup;

/// Tally of one stage or of the whole run.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// Tests or checks that passed.
    pub passed: u32,
    /// Tests or checks that failed.
    pub failed: u32,
}

impl Tally {
    /// One check: one pass, or one failure.
    fn of(ok: bool) -> Self {
        Self {
            passed: u32::from(ok),
            failed: u32::from(!ok),
        }
    }
}

/// Sums the `test result: … N passed; M failed` lines of cargo test / wasm-bindgen-test output.
pub fn parse_results(output: &str) -> Option<Tally> {
    let mut tally = Tally::default();
    let mut seen = false;
    for line in output.lines() {
        let Some(rest) = line.trim().strip_prefix("test result: ") else {
            continue;
        };
        seen = true;
        for part in rest.split(';') {
            let words: Vec<&str> = part.split_whitespace().collect();
            let number = |i: usize| {
                words
                    .get(i)
                    .and_then(|w| w.parse::<u32>().ok())
                    .unwrap_or(0)
            };
            match words.as_slice() {
                [_, n, "passed"] if n.parse::<u32>().is_ok() => tally.passed += number(1),
                [n, "passed"] if n.parse::<u32>().is_ok() => tally.passed += number(0),
                [n, "failed"] if n.parse::<u32>().is_ok() => tally.failed += number(0),
                _ => {}
            }
        }
    }
    seen.then_some(tally)
}

struct Stage {
    name: String,
    tally: Tally,
    took: Duration,
}

/// A check: one pass or one fail.
fn check(name: &str, cmd: &mut Command) -> Stage {
    println!("\n=== {name}: {}", proc::describe(cmd));
    let (ok, took) = timed(|| proc::run(cmd));
    if let Err(e) = &ok {
        eprintln!("{e}");
    }
    Stage {
        name: name.to_owned(),
        tally: Tally::of(ok.is_ok()),
        took,
    }
}

/// A test run: its tests, plus one failure when it failed without reporting one (a build error).
fn tests(name: &str, cmd: &mut Command) -> Stage {
    println!("\n=== {name}: {}", proc::describe(cmd));
    let (outcome, took) = timed(|| run_tee(cmd));
    let tally = match outcome {
        Ok((ok, output)) => {
            let mut tally = parse_results(&output).unwrap_or_default();
            if !ok && tally.failed == 0 {
                tally.failed = 1;
            }
            if ok && tally.passed == 0 && tally.failed == 0 {
                eprintln!("{name}: no test ran — counted as a failure");
                tally.failed = 1;
            }
            tally
        }
        Err(e) => {
            eprintln!("{e}");
            Tally::of(false)
        }
    };
    Stage {
        name: name.to_owned(),
        tally,
        took,
    }
}

fn cargo(args: &[&str]) -> Command {
    let mut cmd = command("cargo");
    cmd.args(args);
    cmd
}

/// The server's tests, told where schemathesis is (its fuzzing test runs it).
fn server_tests(cmd: &mut Command) -> &mut Command {
    if let Some(st) = setup::schemathesis() {
        cmd.env("LEV_SCHEMATHESIS", st);
    }
    cmd
}

/// Tells the tests where each browser and driver is (`setup` installed them there).
fn browser_env(cmd: &mut Command) -> &mut Command {
    let tools = [
        ("CHROMEDRIVER", setup::chromedriver()),
        ("LEV_CHROMIUM", setup::chromium()),
        ("GECKODRIVER", setup::geckodriver()),
        ("LEV_FIREFOX", setup::firefox()),
        ("WEBKIT_WEBDRIVER", setup::webkit_driver()),
        ("LEV_MINIBROWSER", setup::minibrowser()),
    ];
    for (variable, path) in tools {
        if let Some(path) = path {
            cmd.env(variable, path);
        }
    }
    cmd
}

/// The browser engines the end-to-end tests run in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// Every end-to-end test.
    Chromium,
    /// The flows of [`ENGINE_FLOWS`].
    Firefox,
    /// The flows of [`ENGINE_FLOWS`].
    WebKit,
}

impl Engine {
    const ALL: [Engine; 3] = [Engine::Chromium, Engine::Firefox, Engine::WebKit];

    fn name(self) -> &'static str {
        match self {
            Self::Chromium => "chromium",
            Self::Firefox => "firefox",
            Self::WebKit => "webkit",
        }
    }

    fn parse(name: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|e| e.name() == name)
            .ok_or_else(|| format!("unknown engine `{name}` (chromium, firefox or webkit)"))
    }
}

/// The flows that matter most, run in Firefox and WebKit too (Chromium runs every test): the
/// list, create → copy → Done → the key works, the close-without-copying question, revoke with
/// focus returned, the keyboard-only walk, an error with Retry, the member and signed-out
/// states, the dialogs' chunks fetched when idle (WebKit has no `requestIdleCallback`) and a
/// click before they arrive, a bulk revoke of 3 of 12 keys, a host page enforcing Trusted Types,
/// a render that throws and Retry, the main flows in German. Each also ends by checking for CSP
/// violations and uncaught errors.
pub const ENGINE_FLOWS: &[&str] = &[
    "smoke::the_tab_renders_for_an_admin",
    "flows::create_copy_done_and_the_key_works",
    "flows::escape_and_done_never_discard_an_uncopied_key_silently",
    "revoke_edges::after_a_revoke_focus_moves_to_the_next_row",
    "proof_a11y::keyboard_only_create_copy_done_revoke",
    "loading::a_failed_list_shows_the_request_id_and_retry_recovers",
    "states::a_member_gets_a_message_and_no_controls",
    "states::signed_out_offers_to_sign_in_again",
    "rotation::rotation_with_revoke_old_key_replaces_the_key",
    "find_and_sort::the_filter_searches_every_page_and_counts_the_matches",
    "find_and_sort::headers_sort_and_the_url_keeps_the_order",
    "where_it_runs::offline_changes_wait_and_back_online_the_list_reloads_quietly",
    "where_it_runs::two_tabs_stay_in_step_with_no_request_and_no_secret_crossing",
    "where_it_runs::on_an_insecure_origin_create_reveals_and_copy_falls_back_to_selecting",
    "dialog_code::the_dialogs_code_is_fetched_once_when_idle_after_the_rows",
    "dialog_code::a_click_before_its_code_arrives_shows_a_busy_button_then_one_dialog",
    "rows_follow::a_key_used_elsewhere_shows_its_new_last_use_after_coming_back",
    "bulk_revoke::three_of_twelve_one_confirmation_three_deletes_and_the_rows_follow",
    "host_page::trusted_types_with_no_policy_see_no_violation",
    "host_page::a_render_that_throws_shows_a_notice_and_retry_starts_afresh",
    "languages::the_main_flows_in_german",
];

/// The end-to-end stage of one engine.
fn e2e_stage(engine: Engine, dist: &std::path::Path) -> Stage {
    let mut e2e = cargo(&["test", "-p", "lev-api-keys", "--test", "e2e", "--"]);
    e2e.arg("--test-threads=2");
    if engine != Engine::Chromium {
        e2e.args(ENGINE_FLOWS).arg("--exact");
    }
    e2e.env("LEV_E2E_DIST", dist)
        .env("LEV_E2E_ENGINE", engine.name());
    let name = if engine == Engine::Chromium {
        "end-to-end tests".to_owned()
    } else {
        format!("end-to-end ({})", engine.name())
    };
    let mut stage = tests(&name, browser_env(&mut e2e));
    let ran = stage.tally.passed + stage.tally.failed;
    if engine != Engine::Chromium && ran < ENGINE_FLOWS.len() as u32 {
        // A renamed test would otherwise just drop out of the list.
        eprintln!(
            "{name}: {ran} of the {} flows ran; a name in ENGINE_FLOWS matches no test",
            ENGINE_FLOWS.len()
        );
        stage.tally.failed += 1;
    }
    stage
}

/// A run from a clean clone writes about 3.5 GB under target/, and the browsers write their
/// profiles to the temporary folder; below this much free space a run may stop halfway with
/// "No space left on device".
const DISK_NEEDED_GB: f64 = 5.0;

/// Says so first when the disk holding target/ is nearly full, so that a failure halfway
/// through has its explanation at the top of the log.
fn warn_if_disk_low() {
    let Ok(output) = Command::new("df").arg("-Pk").arg(proc::root()).output() else {
        return;
    };
    let text = String::from_utf8_lossy(&output.stdout);
    let free_kb = text
        .lines()
        .nth(1)
        .and_then(|line| line.split_whitespace().nth(3))
        .and_then(|kb| kb.parse::<f64>().ok());
    if let Some(free_gb) = free_kb.map(|kb| kb / 1024.0 / 1024.0) {
        if free_gb < DISK_NEEDED_GB {
            eprintln!(
                "xtask: warning: {free_gb:.1} GB free on the disk of {}; a clean run needs about \
                 {DISK_NEEDED_GB} GB (target/ and the browsers' profiles)",
                proc::root().display()
            );
        }
    }
}

/// `cargo xtask test [--engine chromium|firefox|webkit]`: everything, or with `--engine` only
/// the app build and that engine's end-to-end tests.
pub fn run(args: &[String]) -> Result<(), String> {
    let only = match args {
        [] => None,
        [flag, name] if flag == "--engine" => Some(Engine::parse(name)?),
        [other, ..] => {
            return Err(format!(
                "unknown option `{other}` (test takes nothing, or --engine chromium|firefox|webkit)"
            ))
        }
    };
    warn_if_disk_low();
    setup::ensure()?;
    let mut stages = if only.is_some() {
        Vec::new()
    } else {
        checks_and_unit_tests()
    };
    let dist = proc::root().join("target").join("e2e-dist");
    println!("\n=== app build (release) for end-to-end tests");
    let (built, took) = timed(|| build_app(true, &dist));
    let build_ok = built.is_ok();
    if let Err(e) = &built {
        eprintln!("{e}");
    }
    stages.push(Stage {
        name: "app build".to_owned(),
        tally: Tally::of(build_ok),
        took,
    });
    if build_ok {
        for engine in Engine::ALL {
            if only.is_none_or(|o| o == engine) {
                stages.push(e2e_stage(engine, &dist));
            }
        }
    }
    summarize(&stages, build_ok)
}

/// The crates patched in vendor/ (each with its PATCHED.md).
pub const PATCHED: [&str; 2] = ["reactive_graph", "tachys"];

/// Whether Cargo.lock resolves `name` to the patched copy in vendor/ (a path package has no
/// `source`). A newer leptos wanting another version would leave the patch unused with only a
/// warning, and what it fixes would be back.
pub fn patch_used(packages: &[LockedPackage], name: &str) -> bool {
    packages
        .iter()
        .any(|p| p.name == name && p.source.is_none())
}

/// The dependency patches check: one pass or one failure.
fn patch_stage() -> Stage {
    let name = "dependency patches";
    println!(
        "\n=== {name}: {} from vendor/ in Cargo.lock",
        PATCHED.join(", ")
    );
    let unused: Vec<&str> = match manifests::lockfile() {
        Ok(packages) => PATCHED
            .into_iter()
            .filter(|crate_name| !patch_used(&packages, crate_name))
            .collect(),
        Err(error) => {
            eprintln!("{name}: {error}");
            PATCHED.to_vec()
        }
    };
    for crate_name in &unused {
        eprintln!(
            "{name}: Cargo.lock takes {crate_name} from the registry, so the patch in \
             vendor/{crate_name} (PATCHED.md) is not used: update the vendored copy to the \
             version leptos wants, or drop the patch once upstream has the fix"
        );
    }
    Stage {
        name: name.to_owned(),
        tally: Tally::of(unused.is_empty()),
        took: Duration::ZERO,
    }
}

/// fmt, both clippy runs, the dependency patch, unit, server and browser component tests.
fn checks_and_unit_tests() -> Vec<Stage> {
    let mut stages = vec![
        check("fmt", &mut cargo(&["fmt", "--all", "--", "--check"])),
        patch_stage(),
        check(
            "clippy (native)",
            &mut cargo(&[
                "clippy",
                "--workspace",
                "--all-targets",
                // The standalone page's shell and routes (the wasm run below lints the package's
                // build, without them).
                "--features",
                "lev-api-keys/shell",
                "--",
                "-D",
                "warnings",
            ]),
        ),
        check(
            "clippy (wasm)",
            &mut cargo(&[
                "clippy",
                "-p",
                "lev-api-keys",
                "--target",
                "wasm32-unknown-unknown",
                "--all-targets",
                // The package's build: the dialogs' split points (native clippy checks them
                // unsplit), no settings shell (native clippy checks it).
                "--features",
                "split",
                "--",
                "-D",
                "warnings",
            ]),
        ),
        tests(
            "unit tests",
            &mut cargo(&[
                "test",
                "-p",
                "lev-api-keys",
                "-p",
                "xtask",
                "-p",
                "lev-rules",
                "--lib",
                "--bins",
                // The dependency patches' proofs (vendor/*/PATCHED.md).
                "--test",
                "reactive_patch",
                "--test",
                "tachys_patch",
                // Every shipped language has every message (src/i18n/locales/).
                "--test",
                "catalogs",
            ]),
        ),
        tests(
            "server tests",
            server_tests(&mut cargo(&["test", "-p", "lev-server"])),
        ),
    ];

    let mut browser = cargo(&[
        "test",
        "-p",
        "lev-api-keys",
        "--target",
        "wasm32-unknown-unknown",
        "--test",
        "web",
    ]);
    browser.env(
        "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
        "wasm-bindgen-test-runner",
    );
    // The runner waits this long for the browser; the default is short for a cold Chromium.
    browser.env("WASM_BINDGEN_TEST_TIMEOUT", "120");
    stages.push(tests("browser tests", browser_env(&mut browser)));
    stages
}

/// One line per stage, then `N passed, N failed` over all of them.
fn summarize(stages: &[Stage], build_ok: bool) -> Result<(), String> {
    println!("\n=== summary");
    let mut total = Tally::default();
    for stage in stages {
        println!(
            "{:<24} {:>4} passed, {:>3} failed  ({})",
            stage.name,
            stage.tally.passed,
            stage.tally.failed,
            secs(stage.took)
        );
        total.passed += stage.tally.passed;
        total.failed += stage.tally.failed;
    }
    if !build_ok {
        println!("end-to-end tests         not run: the app did not build");
    }
    println!("{} passed, {} failed", total.passed, total.failed);
    if total.failed == 0 {
        Ok(())
    } else {
        Err(format!("{} failed", total.failed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_patches_are_seen_used_or_not() -> Result<(), String> {
        let patched = "[[package]]\nname = \"reactive_graph\"\nversion = \"0.2.16\"\ndependencies = []\n\n[[package]]\nname = \"serde\"\nversion = \"1\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n";
        assert!(patch_used(
            &manifests::parse_lock(patched)?,
            "reactive_graph"
        ));
        let unpatched = "[[package]]\nname = \"reactive_graph\"\nversion = \"0.2.17\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n";
        assert!(!patch_used(
            &manifests::parse_lock(unpatched)?,
            "reactive_graph"
        ));
        let lock = manifests::lockfile()?;
        for name in PATCHED {
            assert!(
                patch_used(&lock, name),
                "this repository's Cargo.lock: {name}"
            );
        }
        Ok(())
    }

    #[test]
    fn engines_by_name() {
        assert_eq!(Engine::parse("webkit"), Ok(Engine::WebKit));
        assert_eq!(Engine::parse("firefox"), Ok(Engine::Firefox));
        assert_eq!(Engine::parse("chromium"), Ok(Engine::Chromium));
        assert!(Engine::parse("safari").is_err());
    }

    #[test]
    fn sums_cargo_and_wasm_bindgen_results() {
        let output = "\
running 3 tests
test result: ok. 3 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s
test result: FAILED. 5 passed; 2 failed; 1 ignored; 0 measured; 0 filtered out
";
        assert_eq!(
            parse_results(output),
            Some(Tally {
                passed: 8,
                failed: 2
            })
        );
        assert_eq!(parse_results("no tests here"), None);
    }
}
