//! The crate's build script: the message catalog's ids, from the English catalog
//! (`src/i18n/locales/en.json`, the one source of ids and English text), as the `Msg` enum
//! that views name messages by, with the English texts compiled in. Other languages are files
//! the element fetches (see `src/i18n/mod.rs`).

use std::collections::BTreeMap;
use std::fmt::Write;

const ENGLISH: &str = "src/i18n/locales/en.json";

/// `create_key` → `CreateKey`.
fn camel(id: &str) -> String {
    id.split('_')
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn main() {
    println!("cargo:rerun-if-changed={ENGLISH}");
    let text = std::fs::read_to_string(ENGLISH).unwrap_or_else(|e| panic!("{ENGLISH}: {e}"));
    let catalog: BTreeMap<String, String> =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{ENGLISH}: {e}"));
    let mut out = String::new();
    out.push_str(
        "/// A message of the catalog (`Msg::CreateKey` is the id `create_key`); its documentation \
         is its English text.\n\
         #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]\n\
         pub enum Msg {\n",
    );
    for (id, english) in &catalog {
        let valid = id.starts_with(|c: char| c.is_ascii_lowercase())
            && id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        assert!(valid, "{ENGLISH}: `{id}` is not a snake_case id");
        let _ = writeln!(out, "    #[doc = {english:?}]\n    {},", camel(id));
    }
    out.push_str("}\n\n");
    let n = catalog.len();
    let _ = writeln!(out, "/// Every message, in the order of their ids.");
    let _ = writeln!(out, "pub const ALL: [Msg; {n}] = [");
    for id in catalog.keys() {
        let _ = writeln!(out, "    Msg::{},", camel(id));
    }
    out.push_str("];\n\n/// The ids, sorted (`Msg as usize` indexes them).\n");
    let _ = writeln!(out, "pub const IDS: [&str; {n}] = [");
    for id in catalog.keys() {
        let _ = writeln!(out, "    {id:?},");
    }
    out.push_str("];\n\n/// The English texts, in the order of the ids.\n");
    let _ = writeln!(out, "pub const ENGLISH: [&str; {n}] = [");
    for english in catalog.values() {
        let _ = writeln!(out, "    {english:?},");
    }
    out.push_str("];\n");
    let dir = std::env::var("OUT_DIR").unwrap_or_else(|e| panic!("OUT_DIR: {e}"));
    let path = std::path::Path::new(&dir).join("messages.rs");
    std::fs::write(&path, out).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}
