//! The shipped languages. The catalogs (`src/i18n/locales/*.json`): each has every message of
//! English's, and nothing else, with English's placeholders and well-formed plurals (that each
//! plural has the branches its language's `Intl.PluralRules` needs is checked in the browser:
//! `tests/web/plural_forms.rs`). The stylesheet: logical properties only, so right-to-left
//! languages mirror it.

use std::collections::BTreeMap;
use std::path::PathBuf;

use lev_api_keys::i18n::format::{placeholders, same_names};
use lev_api_keys::i18n::messages::ALL;
use lev_api_keys::i18n::Msg;

/// The languages the package ships besides English (README: "Languages").
const SHIPPED: &[&str] = &["ar", "de", "es", "fr", "ja", "pt-BR"];

fn locales() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/i18n/locales")
}

fn catalog(tag: &str) -> BTreeMap<String, String> {
    let path = locales().join(format!("{tag}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_shipped_languages_are_the_files() {
    let mut found: Vec<String> = std::fs::read_dir(locales())
        .map(|dir| {
            dir.filter_map(|e| e.ok()?.file_name().into_string().ok())
                .filter_map(|n| n.strip_suffix(".json").map(str::to_owned))
                .filter(|tag| tag != "en")
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    assert_eq!(
        found, SHIPPED,
        "a new catalog: add it to SHIPPED and to the README"
    );
}

#[test]
fn every_catalog_has_every_message_with_englishs_placeholders() {
    for tag in SHIPPED {
        let texts = catalog(tag);
        let mut problems = Vec::new();
        for msg in ALL {
            let english = placeholders(msg.english()).expect("English is well formed");
            match texts.get(msg.id()).map(|t| placeholders(t)) {
                None => problems.push(format!("{} is missing", msg.id())),
                Some(Err(e)) => problems.push(format!("{} is malformed: {e}", msg.id())),
                Some(Ok(found)) if !same_names(&found, &english) => {
                    problems.push(format!("{} has {found:?}, English {english:?}", msg.id()))
                }
                Some(Ok(_)) => {}
            }
        }
        for id in texts.keys() {
            if Msg::from_id(id).is_none() {
                problems.push(format!("{id} is not a message of English's"));
            }
        }
        assert!(problems.is_empty(), "{tag}:\n{}", problems.join("\n"));
    }
}

#[test]
fn no_text_is_left_empty_or_in_english_by_mistake() {
    // Words that are the same in a language (a product name, "Label") are fine; a whole
    // sentence left as English is not.
    for tag in SHIPPED {
        let texts = catalog(tag);
        for msg in ALL {
            let text = &texts[msg.id()];
            assert!(!text.trim().is_empty(), "{tag}: {} is empty", msg.id());
            let english = msg.english();
            assert!(
                text != english || english.split_whitespace().count() < 3,
                "{tag}: {} is still English: {text}",
                msg.id()
            );
        }
    }
}

#[test]
fn the_stylesheet_mirrors_through_logical_properties() {
    // Right-to-left languages mirror the layout only if nothing in it is physically left or
    // right (`margin-inline-start`, not `margin-left`; `text-align: start`).
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("style/main.css");
    let css = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let physical: Vec<(usize, &str)> = css
        .lines()
        .enumerate()
        .filter(|(_, line)| {
            let code = line.split("/*").next().unwrap_or("");
            code.contains("left") || code.contains("right")
        })
        .map(|(n, line)| (n + 1, line.trim()))
        .collect();
    assert!(
        physical.is_empty(),
        "physical sides in style/main.css: {physical:?}"
    );
}
