//! `cargo xtask build`: the app into a dist folder with Trunk.

use std::path::{Path, PathBuf};

use crate::catalogs::{message_ids_union, write_catalogs};
use crate::manifests;
use crate::proc::{self, command, secs, timed};
use crate::{setup, split};

/// Files the release build also writes as `.br` and `.gz` (the HTML is made per request: its
/// policy carries the hashes of its inline scripts).
const COMPRESSED_EXTENSIONS: &[&str] = &["js", "wasm", "css", "json"];

/// Writes `name.br` (brotli, quality 11) and `name.gz` (gzip, level 9) beside each asset of
/// `dist`, for the server's precompressed serving.
pub fn compress_assets(dist: &Path) -> Result<(), String> {
    use std::io::Write;
    let entries =
        std::fs::read_dir(dist).map_err(|e| format!("reading {}: {e}", dist.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        let compressible = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| COMPRESSED_EXTENSIONS.contains(&e));
        if !compressible {
            continue;
        }
        let raw = std::fs::read(&path).map_err(|e| format!("reading {}: {e}", path.display()))?;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&raw).map_err(|e| e.to_string())?;
        let gz = gz.finish().map_err(|e| e.to_string())?;
        let mut br = Vec::new();
        let params = brotli::enc::BrotliEncoderParams {
            quality: 11,
            lgwin: 22,
            ..Default::default()
        };
        brotli::BrotliCompress(&mut raw.as_slice(), &mut br, &params).map_err(|e| e.to_string())?;
        for (suffix, bytes) in [("gz", gz), ("br", br)] {
            let mut name = path.clone().into_os_string();
            name.push(format!(".{suffix}"));
            std::fs::write(&name, bytes).map_err(|e| format!("writing {name:?}: {e}"))?;
        }
    }
    Ok(())
}

/// The element's sources, filled in and written into `dist/embed/` beside the files they load.
const EMBED_SOURCES: &str = "src/embed";

/// `template` with each `@NAME@` of `values` replaced; an error if any `@NAME@` is left (a
/// placeholder added to a source but not to the build would otherwise ship as it is).
fn fill(template: &str, what: &str, values: &[(&str, &str)]) -> Result<String, String> {
    let mut text = template.to_owned();
    for (name, value) in values {
        let placeholder = format!("@{name}@");
        if !text.contains(&placeholder) {
            return Err(format!("{what} has no {placeholder} to fill"));
        }
        text = text.replace(&placeholder, value);
    }
    match leftover_placeholder(&text) {
        Some(left) => Err(format!(
            "{what} still holds {left} after the build filled it"
        )),
        None => Ok(text),
    }
}

/// The first `@NAME@` (capitals, digits and underscores between two `@`) in `text`.
fn leftover_placeholder(text: &str) -> Option<&str> {
    text.match_indices('@').find_map(|(start, _)| {
        let rest = &text[start + 1..];
        let end =
            rest.find(|c: char| !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'))?;
        (end > 0 && rest[end..].starts_with('@')).then(|| &text[start..start + end + 2])
    })
}

/// The one file of `dist` whose name satisfies `wanted`.
fn built_file(dist: &Path, what: &str, wanted: impl Fn(&str) -> bool) -> Result<String, String> {
    let mut found = std::fs::read_dir(dist)
        .map_err(|e| format!("reading {}: {e}", dist.display()))?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| wanted(name));
    match (found.next(), found.next()) {
        (Some(name), None) => Ok(name),
        (None, _) => Err(format!("the build wrote no {what} into {}", dist.display())),
        (Some(a), Some(b)) => Err(format!("two {what}s in {}: {a}, {b}", dist.display())),
    }
}

/// Which of the two Trunk builds a folder of the element's files comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ElementBuild {
    /// The standalone settings page (index.html, with the `shell` feature): `app/`, which the
    /// page itself loads.
    StandalonePage,
    /// The element's npm package (src/embed/package.html, without it): `embed/`.
    Package,
}

/// The page Trunk builds the package from.
pub const PACKAGE_PAGE: &str = "src/embed/package.html";

