//! Configuration of the tab: from the host element's `data-` attributes, with defaults that
//! work same-origin.

/// Default API base: same origin (contract: "default is the same origin").
pub const DEFAULT_API_BASE: &str = "/api/external/v2";
/// Default `X-Origin-App`.
pub const DEFAULT_ORIGIN_APP: &str = "lev-settings-api-keys";
/// Default sign-in page (the local server's; Lev's web app sets its own).
pub const DEFAULT_SIGN_IN_URL: &str = "/dev/sign-in";
/// Default request timeout.
pub const DEFAULT_TIMEOUT_MS: u32 = 15_000;

/// How the tab runs.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Base URL of the v2 API (`data-api-base`).
    pub api_base: String,
    /// `X-Origin-App` value (`data-origin-app`).
    pub origin_app: String,
    /// Active account slug, sent as `X-Active-Account` (`data-account`).
    pub account: Option<String>,
    /// Where "Sign in again" leads (`data-sign-in-url`).
    pub sign_in_url: String,
    /// Per-request timeout in milliseconds (`data-timeout-ms`).
    pub timeout_ms: u32,
    /// Standalone: the settings shell and routes (`data-shell="settings"`); embedded: the tab only.
    pub shell: bool,
    /// A function returning (a promise of) an access token, called before each request.
    pub token_provider: Option<js_sys::Function>,
}

impl Config {
    /// Reads the settings through `attribute` (the value of `data-<name>`), falling back to
    /// defaults for anything missing or invalid.
    pub fn from_attributes(attribute: impl Fn(&str) -> Option<String>) -> Self {
        let get = |name: &str| {
            attribute(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        Self {
            api_base: get("api-base").unwrap_or_else(|| DEFAULT_API_BASE.to_owned()),
            origin_app: get("origin-app").unwrap_or_else(|| DEFAULT_ORIGIN_APP.to_owned()),
            account: get("account"),
            sign_in_url: get("sign-in-url").unwrap_or_else(|| DEFAULT_SIGN_IN_URL.to_owned()),
            timeout_ms: get("timeout-ms")
                .and_then(|v| v.parse().ok())
                .filter(|ms| *ms >= 100)
                .unwrap_or(DEFAULT_TIMEOUT_MS),
            shell: get("shell").as_deref() == Some("settings"),
            token_provider: None,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Self::from_attributes(|_| None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_attributes() {
        let d = Config::default();
        assert_eq!(d.api_base, "/api/external/v2");
        assert_eq!(d.timeout_ms, 15_000);
        assert!(!d.shell);
        let c = Config::from_attributes(|name| match name {
            "api-base" => Some("https://api.levcapital.com/api/external/v2".into()),
            "account" => Some(" acme-capital ".into()),
            "timeout-ms" => Some("nonsense".into()),
            "shell" => Some("settings".into()),
            "origin-app" => Some("  ".into()),
            _ => None,
        });
        assert_eq!(c.api_base, "https://api.levcapital.com/api/external/v2");
        assert_eq!(c.account.as_deref(), Some("acme-capital"));
        assert_eq!(c.timeout_ms, 15_000);
        assert_eq!(c.origin_app, DEFAULT_ORIGIN_APP);
        assert!(c.shell);
    }
}
