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

/// `GET` (list, with [`page_query`]) and `POST` (create).
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

/// The query of a page of the list: by `cursor` when the previous answer gave one, else by
/// `offset`. The request builder encodes it (a cursor is opaque: it may hold anything).
pub fn page_query(at: &PageAt, limit: u32) -> [(&'static str, String); 2] {
    let start = match at {
        PageAt::Offset(offset) => ("offset", offset.to_string()),
        PageAt::Cursor(cursor) => ("cursor", cursor.clone()),
    };
    [("limit", limit.to_string()), start]
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
            page_query(&PageAt::Offset(50), 50),
            [("limit", "50".to_owned()), ("offset", "50".to_owned())]
        );
        assert_eq!(
            page_query(&PageAt::Cursor("MTc3:NDI=+/ x".to_owned()), 200),
            [
                ("limit", "200".to_owned()),
                ("cursor", "MTc3:NDI=+/ x".to_owned())
            ]
        );
        assert_eq!(key(b, 42), "/api/external/v2/api-keys/42");
    }
}
