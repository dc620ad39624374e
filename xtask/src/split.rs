//! The split build. The app's dialogs are `#[wasm_split]` points (`src/list/dialog_chunks.rs`);
//! cutting them off the main wasm takes a step between cargo and wasm-bindgen, which Trunk does
//! not have (trunk-rs/trunk issue 1022). Trunk stays the bundler: it finds its `wasm-bindgen`
//! on PATH, and the one it finds first is a shim, `cargo xtask split-bindgen`, which runs
//! `wasm_split_cli_support` on cargo's wasm (linked with `--emit-relocs`, see
//! `.cargo/config.toml`), then the real CLI on the main module. The chunks and their loader go
//! where wasm-bindgen puts its snippets, which Trunk copies into its staging folder; the
//! post-build hook ([`finish_chunks`]) optimizes them, names them by content and moves them
//! into `embed/` beside the main wasm.

use std::path::{Path, PathBuf};
use std::process::Command;

use lev_rules::chunk_names::{self, chunk_stem, LOADER_STEM};
use sha2::{Digest, Sha256};

use crate::proc::{self, command};

/// Where, under wasm-bindgen's output folder, the splitter writes chunks and loader.
const SNIPPETS: &str = "snippets/lev-split";
/// The loader's file name, as the splitter writes it.
const LOADER: &str = "__wasm_split.js";
/// The loader as the main module imports it (the bindings' import is rewritten to its hashed
/// name in `embed/`; the wasm's import module keeps this name).
const LINK_NAME: &str = "./__wasm_split.js";
/// The bindings' name as the loader imports it (likewise rewritten).
const BINDINGS_PLACEHOLDER: &str = "./lev-api-keys.js";
/// wasm-opt's parameters for the chunks: the main wasm's, as index.html gives them to Trunk
/// (`data-wasm-opt-params`, the one place they are written), so both are optimized alike.
fn wasm_opt_params() -> Result<Vec<String>, String> {
    let page = std::fs::read_to_string(proc::root().join("index.html"))
        .map_err(|e| format!("reading index.html: {e}"))?;
    let value = page
        .split_once("data-wasm-opt-params=\"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(value, _)| value)
        .ok_or("index.html gives Trunk no data-wasm-opt-params")?;
    Ok(value.split_whitespace().map(str::to_owned).collect())
}

/// Trunk, with the splitting `wasm-bindgen` first on its PATH.
pub fn trunk() -> Result<Command, String> {
    let shim_dir = proc::root().join("target").join("split-shim");
    std::fs::create_dir_all(&shim_dir)
        .map_err(|e| format!("creating {}: {e}", shim_dir.display()))?;
    let xtask = std::env::current_exe().map_err(|e| format!("finding xtask itself: {e}"))?;
    let shim = shim_dir.join("wasm-bindgen");
    let script = format!(
        "#!/bin/sh\n# Written by cargo xtask (xtask/src/split.rs): splits, then runs the real wasm-bindgen.\nexec '{}' split-bindgen \"$@\"\n",
        xtask.display()
    );
    if std::fs::read_to_string(&shim).ok().as_deref() != Some(script.as_str()) {
        std::fs::write(&shim, &script).map_err(|e| format!("writing {}: {e}", shim.display()))?;
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&shim, std::fs::Permissions::from_mode(0o755))
            .map_err(|e| format!("making {} executable: {e}", shim.display()))?;
    }
    let path = format!("{}:{}", shim_dir.display(), proc::tool_path());
    let mut cmd = command("trunk");
    cmd.env("PATH", path);
    Ok(cmd)
}

/// What Trunk asked wasm-bindgen for: its output folder and cargo's wasm.
#[derive(Debug, PartialEq, Eq)]
struct BindgenCall {
    out_dir: PathBuf,
    input: PathBuf,
}

fn parse_bindgen_call(args: &[String]) -> Result<BindgenCall, String> {
    let mut out_dir = None;
    let mut input = None;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        if let Some(dir) = arg.strip_prefix("--out-dir=") {
            out_dir = Some(PathBuf::from(dir));
        } else if arg == "--out-dir" {
            out_dir = rest.next().map(PathBuf::from);
        } else if !arg.starts_with('-') && arg.ends_with(".wasm") {
            input = Some(PathBuf::from(arg));
        }
    }
    Ok(BindgenCall {
        out_dir: out_dir.ok_or("split-bindgen: Trunk gave no --out-dir")?,
        input: input.ok_or("split-bindgen: Trunk gave no .wasm input")?,
    })
}

