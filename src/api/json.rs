//! A small JSON reader and writer for the API's bodies.
//!
//! Why not serde_json: with its derives it was 7 % of the wasm (about 13 KB gzip) for a handful
//! of flat objects. This reader builds one untyped tree without generics, so it compiles once;
//! the wire types then pick their fields out of the tree by hand (`wire.rs`). It follows RFC 8259
//! except that numbers are only kept when they are integers: the API sends no other kind.

/// A parsed JSON value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number: `Some` when it is an integer that fits an `i64`, `None` for any other number.
    Int(Option<i64>),
    /// A string, unescaped.
    Str(String),
    /// An array.
    Array(Vec<Json>),
    /// An object's members, in the order sent.
    Object(Vec<(String, Json)>),
}

/// Deeper nesting than this is refused rather than risking the stack on a hostile body.
const MAX_DEPTH: usize = 64;

impl Json {
    /// Parses a whole document; `None` when the text is not JSON (HTML, text, cut short…).
    pub fn parse(text: &str) -> Option<Self> {
        let mut reader = Reader {
            bytes: text.as_bytes(),
            text,
            at: 0,
        };
        let value = reader.value(0)?;
        reader.skip_space();
        (reader.at == text.len()).then_some(value)
    }

    /// The member `key` of an object (the last one, when a key repeats).
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(members) => members.iter().rev().find(|(k, _)| k == key).map(|m| &m.1),
            _ => None,
        }
    }

    /// Takes the member `key` out of an object, leaving `null`: moves strings instead of
    /// copying them (the secret must exist once in memory).
    pub fn take(&mut self, key: &str) -> Json {
        match self {
            Json::Object(members) => members
                .iter_mut()
                .rev()
                .find(|(k, _)| k == key)
                .map(|m| std::mem::replace(&mut m.1, Json::Null))
                .unwrap_or(Json::Null),
            _ => Json::Null,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The integer, if this is one.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Json::Int(n) => *n,
            _ => None,
        }
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Json::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The string, moved out, if this is one.
    pub fn into_string(self) -> Option<String> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The elements, if this is an array.
    pub fn into_array(self) -> Option<Vec<Json>> {
        match self {
            Json::Array(items) => Some(items),
            _ => None,
        }
    }
}

