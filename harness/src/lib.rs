//! What the end-to-end tests (`tests/e2e`) and the benchmark (`benches/browser`) share: a
//! fresh seeded server and a fresh browser per test ([`env`]), the engine and its driver
//! ([`driver`]), finding controls by role and accessible name ([`find`]), the steps many tests
//! take ([`flows`]), what the page reported ([`diagnostics`]), and the React host page of
//! the element's tests ([`host_page`]).

#![forbid(unsafe_code)]

pub mod devtools;
pub mod diagnostics;
pub mod driver;
pub mod env;
pub mod find;
pub mod flows;
pub mod host_page;
mod instrument;

use std::time::Duration;

pub use driver::Engine;
pub use env::{
    admin_page, app_files, copy_of_dist, dist, embed_files, embedded_env, embedding_dist, env,
    env_with, env_with_sixty_keys, is_chunk, is_chunk_loader, write_embed_page, Env,
};
pub use host_page::{
    server_rendered_host, svelte_host, vue_host, HostPage, STRICT_HOST_CSP, TRUSTED_TYPES_CSP,
};
pub use lev_server::{Config, FaultAction, RecordedRequest};

/// The seeded people the tests sign in as.
pub mod seed {
    pub use lev_server::seed::{ADMIN, DISABLED_ADMIN, FULL_ADMIN, MEMBER, MULTI_ADMIN};
}

/// The W3C WebDriver key of an element reference in JSON.
pub const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A name under the reserved `.test` domain that the browsers of these tests reach this
/// machine at (Chromium's host-resolver rule, Firefox's `network.dns.localDomains`, WebKit
/// through the test server as its proxy): plain http at a name that is not loopback, an
/// insecure context as a LAN address is.
pub const TEST_HOST: &str = "lev.test";

/// How long to wait for the page to reach a state. Every `sleep` in these helpers is the pause
/// between two checks of a condition, within this deadline; none stands in for a condition.
pub const WAIT: Duration = Duration::from_secs(20);
