//! One language's texts: English compiled in, a shipped catalog (`{id: text}` JSON) over it,
//! and a host's overrides (the element's `messages` property) over that. Entries that would
//! break a message (an unknown id, placeholders other than English's, malformed syntax) are
//! set aside with a report, and English's text stays.

use super::format::{placeholders, same_names};
use super::messages::{Msg, ENGLISH, IDS};

/// Reading direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dir {
    /// Left to right.
    Ltr,
    /// Right to left.
    Rtl,
}

impl Dir {
    /// The value of an HTML `dir` attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ltr => "ltr",
            Self::Rtl => "rtl",
        }
    }
}

/// Languages written right to left, by primary subtag.
const RIGHT_TO_LEFT: &[&str] = &[
    "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ps", "sd", "ug", "ur", "yi",
];

/// The direction a BCP 47 tag's language is written in (`ar-EG` → right to left).
pub fn direction_of(tag: &str) -> Dir {
    let primary = tag
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if RIGHT_TO_LEFT.contains(&primary.as_str()) {
        Dir::Rtl
    } else {
        Dir::Ltr
    }
}

/// A catalog's entries: each id with its text, or `None` for a value that is not a text.
pub type Entries = Vec<(String, Option<String>)>;

/// The entries of a JavaScript object (a parsed catalog, a host's `messages`); `None` if it is
/// not an object. Read with the browser's own JSON and `Object.entries`, so the wasm carries no
/// parser for them.
pub fn entries_of(object: &wasm_bindgen::JsValue) -> Option<Entries> {
    use wasm_bindgen::JsCast;
    let object = object.dyn_ref::<js_sys::Object>()?;
    if js_sys::Array::is_array(object) {
        return None;
    }
    Some(
        js_sys::Object::entries(object)
            .iter()
            .filter_map(|pair| {
                let pair = pair.dyn_into::<js_sys::Array>().ok()?;
                Some((pair.get(0).as_string()?, pair.get(1).as_string()))
            })
            .collect(),
    )
}

/// The tag of the language built in.
pub const ENGLISH_TAG: &str = "en";

/// A language the tab speaks: its tag and its text for each message.
#[derive(Debug, Clone, PartialEq)]
pub struct Language {
    tag: String,
    /// The text of each message not in English, by `Msg as usize`.
    texts: Vec<Option<Box<str>>>,
}

impl Language {
    /// English, as built in.
    pub fn english() -> Self {
        Self {
            tag: ENGLISH_TAG.to_owned(),
            texts: Vec::new(),
        }
    }

    /// `tag` (a canonical BCP 47 tag) with `catalog` (a shipped catalog's entries, if any) and
    /// `overrides` (a host's) over English; `None` for either that was not an object. What
    /// cannot be used is told to `report`.
    pub fn new(
        tag: &str,
        catalog: Option<Option<&Entries>>,
        overrides: Option<Option<&Entries>>,
        report: &mut dyn FnMut(String),
    ) -> Self {
        let mut language = Self {
            tag: if tag.is_empty() { ENGLISH_TAG } else { tag }.to_owned(),
            texts: vec![None; IDS.len()],
        };
        for (source, entries) in [("the catalog of", catalog), ("the messages for", overrides)] {
            match entries {
                None => {}
                Some(None) => report(format!("lev-api-keys: {source} {tag} is not an object")),
                Some(Some(entries)) => language.take(entries, &mut |problem| {
                    report(format!("lev-api-keys: {source} {tag}: {problem}"))
                }),
            }
        }
        if language.texts.iter().all(Option::is_none) {
            language.texts = Vec::new();
        }
        language
    }