impl ElementBuild {
    /// The build Trunk is running, told by its hook's `TRUNK_HTML_FILE`.
    fn of_page(page: &Path) -> Self {
        if page.ends_with(PACKAGE_PAGE) {
            Self::Package
        } else {
            Self::StandalonePage
        }
    }

    /// Its folder in the dist folder.
    pub fn folder(self) -> &'static str {
        match self {
            Self::StandalonePage => "app",
            Self::Package => "embed",
        }
    }
}

/// Writes `dist/embed/` (or `dist/app/`: [`ElementBuild`]), an npm package directory: the
/// element's entry `lev-api-keys.js` (stable name; it loads the others relative to its own
/// URL), the hashed bindings, wasm and stylesheet it loads, the dialogs' chunks and their loader
/// ([`split::finish_chunks`]), its types and `package.json` (the app's version). For the
/// standalone page, its index.html is pointed at them too.
pub fn write_embed_package(dist: &Path, build: ElementBuild) -> Result<(), String> {
    let folder = build.folder();
    let embed = dist.join(folder);
    if embed.exists() {
        std::fs::remove_dir_all(&embed)
            .map_err(|e| format!("clearing {}: {e}", embed.display()))?;
    }
    std::fs::create_dir_all(&embed).map_err(|e| format!("creating {}: {e}", embed.display()))?;
    let wasm = built_file(dist, "wasm", |n| n.ends_with("_bg.wasm"))?;
    let bindings = built_file(dist, "bindings script", |n| {
        n.starts_with("lev-api-keys-") && n.ends_with(".js")
    })?;
    let stylesheet = built_file(dist, "stylesheet", |n| n.ends_with(".css"))?;
    // Moved, not copied: the page loads them from here as every host page does, so each is
    // fetched (and cached) once.
    for name in [&wasm, &bindings, &stylesheet] {
        std::fs::rename(dist.join(name), embed.join(name))
            .map_err(|e| format!("moving {name}: {e}"))?;
    }
    let loader = split::finish_chunks(dist, &embed, &bindings)?;
    let bindings_path = embed.join(&bindings);
    let text =
        std::fs::read_to_string(&bindings_path).map_err(|e| format!("reading {bindings}: {e}"))?;
    std::fs::write(&bindings_path, name_the_wasm(&text, &wasm)?)
        .map_err(|e| format!("writing {bindings}: {e}"))?;
    if build == ElementBuild::StandalonePage {
        point_the_page(dist, folder, &stylesheet, &bindings, &loader)?;
    }
    let sources = proc::root().join(EMBED_SOURCES);
    let read = |name: &str| {
        std::fs::read_to_string(sources.join(name)).map_err(|e| format!("reading {name}: {e}"))
    };
    let version = manifests::app_version()?;
    let catalogs = write_catalogs(&embed)?;
    let entry = fill(
        &read("lev-api-keys.js")?,
        "lev-api-keys.js",
        &[
            ("BINDINGS", &bindings),
            ("LOADER", &loader),
            ("WASM", &wasm),
            ("STYLESHEET", &stylesheet),
            ("CATALOGS", &catalogs),
        ],
    )?;
    let types = fill(
        &read("lev-api-keys.d.ts")?,
        "lev-api-keys.d.ts",
        &[("MESSAGE_IDS", &message_ids_union()?)],
    )?;
    let package = fill(
        &read("package.json")?,
        "package.json",
        &[("VERSION", &version)],
    )?;
    let files = [
        ("lev-api-keys.js", entry),
        ("lev-api-keys.d.ts", types),
        ("package.json", package),
    ];
    for (name, text) in files {
        std::fs::write(embed.join(name), text).map_err(|e| format!("writing {name}: {e}"))?;
    }
    Ok(())
}

