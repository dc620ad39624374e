//! "A path of this site" with the browser's own URL parser, on the table of cases the server is
//! tested on too (`lev_rules::site_path::CASES`).

use lev_api_keys::config::is_site_path;
use lev_api_keys::embed::resolve_url;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn the_browser_agrees_with_the_shared_table() {
    let origin = leptos::prelude::window()
        .location()
        .origin()
        .expect("the page's origin");
    for (text, on_site) in lev_rules::site_path::CASES {
        assert_eq!(
            is_site_path(text, &origin, &resolve_url),
            *on_site,
            "{text:?}"
        );
    }
    // What the rule is for: the parser itself makes this one another host.
    let tab = resolve_url("/\t/evil.example/api").expect("parsed");
    assert_eq!(tab.origin, "http://evil.example");
}
