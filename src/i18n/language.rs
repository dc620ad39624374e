//! One language's texts: English compiled in, a shipped catalog (`{id: text}` JSON) over it,
//! and a host's overrides (the element's `messages` property) over that. Entries that would
//! break a message (an unknown id, placeholders other than English's, malformed syntax) are
//! set aside with a report, and English's text stays.

use std::collections::BTreeMap;

use super::format::placeholders;
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

    /// `tag` (a canonical BCP 47 tag) with `catalog` (a shipped catalog's JSON, if any) and
    /// `overrides` (a host's, as JSON) over English. What cannot be used is told to `report`.
    pub fn new(
        tag: &str,
        catalog: Option<&str>,
        overrides: Option<&str>,
        report: &mut dyn FnMut(String),
    ) -> Self {
        let mut language = Self {
            tag: if tag.is_empty() { ENGLISH_TAG } else { tag }.to_owned(),
            texts: vec![None; IDS.len()],
        };
        for (source, json) in [("the catalog of", catalog), ("the messages for", overrides)] {
            let Some(json) = json else { continue };
            match serde_json::from_str::<BTreeMap<String, serde_json::Value>>(json) {
                Ok(entries) => language.take(&entries, &mut |problem| {
                    report(format!("lev-api-keys: {source} {tag}: {problem}"))
                }),
                Err(e) => report(format!(
                    "lev-api-keys: {source} {tag} is not a JSON object: {e}"
                )),
            }
        }
        if language.texts.iter().all(Option::is_none) {
            language.texts = Vec::new();
        }
        language
    }

    fn take(
        &mut self,
        entries: &BTreeMap<String, serde_json::Value>,
        report: &mut dyn FnMut(String),
    ) {
        for (id, text) in entries {
            let Some(msg) = Msg::from_id(id) else {
                report(format!("`{id}` is not a message id; it is ignored"));
                continue;
            };
            let Some(text) = text.as_str() else {
                report(format!("`{id}` is not a string; English is shown"));
                continue;
            };
            let wanted = placeholders(msg.english()).unwrap_or_default();
            match placeholders(text) {
                Ok(found) if found == wanted => self.texts[msg as usize] = Some(text.into()),
                Ok(found) => {
                    let names = |set: &std::collections::BTreeSet<String>| {
                        set.iter()
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

    fn reported(tag: &str, catalog: &str, overrides: Option<&str>) -> (Language, Vec<String>) {
        let mut reports = Vec::new();
        let language = Language::new(tag, Some(catalog), overrides, &mut |r| reports.push(r));
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
        let (de, reports) = reported(
            "de",
            r#"{"create_key": "Schlüssel erstellen", "nonsense": "x", "cancel": 3}"#,
            Some(r#"{"create_key": "Neuer Schlüssel"}"#),
        );
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
        let (x, reports) = reported(
            "x",
            r#"{"revoke_key_named": "Revoke it", "create_key": "{oops"}"#,
            None,
        );
        assert_eq!(x.text(Msg::RevokeKeyNamed), Msg::RevokeKeyNamed.english());
        assert_eq!(x.text(Msg::CreateKey), "Create key");
        assert_eq!(reports.len(), 2, "{reports:?}");
        assert!(reports[0].contains("malformed"), "{reports:?}");
        assert!(reports[1].contains("[{label}]"), "{reports:?}");
        let (_, reports) = reported("x", "[1]", None);
        assert!(reports[0].contains("not a JSON object"), "{reports:?}");
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
