//! The label rule (`lev_rules::label`, the server's too), with Unicode's data from the
//! browser: `String.prototype.normalize` for NFC and `\p{…}` classes of its regular
//! expressions, so the wasm carries no Unicode tables of its own.

use js_sys::{JsString, RegExp};
use lev_rules::label::{CharClass, UnicodeData};

pub use lev_rules::label::{LabelProblem, MAX_LABEL_CHARS, MAX_MARKS_PER_CHARACTER};

use crate::i18n::{Locale, Msg, Value};

/// The browser's Unicode data.
struct Browser {
    separator: RegExp,
    format: RegExp,
    mark: RegExp,
}

impl Browser {
    fn new() -> Self {
        Self {
            separator: RegExp::new(r"^[\p{Zl}\p{Zp}]$", "u"),
            format: RegExp::new(r"^\p{Cf}$", "u"),
            mark: RegExp::new(r"^\p{M}$", "u"),
        }
    }
}

impl UnicodeData for Browser {
    fn class(&self, c: char) -> CharClass {
        let mut buffer = [0; 4];
        let text = &*c.encode_utf8(&mut buffer);
        if c.is_control() || self.separator.test(text) {
            CharClass::Control
        } else if self.format.test(text) {
            CharClass::Invisible
        } else if self.mark.test(text) {
            CharClass::Mark
        } else if c.is_whitespace() {
            CharClass::Space
        } else {
            CharClass::Visible
        }
    }

    fn nfc(&self, text: &str) -> String {
        JsString::from(text).normalize("NFC").into()
    }
}

thread_local! {
    // Compiled once: the field is checked on every keystroke.
    static BROWSER: Browser = Browser::new();
}

/// What is wrong with a label, in the tab's language.
pub fn problem_text(problem: LabelProblem, locale: Locale) -> String {
    let number = |n: usize| Value::Number(i64::try_from(n).unwrap_or(i64::MAX));
    match problem {
        LabelProblem::Empty => locale.text(Msg::LabelRequired),
        LabelProblem::TooLong(n) => locale.format(
            Msg::LabelTooLong,
            &[("max", number(MAX_LABEL_CHARS)), ("count", number(n))],
        ),
        LabelProblem::ControlCharacters => locale.text(Msg::LabelControlCharacters),
        LabelProblem::Invisible => locale.text(Msg::LabelInvisibleCharacter),
        LabelProblem::NothingVisible => locale.text(Msg::LabelNothingVisible),
        LabelProblem::TooManyMarks => locale.format(
            Msg::LabelTooManyMarks,
            &[("max", number(MAX_MARKS_PER_CHARACTER))],
        ),
    }
}

/// Checks what was typed; the `Ok` value is what gets sent (trimmed, NFC).
pub fn validate(raw: &str) -> Result<String, LabelProblem> {
    BROWSER.with(|browser| lev_rules::label::validate(raw, browser))
}
