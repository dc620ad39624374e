//! The HTTP client: paths, headers, auth, timeouts and retries. Browser-only at run time.

use std::sync::Arc;

use gloo_net::http::{Method, RequestBuilder};
use gloo_timers::future::TimeoutFuture;
use send_wrapper::SendWrapper;
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, RequestCredentials};
use zeroize::Zeroizing;

use super::early;
use super::error::{ApiError, ErrorKind};
use super::paths::{self, PageAt};
use super::retry::{delay_before_retry, Operation};
use super::wire::{self, ApiKey, CreateKey, CreatedKey, Envelope, Me, Page};
use crate::config::Config;

/// A page of keys and where it sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyPage {
    /// The keys.
    pub keys: Vec<ApiKey>,
    /// Total active keys.
    pub total: u64,
    /// Whether more pages follow.
    pub has_more: bool,
    /// Where the next page starts, when the server gave a cursor.
    pub next_cursor: Option<String>,
}

/// Talks to the Lev External API v2. Cheap to clone.
#[derive(Clone)]
pub struct Client {
    base: Arc<str>,
    origin_app: Arc<str>,
    account: Option<Arc<str>>,
    timeout_ms: u32,
    // `SendWrapper` (both): JavaScript values are single-threaded, and the client lives in a
    // signal (the scoped client), whose values must be `Send`.
    token_provider: Option<SendWrapper<js_sys::Function>>,
    /// Aborted when the element that mounted the tab unmounts it: every request in flight ends.
    unmounted: Option<SendWrapper<AbortSignal>>,
}

/// A 2xx answer. Every body is wiped from memory when dropped: a create's holds the secret, and
/// wiping all of them costs nothing worth keeping a second kind for.
struct Answer {
    status: u16,
    body: Zeroizing<String>,
    request_id: Option<String>,
}

/// One request as the client makes it, retries included.
struct Request {
    method: Method,
    /// The path's URL, without a query.
    url: String,
    /// Query pairs, encoded by the request builder.
    query: Vec<(&'static str, String)>,
    body: Option<String>,
    idempotency_key: Option<String>,
    operation: Operation,
}

impl Request {
    /// A read of `url` (`GET`, no body): the base of every other request.
    fn read(url: String) -> Self {
        Self {
            method: Method::GET,
            url,
            query: Vec::new(),
            body: None,
            idempotency_key: None,
            operation: Operation::Read,
        }
    }
}

impl Answer {
    /// Decodes the body as `T`; the secret of a create goes straight into its `SecretString`.
    fn decode<T: DeserializeOwned>(&self) -> Result<T, ApiError> {
        wire::decode(&self.body)
            .ok_or_else(|| ApiError::bad_response(self.status, self.request_id.clone()))
    }
}

impl Client {
    /// A client for the configured API.
    pub fn new(config: &Config) -> Self {
        Self {
            base: config.api_base.as_str().into(),
            origin_app: config.origin_app.as_str().into(),
            account: config.account.as_deref().map(Into::into),
            timeout_ms: config.timeout_ms,
            token_provider: config.token_provider.clone().map(SendWrapper::new),
            unmounted: None,
        }
    }

    /// The same client, its requests ended when `unmounted` aborts.
    pub fn ending_with(self, unmounted: AbortSignal) -> Self {
        Self {
            unmounted: Some(SendWrapper::new(unmounted)),
            ..self
        }
    }

    /// Whether the tab was unmounted (nothing may be asked any more).
    fn is_unmounted(&self) -> bool {
        self.unmounted.as_ref().is_some_and(|s| s.aborted())
    }

    /// The same client, scoped to the account `slug` (sent as `X-Active-Account`).
    pub fn for_account(&self, slug: &str) -> Self {
        Self {
            account: Some(slug.into()),
            ..self.clone()
        }
    }

    /// `GET /me`.
    pub async fn me(&self) -> Result<Me, ApiError> {
        let answer = self.send(Request::read(paths::me(&self.base))).await?;
        answer.decode::<Envelope<Me>>().map(|e| e.data)
    }

    /// One page of active keys, newest first.
    pub async fn list_keys(&self, at: &PageAt, limit: u32) -> Result<KeyPage, ApiError> {
        let request = Request {
            query: paths::page_query(at, limit).to_vec(),
            ..Request::read(paths::keys(&self.base))
        };
        let answer = self.send(request).await?;
        let page = answer.decode::<Page<ApiKey>>()?;
        // Without pagination the page is the whole (rest of the) list.
        let Some(pagination) = page.pagination else {
            let before = match at {
                PageAt::Offset(offset) => *offset,
                PageAt::Cursor(_) => 0,
            };
            return Ok(KeyPage {
                total: before + page.data.len() as u64,
                keys: page.data,
                has_more: false,
                next_cursor: None,
            });
        };
        Ok(KeyPage {
            keys: page.data,
            total: pagination.total,
            has_more: pagination.has_more.unwrap_or(false),
            next_cursor: pagination.next_cursor,
        })
    }

    /// Creates a key. `idempotency_key` identifies the attempt: sending it again can never
    /// make a second key.
    pub async fn create_key(
        &self,
        label: &str,
        idempotency_key: &str,
    ) -> Result<CreatedKey, ApiError> {
        let body = serde_json::to_string(&CreateKey { label }).map_err(|_| ApiError::network())?;
        let answer = self
            .send(Request {
                method: Method::POST,
                body: Some(body),
                idempotency_key: Some(idempotency_key.to_owned()),
                operation: Operation::Create,
                ..Request::read(paths::keys(&self.base))
            })
            .await?;
        answer.decode::<Envelope<CreatedKey>>().map(|e| e.data)
    }

