//! Settings → API Keys of the Lev web app: a Leptos client-side app over the Lev External
//! API v2.
//!
//! Layers: [`api`] (wire types, client, errors) → [`state`] (pure logic) → [`session`] (the
//! active account and the loads it starts) → [`components`] (reusable UI) → one folder per
//! thing a person does: [`create`], [`revoke`], [`rotate`], the [`list`] that opens them, the
//! [`tab`] around it, and the standalone [`shell`]. [`start`] mounts it.

#![forbid(unsafe_code)]

pub mod api;
pub mod app;
pub mod components;
pub mod config;
pub mod create;
pub mod list;
pub mod revoke;
pub mod rotate;
pub mod session;
pub mod shell;
pub mod state;
pub mod tab;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

pub use app::App;
pub use config::{Config, ConfigError, UrlParts};

use components::config_problem::ConfigProblem;

/// Id of the element the tab mounts into.
pub const HOST_ID: &str = "lev-api-keys";

/// Reads the configuration from the host element's attributes and properties.
pub fn config_from_host(host: &web_sys::Element) -> Result<Config, ConfigError> {
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let mut config = Config::from_host_attributes(
        |name| host.get_attribute(&format!("data-{name}")),
        &origin,
        |value| {
            let url = web_sys::Url::new(value).ok()?;
            Some(UrlParts {
                protocol: url.protocol(),
                hostname: url.hostname(),
                origin: url.origin(),
            })
        },
    )?;
    // A token provider is handed over as a property of the host element only: never an
    // attribute or a global name, so markup alone can't point the tab at some function.
    let provider = js_sys::Reflect::get(host, &"levTokenProvider".into())
        .ok()
        .filter(|v| v.is_function());
    config.token_provider = provider.map(|f| f.unchecked_into());
    Ok(config)
}

/// Mounts the app into `#lev-api-keys` (configured by its `data-` attributes), or into the
/// body as the standalone settings page when there is no such element.
pub fn start() {
    console_error_panic_hook::set_once();
    match document().get_element_by_id(HOST_ID) {
        Some(host) => {
            let config = config_from_host(&host);
            leptos::mount::mount_to(host.unchecked_into(), move || match config.clone() {
                Ok(config) => view! { <App config=config /> }.into_any(),
                Err(error) => view! { <ConfigProblem error=error /> }.into_any(),
            })
            .forget();
        }
        None => {
            let config = Config {
                shell: true,
                ..Config::default()
            };
            leptos::mount::mount_to_body(move || view! { <App config=config /> });
        }
    }
}
