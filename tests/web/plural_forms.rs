//! The shipped catalogs against the browser's own rules: every plural has a branch for each
//! category `Intl.PluralRules` gives its language, and numbers, plurals and relative times come
//! out as the browser writes them.

use js_sys::{Array, Intl, Object, Reflect};
use lev_api_keys::i18n::format::plural_categories;
use lev_api_keys::i18n::messages::ALL;
use lev_api_keys::i18n::{entries_of, Language, Locale, Msg, TimeUnit, Value};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

const CATALOGS: &[(&str, &str)] = &[
    ("ar", include_str!("../../src/i18n/locales/ar.json")),
    ("de", include_str!("../../src/i18n/locales/de.json")),
    ("es", include_str!("../../src/i18n/locales/es.json")),
    ("fr", include_str!("../../src/i18n/locales/fr.json")),
    ("ja", include_str!("../../src/i18n/locales/ja.json")),
    ("pt-BR", include_str!("../../src/i18n/locales/pt-BR.json")),
    ("en", include_str!("../../src/i18n/locales/en.json")),
];

/// `Intl.PluralRules(tag).resolvedOptions().pluralCategories`.
fn browser_categories(tag: &str) -> Vec<String> {
    let rules = Intl::PluralRules::new(&Array::of1(&tag.into()), &Object::new());
    let categories = Reflect::get(&rules.resolved_options(), &"pluralCategories".into())
        .unwrap_or(JsValue::UNDEFINED);
    Array::from(&categories)
        .iter()
        .filter_map(|c| c.as_string())
        .collect()
}

fn language(tag: &str) -> Language {
    let catalog = CATALOGS
        .iter()
        .find(|(t, _)| *t == tag)
        .map(|(_, json)| entries_of(&js_sys::JSON::parse(json).unwrap_or(JsValue::NULL)));
    let mut reports = Vec::new();
    let language = Language::new(tag, catalog.as_ref().map(Option::as_ref), None, &mut |r| {
        reports.push(r)
    });
    assert!(reports.is_empty(), "{tag}: {reports:?}");
    language
}

#[wasm_bindgen_test]
fn every_plural_has_its_languages_categories() {
    for (tag, _) in CATALOGS {
        let wanted = browser_categories(tag);
        assert!(
            !wanted.is_empty(),
            "{tag}: the browser names its categories"
        );
        let language = language(tag);
        for msg in ALL {
            let plurals = plural_categories(language.text(msg)).unwrap_or_default();
            for branches in plurals {
                for category in &wanted {
                    assert!(
                        branches.contains(&category.as_str()),
                        "{tag}: {} has no `{category}` branch",
                        msg.id()
                    );
                }
            }
        }
    }
}

fn count(locale: &Locale, msg: Msg, n: i64) -> String {
    locale.format(msg, &[("count", Value::Number(n))])
}

#[wasm_bindgen_test]
fn numbers_plurals_and_times_follow_the_language() {
    let de = Locale::new(language("de"));
    assert_eq!(count(&de, Msg::KeysCount, 1), "1 Schlüssel");
    assert_eq!(count(&de, Msg::KeysCount, 1234), "1.234 Schlüssel");
    assert_eq!(de.relative(-3, TimeUnit::Day), "vor 3 Tagen");
    assert_eq!(de.relative(-1, TimeUnit::Day), "gestern");
    assert!(
        de.exact(1_774_020_645).contains("2026"),
        "{}",
        de.exact(1_774_020_645)
    );

    let ar = Locale::new(language("ar"));
    let arabic_three = Intl::NumberFormat::new(&Array::of1(&"ar".into()), &Object::new())
        .format()
        .call1(&JsValue::NULL, &3.into())
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default();
    assert_eq!(count(&ar, Msg::KeysCount, 2), "مفتاحان");
    assert_eq!(
        count(&ar, Msg::KeysCount, 3),
        format!("{arabic_three} مفاتيح")
    );
    assert_eq!(ar.dir().as_str(), "rtl");

    let ja = Locale::new(language("ja"));
    assert_eq!(count(&ja, Msg::BulkRevokeConfirm, 1), "1 件のキーを無効化");

    let en = Locale::new(Language::english());
    assert_eq!(en.relative(0, TimeUnit::Second), "now");
    assert_eq!(count(&en, Msg::FilterMatches, 0), "No keys match");
}