/// `cargo xtask split-bindgen <wasm-bindgen's arguments>`, the shim Trunk runs as wasm-bindgen.
pub fn bindgen(args: &[String]) -> Result<(), String> {
    let real = proc::cargo_bin_dir().join("wasm-bindgen");
    // Trunk checks the version before using a tool from PATH.
    if args.iter().any(|a| a == "--version" || a == "-V") {
        return proc::run(Command::new(&real).args(args));
    }
    let call = parse_bindgen_call(args)?;
    let wasm = std::fs::read(&call.input)
        .map_err(|e| format!("split-bindgen: reading {}: {e}", call.input.display()))?;
    let chunks = call.out_dir.join(SNIPPETS);
    if chunks.exists() {
        std::fs::remove_dir_all(&chunks)
            .map_err(|e| format!("clearing {}: {e}", chunks.display()))?;
    }
    let main = call.out_dir.join("lev-split-main.wasm");
    let mut options = wasm_split_cli_support::Options::new(&wasm);
    options.output_dir = &chunks;
    options.main_out_path = &main;
    options.link_name = LINK_NAME;
    options.main_module = BINDINGS_PLACEHOLDER;
    let split = wasm_split_cli_support::transform(options)
        .map_err(|e| format!("split-bindgen: splitting {}: {e:?}", call.input.display()))?;
    if split.split_modules.is_empty() {
        return Err(
            "split-bindgen: the wasm has no split points (src/list/dialog_chunks.rs)".into(),
        );
    }
    let args: Vec<String> = args
        .iter()
        .map(|a| {
            if Path::new(a) == call.input {
                main.display().to_string()
            } else {
                a.clone()
            }
        })
        .chain(["--keep-lld-exports".to_owned()])
        .collect();
    proc::run(Command::new(&real).args(&args))?;
    std::fs::remove_file(&main).map_err(|e| format!("removing {}: {e}", main.display()))
}

/// `stem` with the first 16 hex digits of `content`'s SHA-256 before the extension, like
/// Trunk's own names (the server caches such names as immutable).
pub fn hashed_name(stem: &str, extension: &str, content: &[u8]) -> String {
    let digest = Sha256::digest(content);
    let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    chunk_names::hashed_name(stem, &hex, extension)
}

/// Rewrites the module specifier `from` of every `import … from "…"` (either quote, minified
/// or not). Only there: the same string is also the key of the wasm's import object (the main
/// module imports from that name), which must stay as it is.
fn replace_specifier(js: &str, from: &str, to: &str) -> String {
    let mut out = js.to_owned();
    for space in ["from ", "from"] {
        for quote in ['"', '\''] {
            out = out.replace(
                &format!("{space}{quote}{from}{quote}"),
                &format!("{space}{quote}{to}{quote}"),
            );
        }
    }
    out
}

