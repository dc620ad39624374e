//! The label rules of the contract: trimmed, 1–255 characters, no control characters.

use serde_json::json;

use crate::error::ApiError;

/// Longest label, in characters (Unicode scalar values), after trimming.
pub const MAX_LABEL_CHARS: usize = 255;

/// Trims `raw` and checks it; the `Ok` value is what gets stored.
pub fn validate(raw: &str) -> Result<String, ApiError> {
    let label = raw.trim();
    let details =
        |reason: &str| json!({ "field": "label", "reason": reason, "max_length": MAX_LABEL_CHARS });
    if label.is_empty() {
        return Err(ApiError::validation(
            "The label is required: describe where the key will be used, for example \"CI Pipeline\".",
            details("required"),
        ));
    }
    let chars = label.chars().count();
    if chars > MAX_LABEL_CHARS {
        return Err(ApiError::validation(
            format!("The label is {chars} characters long; the limit is {MAX_LABEL_CHARS}."),
            details("too_long"),
        ));
    }
    if label.chars().any(char::is_control) {
        return Err(ApiError::validation(
            "The label contains control characters (such as tabs or line breaks); use plain text.",
            details("control_characters"),
        ));
    }
    Ok(label.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_accepts() {
        assert_eq!(
            validate("  CI Pipeline \n").ok().as_deref(),
            Some("CI Pipeline")
        );
        assert!(validate(&"é".repeat(255)).is_ok());
        assert!(validate("🚀 déploiement עברית").is_ok());
    }

    #[test]
    fn refuses() {
        assert!(validate("   ").is_err());
        assert!(validate("").is_err());
        assert!(validate(&"a".repeat(256)).is_err());
        assert!(validate("a\tb").is_err());
        assert!(validate("a\u{7}b").is_err());
    }
}
