//! The label rule, one for the tab (as a person types) and the server (before it stores):
//! trimmed and in Unicode's composed form (NFC); 1–255 characters; no control characters or
//! line breaks; no invisible characters (format characters such as bidi overrides and
//! zero-width joiners, and the fillers that render as nothing); at least one visible character;
//! at most [`MAX_MARKS_PER_CHARACTER`] combining marks on one character.
//!
//! The Unicode data comes from whoever applies it ([`UnicodeData`]): the server from Rust
//! crates, the tab from the browser's own (`String.prototype.normalize`, `\p{…}` in regular
//! expressions), so the wasm ships no Unicode tables. [`CASES`] is the table both are tested on.

/// Longest label, in characters (Unicode scalar values), after trimming and NFC.
pub const MAX_LABEL_CHARS: usize = 255;

/// Most combining marks one character may carry ("ẹ̄" has two; text stacked with dozens
/// covers the lines around it).
pub const MAX_MARKS_PER_CHARACTER: usize = 4;

/// Characters that render as nothing although Unicode does not class them as format
/// characters: Hangul fillers, the blank Braille pattern, the combining grapheme joiner and the
/// Khmer inherent vowels.
pub const INVISIBLE_FILLERS: &[char] = &[
    '\u{115F}', '\u{1160}', '\u{3164}', '\u{FFA0}', '\u{2800}', '\u{034F}', '\u{17B4}', '\u{17B5}',
];

/// What a character is, as far as the rule cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharClass {
    /// A control character (Cc), or a line or paragraph separator (Zl, Zp).
    Control,
    /// A format character (Cf) or one of [`INVISIBLE_FILLERS`].
    Invisible,
    /// A combining mark (Mn, Mc, Me).
    Mark,
    /// White space (Zs and the other White_Space characters).
    Space,
    /// Anything else: letters, digits, punctuation, symbols, emoji.
    Visible,
}

/// Where the rule's Unicode data comes from.
pub trait UnicodeData {
    /// The general category of `c`, as [`CharClass`]; the caller need not know the fillers.
    fn class(&self, c: char) -> CharClass;
    /// `text` in Normalization Form C.
    fn nfc(&self, text: &str) -> String;
}

/// Why a label cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelProblem {
    /// Empty, or only white space.
    Empty,
    /// Longer than [`MAX_LABEL_CHARS`]; carries the length.
    TooLong(usize),
    /// Tabs, line breaks or other control characters.
    ControlCharacters,
    /// A character that shows nothing (a bidi override, a zero-width character, a filler).
    Invisible,
    /// Nothing that shows: only marks and spaces.
    NothingVisible,
    /// More than [`MAX_MARKS_PER_CHARACTER`] marks on one character.
    TooManyMarks,
}

impl LabelProblem {
    /// The sentence for a person, under the field or in the server's 422.
    pub fn message(self) -> String {
        match self {
            Self::Empty => "Enter a label, such as \"Production Sync\".".to_owned(),
            Self::TooLong(n) => format!("Use at most {MAX_LABEL_CHARS} characters ({n} now)."),
            Self::ControlCharacters => {
                "Remove tabs, line breaks and other control characters.".to_owned()
            }
            Self::Invisible => "The label contains an invisible character (such as a zero-width space or a text-direction override). Remove it.".to_owned(),
            Self::NothingVisible => "Use at least one visible letter, digit or symbol.".to_owned(),
            Self::TooManyMarks => format!(
                "A character carries more than {MAX_MARKS_PER_CHARACTER} accents or other marks. Remove some."
            ),
        }
    }

    /// A word for machines (the server's `details.reason`).
    pub fn reason(self) -> &'static str {
        match self {
            Self::Empty => "required",
            Self::TooLong(_) => "too_long",
            Self::ControlCharacters => "control_characters",
            Self::Invisible => "invisible_characters",
            Self::NothingVisible => "nothing_visible",
            Self::TooManyMarks => "too_many_marks",
        }
    }
}

/// Applies the rule to `raw`; the `Ok` value is the label to send and to store.
pub fn validate(raw: &str, data: &impl UnicodeData) -> Result<String, LabelProblem> {
    let label = data.nfc(raw.trim());
    let label = label.trim();
    if label.is_empty() {
        return Err(LabelProblem::Empty);
    }
    let chars = label.chars().count();
    if chars > MAX_LABEL_CHARS {
        return Err(LabelProblem::TooLong(chars));
    }
    let class = |c: char| {
        if INVISIBLE_FILLERS.contains(&c) {
            CharClass::Invisible
        } else {
            data.class(c)
        }
    };
    // Control characters first: their message is the one people know.
    if label.chars().any(|c| class(c) == CharClass::Control) {
        return Err(LabelProblem::ControlCharacters);
    }
    if label.chars().any(|c| class(c) == CharClass::Invisible) {
        return Err(LabelProblem::Invisible);
    }
    let mut marks_in_a_row = 0;
    let mut visible = false;
    for c in label.chars() {
        match class(c) {
            CharClass::Mark => {
                marks_in_a_row += 1;
                if marks_in_a_row > MAX_MARKS_PER_CHARACTER {
                    return Err(LabelProblem::TooManyMarks);
                }
            }
            CharClass::Visible => {
                visible = true;
                marks_in_a_row = 0;
            }
            _ => marks_in_a_row = 0,
        }
    }
    if !visible {
        return Err(LabelProblem::NothingVisible);
    }
    Ok(label.to_owned())
}

