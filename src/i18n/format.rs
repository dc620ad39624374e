//! Messages with named placeholders, in a small subset of ICU MessageFormat:
//!
//! - `{name}`: the value of `name`;
//! - `{count, plural, =0 {…} one {…} other {…}}`: the branch for `count`, an exact `=N` first,
//!   then its plural category (`zero`, `one`, `two`, `few`, `many`, `other`, as
//!   `Intl.PluralRules` names them); `#` in a branch is the number, formatted for the language.
//!
//! Apostrophes are plain text (ICU's quoting is not supported: no message needs a literal
//! brace). Plural categories and numbers come from a [`Rules`], the browser's `Intl` in the app.

use std::fmt;

/// A placeholder's value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'a> {
    /// Text, put in as it is.
    Text(&'a str),
    /// A number: formatted for the language, and what a plural selects on.
    Number(i64),
}

/// The language's rules a message needs: which plural category a number is in, and how a
/// number is written.
pub trait Rules {
    /// `Intl.PluralRules`' category of `n` (`"one"`, `"few"`, `"other"`, …).
    fn plural(&self, n: i64) -> String;
    /// `n` as the language writes it (`1,234`, `1.234`, `١٬٢٣٤`).
    fn number(&self, n: i64) -> String;
}

/// What is wrong with a message's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError(pub String);

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One piece of a parsed message.
#[derive(Debug, Clone, PartialEq)]
enum Piece<'a> {
    Text(&'a str),
    /// `#` inside a plural branch.
    Count,
    Arg(&'a str),
    Plural {
        name: &'a str,
        branches: Vec<(&'a str, Vec<Piece<'a>>)>,
    },
}

struct Parser<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Parser<'a> {
    fn error<T>(&self, what: &str) -> Result<T, SyntaxError> {
        Err(SyntaxError(format!("{what} at character {}", self.at)))
    }

    fn rest(&self) -> &'a str {
        &self.text[self.at..]
    }

    fn skip_space(&mut self) {
        let rest = self.rest();
        self.at += rest.len() - rest.trim_start().len();
    }

    /// A name, a plural's keyword or a branch's selector: up to a delimiter.
    fn word(&mut self) -> &'a str {
        self.skip_space();
        let rest = self.rest();
        let end = rest
            .find(|c: char| c.is_whitespace() || matches!(c, '{' | '}' | ','))
            .unwrap_or(rest.len());
        self.at += end;
        &rest[..end]
    }

    fn eat(&mut self, c: char) -> bool {
        self.skip_space();
        if self.rest().starts_with(c) {
            self.at += c.len_utf8();
            true
        } else {
            false
        }
    }

    /// Pieces up to an unmatched `}` or the end; `#` counts inside a plural branch only.
    fn pieces(&mut self, in_branch: bool) -> Result<Vec<Piece<'a>>, SyntaxError> {
        let mut pieces = Vec::new();
        loop {
            let rest = self.rest();
            let special = |c: char| c == '{' || c == '}' || (in_branch && c == '#');
            let end = rest.find(special).unwrap_or(rest.len());
            if end > 0 {
                pieces.push(Piece::Text(&rest[..end]));
                self.at += end;
            }
            match self.rest().chars().next() {
                None | Some('}') => return Ok(pieces),
                Some('#') => {
                    self.at += 1;
                    pieces.push(Piece::Count);
                }
                _ => {
                    self.at += 1;
                    pieces.push(self.placeholder()?);
                }
            }
        }
    }

    /// After a `{`: `name}` or `name, plural, … }`.
    fn placeholder(&mut self) -> Result<Piece<'a>, SyntaxError> {
        let name = self.word();
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return self.error("a placeholder needs a name of letters, digits and _");
        }
        if self.eat('}') {
            return Ok(Piece::Arg(name));
        }
        if !self.eat(',') || self.word() != "plural" || !self.eat(',') {
            return self.error("expected `}` or `, plural,`");
        }
        let mut branches = Vec::new();
        loop {
            if self.eat('}') {
                break;
            }
            let selector = self.word();
            let known = matches!(selector, "zero" | "one" | "two" | "few" | "many" | "other")
                || selector
                    .strip_prefix('=')
                    .is_some_and(|n| n.parse::<i64>().is_ok());
            if !known {
                return self.error("expected a plural category, `=N` or `}`");
            }
            if !self.eat('{') {
                return self.error("expected `{` after a plural category");
            }
            let pieces = self.pieces(true)?;
            if !self.eat('}') {
                return self.error("a plural branch is not closed");
            }
            branches.push((selector, pieces));
        }
        if !branches.iter().any(|(s, _)| *s == "other") {
            return self.error("a plural needs an `other` branch");
        }
        Ok(Piece::Plural { name, branches })
    }
}

fn parse(text: &str) -> Result<Vec<Piece<'_>>, SyntaxError> {
    let mut parser = Parser { text, at: 0 };
    let pieces = parser.pieces(false)?;
    if parser.at < text.len() {
        return parser.error("an unmatched `}`");
    }
    Ok(pieces)
}

/// Whether `text` is a well-formed message, and the names of its placeholders (each once, in
/// the order they first appear; compare them with [`same_names`]).
pub fn placeholders(text: &str) -> Result<Vec<&str>, SyntaxError> {
    fn collect<'a>(pieces: &[Piece<'a>], names: &mut Vec<&'a str>) {
        for piece in pieces {
            match piece {
                Piece::Arg(name) if !names.contains(name) => names.push(name),
                Piece::Plural { name, branches } => {
                    if !names.contains(name) {
                        names.push(name);
                    }
                    for (_, branch) in branches {
                        collect(branch, names);
                    }
                }
                Piece::Arg(_) | Piece::Text(_) | Piece::Count => {}
            }
        }
    }
    let mut names = Vec::new();
    collect(&parse(text)?, &mut names);
    Ok(names)
}

