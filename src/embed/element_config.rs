//! The element's settings: its attributes (`api-base`, `origin-app`, `account`, `sign-in-url`,
//! `upgrade-url`, `timeout-ms`, `shell`, `theme`), checked, and the token provider its script
//! hands over from the `tokenProvider` property.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::HtmlElement;

use crate::config::{Config, ConfigError, UrlParts};

/// The browser's URL parser, resolving against the page, for the checks of where settings
/// lead.
pub fn resolve_url(value: &str) -> Option<UrlParts> {
    let page = web_sys::window()?.location().href().ok()?;
    let url = web_sys::Url::new_with_base(value, &page).ok()?;
    Some(UrlParts {
        protocol: url.protocol(),
        hostname: url.hostname(),
        origin: url.origin(),
    })
}

/// The configuration of `host`; `token_provider` is its `tokenProvider` property (a function
/// returning a promise of a token), anything else there is ignored.
pub fn element_config(host: &HtmlElement, token_provider: &JsValue) -> Result<Config, ConfigError> {
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let mut config =
        Config::from_host_attributes(|name| host.get_attribute(name), &origin, resolve_url)?;
    config.token_provider = token_provider
        .is_function()
        .then(|| token_provider.clone().unchecked_into());
    Ok(config)
}
