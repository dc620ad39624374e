//! The first two answers, when the page asked for them before the app was running: index.html's
//! inline script starts `GET /me` and the first page while the wasm downloads and compiles, and
//! leaves their promises in `window.__levEarly`, keyed by absolute URL. Each is taken once, by
//! the exact URL the client would fetch, and only when the client would send the same headers (no account chosen, no
//! token provider, the default origin app and timeout); anything else makes its own request.

use js_sys::{Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// What the early script hands over for one request.
pub struct EarlyAnswer {
    /// HTTP status.
    pub status: u16,
    /// The body as text.
    pub body: String,
    /// `X-Request-Id`.
    pub request_id: Option<String>,
    /// `Retry-After`.
    pub retry_after: Option<String>,
}

fn string_field(value: &JsValue, name: &str) -> Option<String> {
    Reflect::get(value, &JsValue::from_str(name))
        .ok()
        .and_then(|v| v.as_string())
}

/// Takes the early answer for `url` (absolute, with its query) if the page started one with `origin_app`; `None` when
/// there is none (or it failed: the caller then asks the network itself).
pub async fn take(url: &str, origin_app: &str) -> Option<EarlyAnswer> {
    let window = web_sys::window()?;
    let early = Reflect::get(&window, &JsValue::from_str("__levEarly")).ok()?;
    if early.is_undefined() || string_field(&early, "originApp").as_deref() != Some(origin_app) {
        return None;
    }
    let answers = Reflect::get(&early, &JsValue::from_str("answers")).ok()?;
    let key = JsValue::from_str(url);
    let promise = Reflect::get(&answers, &key)
        .ok()?
        .dyn_into::<Promise>()
        .ok()?;
    // Once: a Retry or a later load asks the network.
    let _ = Reflect::delete_property(answers.unchecked_ref::<js_sys::Object>(), &key);
    let answer = JsFuture::from(promise).await.ok()?;
    let status = Reflect::get(&answer, &JsValue::from_str("status"))
        .ok()?
        .as_f64()? as u16;
    Some(EarlyAnswer {
        status,
        body: string_field(&answer, "body")?,
        request_id: string_field(&answer, "requestId"),
        retry_after: string_field(&answer, "retryAfter"),
    })
}
