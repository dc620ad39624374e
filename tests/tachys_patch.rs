//! The patched tachys (vendor/tachys/PATCHED.md) reads the markup `view!` writes for static
//! subtrees itself, to build it with DOM calls instead of `innerHTML`. These are the reader's
//! rules; the in-browser test `static_markup` compares what it builds with the browser's parser.

#![cfg(not(target_arch = "wasm32"))]

use std::borrow::Cow;

use leptos::tachys::renderer::inert_markup::{decode, tokens, Token};

fn open<'a>(
    name: &'a str,
    attributes: &[(&'a str, Option<&'a str>)],
    self_closing: bool,
) -> Token<'a> {
    Token::Open {
        name,
        attributes: attributes
            .iter()
            .map(|(n, v)| (*n, v.map(|v| Cow::Owned(v.to_owned()))))
            .collect(),
        self_closing,
    }
}

fn text(t: &str) -> Token<'_> {
    Token::Text(Cow::Owned(t.to_owned()))
}

#[test]
fn reads_what_the_macro_writes() {
    let markup = r#"<svg class="icon" viewBox="0 0 24 24" aria-hidden="true"><path d="M3 6h18"></path></svg>"#;
    assert_eq!(
        tokens(markup).collect::<Vec<_>>(),
        vec![
            open(
                "svg",
                &[
                    ("class", Some("icon")),
                    ("viewBox", Some("0 0 24 24")),
                    ("aria-hidden", Some("true")),
                ],
                false
            ),
            open("path", &[("d", Some("M3 6h18"))], false),
            Token::Close("path"),
            Token::Close("svg"),
        ]
    );
}

#[test]
fn bare_attributes_void_elements_and_self_closing_tags() {
    assert_eq!(
        tokens(r#"<p>a<br><input type=checkbox disabled checked><circle r='2'/>b</p>"#)
            .collect::<Vec<_>>(),
        vec![
            open("p", &[], false),
            text("a"),
            open("br", &[], false),
            open(
                "input",
                &[
                    ("type", Some("checkbox")),
                    ("disabled", None),
                    ("checked", None)
                ],
                false
            ),
            open("circle", &[("r", Some("2"))], true),
            text("b"),
            Token::Close("p"),
        ]
    );
}

#[test]
fn character_references_are_decoded_in_text_and_values() {
    assert_eq!(
        tokens(r#"<b title="Tom &amp; &quot;Jerry&quot;">&lt;3 &#39;&#x2026;&apos;&nbsp;</b>"#)
            .collect::<Vec<_>>(),
        vec![
            open("b", &[("title", Some("Tom & \"Jerry\""))], false),
            text("<3 '\u{2026}'\u{a0}"),
            Token::Close("b"),
        ]
    );
    // Unknown or unterminated references stay as written.
    assert_eq!(
        decode("a &unknown; & b &#xZZ; &"),
        "a &unknown; & b &#xZZ; &"
    );
    assert!(matches!(decode("plain"), Cow::Borrowed("plain")));
}

#[test]
fn a_stray_angle_bracket_is_text_and_comments_are_skipped() {
    assert_eq!(
        tokens("<p>1 < 2<!-- note --><!doctype html>x</p>").collect::<Vec<_>>(),
        vec![
            open("p", &[], false),
            text("1 < 2"),
            text("x"),
            Token::Close("p"),
        ]
    );
}

#[test]
fn truncated_markup_ends_without_panicking() {
    for markup in [
        "<p",
        "<p class=\"a",
        "<p class=",
        "</p",
        "<!-- x",
        "<p a b=c d='e",
    ] {
        let _ = tokens(markup).count();
    }
}
