//! The tab's message catalogs in the element's files: every language shipped besides English
//! (each `src/i18n/locales/<tag>.json` but `en.json`, which is compiled into the wasm) and the
//! pseudo-locale `en-XA` made from English, written minified under hashed names beside the
//! wasm; the table the element's script fetches them by; and the ids for its types.

use std::collections::BTreeMap;
use std::path::Path;

use crate::proc;
use crate::split::hashed_name;

/// Where the catalogs are, one `<BCP 47 tag>.json` each.
pub const LOCALES: &str = "src/i18n/locales";

/// The pseudo-locale, for finding text that escapes the catalog.
const PSEUDO: &str = "en-XA";

type Catalog = BTreeMap<String, String>;

fn read_catalog(path: &Path) -> Result<Catalog, String> {
    let text =
        std::fs::read_to_string(path).map_err(|e| format!("reading {}: {e}", path.display()))?;
    serde_json::from_str(&text)
        .map_err(|e| format!("{}: not an object of texts by id ({e})", path.display()))
}

/// The catalogs to ship, by tag: each file of [`LOCALES`] but English, and `en-XA`.
fn shipped() -> Result<BTreeMap<String, Catalog>, String> {
    let dir = proc::root().join(LOCALES);
    let mut catalogs = BTreeMap::new();
    let entries = std::fs::read_dir(&dir).map_err(|e| format!("reading {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        let Some(tag) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".json"))
        else {
            continue;
        };
        if tag == "en" {
            let english = read_catalog(&path)?;
            let pseudo = english
                .iter()
                .map(|(id, text)| (id.clone(), pseudo_localize(text)))
                .collect();
            catalogs.insert(PSEUDO.to_owned(), pseudo);
        } else {
            catalogs.insert(tag.to_owned(), read_catalog(&path)?);
        }
    }
    Ok(catalogs)
}

/// Writes the catalogs into `folder` (minified, `messages-<tag>-<hash>.json`); returns the
/// table for the element's script: a JavaScript object of `new URL(…, import.meta.url)` by tag,
/// which bundlers follow to copy the files as they copy the wasm.
pub fn write_catalogs(folder: &Path) -> Result<String, String> {
    let mut table = String::from("{\n");
    for (tag, catalog) in shipped()? {
        let json = serde_json::to_string(&catalog).map_err(|e| e.to_string())?;
        let name = hashed_name(&format!("messages-{tag}"), "json", json.as_bytes());
        std::fs::write(folder.join(&name), json).map_err(|e| format!("writing {name}: {e}"))?;
        table.push_str(&format!(
            "  '{tag}': new URL('./{name}', import.meta.url),\n"
        ));
    }
    table.push('}');
    Ok(table)
}

/// The message ids as a TypeScript union (`'cancel' | 'create_key' | …`).
pub fn message_ids_union() -> Result<String, String> {
    let english = read_catalog(&proc::root().join(LOCALES).join("en.json"))?;
    Ok(english.keys().map(|id| format!("\n  | '{id}'")).collect())
}

/// A look-alike of `c` with an accent, for the pseudo-locale.
fn accented(c: char) -> char {
    const LOWER: &str = "åƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýž";
    const UPPER: &str = "ÅƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ";
    let table = if c.is_ascii_lowercase() {
        LOWER
    } else if c.is_ascii_uppercase() {
        UPPER
    } else {
        return c;
    };
    let index = (c.to_ascii_lowercase() as u8 - b'a') as usize;
    table.chars().nth(index).unwrap_or(c)
}

/// `text` in the pseudo-locale: every letter of its text accented, placeholders and plural
/// syntax kept, wrapped in `[` `]` and padded about 35 % longer.
pub fn pseudo_localize(text: &str) -> String {
    let mut chars = text.chars().peekable();
    let mut out = String::new();
    let letters = transform(&mut chars, &mut out, false);
    let padding = "·".repeat((letters * 35).div_ceil(100));
    format!(
        "[{out}{}{padding}]",
        if padding.is_empty() { "" } else { " " }
    )
}

/// Copies text up to an unmatched `}` (left in `chars`) or the end, accenting letters outside
/// placeholders; returns how many letters it accented.
fn transform(
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
    out: &mut String,
    in_branch: bool,
) -> usize {
    let mut letters = 0;
    while let Some(&c) = chars.peek() {
        match c {
            '}' => return letters,
            '{' => {
                chars.next();
                out.push('{');
                letters += placeholder(chars, out);
            }
            '#' if in_branch => {
                chars.next();
                out.push('#');
            }
            c => {
                chars.next();
                if c.is_ascii_alphabetic() {
                    letters += 1;
                }
                out.push(accented(c));
            }
        }
    }
    letters
}

/// After a `{`: a name and `}`, or a plural whose branches' text is accented.
fn placeholder(chars: &mut std::iter::Peekable<std::str::Chars<'_>>, out: &mut String) -> usize {
    // The name, and `, plural,` when there is one.
    let mut commas = 0;
    for c in chars.by_ref() {
        out.push(c);
        if c == '}' {
            return 0;
        }
        if c == ',' {
            commas += 1;
            if commas == 2 {
                break;
            }
        }
    }
    let mut letters = 0;
    // Branches: a selector, `{`, text, `}`; then the plural's own `}`.
    while let Some(c) = chars.next() {
        out.push(c);
        match c {
            '{' => {
                letters += transform(chars, out, true);
                if let Some(close) = chars.next() {
                    out.push(close);
                }
            }
            '}' => break,
            _ => {}
        }
    }
    letters
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pseudo_keeps_placeholders_and_plurals() {
        assert_eq!(pseudo_localize("Done"), "[Ðöñé ··]");
        assert_eq!(pseudo_localize("Revoke {label}?"), "[Ŕéṽöķé {label}? ···]");
        assert_eq!(
            pseudo_localize("{count, plural, one {# key} other {# keys of {total}}}"),
            "[{count, plural, one {# ķéý} other {# ķéýš öƒ {total}}} ····]"
        );
    }

    #[test]
    fn every_shipped_catalog_reads() {
        let catalogs = shipped().unwrap_or_default();
        for tag in ["es", "fr", "de", "ja", "pt-BR", "ar", PSEUDO] {
            assert!(catalogs.contains_key(tag), "{tag} is shipped");
        }
    }
}
