//! Generating and hashing secrets: API keys and session tokens.

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Every API key starts with this.
pub const KEY_PREFIX: &str = "lev_sk_";
/// Random characters after [`KEY_PREFIX`].
const KEY_RANDOM_CHARS: usize = 40;
/// Characters of the random part shown in `key_prefix`.
const PREFIX_RANDOM_CHARS: usize = 4;

const ALPHABET: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// `len` characters of base62 from the operating system's CSPRNG, without modulo bias.
pub fn random_base62(len: usize) -> Result<String, getrandom::Error> {
    let mut out = String::with_capacity(len);
    let mut buf = [0u8; 64];
    while out.len() < len {
        getrandom::fill(&mut buf)?;
        // 248 = 4 × 62: bytes at or above it are discarded so every character is equally likely.
        for byte in buf.iter().filter(|b| **b < 248) {
            if out.len() == len {
                break;
            }
            out.push(char::from(ALPHABET[usize::from(*byte % 62)]));
        }
    }
    Ok(out)
}

/// A new API key: `lev_sk_` and 40 random base62 characters (about 238 bits).
pub fn new_api_key() -> Result<String, getrandom::Error> {
    Ok(format!("{KEY_PREFIX}{}", random_base62(KEY_RANDOM_CHARS)?))
}

/// A new browser session token (not an API key: it has no `lev_sk_` prefix).
pub fn new_session_token() -> Result<String, getrandom::Error> {
    Ok(format!("levsess_{}", random_base62(43)?))
}

/// The `key_prefix` shown for a key: `lev_sk_` and the first four random characters.
pub fn key_prefix(key: &str) -> Option<&str> {
    key.get(..KEY_PREFIX.len() + PREFIX_RANDOM_CHARS)
}

/// Whether `token` has the shape of an API key.
pub fn looks_like_api_key(token: &str) -> bool {
    token.starts_with(KEY_PREFIX)
}

/// SHA-256 of a secret: all the database ever holds.
pub fn hash(secret: &str) -> Vec<u8> {
    Sha256::digest(secret.as_bytes()).to_vec()
}

/// Compares two hashes in constant time.
pub fn hashes_equal(a: &[u8], b: &[u8]) -> bool {
    a.ct_eq(b).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_keys_have_the_documented_shape() -> Result<(), getrandom::Error> {
        let key = new_api_key()?;
        assert!(key.starts_with("lev_sk_"));
        assert_eq!(key.len(), 7 + 40);
        assert!(key[7..].bytes().all(|b| b.is_ascii_alphanumeric()));
        assert_eq!(key_prefix(&key).map(str::len), Some(11));
        assert_ne!(new_api_key()?, key);
        Ok(())
    }

    #[test]
    fn hash_comparison() {
        assert!(hashes_equal(&hash("a"), &hash("a")));
        assert!(!hashes_equal(&hash("a"), &hash("b")));
    }
}
