//! `cargo xtask bench`: builds the release app, reports what fills the wasm (twiggy), then runs
//! the browser benchmark (`benches/browser/`): sizes, startup against a vanilla-JS floor,
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
        .args(["top", "-n", "1000000", "--format", "csv"])
        .arg(&wasm)
        .output()
        .map_err(|e| format!("twiggy: {e}"))?;
    let csv = String::from_utf8_lossy(&output.stdout);
    let (crates, functions) = contributors(&csv);
    let mut text =
        String::from("bytes   share  crate (the package's build: code and data, before the split, wasm-bindgen and wasm-opt)\n");
    let total: u64 = crates.iter().map(|(_, n)| n).sum();
    for (name, bytes) in crates.iter().take(15) {
        text.push_str(&format!(
            "{bytes:>7} {:>5.1}%  {name}\n",
            *bytes as f64 * 100.0 / total.max(1) as f64
        ));
    }
    text.push_str("\nbytes  largest functions\n");
    for (name, bytes) in functions.iter().take(15) {
        let short: String = name.chars().take(110).collect();
        text.push_str(&format!("{bytes:>6}  {short}\n"));
    }
    let out = proc::root().join("target").join("bench");
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    std::fs::write(out.join("twiggy-top.txt"), &text).map_err(|e| e.to_string())?;
    println!("\nWhat fills the wasm (target/bench/twiggy-top.txt)");
    print!("{text}");
    Ok(())
}

/// For `LEV_BENCH_ONLY=profile`: the release app as shipped but with its function names kept
/// (in CPU profiles they read `wasm-function[N]` otherwise), built into `target/profile/dist`
/// from a copy of index.html. It shares twiggy's target dir, which keeps names too.
fn build_named_app() -> Result<std::path::PathBuf, String> {
    let root = proc::root();
    let dir = root.join("target").join("profile");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let html = std::fs::read_to_string(root.join("index.html")).map_err(|e| e.to_string())?;
    // The copy lives two folders down: its links point back at the crate and the stylesheet.
    let edits = [
        (
            r#"data-bin="lev-api-keys""#,
            r#"href="../../Cargo.toml" data-bin="lev-api-keys" data-keep-debug"#,
        ),
        (r#"data-wasm-opt-params=""#, r#"data-wasm-opt-params="-g "#),
        (r#"href="style/main.css""#, r#"href="../../style/main.css""#),
    ];
    let mut named = html;
    for (from, to) in edits {
        if !named.contains(from) {
            return Err(format!(
                "bench: index.html no longer has `{from}`; update build_named_app"
            ));
        }
        named = named.replacen(from, to, 1);
    }
    let target = dir.join("index.html");
    std::fs::write(&target, named).map_err(|e| e.to_string())?;
    let dist = dir.join("dist");
    let mut trunk = crate::split::trunk()?;
    trunk
        .arg("build")
        .arg("--release")
        .arg("--dist")
        .arg(&dist)
        .arg(&target)
        .env("CARGO_TARGET_DIR", root.join("target").join("twiggy"))
        .env("CARGO_PROFILE_RELEASE_STRIP", "none");
    let (result, took) = timed(|| proc::run(&mut trunk));
    result?;
    println!(
        "bench: app with function names → {} ({})",
        dist.display(),
        secs(took)
    );
    Ok(dist)
}

/// Names with their sizes in bytes, largest first.
pub type Sizes = Vec<(String, u64)>;

/// Sizes by crate and the largest functions, from `twiggy top --format csv`. Custom sections
/// (names, debug info) and wasm-bindgen's describe functions are dropped: wasm-bindgen removes
/// them, so they never ship.
pub fn contributors(csv: &str) -> (Sizes, Sizes) {
    let mut crates: std::collections::BTreeMap<String, u64> = std::collections::BTreeMap::new();
    let mut functions = Vec::new();
    for line in csv.lines().skip(1) {
        // Name,ShallowSize,ShallowSizePercent,… ; names may contain commas, sizes never do.
        let mut fields: Vec<&str> = line.rsplitn(5, ',').collect();
        fields.reverse();
        let (Some(name), Some(size)) = (
            fields.first(),
            fields.get(1).and_then(|s| s.parse::<u64>().ok()),
        ) else {
            continue;
        };
        let name = name.trim_matches('"');
        if name.starts_with("custom section")
            || name.contains("function names")
            || name.contains("__wbindgen_describe")
            || name.contains("WasmDescribe")
        {
            continue;
        }
        let krate = crate_of(name);
        *crates.entry(krate).or_default() += size;
        functions.push((name.to_owned(), size));
    }
    let mut crates: Vec<_> = crates.into_iter().collect();
    crates.sort_by_key(|c| std::cmp::Reverse(c.1));
    functions.sort_by_key(|f| std::cmp::Reverse(f.1));
    (crates, functions)
}

/// The crate a symbol belongs to: its first `name::` segment (`<F as tachys::…>` → `tachys`).
fn crate_of(symbol: &str) -> String {
    if symbol.starts_with("data segment") {
        return "(data: strings and tables)".to_owned();
    }
    let trimmed = symbol
        .trim_start_matches('<')
        .trim_start_matches('&')
        .trim_start_matches("mut ");
    let trimmed = trimmed
        .strip_prefix("F as ")
        .or_else(|| trimmed.strip_prefix("T as "))
        .unwrap_or(trimmed);
    match trimmed.split_once("::") {
        Some((head, _)) => head
            .split('[')
            .next()
            .unwrap_or(head)
            .trim_start_matches('<')
            .to_owned(),
        None => "(other)".to_owned(),
    }
}

/// `cargo xtask bench`.
pub fn run(args: &[String]) -> Result<(), String> {
    if let Some(unknown) = args.first() {
        return Err(format!("unknown option `{unknown}` (bench takes none)"));
    }
    setup::ensure()?;
    let dist = if std::env::var("LEV_BENCH_ONLY").as_deref() == Ok("profile") {
        build_named_app()?
    } else {
        let dist = proc::root().join("target").join("bench-dist");
        build_app(true, &dist)?;
        top_contributors()?;
        dist
    };
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_symbols_by_crate() {
        let csv = "Name,ShallowSize,ShallowSizePercent,RetainedSize,RetainedSizePercent\n\
\"custom section '.debug_str'\",100,1,100,1\n\
\"<F as tachys::reactive_graph::ReactiveFunction>::invoke::h1\",40,1,40,1\n\
tachys::view::build::h2,10,1,10,1\n\
\"core[c5930c85a12de822]::fmt::write::h3\",20,1,20,1\n\
\"data segment \"\".rodata\"\"\",30,1,30,1\n\
\"<js_sys::Intl::DateTimeStyle as wasm_bindgen::describe::WasmDescribe>::describe::h4\",400,1,400,1\n";
        let (crates, functions) = contributors(csv);
        assert_eq!(crates[0], ("tachys".to_owned(), 50));
        assert!(crates.contains(&("core".to_owned(), 20)));
        assert!(crates.contains(&("(data: strings and tables)".to_owned(), 30)));
        assert_eq!(
            functions.len(),
            4,
            "custom sections and describe functions dropped"
        );
    }
}
