//! Transfer size of every file of the built app: raw, gzip -9, brotli -q 11.

use std::io::Write;
use std::path::{Path, PathBuf};

use lev_harness::is_chunk;
use serde::Serialize;

/// One file's sizes, in bytes.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FileSize {
    /// Its name in `dist/`.
    pub file: String,
    /// As stored.
    pub raw: usize,
    /// gzip, level 9.
    pub gzip: usize,
    /// brotli, quality 11.
    pub brotli: usize,
}

/// Every file of the build and their sums: what the standalone page's first load fetches, the
/// dialogs' chunks, fetched after the rows paint, and what the element's package brings into a
/// host page before its rows.
#[derive(Debug, Clone, Serialize)]
pub struct Sizes {
    /// The standalone page's first load (index.html and `app/`), name order.
    pub files: Vec<FileSize>,
    /// Their sum: the first load over the wire.
    pub total: FileSize,
    /// The dialogs' chunks (`app/lev-*.wasm` besides the main wasm), name order.
    pub chunks: Vec<FileSize>,
    /// Their sum.
    pub chunks_total: FileSize,
    /// The package's first load in a host page (`embed/`: entry, bindings, chunks' loader,
    /// wasm, stylesheet; built without the settings shell and router), name order.
    pub package_files: Vec<FileSize>,
    /// Their sum.
    pub package_total: FileSize,
    /// The package's catalogs (`messages-<tag>-<hash>.json`): a page in one of those
    /// languages fetches its one beside the wasm; English fetches none.
    pub catalogs: Vec<FileSize>,
}

fn gzip(bytes: &[u8]) -> usize {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = encoder.write_all(bytes);
    encoder.finish().map(|v| v.len()).unwrap_or(0)
}

fn brotli(bytes: &[u8]) -> usize {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        ..Default::default()
    };
    let _ = brotli::BrotliCompress(&mut &bytes[..], &mut out, &params);
    out.len()
}

impl Sizes {
    /// Of what a first visit loads from `dist`: the page and `app/`'s entry, bindings, chunk
    /// loader, wasm and stylesheet, and apart from them the chunks; and the same of `embed/`,
    /// the package, without a page (the `.br` / `.gz` copies the build writes are what the
    /// columns compute again; the package's types and manifest are never fetched).
    pub fn of(dist: &Path) -> Self {
        let (first, chunks) = Self::loaded(&[dist.to_owned(), dist.join("app")]);
        let (package, _) = Self::loaded(&[dist.join("embed")]);
        let is_catalog = |p: &PathBuf| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("messages-"))
        };
        let (catalogs, package): (Vec<PathBuf>, Vec<PathBuf>) =
            package.into_iter().partition(is_catalog);
        let first: Vec<PathBuf> = first.into_iter().filter(|p| !is_catalog(p)).collect();
        let (catalogs, _) = Self::sized(dist, &catalogs, "catalogs");
        let (files, total) = Self::sized(dist, &first, "total");
        let (chunks, chunks_total) = Self::sized(dist, &chunks, "chunks");
        let (package_files, package_total) = Self::sized(dist, &package, "package total");
        Self {
            files,
            total,
            chunks,
            chunks_total,
            package_files,
            package_total,
            catalogs,
        }
    }

    /// The files of `dirs` a visit fetches, name order: those of the first load, then the
    /// chunks.
    fn loaded(dirs: &[PathBuf]) -> (Vec<PathBuf>, Vec<PathBuf>) {
        let mut entries: Vec<PathBuf> = dirs
            .iter()
            .flat_map(|dir| std::fs::read_dir(dir).expect("dist"))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .filter(|p| {
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
                !(name.ends_with(".br")
                    || name.ends_with(".gz")
                    || name.ends_with(".d.ts")
                    || name == "package.json")
            })
            .collect();
        entries.sort();
        let (chunks, first): (Vec<PathBuf>, Vec<PathBuf>) = entries
            .into_iter()
            .partition(|p| is_chunk(p.file_name().and_then(|n| n.to_str()).unwrap_or_default()));
        (first, chunks)
    }

    /// Each of `paths` sized, and their sum named `sum`.
    fn sized(dist: &Path, paths: &[PathBuf], sum: &str) -> (Vec<FileSize>, FileSize) {
        let mut total = FileSize {
            file: sum.to_owned(),
            ..FileSize::default()
        };
        let files = paths
            .iter()
            .map(|path| {
                let bytes = std::fs::read(path).expect("read");
                let size = FileSize {
                    file: path
                        .strip_prefix(dist)
                        .unwrap_or(path)
                        .to_string_lossy()
                        .into_owned(),
                    raw: bytes.len(),
                    gzip: gzip(&bytes),
                    brotli: brotli(&bytes),
                };
                total.raw += size.raw;
                total.gzip += size.gzip;
                total.brotli += size.brotli;
                size
            })
            .collect();
        (files, total)
    }

    /// The table of files and the total.
    pub fn print(&self) {
        println!("\nTransfer size of the first load (bytes)");
        println!(
            "{:<44} {:>9} {:>9} {:>9}",
            "file", "raw", "gzip -9", "brotli 11"
        );
        let row = |file: &FileSize| {
            println!(
                "{:<44} {:>9} {:>9} {:>9}",
                file.file, file.raw, file.gzip, file.brotli
            );
        };
        self.files.iter().chain([&self.total]).for_each(row);
        println!("(goal of the split-build issue: total ≤ 200 KB gzip, ≤ 160 KB brotli)");
        println!("\nThe dialogs' chunks, fetched when idle after the rows paint (bytes)");
        self.chunks.iter().chain([&self.chunks_total]).for_each(row);
        println!("\nWhat the element's package brings into a host page before its rows (bytes)");
        self.package_files
            .iter()
            .chain([&self.package_total])
            .for_each(row);
        println!("(goal of the every-host issue: ≤ 265 KB gzip, below every peer measured)");
        println!(
            "\nEach language's catalog, fetched beside the wasm when the tab shows it (bytes)"
        );
        self.catalogs.iter().for_each(row);
    }
}
