//! A message around views: its text with named placeholders filled by elements (a key's label
//! in `<strong>`, its prefix in `<code>`), so a language may put them wherever its grammar wants.

use std::sync::Arc;

use leptos::prelude::*;

use super::format::Value;
use super::locale::Locale;
use super::messages::Msg;

/// A placeholder's name and the view that fills it.
pub type Slot = (&'static str, Arc<dyn Fn() -> AnyView + Send + Sync>);

/// A slot `name` filled by `view`.
pub fn slot(name: &'static str, view: impl Fn() -> AnyView + Send + Sync + 'static) -> Slot {
    (name, Arc::new(view))
}

/// Where a slot goes in the formatted text: private-use characters no message holds.
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// The pieces of `text` (formatted with markers): text, or the index of a slot.
fn pieces(text: &str) -> Vec<Result<&str, usize>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(OPEN) {
        let after = &rest[start + OPEN.len_utf8()..];
        let Some(end) = after.find(CLOSE) else { break };
        let Ok(index) = after[..end].parse() else {
            break;
        };
        if start > 0 {
            out.push(Ok(&rest[..start]));
        }
        out.push(Err(index));
        rest = &after[end + CLOSE.len_utf8()..];
    }
    if !rest.is_empty() {
        out.push(Ok(rest));
    }
    out
}

/// `msg` with each of `slots` in its placeholder's place, following the tab's language.
pub fn rich(msg: Msg, slots: Vec<Slot>) -> impl IntoView {
    let locale = Locale::from_context();
    move || {
        let markers: Vec<String> = (0..slots.len())
            .map(|i| format!("{OPEN}{i}{CLOSE}"))
            .collect();
        let values: Vec<(&str, Value<'_>)> = slots
            .iter()
            .zip(&markers)
            .map(|((name, _), marker)| (*name, Value::Text(marker)))
            .collect();
        let text = locale.format(msg, &values);
        pieces(&text)
            .into_iter()
            .map(|piece| match piece {
                Ok(text) => text.to_owned().into_any(),
                Err(index) => slots
                    .get(index)
                    .map_or_else(|| ().into_any(), |(_, view)| view()),
            })
            .collect::<Vec<_>>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_the_slots_out() {
        let text = format!("Revoke {OPEN}0{CLOSE} ({OPEN}1{CLOSE})?");
        assert_eq!(
            pieces(&text),
            [Ok("Revoke "), Err(0), Ok(" ("), Err(1), Ok(")?")]
        );
        assert_eq!(pieces(&format!("{OPEN}0{CLOSE}")), [Err(0)]);
        assert_eq!(pieces("plain"), [Ok("plain")]);
    }
}
