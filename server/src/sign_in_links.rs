//! One-time sign-in links of the dev sign-in: what the server state keeps of them.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::error::ApiError;
use crate::secrets;

/// How long a one-time sign-in link works.
pub const LINK_LIFETIME: Duration = Duration::from_secs(15 * 60);

/// One-time sign-in links: each works once, for [`LINK_LIFETIME`]. Only the hash of a link's
/// token is kept.
#[derive(Default)]
pub struct SignInLinks {
    links: Mutex<HashMap<Vec<u8>, (String, Instant)>>,
}

impl SignInLinks {
    /// A new link's token for `email`.
    pub fn issue(&self, email: &str) -> Result<String, ApiError> {
        let token = secrets::random_base62(32).map_err(ApiError::internal)?;
        let mut links = self
            .links
            .lock()
            .map_err(|_| ApiError::internal("sign-in links lock poisoned"))?;
        links.retain(|_, (_, issued)| issued.elapsed() < LINK_LIFETIME);
        links.insert(secrets::hash(&token), (email.to_owned(), Instant::now()));
        Ok(token)
    }

    /// The email a token was issued for, if it is unused and unexpired; it is used up now.
    pub fn redeem(&self, token: &str) -> Option<String> {
        let (email, issued) = self.links.lock().ok()?.remove(&secrets::hash(token))?;
        (issued.elapsed() < LINK_LIFETIME).then_some(email)
    }
}
