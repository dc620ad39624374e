//! The tab as `<lev-api-keys>`: what the element's script (`lev-api-keys.js`, beside this
//! file, written into `dist/embed/` by `cargo xtask build`) calls to mount the tab into the
//! element's shadow root, refresh it and unmount it.

mod element_config;
mod mounted_tab;
pub mod render_guard;

pub use element_config::resolve_url;
pub use mounted_tab::{mount_tab, MountedTab};

/// What runs when the module is instantiated, before any element mounts: a panic says what
/// happened in the console, and every task is polled through the render guard. (Calling into the library from `main` also keeps its exports, the
/// element's `mountTab` among them, in the linked binary.)
pub fn prepare() {
    console_error_panic_hook::set_once();
    render_guard::install();
}
