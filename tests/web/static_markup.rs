//! The views' static subtrees (what `view!` turns into markup strings) are built with DOM calls
//! by the patched tachys (vendor/tachys/PATCHED.md): the nodes must be the very ones the
//! browser's HTML parser makes of the same markup — elements in the right namespaces,
//! attributes with their case and namespaces, text with its references decoded.

use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos::tachys::renderer::dom::Dom;
use std::borrow::Cow;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlTemplateElement};

use lev_api_keys::components::icons::*;

use crate::support::host;

/// What the HTML parser makes of `markup` (this test page enforces no Trusted Types).
fn parsed(markup: &str) -> Element {
    let template: HtmlTemplateElement = document()
        .create_element("template")
        .expect("template")
        .unchecked_into();
    template.set_inner_html(markup);
    template
        .content()
        .first_element_child()
        .expect("an element")
}

/// Asserts that `built` is the node the parser makes of its own markup, with both markups in
/// the message when not.
fn assert_as_parsed(built: &Element, context: &str) {
    let markup = built.outer_html();
    let reparsed = parsed(&markup);
    assert!(
        reparsed.is_equal_node(Some(built)),
        "{context}: built {markup}\nparsed {}",
        reparsed.outer_html()
    );
}

#[wasm_bindgen_test]
fn markup_is_built_as_the_parser_would() {
    let samples = [
        r#"<p class="hint" title="Tom &amp; Jerry&#39;s &quot;key&quot;">Use &lt;b&gt; &amp; more&#x2026;<br><input type="checkbox" disabled checked>after</p>"#,
        r##"<div><svg class="icon" viewBox="0 0 24 24" aria-hidden="true"><path d="M3 6h18"></path><use xlink:href="#a"></use><foreignObject><span lang="en">x</span></foreignObject></svg><span>tail</span></div>"##,
        r#"<ul><li>one</li><li>two &nbsp; <code>lev_sk_</code></li></ul>"#,
        r#"<span>a &unknown; b & c</span>"#,
    ];
    for sample in samples {
        let built = Dom::create_element_from_html(Cow::Borrowed(sample));
        let expected = parsed(sample);
        assert!(
            expected.is_equal_node(Some(&built)),
            "built {}\nparsed {}",
            built.outer_html(),
            expected.outer_html()
        );
    }
    // Inside an `<svg>`: what the macro writes for an SVG element below the top.
    let built = Dom::create_svg_element_from_html(Cow::Borrowed(
        r#"<g fill="none"><path stroke-linecap="round" d="M1 1"></path><circle r="2"></circle></g>"#,
    ));
    assert_eq!(
        built.namespace_uri().as_deref(),
        Some("http://www.w3.org/2000/svg")
    );
    let circle = built.last_element_child().expect("circle");
    assert_eq!(
        circle.namespace_uri().as_deref(),
        Some("http://www.w3.org/2000/svg")
    );
    assert_eq!(
        built.outer_html(),
        r#"<g fill="none"><path stroke-linecap="round" d="M1 1"></path><circle r="2"></circle></g>"#
    );
}

#[wasm_bindgen_test]
fn the_icons_and_static_markup_of_views_are_as_parsed() {
    let root = host();
    let _mounted = mount_to(root.clone(), || {
        view! {
            <TrashIcon/><CopyIcon/><CheckIcon/><PlusIcon/><WarningIcon/><KeyIcon/><RotateIcon/>
            <p class="hint">"Tom & Jerry's <b> \"quoted\""<br/><input type="checkbox" disabled=true/></p>
        }
    });
    let children = root.children();
    assert_eq!(children.length(), 8, "{}", root.inner_html());
    for i in 0..children.length() {
        let child = children.item(i).expect("child");
        assert_as_parsed(&child, &format!("view {i}"));
    }
    assert_eq!(
        children
            .item(0)
            .and_then(|svg| svg.first_element_child())
            .and_then(|p| p.namespace_uri())
            .as_deref(),
        Some("http://www.w3.org/2000/svg"),
        "the icon's path is SVG"
    );
    let text = children
        .item(7)
        .and_then(|p| p.text_content())
        .unwrap_or_default();
    assert_eq!(text, "Tom & Jerry's <b> \"quoted\"");
}