/// The chunks of a build, moved from `staging/snippets/lev-split/` into `embed/` under content
/// names, with the loader and the bindings pointed at each other's final names. Release builds
/// also run `wasm-opt -Oz` on each chunk first. Returns the loader's name.
pub fn finish_chunks(staging: &Path, embed: &Path, bindings: &str) -> Result<String, String> {
    let from = staging.join(SNIPPETS);
    let release = std::env::var("TRUNK_PROFILE").is_ok_and(|p| p == "release");
    let mut loader = std::fs::read_to_string(from.join(LOADER)).map_err(|e| {
        format!(
            "reading {} (was the build split? see xtask/src/split.rs): {e}",
            from.join(LOADER).display()
        )
    })?;
    let entries =
        std::fs::read_dir(&from).map_err(|e| format!("reading {}: {e}", from.display()))?;
    let mut chunks: Vec<PathBuf> = entries
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "wasm"))
        .collect();
    chunks.sort();
    let params = if release {
        wasm_opt_params()?
    } else {
        Vec::new()
    };
    for chunk in chunks {
        let file_stem = chunk
            .file_stem()
            .and_then(|s| s.to_str())
            .ok_or_else(|| format!("odd chunk name {}", chunk.display()))?
            .to_owned();
        if release {
            proc::run(
                command("wasm-opt")
                    .arg("-Oz")
                    .args(&params)
                    .arg(&chunk)
                    .arg("-o")
                    .arg(&chunk),
            )?;
        }
        let bytes =
            std::fs::read(&chunk).map_err(|e| format!("reading {}: {e}", chunk.display()))?;
        let name = hashed_name(&chunk_stem(&file_stem), "wasm", &bytes);
        let quoted = format!("\"./{file_stem}.wasm\"");
        if !loader.contains(&quoted) {
            return Err(format!("the loader does not fetch {quoted}"));
        }
        loader = loader.replace(&quoted, &format!("\"./{name}\""));
        std::fs::write(embed.join(&name), bytes).map_err(|e| format!("writing {name}: {e}"))?;
    }
    let loader = replace_specifier(&loader, BINDINGS_PLACEHOLDER, &format!("./{bindings}"));
    let loader_name = hashed_name(LOADER_STEM, "js", loader.as_bytes());
    std::fs::write(embed.join(&loader_name), &loader)
        .map_err(|e| format!("writing {loader_name}: {e}"))?;
    // The bindings import the loader (the chunks' `__wasm_split` imports); minified, without
    // the space after `from`.
    let bindings_path = embed.join(bindings);
    let js =
        std::fs::read_to_string(&bindings_path).map_err(|e| format!("reading {bindings}: {e}"))?;
    let linked = replace_specifier(&js, LINK_NAME, &format!("./{loader_name}"));
    if linked == js {
        return Err(format!("{bindings} does not import ./{LOADER}"));
    }
    std::fs::write(&bindings_path, linked).map_err(|e| format!("writing {bindings}: {e}"))?;
    std::fs::remove_dir_all(&from).map_err(|e| format!("removing {}: {e}", from.display()))?;
    // Trunk's snippets folder held only these.
    let snippets = staging.join("snippets");
    if std::fs::read_dir(&snippets).is_ok_and(|mut d| d.next().is_none()) {
        std::fs::remove_dir(&snippets)
            .map_err(|e| format!("removing {}: {e}", snippets.display()))?;
    }
    Ok(loader_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_trunks_wasm_bindgen_call() {
        let args: Vec<String> = [
            "--target=web",
            "--out-dir=/r/target/wasm-bindgen/release",
            "--out-name=lev-api-keys",
            "/r/target/wasm32-unknown-unknown/release/lev-api-keys.wasm",
            "--no-typescript",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            parse_bindgen_call(&args),
            Ok(BindgenCall {
                out_dir: PathBuf::from("/r/target/wasm-bindgen/release"),
                input: PathBuf::from("/r/target/wasm32-unknown-unknown/release/lev-api-keys.wasm"),
            })
        );
        assert!(parse_bindgen_call(&args[..3]).is_err(), "no input");
    }

    #[test]
    fn names_chunks_by_content_as_the_server_expects() {
        let name = hashed_name(&chunk_stem("split_create_key"), "wasm", b"chunk");
        assert!(name.starts_with("lev-create_key-"), "{name}");
        let hash = name
            .trim_start_matches("lev-create_key-")
            .trim_end_matches(".wasm");
        assert_eq!(hash.len(), 16);
        assert!(hash.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(
            name,
            hashed_name("lev-create_key", "wasm", b"chunk"),
            "stable"
        );
        assert_ne!(name, hashed_name("lev-create_key", "wasm", b"other"));
        assert!(chunk_names::is_chunk(&name), "the tests recognize it");
        let loader = hashed_name(LOADER_STEM, "js", b"loader");
        assert!(chunk_names::is_chunk_loader(&loader));
    }

    #[test]
    fn the_chunks_take_the_main_wasms_optimizer_features() -> Result<(), String> {
        let params = wasm_opt_params()?;
        assert!(
            params.iter().any(|p| p == "--enable-bulk-memory"),
            "{params:?}"
        );
        assert!(
            params.iter().all(|p| p.starts_with("--enable-")),
            "{params:?}"
        );
        Ok(())
    }

    #[test]
    fn rewrites_only_module_specifiers() {
        let js = r#"import * as i from "./__wasm_split.js";x["./__wasm_split.js"]=i;import*as j from'./__wasm_split.js'"#;
        let out = replace_specifier(js, "./__wasm_split.js", "./l-1.js");
        assert_eq!(
            out,
            r#"import * as i from "./l-1.js";x["./__wasm_split.js"]=i;import*as j from'./l-1.js'"#
        );
    }
}
