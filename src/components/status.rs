//! The page's status message: a polite live region that exists from the start (so screen
//! readers announce what is written into it) and shows the latest message for a while.

use std::time::Duration;

use leptos::prelude::*;

/// How long a message stays visible.
const VISIBLE: Duration = Duration::from_secs(8);
/// The pause between clearing and writing, so a repeated message counts as new.
const REWRITE: Duration = Duration::from_millis(50);

/// Where a label starts and ends inside a message (Unicode's first-strong and pop isolates);
/// the region shows what is between them in a `<bdi>`.
const ISOLATE: (char, char) = ('\u{2068}', '\u{2069}');

/// `label` marked for a message: the region isolates its direction, so a right-to-left label
/// can't reorder the sentence around it. (Labels can't hold these marks: the label rule
/// refuses format characters.)
pub fn isolated(label: &str) -> String {
    format!("{}{label}{}", ISOLATE.0, ISOLATE.1)
}

/// A message's parts: `(text, is a label)`.
fn parts(message: &str) -> Vec<(String, bool)> {
    let mut parts = Vec::new();
    let mut rest = message;
    while let Some(start) = rest.find(ISOLATE.0) {
        let (before, after) = rest.split_at(start);
        let after = &after[ISOLATE.0.len_utf8()..];
        let end = after.find(ISOLATE.1).unwrap_or(after.len());
        parts.push((before.to_owned(), false));
        parts.push((after[..end].to_owned(), true));
        rest = after.get(end + ISOLATE.1.len_utf8()..).unwrap_or("");
    }
    parts.push((rest.to_owned(), false));
    parts.retain(|(text, _)| !text.is_empty());
    parts
}

/// Writes into the page's status region. Provided as context by [`StatusRegion`]'s owner.
#[derive(Clone, Copy)]
pub struct Status {
    message: RwSignal<Option<String>>,
    serial: RwSignal<u32>,
}

impl Status {
    /// A status with no message.
    pub fn new() -> Self {
        Self {
            message: RwSignal::new(None),
            serial: RwSignal::new(0),
        }
    }

    /// The status of the tab being built (provided by [`crate::App`]).
    pub fn from_context() -> Self {
        expect_context()
    }

    /// Shows and announces `text`.
    pub fn say(&self, text: impl Into<String>) {
        let text = text.into();
        let serial = self.serial.get_untracked().wrapping_add(1);
        self.serial.set(serial);
        // Clearing first makes a repeated message count as new for screen readers.
        self.message.set(None);
        let (message, serial_signal) = (self.message, self.serial);
        let current = move || serial_signal.try_get_untracked() == Some(serial);
        set_timeout(
            move || {
                if !current() {
                    return;
                }
                message.set(Some(text));
                set_timeout(
                    move || {
                        if current() {
                            message.set(None);
                        }
                    },
                    VISIBLE,
                );
            },
            REWRITE,
        );
    }

    /// The current message.
    pub fn current(&self) -> Option<String> {
        self.message.get()
    }
}

impl Default for Status {
    fn default() -> Self {
        Self::new()
    }
}

/// `text` with each [`isolated`] label in a `<bdi>`: a sentence of the catalog around data.
pub fn with_labels(text: &str) -> impl IntoView {
    parts(text)
        .into_iter()
        .map(|(text, label)| {
            if label {
                view! { <bdi>{text}</bdi> }.into_any()
            } else {
                text.into_any()
            }
        })
        .collect_view()
}

/// The live region itself.
#[component]
pub fn StatusRegion(
    /// Where messages come from.
    status: Status,
) -> impl IntoView {
    view! {
        <div class="status-region" role="status" aria-live="polite" aria-atomic="true">
            {move || status.current().map(|text| view! {
                <p class="toast">{with_labels(&text)}</p>
            })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_cut_out_of_the_message() {
        let message = format!("Revoked {}. Also {}", isolated("שלום CI"), isolated("x"));
        assert_eq!(
            parts(&message),
            [
                ("Revoked ".to_owned(), false),
                ("שלום CI".to_owned(), true),
                (". Also ".to_owned(), false),
                ("x".to_owned(), true),
            ]
        );
        assert_eq!(
            parts("Loaded 50 more keys."),
            [("Loaded 50 more keys.".to_owned(), false)]
        );
    }
}