/// Points the standalone page's index.html (in `dist`) at its element's files in `folder`.
fn point_the_page(
    dist: &Path,
    folder: &str,
    stylesheet: &str,
    bindings: &str,
    loader: &str,
) -> Result<(), String> {
    // The page's own link to the stylesheet (it styles the standalone page's body) points at
    // the copy the element's shadow root links too.
    let index = dist.join("index.html");
    let page = std::fs::read_to_string(&index).map_err(|e| format!("reading index.html: {e}"))?;
    let linked = format!("/{stylesheet}");
    if !page.contains(&linked) {
        return Err(format!("index.html does not link {linked}"));
    }
    let page = page.replace(&linked, &format!("/{folder}/{stylesheet}"));
    // The bindings import the chunks' loader: preloaded beside them, not found after them.
    let preloaded = format!("/{folder}/{bindings}");
    let tag_end = page
        .find(&preloaded)
        .and_then(|at| page[at..].find('>').map(|end| at + end + 1))
        .ok_or_else(|| format!("index.html does not preload {preloaded} (Trunk.toml)"))?;
    let mut page = page;
    page.insert_str(
        tag_end,
        &format!("<link rel=\"modulepreload\" href=\"/{folder}/{loader}\">"),
    );
    std::fs::write(&index, page).map_err(|e| format!("writing index.html: {e}"))?;
    Ok(())
}

/// The bindings' default wasm URL, `new URL('lev-api-keys_bg.wasm', import.meta.url)`, names the
/// file before Trunk hashed it. The entry always passes the hashed one, so it is never
/// fetched, but bundlers (Next.js's Turbopack, webpack) resolve every `new URL(…,
/// import.meta.url)` they see and fail on a file that does not exist: it names `wasm` instead.
fn name_the_wasm(bindings: &str, wasm: &str) -> Result<String, String> {
    const DEFAULT: &str = "new URL('lev-api-keys_bg.wasm', import.meta.url)";
    if !bindings.contains(DEFAULT) {
        return Err(format!(
            "the bindings no longer hold `{DEFAULT}` (a new wasm-bindgen?): update name_the_wasm"
        ));
    }
    Ok(bindings.replace(DEFAULT, &format!("new URL('./{wasm}', import.meta.url)")))
}

/// `cargo xtask embed-package`, which Trunk runs after each build (Trunk.toml's hook, so that
/// `trunk watch` and `trunk serve` write it too): `embed/` into the staging folder Trunk then
/// moves to the dist folder.
pub fn embed_package_hook() -> Result<(), String> {
    let staging = std::env::var_os("TRUNK_STAGING_DIR")
        .ok_or("embed-package is Trunk's post-build hook: TRUNK_STAGING_DIR is not set")?;
    let page = std::env::var_os("TRUNK_HTML_FILE")
        .ok_or("embed-package is Trunk's post-build hook: TRUNK_HTML_FILE is not set")?;
    write_embed_package(Path::new(&staging), ElementBuild::of_page(Path::new(&page)))
}

/// One Trunk build of `page` (index.html when `None`) into `dist`.
fn trunk_build(page: Option<&str>, dist: &Path, release: bool) -> Result<(), String> {
    let mut cmd = split::trunk()?;
    cmd.arg("build");
    if let Some(page) = page {
        cmd.arg(page);
    }
    cmd.arg("--dist").arg(dist);
    if release {
        cmd.arg("--release");
    }
    proc::run(&mut cmd)
}

