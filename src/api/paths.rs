//! Every path the tab calls, built in one place from the configured base URL.
//!
//! **Decision** (contract): create and list use the seed document's `/build/api-keys`;
//! revoke uses `/api-keys/{id}`. The local server answers both spellings.

/// Trims one trailing slash so `base + "/me"` never doubles it.
fn base(base_url: &str) -> &str {
    base_url.strip_suffix('/').unwrap_or(base_url)
}

/// `GET /me`.
pub fn me(base_url: &str) -> String {
    format!("{}/me", base(base_url))
}

/// `GET` (list, with `limit` and `offset`) and `POST` (create).
pub fn keys(base_url: &str) -> String {
    format!("{}/build/api-keys", base(base_url))
}

/// Where a page of the list starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageAt {
    /// After this many keys.
    Offset(u64),
    /// At the server's opaque cursor from the previous page (`pagination.next_cursor`).
    Cursor(String),
}

/// Percent-encodes a query value (a cursor is opaque: it may hold anything).
fn query_value(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A page of the list: by `cursor` when the previous answer gave one, else by `offset`.
pub fn keys_page(base_url: &str, at: &PageAt, limit: u32) -> String {
    match at {
        PageAt::Offset(offset) => format!("{}?limit={limit}&offset={offset}", keys(base_url)),
        PageAt::Cursor(cursor) => {
            format!(
                "{}?limit={limit}&cursor={}",
                keys(base_url),
                query_value(cursor)
            )
        }
    }
}

/// `DELETE` (revoke).
pub fn key(base_url: &str, id: i64) -> String {
    format!("{}/api-keys/{id}", base(base_url))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_the_contract_paths() {
        let b = "/api/external/v2";
        assert_eq!(me(b), "/api/external/v2/me");
        assert_eq!(
            keys("https://api.lev.com/api/external/v2/"),
            "https://api.lev.com/api/external/v2/build/api-keys"
        );
        assert_eq!(
            keys_page(b, &PageAt::Offset(50), 50),
            "/api/external/v2/build/api-keys?limit=50&offset=50"
        );
        assert_eq!(
            keys_page(b, &PageAt::Cursor("MTc3:NDI=+/ x".to_owned()), 50),
            "/api/external/v2/build/api-keys?limit=50&cursor=MTc3%3ANDI%3D%2B%2F%20x"
        );
        assert_eq!(key(b, 42), "/api/external/v2/api-keys/42");
    }
}
