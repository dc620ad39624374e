//! The label rule with the browser's Unicode data, on the table of cases the server is tested
//! on too (`lev_rules::label::CASES`).

use lev_api_keys::create::label_rule::validate;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn the_browser_agrees_with_the_shared_table() {
    for (typed, expected) in lev_rules::label::CASES {
        let made = validate(typed);
        assert_eq!(made.as_deref(), expected.as_ref().map(|s| *s), "{typed:?}");
    }
}
