//! A path of this site: what an embed setting (`sign-in-url`, `upgrade-url`, `api-base`), an
//! error's `upgrade_url` and the dev sign-in's `next` may be when they must not lead elsewhere.
//!
//! Browsers' URL parsers strip tabs and newlines and read a backslash as a slash, so
//! `/\t/evil.example` and `/\evil.example` are `//evil.example`, another host. A path of this
//! site starts with one `/`, has no backslash, control character or white space, and stays so
//! once its percent-escapes are decoded (`/%2F/evil.example`, `/%09/evil.example`). The tab also
//! resolves it with the browser's own parser against the page and compares origins.

use percent_encoding::percent_decode_str;

/// Whether `path` is an absolute path of the page's own site (see the module's rule).
pub fn is_site_path(path: &str) -> bool {
    shape_ok(path) && shape_ok(&percent_decode_str(path).decode_utf8_lossy())
}

fn shape_ok(path: &str) -> bool {
    path.starts_with('/')
        && !path.starts_with("//")
        && !path
            .chars()
            .any(|c| c == '\\' || c.is_control() || c.is_whitespace())
}

/// The cases the tab's and the server's checks are both tested on: `(text, is a path of this
/// site)`.
pub const CASES: &[(&str, bool)] = &[
    ("/", true),
    ("/sign-in", true),
    ("/settings/billing?plan=team#top", true),
    ("/api/external/v2", true),
    ("/caf%C3%A9", true),
    ("/a%20b", false),
    ("//evil.example/api", false),
    ("/\\evil.example/api", false),
    ("\\/evil.example/api", false),
    ("/\t/evil.example/api", false),
    ("/\n/evil.example/api", false),
    ("/\r/evil.example", false),
    ("/%09/evil.example", false),
    ("/%2F/evil.example", false),
    ("/%2f/evil.example", false),
    ("/%5C/evil.example", false),
    ("/a b", false),
    ("/\u{a0}/evil.example", false),
    ("https://evil.example/", false),
    ("javascript:alert(1)", false),
    ("evil.example/path", false),
    ("sign-in", false),
    ("", false),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shared_cases() {
        for (text, expected) in CASES {
            assert_eq!(is_site_path(text), *expected, "{text:?}");
        }
    }
}