/// `value` as a JSON string literal, quotes included.
pub fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(char::from(HEX[(c as usize) >> 4]));
                out.push(char::from(HEX[(c as usize) & 0xf]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

struct Reader<'a> {
    bytes: &'a [u8],
    text: &'a str,
    at: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    /// Consumes `word` if the text continues with it.
    fn eat(&mut self, word: &str) -> bool {
        let found = self.bytes[self.at..].starts_with(word.as_bytes());
        if found {
            self.at += word.len();
        }
        found
    }

    fn value(&mut self, depth: usize) -> Option<Json> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.skip_space();
        match self.peek()? {
            b'{' => self.object(depth),
            b'[' => self.array(depth),
            b'"' => self.string().map(Json::Str),
            b'-' | b'0'..=b'9' => self.number(),
            _ if self.eat("null") => Some(Json::Null),
            _ if self.eat("true") => Some(Json::Bool(true)),
            _ if self.eat("false") => Some(Json::Bool(false)),
            _ => None,
        }
    }

    fn object(&mut self, depth: usize) -> Option<Json> {
        self.at += 1;
        let mut members = Vec::new();
        self.skip_space();
        if self.eat("}") {
            return Some(Json::Object(members));
        }
        loop {
            self.skip_space();
            if self.peek()? != b'"' {
                return None;
            }
            let key = self.string()?;
            self.skip_space();
            if !self.eat(":") {
                return None;
            }
            members.push((key, self.value(depth + 1)?));
            self.skip_space();
            if self.eat("}") {
                return Some(Json::Object(members));
            }
            if !self.eat(",") {
                return None;
            }
        }
    }

    fn array(&mut self, depth: usize) -> Option<Json> {
        self.at += 1;
        let mut items = Vec::new();
        self.skip_space();
        if self.eat("]") {
            return Some(Json::Array(items));
        }
        loop {
            items.push(self.value(depth + 1)?);
            self.skip_space();
            if self.eat("]") {
                return Some(Json::Array(items));
            }
            if !self.eat(",") {
                return None;
            }
        }
    }

    /// A string starting at the opening quote. Without escapes it is copied once into an
    /// exactly sized buffer, so no reallocation leaves a partial copy of a secret behind.
    fn string(&mut self) -> Option<String> {
        self.at += 1;
        let start = self.at;
        loop {
            match self.peek()? {
                b'"' => {
                    let s = self.text.get(start..self.at)?.to_owned();
                    self.at += 1;
                    return Some(s);
                }
                b'\\' => break,
                b if b < 0x20 => return None,
                _ => self.at += 1,
            }
        }
        let mut out = String::with_capacity(self.at - start + 16);
        out.push_str(self.text.get(start..self.at)?);
        loop {
            match self.peek()? {
                b'"' => {
                    self.at += 1;
                    return Some(out);
                }
                b'\\' => {
                    self.at += 1;
                    let escaped = self.peek()?;
                    self.at += 1;
                    out.push(match escaped {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return None,
                    });
                }
                b if b < 0x20 => return None,
                _ => {
                    // Copy the run up to the next quote or backslash (whole UTF-8 sequences).
                    let run = self.bytes[self.at..]
                        .iter()
                        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
                        .map_or(self.bytes.len(), |n| self.at + n);
                    out.push_str(self.text.get(self.at..run)?);
                    self.at = run;
                }
            }
        }
    }

    /// The character of a `\u` escape (after the `u`), joining surrogate pairs; a lone
    /// surrogate becomes U+FFFD rather than failing the whole answer.
    fn unicode_escape(&mut self) -> Option<char> {
        let high = self.hex4()?;
        if !(0xD800..0xDC00).contains(&high) {
            return Some(char::from_u32(high).unwrap_or('\u{FFFD}'));
        }
        if self.bytes[self.at..].starts_with(b"\\u") {
            let save = self.at;
            self.at += 2;
            let low = self.hex4()?;
            if (0xDC00..0xE000).contains(&low) {
                return char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00));
            }
            self.at = save;
        }
        Some('\u{FFFD}')
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.text.get(self.at..self.at + 4)?;
        self.at += 4;
        digits
            .chars()
            .try_fold(0, |n, c| Some(n * 16 + c.to_digit(16)?))
    }

    fn number(&mut self) -> Option<Json> {
        let start = self.at;
        self.eat("-");
        let digits = |r: &mut Self| {
            let from = r.at;
            while let Some(b'0'..=b'9') = r.peek() {
                r.at += 1;
            }
            r.at > from
        };
        if !digits(self) {
            return None;
        }
        let integer_end = self.at;
        let mut integral = true;
        if self.eat(".") {
            integral = false;
            if !digits(self) {
                return None;
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            integral = false;
            self.at += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            if !digits(self) {
                return None;
            }
        }
        let text = &self.text[start..integer_end];
        Some(Json::Int(if integral { text.parse().ok() } else { None }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(members: &[(&str, Json)]) -> Json {
        Json::Object(
            members
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
        )
    }

    #[test]
    fn reads_every_kind_of_value() {
        let parsed = Json::parse(
            r#" { "a": [1, -2, 3.5, 1e3, true, false, null], "b": { "c": "d" }, "e": {}, "f": [] } "#,
        );
        assert_eq!(
            parsed,
            Some(obj(&[
                (
                    "a",
                    Json::Array(vec![
                        Json::Int(Some(1)),
                        Json::Int(Some(-2)),
                        Json::Int(None),
                        Json::Int(None),
                        Json::Bool(true),
                        Json::Bool(false),
                        Json::Null,
                    ])
                ),
                ("b", obj(&[("c", Json::Str("d".into()))])),
                ("e", obj(&[])),
                ("f", Json::Array(vec![])),
            ]))
        );
    }

    #[test]
    fn unescapes_strings() {
        let parsed = Json::parse(r#""a\"b\\c\/d\n\t\u00e9\ud83d\ude00 ✓ \ud800x""#);
        assert_eq!(
            parsed.as_ref().and_then(Json::as_str),
            Some("a\"b\\c/d\n\té😀 ✓ \u{FFFD}x")
        );
    }

    #[test]
    fn refuses_what_is_not_json() {
        for text in [
            "",
            "<html><body>502 Bad Gateway</body></html>",
            "Internal Server Error",
            r#"{"data": [1, 2"#,
            r#"{"a" 1}"#,
            r#"{"a": 1,}"#,
            r#"[1 2]"#,
            r#"{"a": 1} trailing"#,
            r#""unterminated"#,
            "\"raw\ncontrol\"",
            r#""bad \x escape""#,
            r#""\u12""#,
            "01x",
            "-",
            "1.",
            "1e",
            "nul",
            "{1: 2}",
        ] {
            assert_eq!(Json::parse(text), None, "{text:?}");
        }
    }

    #[test]
    fn refuses_hostile_nesting_without_overflowing() {
        let deep = "[".repeat(100_000);
        assert_eq!(Json::parse(&deep), None);
        let fine = format!("{}{}", "[".repeat(60), "]".repeat(60));
        assert!(Json::parse(&fine).is_some());
    }

    #[test]
    fn numbers_beyond_i64_are_kept_as_non_integers() {
        assert_eq!(
            Json::parse("123456789012345678901234567890"),
            Some(Json::Int(None))
        );
        assert_eq!(
            Json::parse("-9223372036854775808"),
            Some(Json::Int(Some(i64::MIN)))
        );
    }

    #[test]
    fn get_and_take_use_the_last_duplicate() {
        let mut value = Json::parse(r#"{"k": "first", "k": "second", "n": 7}"#).expect("json");
        assert_eq!(value.get("k").and_then(Json::as_str), Some("second"));
        assert_eq!(value.get("n").and_then(Json::as_i64), Some(7));
        assert_eq!(value.take("k").into_string().as_deref(), Some("second"));
        assert_eq!(value.get("k"), Some(&Json::Null));
        assert_eq!(value.take("missing"), Json::Null);
    }

    #[test]
    fn quote_round_trips_through_the_reader() {
        for text in [
            "plain",
            "quote \" backslash \\ slash /",
            "lines\n\r\ttab",
            "\u{1}\u{1f} controls",
            "émoji 😀 RTL \u{202e}",
        ] {
            let quoted = quote(text);
            assert_eq!(Json::parse(&quoted), Some(Json::Str(text.to_owned())));
        }
        assert_eq!(quote("a\"b"), r#""a\"b""#);
    }
}