    /// Revokes a key.
    pub async fn revoke_key(&self, id: i64) -> Result<(), ApiError> {
        self.send(Request {
            method: Method::DELETE,
            operation: Operation::Revoke,
            ..Request::read(paths::key(&self.base, id))
        })
        .await
        .map(drop)
    }

    async fn send(&self, request: Request) -> Result<Answer, ApiError> {
        let mut attempt = 1;
        // A host's token may expire between two of our requests: the first 401 of a request
        // made with the provider's token asks the provider again and repeats the request once,
        // at once (a create with the same Idempotency-Key); only a second 401 in a row stands.
        let mut token_renewed = false;
        // The page's early answer stands for the first attempt: the provider was asked for it
        // already, by the element's script.
        let mut early = self.early_answer(&request).await;
        loop {
            let (result, with_token) = match early.take() {
                Some(result) => (result, self.token_provider.is_some()),
                None => {
                    // Asked before every attempt: a provider's refusal is its own answer, never
                    // retried.
                    let token = self.token().await?;
                    let with_token = token.is_some();
                    (self.send_once(&request, token.as_deref()).await, with_token)
                }
            };
            match result {
                Ok(answer) => return Ok(answer),
                Err(error) if self.is_unmounted() => return Err(error),
                Err(error)
                    if error.kind == ErrorKind::Unauthorized && with_token && !token_renewed =>
                {
                    token_renewed = true;
                }
                Err(error) => {
                    let delay = delay_before_retry(
                        request.operation,
                        attempt,
                        &error,
                        js_sys::Math::random(),
                    );
                    match delay {
                        Some(ms) => {
                            TimeoutFuture::new(ms).await;
                            attempt += 1;
                        }
                        None => return Err(error),
                    }
                }
            }
        }
    }

    async fn send_once(&self, request: &Request, token: Option<&str>) -> Result<Answer, ApiError> {
        let timeout = AbortSignal::timeout_with_u32(self.timeout_ms);
        let signal = match &self.unmounted {
            Some(unmounted) => AbortSignal::any(&js_sys::Array::of2(&timeout, unmounted.as_ref())),
            None => timeout,
        };
        let mut builder = RequestBuilder::new(&request.url)
            .method(request.method.clone())
            .query(request.query.iter().map(|(k, v)| (*k, v)))
            .header("Accept", "application/json")
            .header("X-Origin-App", &self.origin_app)
            .abort_signal(Some(&signal));
        if let Some(account) = &self.account {
            builder = builder.header("X-Active-Account", account);
        }
        builder = match token {
            // A host-provided token replaces cookies entirely.
            Some(token) => builder
                .header("Authorization", &format!("Bearer {token}"))
                .credentials(RequestCredentials::Omit),
            None => builder.credentials(RequestCredentials::Include),
        };
        if let Some(key) = &request.idempotency_key {
            builder = builder.header("Idempotency-Key", key);
        }
        let built = match &request.body {
            Some(body) => builder
                .header("Content-Type", "application/json")
                .body(body.clone()),
            None => builder.build(),
        }
        .map_err(|_| ApiError::network())?;
        let response = built.send().await.map_err(|e| failure(&e))?;
        let status = response.status();
        let headers = response.headers();
        let request_id = headers.get("x-request-id");
        let retry_after = headers.get("retry-after");
        let text = Zeroizing::new(response.text().await.map_err(|e| failure(&e))?);
        if response.ok() {
            return Ok(Answer {
                status,
                body: text,
                request_id,
            });
        }
        Err(ApiError::from_response(
            status,
            &text,
            request_id.as_deref(),
            retry_after.as_deref(),
        ))
    }

    /// The answer the page's early script already has for this request, when this request is
    /// exactly the one it made: a GET without a body to the same absolute URL (with its query,
    /// as the browser resolves it), with the origin app, account, timeout and kind of
    /// credential the script used.
    async fn early_answer(&self, request: &Request) -> Option<Result<Answer, ApiError>> {
        if request.method != Method::GET || request.body.is_some() {
            return None;
        }
        let url = RequestBuilder::new(&request.url)
            .query(request.query.iter().map(|(k, v)| (*k, v)))
            .build()
            .ok()?
            .url();
        let sent = early::SentWith {
            origin_app: &self.origin_app,
            account: self.account.as_deref(),
            timeout_ms: self.timeout_ms,
            bearer: self.token_provider.is_some(),
        };
        let early = early::take(&url, &sent).await?;
        if (200..300).contains(&early.status) {
            return Some(Ok(Answer {
                status: early.status,
                body: Zeroizing::new(early.body),
                request_id: early.request_id,
            }));
        }
        Some(Err(ApiError::from_response(
            early.status,
            &early.body,
            early.request_id.as_deref(),
            early.retry_after.as_deref(),
        )))
    }

    /// Asks the host page's token provider for a fresh token, if there is one.
    async fn token(&self) -> Result<Option<String>, ApiError> {
        let Some(provider) = &self.token_provider else {
            return Ok(None);
        };
        // No request was sent: as good as signed out.
        let refused = || ApiError::from_response(401, "", None, None);

        let value = provider.call0(&JsValue::NULL).map_err(|_| refused())?;
        let value = match value.dyn_into::<js_sys::Promise>() {
            Ok(promise) => JsFuture::from(promise).await.map_err(|_| refused())?,
            Err(value) => value,
        };
        value
            .as_string()
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty())
            .map(Some)
            .ok_or_else(refused)
    }
}

fn failure(error: &gloo_net::Error) -> ApiError {
    match error {
        gloo_net::Error::JsError(js) if js.name == "TimeoutError" || js.name == "AbortError" => {
            ApiError::timeout()
        }
        _ => ApiError::network(),
    }
}
