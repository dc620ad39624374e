//! The full API key, kept in memory only and never printed.

use std::fmt;

/// A secret string: no `Display`, a redacting `Debug`, overwritten in memory when dropped.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(value: String) -> Self {
        Self(value)
    }

    /// The secret itself, for the reveal field and the clipboard only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(…)")
    }
}

/// Overwrites a string's bytes before it is freed (best effort: JavaScript may hold copies).
pub fn wipe(value: String) {
    let mut bytes = value.into_bytes();
    for byte in bytes.iter_mut() {
        // Volatile so the compiler cannot drop the writes to memory about to be freed.
        // SAFETY: `byte` is a valid, aligned, exclusive reference into the vector.
        unsafe { std::ptr::write_volatile(byte, 0) };
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        wipe(std::mem::take(&mut self.0));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_secret() {
        let secret = Secret::new("lev_sk_abcdef".to_owned());
        assert_eq!(format!("{secret:?}"), "Secret(…)");
        assert_eq!(secret.expose(), "lev_sk_abcdef");
    }
}
