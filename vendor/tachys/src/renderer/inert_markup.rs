//! Patched (lev-api-keys): the static subtrees that `view!` turns into markup strings
//! (`InertElement`, in HTML and in SVG) are built with DOM calls instead of a `<template>`'s
//! `innerHTML`, so that no string reaches an HTML sink and a page enforcing Trusted Types with
//! no policy (`require-trusted-types-for 'script'; trusted-types 'none'`) can run the views.
//!
//! The markup comes from `leptos_macro` (`inert_element_to_tokens`), never from data: start
//! tags with literal attributes (double-quoted and escaped, or bare for boolean attributes),
//! escaped text, end tags for everything but HTML's void elements. [`tokens`] reads exactly
//! that (and is tolerant of anything else: a stray `<` is text, an unknown entity stays as
//! written); [`build`] turns the tokens into nodes the way the HTML parser would for this
//! markup: `<svg>` and `<math>` switch to their namespaces, `<foreignObject>` back to HTML.

use std::borrow::Cow;

/// One piece of the markup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token<'a> {
    /// A start tag: its name, its attributes (a bare one has no value) and whether it ended
    /// with `/>`.
    Open {
        /// The tag name as written.
        name: &'a str,
        /// The attributes in order, values with their character references decoded.
        attributes: Vec<(&'a str, Option<Cow<'a, str>>)>,
        /// Written as `<name … />`.
        self_closing: bool,
    },
    /// An end tag's name.
    Close(&'a str),
    /// Text, with its character references decoded.
    Text(Cow<'a, str>),
}

/// The tokens of `html`, in order.
pub fn tokens(html: &str) -> Tokens<'_> {
    Tokens { rest: html }
}

/// The iterator of [`tokens`].
#[derive(Debug, Clone)]
pub struct Tokens<'a> {
    rest: &'a str,
}

impl<'a> Iterator for Tokens<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        loop {
            if self.rest.is_empty() {
                return None;
            }
            if let Some(after) = self.rest.strip_prefix('<') {
                if let Some(after) = after.strip_prefix('/') {
                    let end = after.find('>').unwrap_or(after.len());
                    let name = after[..end].trim();
                    self.rest = after.get(end + 1..).unwrap_or("");
                    return Some(Token::Close(name));
                }
                if let Some(after) = after.strip_prefix('!') {
                    // A comment or a doctype: nothing the views need.
                    let end = match after.strip_prefix("--") {
                        Some(comment) => comment
                            .find("-->")
                            .map(|i| 2 + i + 3)
                            .unwrap_or(after.len()),
                        None => after
                            .find('>')
                            .map(|i| i + 1)
                            .unwrap_or(after.len()),
                    };
                    self.rest = &after[end..];
                    continue;
                }
                if after.starts_with(|c: char| c.is_ascii_alphabetic()) {
                    return Some(self.start_tag(after));
                }
            }
            // Text up to the next tag; a `<` that starts no tag is text.
            let end = self
                .rest
                .char_indices()
                .skip(1)
                .find(|(i, _)| starts_tag(&self.rest[*i..]))
                .map(|(i, _)| i)
                .unwrap_or(self.rest.len());
            let text = &self.rest[..end];
            self.rest = &self.rest[end..];
            return Some(Token::Text(decode(text)));
        }
    }
}

/// Whether `rest` begins with a start tag, an end tag or a comment.
fn starts_tag(rest: &str) -> bool {
    let mut chars = rest.chars();
    chars.next() == Some('<')
        && chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!')
}

impl<'a> Tokens<'a> {
    /// Reads a start tag from `after` (what follows its `<`).
    fn start_tag(&mut self, after: &'a str) -> Token<'a> {
        let name_end = after
            .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
            .unwrap_or(after.len());
        let name = &after[..name_end];
        let mut rest = &after[name_end..];
        let mut attributes = Vec::new();
        let mut self_closing = false;
        loop {
            rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace());
            if let Some(r) = rest.strip_prefix('>') {
                rest = r;
                break;
            }
            if let Some(r) = rest.strip_prefix("/>") {
                rest = r;
                self_closing = true;
                break;
            }
            if let Some(r) = rest.strip_prefix('/') {
                rest = r;
                continue;
            }
            if rest.is_empty() {
                break;
            }
            let attr_end = rest
                .find(|c: char| {
                    c.is_ascii_whitespace() || c == '=' || c == '>' || c == '/'
                })
                .unwrap_or(rest.len());
            let attr = &rest[..attr_end];
            rest = rest[attr_end..]
                .trim_start_matches(|c: char| c.is_ascii_whitespace());
            let value = match rest.strip_prefix('=') {
                None => None,
                Some(r) => {
                    let r = r
                        .trim_start_matches(|c: char| c.is_ascii_whitespace());
                    let (value, after_value) =
                        match r.chars().next().filter(|c| *c == '"' || *c == '\'') {
                            Some(quote) => {
                                let inner = &r[1..];
                                let end = inner.find(quote).unwrap_or(inner.len());
                                (&inner[..end], inner.get(end + 1..).unwrap_or(""))
                            }
                            None => {
                                let end = r
                                    .find(|c: char| c.is_ascii_whitespace() || c == '>')
                                    .unwrap_or(r.len());
                                (&r[..end], &r[end..])
                            }
                        };
                    rest = after_value;
                    Some(decode(value))
                }
            };
            attributes.push((attr, value));
        }
        self.rest = rest;
        Token::Open {
            name,
            attributes,
            self_closing,
        }
    }
}

