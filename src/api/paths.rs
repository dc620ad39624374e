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

/// A page of the list.
pub fn keys_page(base_url: &str, offset: u64, limit: u32) -> String {
    format!("{}?limit={limit}&offset={offset}", keys(base_url))
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
            keys_page(b, 50, 50),
            "/api/external/v2/build/api-keys?limit=50&offset=50"
        );
        assert_eq!(key(b, 42), "/api/external/v2/api-keys/42");
    }
}
