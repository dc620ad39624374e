//! The language the tab is shown in: one reactive owner per mount, which the element's script
//! sets (its `locale` attribute, the page's `lang`, the browser's languages, a host's
//! `messages`) and every text reads, so a change re-renders the texts in place.

use std::sync::LazyLock;

use leptos::prelude::*;

use super::format::{format, Value};
use super::intl::{Intl, TimeUnit};
use super::language::{Dir, Language};
use super::messages::Msg;

/// What a view reads when no language was provided (a component test): English.
static ENGLISH: LazyLock<Language> = LazyLock::new(Language::english);

/// The tab's language. Provided as context by the mount; [`Locale::from_context`] gives English
/// where none was.
#[derive(Clone, Copy)]
pub struct Locale {
    language: Option<RwSignal<Language>>,
}

impl Locale {
    /// A locale showing `language`.
    pub fn new(language: Language) -> Self {
        Self {
            language: Some(RwSignal::new(language)),
        }
    }

    /// English, as built in (where no tab is being built: logs, tests).
    pub fn english() -> Self {
        Self { language: None }
    }

    /// Makes it the context's.
    pub fn provide(self) {
        provide_context(self);
    }

    /// The context's, or English.
    pub fn from_context() -> Self {
        use_context().unwrap_or_else(Self::english)
    }

    /// Shows `language` from now on: every text re-renders where it is.
    pub fn set(&self, language: Language) {
        if let Some(signal) = self.language {
            // A mount already ended has nothing left to show it in.
            if signal.try_with_untracked(|current| *current != language) == Some(true) {
                signal.try_set(language);
            }
        }
    }

    /// Runs `f` on the language (tracked).
    pub fn with<T>(&self, f: impl FnOnce(&Language) -> T) -> T {
        let mut f = Some(f);
        let shown = self
            .language
            .and_then(|signal| signal.try_with(|l| f.take().map(|f| f(l))))
            .flatten();
        // No language provided, or disposed with its mount (a task finishing late): English.
        match (shown, f) {
            (Some(shown), _) => shown,
            (None, Some(f)) => f(&ENGLISH),
            (None, None) => unreachable!("f runs once, and gives a value when it runs"),
        }
    }

    /// The language's BCP 47 tag (the tab root's `lang`).
    pub fn tag(&self) -> String {
        self.with(|l| l.tag().to_owned())
    }

    /// Its reading direction.
    pub fn dir(&self) -> Dir {
        self.with(Language::dir)
    }

    /// The text of `msg`.
    pub fn text(&self, msg: Msg) -> String {
        self.with(|l| l.text(msg).to_owned())
    }

    /// The text of `msg` with its placeholders filled from `values`.
    pub fn format(&self, msg: Msg, values: &[(&str, Value<'_>)]) -> String {
        self.with(|l| format(l.text(msg), values, &Intl { tag: l.tag() }))
    }

    /// `n` as the language writes it.
    pub fn number(&self, n: i64) -> String {
        use super::format::Rules;
        self.with(|l| Intl { tag: l.tag() }.number(n))
    }

    /// `value` `unit`s from now ("3 days ago", "yesterday").
    pub fn relative(&self, value: i64, unit: TimeUnit) -> String {
        self.with(|l| Intl { tag: l.tag() }.relative(value, unit))
    }

    /// The date and time of `secs` in the reader's time zone.
    pub fn exact(&self, secs: i64) -> String {
        self.with(|l| Intl { tag: l.tag() }.exact(secs))
    }
}

/// The text of `msg`, following the tab's language: for a view's text or an attribute.
pub fn t(msg: Msg) -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let locale = Locale::from_context();
    move || locale.text(msg)
}
