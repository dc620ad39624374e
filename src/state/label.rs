//! The contract's label rules, checked as the person types (the server checks them again).

/// Longest label, in characters, after trimming.
pub const MAX_LABEL_CHARS: usize = 255;

/// Why a label cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelProblem {
    /// Empty, or only white space.
    Empty,
    /// Longer than [`MAX_LABEL_CHARS`] after trimming; carries the length.
    TooLong(usize),
    /// Contains tabs, line breaks or other control characters.
    ControlCharacters,
}

impl LabelProblem {
    /// The sentence shown under the field.
    pub fn message(self) -> String {
        match self {
            Self::Empty => "Enter a label, such as \"Production Sync\".".to_owned(),
            Self::TooLong(n) => format!("Use at most {MAX_LABEL_CHARS} characters ({n} now)."),
            Self::ControlCharacters => {
                "Remove tabs, line breaks and other control characters.".to_owned()
            }
        }
    }
}

/// Trims `raw`; the `Ok` value is what gets sent.
pub fn validate(raw: &str) -> Result<&str, LabelProblem> {
    let label = raw.trim();
    if label.is_empty() {
        return Err(LabelProblem::Empty);
    }
    let chars = label.chars().count();
    if chars > MAX_LABEL_CHARS {
        return Err(LabelProblem::TooLong(chars));
    }
    if label.chars().any(char::is_control) {
        return Err(LabelProblem::ControlCharacters);
    }
    Ok(label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_and_trims() {
        assert_eq!(validate("  CI Pipeline  "), Ok("CI Pipeline"));
        assert_eq!(
            validate(&"é".repeat(255)).map(|l| l.chars().count()),
            Ok(255)
        );
        assert!(
            validate("<img src=x onerror=alert(1)>").is_ok(),
            "markup is just text"
        );
        assert!(validate("مفتاح الإنتاج 🚀").is_ok());
    }

    #[test]
    fn refuses_with_a_reason() {
        assert_eq!(validate(""), Err(LabelProblem::Empty));
        assert_eq!(validate(" \u{a0} "), Err(LabelProblem::Empty));
        assert_eq!(validate(&"a".repeat(256)), Err(LabelProblem::TooLong(256)));
        assert_eq!(validate("a\tb"), Err(LabelProblem::ControlCharacters));
        assert_eq!(validate("a\u{1b}b"), Err(LabelProblem::ControlCharacters));
        assert_eq!(
            LabelProblem::TooLong(300).message(),
            "Use at most 255 characters (300 now)."
        );
    }
}
