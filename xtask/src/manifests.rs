//! What the tasks read from Cargo's and Trunk's files, parsed as the TOML they are.

use serde::Deserialize;

use crate::proc;

/// A package as Cargo.lock records it.
#[derive(Debug, Deserialize)]
pub struct LockedPackage {
    /// Its name.
    pub name: String,
    /// The version resolved.
    pub version: String,
    /// Where it comes from; `None` for a path package (ours, or a patch in `vendor/`).
    pub source: Option<String>,
}

#[derive(Deserialize)]
struct Lockfile {
    #[serde(default)]
    package: Vec<LockedPackage>,
}

/// The packages of a Cargo.lock's text.
pub fn parse_lock(text: &str) -> Result<Vec<LockedPackage>, String> {
    toml::from_str::<Lockfile>(text)
        .map(|lock| lock.package)
        .map_err(|e| format!("reading Cargo.lock: {e}"))
}

/// The packages of this repository's Cargo.lock.
pub fn lockfile() -> Result<Vec<LockedPackage>, String> {
    let text = std::fs::read_to_string(proc::root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    parse_lock(&text)
}

/// The version of package `name` in `packages` (the first, if several are locked).
pub fn locked_version(packages: &[LockedPackage], name: &str) -> Option<String> {
    packages
        .iter()
        .find(|p| p.name == name)
        .map(|p| p.version.clone())
}

#[derive(Deserialize)]
struct Manifest {
    package: Option<ManifestPackage>,
}

#[derive(Deserialize)]
struct ManifestPackage {
    version: Option<toml::Value>,
}

/// The `[package] version` of a Cargo.toml's text.
pub fn package_version(text: &str) -> Result<String, String> {
    let manifest: Manifest =
        toml::from_str(text).map_err(|e| format!("reading Cargo.toml: {e}"))?;
    match manifest.package.and_then(|p| p.version) {
        Some(toml::Value::String(version)) => Ok(version),
        _ => Err("Cargo.toml has no [package] version of its own".to_owned()),
    }
}

/// The app's version: the root Cargo.toml's `[package] version`.
pub fn app_version() -> Result<String, String> {
    let text = std::fs::read_to_string(proc::root().join("Cargo.toml"))
        .map_err(|e| format!("reading Cargo.toml: {e}"))?;
    package_version(&text)
}

#[cfg(test)]
#[derive(Deserialize)]
struct TrunkToml {
    tools: TrunkTools,
}

/// Trunk.toml's `[tools]`: the versions Trunk insists on (the tests check them against
/// Cargo.lock and setup).
#[cfg(test)]
#[derive(Debug, Deserialize)]
pub struct TrunkTools {
    /// The wasm-bindgen CLI's version.
    pub wasm_bindgen: String,
    /// binaryen's release (`version_132`).
    pub wasm_opt: String,
}

/// This repository's Trunk.toml `[tools]`.
#[cfg(test)]
pub fn trunk_tools() -> Result<TrunkTools, String> {
    let text = std::fs::read_to_string(proc::root().join("Trunk.toml"))
        .map_err(|e| format!("reading Trunk.toml: {e}"))?;
    toml::from_str::<TrunkToml>(&text)
        .map(|t| t.tools)
        .map_err(|e| format!("reading Trunk.toml: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_versions_and_sources_from_a_lockfile() -> Result<(), String> {
        let lock = "version = 4\n\n[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n\n[[package]]\nname = \"reactive_graph\"\nversion = \"0.2.16\"\ndependencies = [\"serde\"]\n";
        let packages = parse_lock(lock)?;
        assert_eq!(
            locked_version(&packages, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(locked_version(&packages, "serde"), None);
        assert!(packages[1].source.is_none(), "a path package");
        assert!(parse_lock("[[package]]\nname = ").is_err());
        assert!(!lockfile()?.is_empty(), "this repository's Cargo.lock");
        Ok(())
    }

    #[test]
    fn reads_the_package_version_not_the_workspaces() -> Result<(), String> {
        let manifest = "[workspace]\nmembers = []\n\n[workspace.package]\nversion = \"9.9.9\"\n\n[package]\nname = \"lev-api-keys\"\nversion = \"0.1.0\"\n";
        assert_eq!(package_version(manifest)?, "0.1.0");
        let inherited = "[package]\nname = \"x\"\nversion.workspace = true\n";
        assert!(package_version(inherited).is_err());
        assert!(!app_version()?.is_empty());
        Ok(())
    }
}
