//! How the dialogs' wasm chunks and their loader are named in `embed/`: written by the build
//! (`xtask/src/split.rs`), recognized by the tests and the bench (`lev-harness`). Each name
//! ends in 16 hex digits of its content's SHA-256, like Trunk's own names, so the server
//! serves them as immutable.

/// The stem of the chunks' loader (`lev-split-loader-<hash>.js`).
pub const LOADER_STEM: &str = "lev-split-loader";

/// The stem Trunk gives the main wasm and its bindings: never a chunk.
const APP_STEM: &str = "lev-api-keys";

/// The stem a chunk gets from the splitter's file stem: `split_create_key` →
/// `lev-create_key` (a dialog's own code), `chunk_4` → `lev-chunk_4` (code several share).
pub fn chunk_stem(file_stem: &str) -> String {
    format!(
        "lev-{}",
        file_stem.strip_prefix("split_").unwrap_or(file_stem)
    )
}

/// `stem-hash.extension`.
pub fn hashed_name(stem: &str, hash: &str, extension: &str) -> String {
    format!("{stem}-{hash}.{extension}")
}

/// Whether `name`, a file of `embed/`, is one of the dialogs' chunks, the main wasm aside.
pub fn is_chunk(name: &str) -> bool {
    name.starts_with("lev-") && !name.starts_with(APP_STEM) && name.ends_with(".wasm")
}

/// Whether `name`, a file of `embed/`, is the chunks' loader.
pub fn is_chunk_loader(name: &str) -> bool {
    name.starts_with(&format!("{LOADER_STEM}-")) && name.ends_with(".js")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_build_names_what_the_tests_recognize() {
        let create = hashed_name(&chunk_stem("split_create_key"), "0123456789abcdef", "wasm");
        assert_eq!(create, "lev-create_key-0123456789abcdef.wasm");
        assert!(is_chunk(&create));
        assert!(is_chunk(&hashed_name(
            &chunk_stem("chunk_4"),
            "00ff00ff00ff00ff",
            "wasm"
        )));
        let loader = hashed_name(LOADER_STEM, "7ea35e4417af6d33", "js");
        assert!(is_chunk_loader(&loader) && !is_chunk(&loader));
        assert!(
            !is_chunk("lev-api-keys-94195a8d3dd65218_bg.wasm"),
            "the main wasm"
        );
        assert!(
            !is_chunk_loader("lev-api-keys-94195a8d3dd65218.js"),
            "the bindings"
        );
    }
}
