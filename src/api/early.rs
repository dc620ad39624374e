//! The first two answers, when the page asked for them before the app was running: index.html's
//! inline script, or the element's script when it connects, starts `GET /me` and the first page
//! while the wasm downloads and compiles, and leaves their promises in `window.__levEarly`, keyed
//! by absolute URL, beside what they were sent with (origin app, account, timeout, a bearer token
//! or cookies). Each is taken once, by the exact URL the client would fetch, and only when the
//! client would have sent the same; anything else makes its own request.

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

/// What a request is sent with, besides its URL: what an early answer must have been asked
/// with to stand for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentWith<'a> {
    /// `X-Origin-App`.
    pub origin_app: &'a str,
    /// `X-Active-Account`, if any.
    pub account: Option<&'a str>,
    /// The timeout, ms.
    pub timeout_ms: u32,
    /// A bearer token from the host's provider (else cookies).
    pub bearer: bool,
}

/// Takes the early answer for `url` (absolute, with its query) if the page started one sent
/// exactly as `sent` says; `None` when there is none (or it failed: the caller then asks the
/// network itself).
pub async fn take(url: &str, sent: &SentWith<'_>) -> Option<EarlyAnswer> {
    let window = web_sys::window()?;
    let early = Reflect::get(&window, &JsValue::from_str("__levEarly")).ok()?;
    if early.is_undefined() {
        return None;
    }
    // What the script recorded (the standalone page's records only its origin app: no account,
    // the default timeout, cookies).
    let field = |name: &str| Reflect::get(&early, &JsValue::from_str(name)).ok();
    let origin_app = string_field(&early, "originApp")?;
    let account = string_field(&early, "account");
    let recorded = SentWith {
        origin_app: &origin_app,
        account: account.as_deref(),
        timeout_ms: field("timeoutMs")
            .and_then(|v| v.as_f64())
            .map_or(crate::config::DEFAULT_TIMEOUT_MS, |ms| ms as u32),
        bearer: field("bearer").and_then(|v| v.as_bool()).unwrap_or(false),
    };
    if recorded != *sent {
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