/// Copies the files of folder `from` into `to` (made afresh).
fn copy_folder(from: &Path, to: &Path) -> Result<(), String> {
    if to.exists() {
        std::fs::remove_dir_all(to).map_err(|e| format!("clearing {}: {e}", to.display()))?;
    }
    std::fs::create_dir_all(to).map_err(|e| format!("creating {}: {e}", to.display()))?;
    let entries =
        std::fs::read_dir(from).map_err(|e| format!("reading {}: {e}", from.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if let Some(name) = path.file_name() {
            std::fs::copy(&path, to.join(name))
                .map_err(|e| format!("copying {}: {e}", path.display()))?;
        }
    }
    Ok(())
}

/// Builds the app into `dist` (release: size-tuned profile, `wasm-opt -Oz`, and brotli and
/// gzip copies of the assets): two Trunk builds, the standalone page (index.html, with its
/// shell and routes; its element's files in `app/`) and the element's package
/// ([`PACKAGE_PAGE`], without them; `embed/`).
pub fn build_app(release: bool, dist: &Path) -> Result<(), String> {
    let package_dist = proc::root().join("target").join("package-dist");
    let (result, took) = timed(|| {
        // The package first: Trunk replaces its whole dist folder, so each has its own.
        trunk_build(Some(PACKAGE_PAGE), &package_dist, release)?;
        trunk_build(None, dist, release)?;
        for build in [ElementBuild::StandalonePage, ElementBuild::Package] {
            let from = match build {
                ElementBuild::StandalonePage => dist,
                ElementBuild::Package => &package_dist,
            };
            if !from.join(build.folder()).join("lev-api-keys.js").exists() {
                return Err(format!(
                    "the build wrote no {}/ (Trunk.toml's post-build hook)",
                    build.folder()
                ));
            }
        }
        let package = ElementBuild::Package.folder();
        copy_folder(&package_dist.join(package), &dist.join(package))?;
        if release {
            compress_assets(dist)?;
            for build in [ElementBuild::StandalonePage, ElementBuild::Package] {
                compress_assets(&dist.join(build.folder()))?;
            }
        }
        Ok::<(), String>(())
    });
    result?;
    println!(
        "build: app ({}) → {} ({})",
        if release { "release" } else { "debug" },
        dist.display(),
        secs(took)
    );
    Ok(())
}

/// Builds the server binary; returns its path.
pub fn build_server(release: bool) -> Result<PathBuf, String> {
    let mut cmd = command("cargo");
    cmd.args(["build", "--quiet", "-p", "lev-server"]);
    if release {
        cmd.arg("--release");
    }
    proc::run(&mut cmd)?;
    let profile = if release { "release" } else { "debug" };
    Ok(proc::root().join("target").join(profile).join("lev-server"))
}

/// `cargo xtask build [--release]`.
pub fn run(args: &[String]) -> Result<(), String> {
    let release = args.iter().any(|a| a == "--release");
    if let Some(unknown) = args.iter().find(|a| *a != "--release") {
        return Err(format!(
            "unknown option `{unknown}` (build takes --release)"
        ));
    }
    setup::ensure()?;
    build_app(release, &proc::root().join("dist"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bindings_name_the_hashed_wasm() {
        let bindings = "module_or_path = new URL('lev-api-keys_bg.wasm', import.meta.url);";
        assert_eq!(
            name_the_wasm(bindings, "lev-api-keys-0123_bg.wasm").as_deref(),
            Ok("module_or_path = new URL('./lev-api-keys-0123_bg.wasm', import.meta.url);")
        );
        assert!(name_the_wasm("nothing here", "x.wasm").is_err());
    }

    #[test]
    fn every_placeholder_is_filled_or_the_build_fails() {
        let values = [("WASM", "app-0123.wasm"), ("VERSION", "0.1.0")];
        assert_eq!(
            fill("import('./@WASM@') // v@VERSION@", "entry", &values).as_deref(),
            Ok("import('./app-0123.wasm') // v0.1.0")
        );
        let left = fill("@WASM@ @VERSION@ @LOADER@", "entry", &values);
        assert!(
            left.is_err_and(|e| e.contains("@LOADER@")),
            "a placeholder left"
        );
        let missing = fill("@WASM@", "entry", &values);
        assert!(
            missing.is_err_and(|e| e.contains("@VERSION@")),
            "a value with no place"
        );
        // An e-mail address or a decorator is not a placeholder.
        assert_eq!(leftover_placeholder("a@b.example, @Component @x@"), None);
        assert_eq!(leftover_placeholder("x @NEW_ONE@ y"), Some("@NEW_ONE@"));
    }

    #[test]
    fn the_element_sources_have_exactly_the_placeholders_the_build_fills() {
        let sources = proc::root().join(EMBED_SOURCES);
        let read = |name: &str| std::fs::read_to_string(sources.join(name)).expect("a source");
        let filled = fill(
            &read("lev-api-keys.js"),
            "lev-api-keys.js",
            &[
                ("BINDINGS", "b"),
                ("LOADER", "l"),
                ("WASM", "w"),
                ("STYLESHEET", "s"),
                ("CATALOGS", "{}"),
            ],
        );
        assert!(filled.is_ok(), "{filled:?}");
        assert!(fill(&read("package.json"), "package.json", &[("VERSION", "1")]).is_ok());
        let types = fill(
            &read("lev-api-keys.d.ts"),
            "lev-api-keys.d.ts",
            &[("MESSAGE_IDS", "'x'")],
        );
        assert!(types.is_ok(), "{types:?}");
    }
}
