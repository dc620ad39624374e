//! The browser's `Intl` for the language shown: plural categories, numbers, relative times and
//! exact dates. No locale data is compiled into the wasm. Each formatter is made the first time
//! it is needed (making one costs milliseconds) and kept for the language; away from a browser
//! (native unit tests) English is written by hand instead.

use super::format::Rules;

/// A unit of [`Intl::relative`]: what `Intl.RelativeTimeFormat` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeUnit {
    /// Seconds (`0` is "now").
    Second,
    /// Minutes.
    Minute,
    /// Hours.
    Hour,
    /// Days (`-1` is "yesterday").
    Day,
    /// Months.
    Month,
    /// Years.
    Year,
}

impl TimeUnit {
    fn as_str(self) -> &'static str {
        match self {
            Self::Second => "second",
            Self::Minute => "minute",
            Self::Hour => "hour",
            Self::Day => "day",
            Self::Month => "month",
            Self::Year => "year",
        }
    }
}

/// The formatting of one language (a BCP 47 tag the element's script checked).
#[derive(Debug, Clone, Copy)]
pub struct Intl<'a> {
    /// The language's tag.
    pub tag: &'a str,
}

#[cfg(target_arch = "wasm32")]
mod browser {
    use std::cell::{OnceCell, RefCell};

    use js_sys::{Array, Date, Function, Intl, Object, Reflect};
    use wasm_bindgen::JsValue;

    /// One language's formatters, each made when first needed.
    #[derive(Default)]
    pub struct Formatters {
        tag: String,
        plural: OnceCell<Intl::PluralRules>,
        number: OnceCell<Function>,
        relative: OnceCell<Intl::RelativeTimeFormat>,
        exact: OnceCell<Function>,
    }

    thread_local! {
        /// The last language's formatters (a page shows one language at a time).
        static CURRENT: RefCell<Formatters> = RefCell::default();
    }

    fn options(pairs: &[(&str, &str)]) -> Object {
        let object = Object::new();
        for (key, value) in pairs {
            let _ = Reflect::set(&object, &(*key).into(), &(*value).into());
        }
        object
    }

    /// Runs `f` on `tag`'s formatters.
    pub fn with<T>(tag: &str, f: impl FnOnce(&Formatters, &Array) -> T) -> T {
        CURRENT.with(|current| {
            if current.borrow().tag != tag {
                *current.borrow_mut() = Formatters {
                    tag: tag.to_owned(),
                    ..Formatters::default()
                };
            }
            let locales = Array::of1(&tag.into());
            f(&current.borrow(), &locales)
        })
    }

    impl Formatters {
        pub fn plural(&self, locales: &Array, n: i64) -> String {
            self.plural
                .get_or_init(|| Intl::PluralRules::new(locales, &Object::new()))
                .select(n as f64)
                .into()
        }

        pub fn number(&self, locales: &Array, n: i64) -> String {
            let format = self
                .number
                .get_or_init(|| Intl::NumberFormat::new(locales, &Object::new()).format());
            format
                .call1(&JsValue::NULL, &JsValue::from_f64(n as f64))
                .ok()
                .and_then(|s| s.as_string())
                .unwrap_or_else(|| n.to_string())
        }

        pub fn relative(&self, locales: &Array, value: i64, unit: &str) -> String {
            self.relative
                .get_or_init(|| {
                    Intl::RelativeTimeFormat::new(locales, &options(&[("numeric", "auto")]))
                })
                .format(value as f64, unit)
                .into()
        }

        pub fn exact(&self, locales: &Array, secs: i64) -> String {
            let format = self.exact.get_or_init(|| {
                let options = options(&[("dateStyle", "medium"), ("timeStyle", "long")]);
                Intl::DateTimeFormat::new(locales, &options).format()
            });
            let date = Date::new(&JsValue::from_f64(secs as f64 * 1000.0));
            format
                .call1(&JsValue::NULL, &date)
                .ok()
                .and_then(|s| s.as_string())
                .unwrap_or_default()
        }
    }
}

impl Intl<'_> {
    /// `value` `unit`s from now, as the language says it (`numeric: "auto"`: "yesterday",
    /// "now", "vor 3 Tagen").
    pub fn relative(&self, value: i64, unit: TimeUnit) -> String {
        #[cfg(target_arch = "wasm32")]
        {
            browser::with(self.tag, |f, l| f.relative(l, value, unit.as_str()))
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            match (value, unit) {
                (0, TimeUnit::Second) => "now".to_owned(),
                (-1, TimeUnit::Day) => "yesterday".to_owned(),
                (v, u) if v < 0 => {
                    let n = -v;
                    let s = if n == 1 { "" } else { "s" };
                    format!("{n} {}{s} ago", u.as_str())
                }
                (v, u) => format!("in {v} {}s", u.as_str()),
            }
        }
    }

    /// The date and time of `secs` (since the epoch) in the reader's time zone, with the zone.
    pub fn exact(&self, secs: i64) -> String {
        #[cfg(target_arch = "wasm32")]
        {
            browser::with(self.tag, |f, l| f.exact(l, secs))
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            format!("{secs} s after the epoch")
        }
    }
}

impl Rules for Intl<'_> {
    fn plural(&self, n: i64) -> String {
        #[cfg(target_arch = "wasm32")]
        {
            browser::with(self.tag, |f, l| f.plural(l, n))
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            super::format::EnglishRules.plural(n)
        }
    }

    fn number(&self, n: i64) -> String {
        #[cfg(target_arch = "wasm32")]
        {
            browser::with(self.tag, |f, l| f.number(l, n))
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            super::format::EnglishRules.number(n)
        }
    }
}