/// The cases the tab's data (the browser's) and the server's (crates) are both tested on:
/// `(typed, what the rule makes of it)`.
pub const CASES: &[(&str, Result<&str, LabelProblem>)] = &[
    ("CI Pipeline", Ok("CI Pipeline")),
    ("  Production Sync \n", Ok("Production Sync")),
    ("déploiement עברית 🚀", Ok("déploiement עברית 🚀")),
    ("مفتاح الإنتاج", Ok("مفتاح الإنتاج")),
    (
        "<img src=x onerror=alert(1)>",
        Ok("<img src=x onerror=alert(1)>"),
    ),
    // Composed: e + combining acute is é.
    ("Cafe\u{301}", Ok("Caf\u{e9}")),
    ("ẹ̄ two marks", Ok("ẹ̄ two marks")),
    ("Heart ❤\u{FE0F}", Ok("Heart ❤\u{FE0F}")),
    ("", Err(LabelProblem::Empty)),
    (" \u{a0}\u{3000} ", Err(LabelProblem::Empty)),
    ("a\tb", Err(LabelProblem::ControlCharacters)),
    ("a\u{1b}b", Err(LabelProblem::ControlCharacters)),
    (
        "line\u{2028}separator",
        Err(LabelProblem::ControlCharacters),
    ),
    ("para\u{2029}graph", Err(LabelProblem::ControlCharacters)),
    ("invoice\u{202E}gpj.exe", Err(LabelProblem::Invisible)),
    ("\u{2066}isolated\u{2069}", Err(LabelProblem::Invisible)),
    ("\u{200B}\u{200D}", Err(LabelProblem::Invisible)),
    ("zero\u{200B}width", Err(LabelProblem::Invisible)),
    ("soft\u{AD}hyphen", Err(LabelProblem::Invisible)),
    ("bom\u{FEFF}", Err(LabelProblem::Invisible)),
    ("\u{3164}", Err(LabelProblem::Invisible)),
    ("Hangul\u{3164}filler", Err(LabelProblem::Invisible)),
    ("\u{2800}", Err(LabelProblem::Invisible)),
    ("tag\u{E0041}", Err(LabelProblem::Invisible)),
    ("\u{301}\u{302}", Err(LabelProblem::NothingVisible)),
    (
        "Z\u{351}\u{352}\u{353}\u{354}\u{355}algo",
        Err(LabelProblem::TooManyMarks),
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Enough data for the rule's own logic (ASCII, a few marks and spaces); the real data is
    /// tested where it comes from, on [`CASES`].
    struct Toy;

    impl UnicodeData for Toy {
        fn class(&self, c: char) -> CharClass {
            match c {
                '\u{300}'..='\u{36F}' => CharClass::Mark,
                '\u{200B}' | '\u{202E}' => CharClass::Invisible,
                c if c.is_control() => CharClass::Control,
                c if c.is_whitespace() => CharClass::Space,
                _ => CharClass::Visible,
            }
        }
        fn nfc(&self, text: &str) -> String {
            text.to_owned()
        }
    }

    #[test]
    fn the_order_of_the_checks() {
        assert_eq!(validate("  ok  ", &Toy), Ok("ok".to_owned()));
        assert_eq!(
            validate(&"a".repeat(256), &Toy),
            Err(LabelProblem::TooLong(256))
        );
        assert_eq!(
            validate("a\t\u{200B}", &Toy),
            Err(LabelProblem::ControlCharacters)
        );
        assert_eq!(
            validate("\u{3164}x", &Toy),
            Err(LabelProblem::Invisible),
            "fillers are the rule's own"
        );
        assert_eq!(
            validate("a\u{300}\u{301}\u{302}\u{303}", &Toy).map(|l| l.chars().count()),
            Ok(5)
        );
        assert_eq!(
            validate("a\u{300}\u{301}\u{302}\u{303}\u{304}", &Toy),
            Err(LabelProblem::TooManyMarks)
        );
        assert_eq!(validate("\u{300}", &Toy), Err(LabelProblem::NothingVisible));
        assert_eq!(
            LabelProblem::TooLong(300).message(),
            "Use at most 255 characters (300 now)."
        );
    }
}