    fn take(&mut self, entries: &Entries, report: &mut dyn FnMut(String)) {
        for (id, text) in entries {
            let Some(msg) = Msg::from_id(id) else {
                report(format!("`{id}` is not a message id; it is ignored"));
                continue;
            };
            let Some(text) = text else {
                report(format!("`{id}` is not a string; English is shown"));
                continue;
            };
            let wanted = placeholders(msg.english()).unwrap_or_default();
            match placeholders(text) {
                Ok(found) if same_names(&found, &wanted) => {
                    self.texts[msg as usize] = Some(text.as_str().into())
                }
                Ok(found) => {
                    let names = |names: &[&str]| {
                        names
                            .iter()
                            .map(|n| format!("{{{n}}}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    };
                    report(format!(
                        "`{id}` has the placeholders [{}] where English has [{}]; English is shown",
                        names(&found),
                        names(&wanted)
                    ));
                }
                Err(e) => report(format!("`{id}` is malformed ({e}); English is shown")),
            }
        }
    }

    /// The language's BCP 47 tag (the tab's `lang`).
    pub fn tag(&self) -> &str {
        &self.tag
    }

    /// Its reading direction.
    pub fn dir(&self) -> Dir {
        direction_of(&self.tag)
    }

    /// Its text for `msg` (English's where it has none).
    pub fn text(&self, msg: Msg) -> &str {
        match self.texts.get(msg as usize) {
            Some(Some(text)) => text,
            _ => msg.english(),
        }
    }
}

impl Msg {
    /// The message's id (`create_key`).
    pub fn id(self) -> &'static str {
        IDS[self as usize]
    }

    /// Its English text.
    pub fn english(self) -> &'static str {
        ENGLISH[self as usize]
    }

    /// The message with id `id`.
    pub fn from_id(id: &str) -> Option<Self> {
        IDS.binary_search(&id)
            .ok()
            .map(|at| super::messages::ALL[at])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(pairs: &[(&str, Option<&str>)]) -> Entries {
        pairs
            .iter()
            .map(|(id, text)| ((*id).to_owned(), text.map(str::to_owned)))
            .collect()
    }

    fn reported(
        tag: &str,
        catalog: Option<&Entries>,
        overrides: Option<&Entries>,
    ) -> (Language, Vec<String>) {
        let mut reports = Vec::new();
        let language = Language::new(tag, Some(catalog), overrides.map(Some), &mut |r| {
            reports.push(r)
        });
        (language, reports)
    }

    #[test]
    fn ids_round_trip_and_are_sorted() {
        assert!(IDS.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(Msg::from_id("create_key"), Some(Msg::CreateKey));
        assert_eq!(Msg::CreateKey.id(), "create_key");
        assert_eq!(Msg::CreateKey.english(), "Create key");
        assert_eq!(Msg::from_id("Create key"), None);
    }

    #[test]
    fn overrides_win_and_bad_entries_keep_english() {
        let catalog = entries(&[
            ("cancel", None),
            ("create_key", Some("Schlüssel erstellen")),
            ("nonsense", Some("x")),
        ]);
        let overrides = entries(&[("create_key", Some("Neuer Schlüssel"))]);
        let (de, reports) = reported("de", Some(&catalog), Some(&overrides));
        assert_eq!(de.text(Msg::CreateKey), "Neuer Schlüssel");
        assert_eq!(de.text(Msg::Cancel), "Cancel");
        assert_eq!(de.tag(), "de");
        assert_eq!(reports.len(), 2, "{reports:?}");
        assert!(
            reports[0].contains("`cancel` is not a string"),
            "{reports:?}"
        );
        assert!(
            reports[1].contains("`nonsense` is not a message id"),
            "{reports:?}"
        );
    }

    #[test]
    fn a_text_must_have_englishs_placeholders() {
        let catalog = entries(&[
            ("create_key", Some("{oops")),
            ("revoke_key_named", Some("Revoke it")),
        ]);
        let (x, reports) = reported("x", Some(&catalog), None);
        assert_eq!(x.text(Msg::RevokeKeyNamed), Msg::RevokeKeyNamed.english());
        assert_eq!(x.text(Msg::CreateKey), "Create key");
        assert_eq!(reports.len(), 2, "{reports:?}");
        assert!(reports[0].contains("malformed"), "{reports:?}");
        assert!(reports[1].contains("[{label}]"), "{reports:?}");
        let (_, reports) = reported("x", None, None);
        assert!(reports[0].contains("not an object"), "{reports:?}");
    }

    #[test]
    fn directions() {
        assert_eq!(direction_of("ar"), Dir::Rtl);
        assert_eq!(direction_of("he-IL"), Dir::Rtl);
        assert_eq!(direction_of("fa"), Dir::Rtl);
        assert_eq!(direction_of("ur"), Dir::Rtl);
        assert_eq!(direction_of("de"), Dir::Ltr);
        assert_eq!(direction_of("en-XA"), Dir::Ltr);
        assert_eq!(Language::english().dir(), Dir::Ltr);
    }
}