/// `text` with its character references (`&amp;`, `&#39;`, `&#x27;`, …) decoded; one that is
/// not known stays as written.
pub fn decode(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let decoded = rest.find(';').and_then(|end| {
            let reference = &rest[1..end];
            let c = match reference {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => reference.strip_prefix('#').and_then(|number| {
                    match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => number.parse().ok(),
                    }
                    .and_then(char::from_u32)
                }),
            };
            c.map(|c| (c, end + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Where the markup starts: an HTML element's content or an SVG element's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Namespace {
    /// HTML.
    Html,
    /// SVG.
    Svg,
    /// MathML.
    MathMl,
}

const SVG: &str = "http://www.w3.org/2000/svg";
const MATHML: &str = "http://www.w3.org/1998/Math/MathML";
const XLINK: &str = "http://www.w3.org/1999/xlink";
const XML: &str = "http://www.w3.org/XML/1998/namespace";
const XMLNS: &str = "http://www.w3.org/2000/xmlns/";

/// HTML's void elements: they have no end tag and no content.
fn is_void(name: &str) -> bool {
    [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "param", "source", "track", "wbr",
    ]
    .iter()
    .any(|void| void.eq_ignore_ascii_case(name))
}

/// The nodes of `html` in a new fragment, built with `createElement(NS)`, `setAttribute(NS)`
/// and `createTextNode`: no HTML sink. A name the DOM refuses leaves that element (with its
/// content) or that attribute out rather than failing the view.
pub fn build(html: &str, start: Namespace) -> web_sys::DocumentFragment {
    let document = crate::dom::document();
    let fragment = document.create_document_fragment();
    let mut open: Vec<(web_sys::Node, Namespace, &str)> = Vec::new();
    // Content under an element the DOM refused is skipped up to its end tag.
    let mut refused = 0usize;
    for token in tokens(html) {
        let (parent, namespace): (&web_sys::Node, Namespace) = match open.last() {
            Some((node, namespace, _)) => (node, *namespace),
            None => (&fragment, start),
        };
        match token {
            Token::Text(text) => {
                if refused == 0 {
                    let _ = parent.append_child(&document.create_text_node(&text));
                }
            }
            Token::Close(name) => {
                if refused > 0 {
                    refused -= 1;
                } else if let Some(at) = open
                    .iter()
                    .rposition(|(_, _, open)| open.eq_ignore_ascii_case(name))
                {
                    open.truncate(at);
                }
            }
            Token::Open {
                name,
                attributes,
                self_closing,
            } => {
                let element_namespace = match namespace {
                    Namespace::Html if name.eq_ignore_ascii_case("svg") => Namespace::Svg,
                    Namespace::Html if name.eq_ignore_ascii_case("math") => {
                        Namespace::MathMl
                    }
                    other => other,
                };
                let has_content = !self_closing
                    && !(element_namespace == Namespace::Html && is_void(name));
                if refused > 0 {
                    refused += usize::from(has_content);
                    continue;
                }
                let element = match element_namespace {
                    Namespace::Html => document.create_element(name),
                    Namespace::Svg => document.create_element_ns(Some(SVG), name),
                    Namespace::MathMl => document.create_element_ns(Some(MATHML), name),
                };
                let Ok(element) = element else {
                    refused += usize::from(has_content);
                    continue;
                };
                for (attribute, value) in attributes {
                    let value = value.as_deref().unwrap_or("");
                    let namespace = if attribute == "xmlns" || attribute.starts_with("xmlns:") {
                        Some(XMLNS)
                    } else if attribute.starts_with("xlink:") {
                        Some(XLINK)
                    } else if attribute.starts_with("xml:") {
                        Some(XML)
                    } else {
                        None
                    };
                    let _ = match namespace {
                        Some(namespace) if element_namespace != Namespace::Html => {
                            element.set_attribute_ns(Some(namespace), attribute, value)
                        }
                        _ => element.set_attribute(attribute, value),
                    };
                }
                let _ = parent.append_child(&element);
                if has_content {
                    let content = if element_namespace == Namespace::Svg
                        && name.eq_ignore_ascii_case("foreignObject")
                    {
                        Namespace::Html
                    } else {
                        element_namespace
                    };
                    open.push((element.into(), content, name));
                }
            }
        }
    }
    fragment
}
