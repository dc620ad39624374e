//! The wasm binary Trunk builds. Everything lives in the library: the page's
//! `<lev-api-keys>` element (its entry script, `src/embed/lev-api-keys.js`) mounts the tab
//! through [`lev_api_keys::embed::mount_tab`] once the module is instantiated.

fn main() {
    lev_api_keys::embed::prepare();
}
