//! The label rule (`lev_rules::label`, the tab's too), with Unicode's data from Rust crates:
//! NFC from `unicode-normalization`, general categories from `unicode-properties`.

use lev_rules::label::{CharClass, UnicodeData, MAX_LABEL_CHARS};
use serde_json::json;
use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

use crate::error::ApiError;

/// Unicode's data as the crates have it.
struct Crates;

impl UnicodeData for Crates {
    fn class(&self, c: char) -> CharClass {
        match c.general_category() {
            GeneralCategory::Control
            | GeneralCategory::LineSeparator
            | GeneralCategory::ParagraphSeparator => CharClass::Control,
            GeneralCategory::Format => CharClass::Invisible,
            GeneralCategory::NonspacingMark
            | GeneralCategory::SpacingMark
            | GeneralCategory::EnclosingMark => CharClass::Mark,
            _ if c.is_whitespace() => CharClass::Space,
            _ => CharClass::Visible,
        }
    }

    fn nfc(&self, text: &str) -> String {
        text.nfc().collect()
    }
}

/// Checks `raw` by the shared rule; the `Ok` value is what gets stored.
pub fn validate(raw: &str) -> Result<String, ApiError> {
    lev_rules::label::validate(raw, &Crates).map_err(|problem| {
        ApiError::validation(
            format!("Label: {}", problem.message()),
            json!({ "field": "label", "reason": problem.reason(), "max_length": MAX_LABEL_CHARS }),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table the tab is tested on too, with the browser's data.
    #[test]
    fn the_shared_cases() {
        for (typed, expected) in lev_rules::label::CASES {
            let made = lev_rules::label::validate(typed, &Crates);
            assert_eq!(made.as_deref(), expected.as_ref().map(|s| *s), "{typed:?}");
        }
    }

    #[test]
    fn a_refusal_names_the_field_and_the_reason() {
        let error = validate("invoice\u{202E}gpj.exe").expect_err("refused");
        let body = serde_json::to_value(error.envelope()).expect("json");
        assert_eq!(body["error"]["details"]["field"], "label");
        assert_eq!(body["error"]["details"]["reason"], "invisible_characters");
        assert!(body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("invisible character")));
    }
}