/// Whether two lists of [`placeholders`] name the same ones, in any order.
pub fn same_names(a: &[&str], b: &[&str]) -> bool {
    a.len() == b.len() && a.iter().all(|name| b.contains(name))
}

/// The plural categories each of `text`'s plurals names (for checking a translation covers
/// its language's categories).
pub fn plural_categories(text: &str) -> Result<Vec<Vec<&str>>, SyntaxError> {
    fn collect<'a>(pieces: &[Piece<'a>], found: &mut Vec<Vec<&'a str>>) {
        for piece in pieces {
            if let Piece::Plural { branches, .. } = piece {
                found.push(
                    branches
                        .iter()
                        .filter(|(s, _)| !s.starts_with('='))
                        .map(|(s, _)| *s)
                        .collect(),
                );
                for (_, branch) in branches {
                    collect(branch, found);
                }
            }
        }
    }
    let mut found = Vec::new();
    collect(&parse(text)?, &mut found);
    Ok(found)
}

/// `text` with its placeholders filled from `values`. A placeholder without a value is left as
/// `{name}` (the catalogs' checks keep that from happening); a malformed text is shown as it is.
pub fn format(text: &str, values: &[(&str, Value<'_>)], rules: &dyn Rules) -> String {
    let Ok(pieces) = parse(text) else {
        return text.to_owned();
    };
    let mut out = String::with_capacity(text.len() + 16);
    write(&pieces, values, None, rules, &mut out);
    out
}

fn write(
    pieces: &[Piece<'_>],
    values: &[(&str, Value<'_>)],
    count: Option<i64>,
    rules: &dyn Rules,
    out: &mut String,
) {
    let value = |name: &str| values.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
    for piece in pieces {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Count => match count {
                Some(n) => out.push_str(&rules.number(n)),
                None => out.push('#'),
            },
            Piece::Arg(name) => match value(name) {
                Some(Value::Text(text)) => out.push_str(text),
                Some(Value::Number(n)) => out.push_str(&rules.number(n)),
                None => {
                    out.push('{');
                    out.push_str(name);
                    out.push('}');
                }
            },
            Piece::Plural { name, branches } => {
                let n = match value(name) {
                    Some(Value::Number(n)) => n,
                    Some(Value::Text(text)) => text.parse().unwrap_or(0),
                    None => 0,
                };
                let exact = format!("={n}");
                let category = rules.plural(n);
                let branch = branches
                    .iter()
                    .find(|(s, _)| *s == exact)
                    .or_else(|| branches.iter().find(|(s, _)| *s == category))
                    .or_else(|| branches.iter().find(|(s, _)| *s == "other"));
                if let Some((_, branch)) = branch {
                    write(branch, values, Some(n), rules, out);
                }
            }
        }
    }
}

/// English's rules, for tests and for formatting where there is no browser.
pub struct EnglishRules;

impl Rules for EnglishRules {
    fn plural(&self, n: i64) -> String {
        if n == 1 { "one" } else { "other" }.to_owned()
    }

    fn number(&self, n: i64) -> String {
        let digits = n.unsigned_abs().to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        if n < 0 {
            out.insert(0, '-');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en(text: &str, values: &[(&str, Value<'_>)]) -> String {
        format(text, values, &EnglishRules)
    }

    #[test]
    fn fills_names() {
        assert_eq!(
            en("Revoke {label}?", &[("label", Value::Text("CI"))]),
            "Revoke CI?"
        );
        assert_eq!(en("No placeholders", &[]), "No placeholders");
        assert_eq!(
            en(
                "{a}{b}",
                &[("a", Value::Text("1")), ("b", Value::Number(2000))]
            ),
            "12,000"
        );
        assert_eq!(en("Kept {missing}", &[]), "Kept {missing}");
        assert_eq!(en("It's #1", &[]), "It's #1", "# is text outside a plural");
    }

    #[test]
    fn plurals_pick_exact_then_category_then_other() {
        let text = "{count, plural, =0 {No keys} one {# key} other {# keys of {total}}}";
        let of = |n| {
            en(
                text,
                &[("count", Value::Number(n)), ("total", Value::Text("T"))],
            )
        };
        assert_eq!(of(0), "No keys");
        assert_eq!(of(1), "1 key");
        assert_eq!(of(1234), "1,234 keys of T");
        assert_eq!(placeholders(text).ok(), Some(vec!["count", "total"]));
        assert!(same_names(&["a", "b"], &["b", "a"]));
        assert!(!same_names(&["a", "b"], &["a"]));
        assert_eq!(
            plural_categories(text).ok(),
            Some(vec![vec!["one", "other"]])
        );
    }

    #[test]
    fn malformed_messages_are_refused_and_shown_as_they_are() {
        for bad in [
            "{",
            "}",
            "{count, plural, one {# key}}",
            "{count, select, a {x} other {y}}",
            "{count, plural, lots {x} other {y}}",
            "{no spaces allowed}",
            "{count, plural, other {x}",
        ] {
            assert!(placeholders(bad).is_err(), "{bad}");
            assert_eq!(en(bad, &[]), bad);
        }
    }
}
