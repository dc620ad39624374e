//! The tab's language: one message catalog, with ids (`create_key`) and named placeholders
//! ([`format`]), whose English is compiled in ([`messages`], generated from
//! `src/i18n/locales/en.json` by the crate's build script) and whose other languages are files
//! beside the wasm that the element's script fetches and hands over ([`Language`]); the
//! browser's `Intl` for plurals, numbers and times ([`intl`]); and the reactive [`Locale`] every
//! view reads its text from.

pub mod format;
pub mod intl;
mod language;
mod locale;
mod rich;

/// The catalog's message ids (generated).
pub mod messages {
    include!(concat!(env!("OUT_DIR"), "/messages.rs"));
}

pub use format::Value;
pub use intl::TimeUnit;
pub use language::{direction_of, entries_of, Dir, Entries, Language, ENGLISH_TAG};
pub use locale::{t, Locale};
pub use rich::{rich, slot, Slot};

pub use messages::Msg;
