//! End-to-end tests: the real app (built by `cargo xtask test` into `LEV_E2E_DIST`) served by
//! the real local server, driven through WebDriver in headless Chromium.

#![cfg(not(target_arch = "wasm32"))]

mod bulk_revoke;
mod bundlers;
mod dialog_code;
mod embedding;
mod find_and_sort;
mod flows;
mod host_page;
mod languages;
mod live_times;
mod loading;
mod package;
mod proof_a11y;
mod proof_csp;
mod proof_embed;
mod proof_error_shapes;
mod proof_faults;
mod proof_hostile;
mod proof_hygiene;
mod proof_long_use;
mod revoke_edges;
mod rotation;
mod rows_follow;
mod smoke;
mod states;
mod where_it_runs;
