//! `dist/embed/` is a package a host team installs: `npm pack` makes its tarball, and a TSX
//! host type-checks against its declarations (TypeScript and React's types from npm).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};

use lev_harness::{app_files, dist, embed_files, is_chunk, is_chunk_loader};

fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn npm_pack_makes_the_tarball_of_the_element() {
    let out = tempfile::tempdir().expect("a folder");
    let embed = dist().join("embed");
    let output = Command::new("npm")
        .args(["pack", "--json", "--pack-destination"])
        .arg(out.path())
        .arg(&embed)
        .output()
        .expect("npm");
    assert!(
        output.status.success(),
        "npm pack: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let packed: Value = serde_json::from_slice(&output.stdout).expect("npm pack --json");
    let packed = &packed[0];
    assert_eq!(packed["name"], json!("@lev/api-keys-tab"));
    assert_eq!(packed["version"], json!(env!("CARGO_PKG_VERSION")));
    let files: Vec<&str> = packed["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter_map(|f| f["path"].as_str())
        .collect();
    for wanted in ["lev-api-keys.js", "lev-api-keys.d.ts", "package.json"] {
        assert!(files.contains(&wanted), "{wanted} in {files:?}");
    }
    assert!(files.iter().any(|f| f.ends_with("_bg.wasm")), "{files:?}");
    assert!(files.iter().any(|f| f.ends_with(".css")), "{files:?}");
    // The dialogs' chunks and their loader, fetched later: in the package like the rest.
    let split: Vec<&&str> = files.iter().filter(|f| f.starts_with("lev-")).collect();
    for dialog in [
        "lev-create_key-",
        "lev-revoke_key-",
        "lev-rotate_key-",
        "lev-split-loader-",
    ] {
        assert!(
            split.iter().any(|f| f.starts_with(dialog)),
            "{dialog}… in {files:?}"
        );
    }
    // Each language's catalog, fetched when the tab shows it.
    let catalogs = embed_files(|n| n.starts_with("messages-") && n.ends_with(".json"));
    assert_eq!(catalogs.len(), 7, "six languages and en-XA: {catalogs:?}");
    for catalog in &catalogs {
        assert!(files.contains(&catalog.as_str()), "{catalog} in {files:?}");
    }
    let chunks = embed_files(|n| is_chunk(n) || is_chunk_loader(n)).len();
    assert_eq!(
        files.len(),
        6 + chunks + catalogs.len(),
        "the entry, its three files, types, manifest, {chunks} chunk files and the catalogs: {files:?}"
    );
    let tarball = out
        .path()
        .join(packed["filename"].as_str().expect("filename"));
    assert!(tarball.exists(), "{}", tarball.display());
}

/// Whether the wasm in `folder` of the build holds `needle` (a crate's name: the panic
/// locations left in a release wasm name the crates they are in).
fn wasm_holds(folder: &str, names: Vec<String>, needle: &str) -> bool {
    let wasm = names
        .first()
        .unwrap_or_else(|| panic!("the wasm of {folder}/"));
    let bytes = std::fs::read(dist().join(folder).join(wasm)).expect("the wasm");
    bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[test]
fn the_package_carries_no_router_and_the_standalone_page_does() {
    let main_wasm = |n: &str| n.ends_with("_bg.wasm");
    assert!(
        !wasm_holds("embed", embed_files(main_wasm), "leptos_router"),
        "the package's wasm has leptos_router in it (built with the `shell` feature?)"
    );
    // The same check finds it where it is: the standalone page's build, with its routes.
    assert!(
        wasm_holds("app", app_files(main_wasm), "leptos_router"),
        "the standalone page's wasm has no leptos_router (built without the `shell` feature?)"
    );
}

/// `tsc` over `host` with the package's declarations as `@lev/api-keys-tab`; its output.
fn type_check(host: &Path) -> (bool, String) {
    let dir = tempfile::tempdir().expect("a folder");
    let config = json!({
        "compilerOptions": {
            "strict": true,
            "noEmit": true,
            "jsx": "react-jsx",
            "module": "esnext",
            "moduleResolution": "bundler",
            "target": "es2022",
            "lib": ["es2022", "dom"],
            "types": [],
            "paths": { "@lev/api-keys-tab": [dist().join("embed/lev-api-keys.d.ts")] }
        },
        "files": [host]
    });
    let tsconfig = dir.path().join("tsconfig.json");
    std::fs::write(&tsconfig, config.to_string()).expect("tsconfig");
    let output = Command::new(repository().join("node_modules/.bin/tsc"))
        .arg("-p")
        .arg(&tsconfig)
        .output()
        .expect("tsc (run `cargo xtask setup`)");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

#[test]
fn a_tsx_host_type_checks_against_the_declarations() {
    let (ok, output) = type_check(&repository().join("tests/host/typed-host.tsx"));
    assert!(ok, "tsc refused the host:\n{output}");
}

#[test]
fn the_declarations_refuse_what_the_element_does_not_have() {
    let (ok, output) = type_check(&repository().join("tests/host/typed-host-wrong.tsx"));
    assert!(!ok, "tsc accepted a wrong host:\n{output}");
    assert!(
        output.contains("\"sepia\""),
        "the unknown theme is refused:\n{output}"
    );
    assert!(
        output.contains("api_key"),
        "a secret in the event's detail is refused:\n{output}"
    );
    assert!(
        output.contains("create_kye"),
        "a message id the catalog does not have is refused:\n{output}"
    );
    assert_eq!(
        output.matches("error TS").count(),
        3,
        "exactly those three:\n{output}"
    );
}
