//! Browser sessions for local use: `/dev/sign-in`, `/dev/sign-out`, `/dev/sessions`.
//!
//! Lev's web app signs people in and hands the tab a cookie or a short-lived JWT; this page
//! stands in for it. The session token works both as the HttpOnly cookie and as a Bearer token.
//!
//! Only with `--dev-sign-in` (these routes don't exist otherwise), and never by a cross-site
//! request: a sign-in is a POST whose `Origin` is this server, or a one-time link made by the
//! server itself (printed at start, like Jupyter's `?token=`). `next` is a same-origin path.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Form, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use lev_rules::site_path::is_site_path;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::auth::{cookie, SESSION_COOKIE};
use crate::body::read_json;
use crate::context::{blocking, format_unix, unix_now};
use crate::error::{ApiError, ApiResult};
use crate::model::User;
use crate::routes::ok;
use crate::secrets;
use crate::state::SharedState;

/// Where a sign-in lands when no (safe) `next` is given.
const DEFAULT_NEXT: &str = "/settings/api-keys";
/// Session tokens handed out by `POST /dev/sessions` per minute (all callers together).
const SESSIONS_PER_MINUTE: u32 = 60;

/// The page's only style, allowed by its hash in the page's CSP.
pub const SIGN_IN_STYLE: &str = "body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1f2328;background:#fff}@media(prefers-color-scheme:dark){body{color:#e6edf3;background:#0d1117}button{color:#e6edf3;background:#21262d;border-color:#3d444d}}ul{list-style:none;padding:0}li{margin:.5rem 0}button{font:inherit;padding:.5rem 1rem;border:1px solid #d0d7de;border-radius:6px;background:#f6f8fa;cursor:pointer;text-align:left;width:100%}button:focus-visible{outline:2px solid #0969da;outline-offset:2px}small{display:block;opacity:.75}";

/// `next` if it is a path of this site (`lev_rules::site_path`, the tab's rule too: one `/`, no
/// backslash, control character or white space, also once percent-decoded); else the tab.
pub fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(path) if is_site_path(path) => path,
        _ => DEFAULT_NEXT,
    }
}

/// Whether a state-changing request comes from a page of this server: its `Origin` is one of
/// the addresses the server answers to.
fn same_origin(state: &SharedState, headers: &HeaderMap) -> bool {
    headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .and_then(|o| {
            o.strip_prefix("http://")
                .or_else(|| o.strip_prefix("https://"))
        })
        .is_some_and(|host| state.answers_to(host))
}

fn cross_site() -> ApiError {
    ApiError::forbidden(
        "Sign-in and sign-out are accepted only from this server's own pages. Open /dev/sign-in and choose who you are.",
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// Starts a session for `user`; returns the token.
fn open_session(state: &SharedState, user: &User) -> ApiResult<String> {
    let token = secrets::new_session_token().map_err(ApiError::internal)?;
    let now = unix_now();
    // Expired sessions go as new ones come: the table never grows without bound.
    state.db.purge_sessions(now)?;
    state.db.insert_session(
        &secrets::hash(&token),
        user.id,
        now,
        now + state.session_seconds,
    )?;
    tracing::info!(user_id = user.id, "session opened");
    Ok(token)
}

fn session_cookie(state: &SharedState, token: &str, max_age: i64) -> ApiResult<HeaderValue> {
    let secure = if state.secure_cookies { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={token}; HttpOnly; SameSite=Lax; Path=/; Max-Age={max_age}{secure}"
    ))
    .map_err(ApiError::internal)
}

fn redirect_with_cookie(
    state: &SharedState,
    token: &str,
    max_age: i64,
    to: &str,
) -> ApiResult<Response> {
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    headers.insert(header::SET_COOKIE, session_cookie(state, token, max_age)?);
    headers.insert(
        header::LOCATION,
        HeaderValue::from_str(to).map_err(ApiError::internal)?,
    );
    Ok(response)
}

fn sign_in_as(state: &SharedState, email: &str, next: Option<&str>) -> ApiResult<Response> {
    let user = state
        .db
        .user_by_email(email)?
        .ok_or_else(|| ApiError::not_found("No user with this email on this server."))?;
    let token = open_session(state, &user)?;
    redirect_with_cookie(state, &token, state.session_seconds, safe_next(next))
}

/// `GET /dev/sign-in`: lists the users (each a same-origin POST form); `?token=…` is a one-time
/// link made by the server, which signs in at once; `?next=/path` is where to land.
pub async fn page(
    State(state): State<SharedState>,
    Query(query): Query<SignInQuery>,
) -> ApiResult<Response> {
    blocking(move || sign_in_page(&state, &query)).await
}

/// The query of `GET /dev/sign-in`.
#[derive(Debug, Deserialize)]
pub struct SignInQuery {
    /// Where to land once signed in.
    next: Option<String>,
    /// A one-time link's token.
    token: Option<String>,
}

fn sign_in_page(state: &SharedState, query: &SignInQuery) -> ApiResult<Response> {
    let next = query.next.as_deref();
    let mut notice = "";
    if let Some(token) = &query.token {
        let links = state.dev_sign_in.as_ref().ok_or_else(cross_site)?;
        match links.redeem(token) {
            Some(email) => return sign_in_as(state, &email, next),
            None => notice = "<p role=\"alert\"><strong>This sign-in link was already used or has expired.</strong> Choose who you are below.</p>",
        }
    }
    let next = escape(safe_next(next));
    let mut items = String::new();
    for user in state.db.users()? {
        let accounts = state
            .db
            .memberships(user.id)?
            .iter()
            .map(|(a, r)| {
                format!(
                    "{} of {} ({} tier{})",
                    r.as_str(),
                    a.name,
                    a.tier.as_str(),
                    if a.api_keys_enabled {
                        ""
                    } else {
                        ", API keys disabled"
                    }
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        items.push_str(&format!(
            "<li><form method=\"post\" action=\"/dev/sign-in\"><input type=\"hidden\" name=\"email\" value=\"{email}\"><input type=\"hidden\" name=\"next\" value=\"{next}\"><button type=\"submit\">{name} &lt;{email}&gt;<small>{accounts}</small></button></form></li>",
            email = escape(&user.email),
            name = escape(&user.full_name()),
            accounts = escape(&accounts),
        ));
    }
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Sign in · Lev local API</title><style>{SIGN_IN_STYLE}</style></head><body><main><h1>Sign in</h1>{notice}<p>This local Lev API stands in for Lev's sign-in. Choose who you are:</p><ul>{items}</ul></main></body></html>"
    );
    Ok(Html(html).into_response())
}

/// Form body of `POST /dev/sign-in`.
#[derive(Debug, Deserialize)]
pub struct SignInForm {
    email: String,
    next: Option<String>,
}

/// `POST /dev/sign-in`: sets the session cookie and redirects; only from this server's page.
pub async fn sign_in(
    State(state): State<SharedState>,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> ApiResult<Response> {
    if !same_origin(&state, &headers) {
        return Err(cross_site());
    }
    blocking(move || sign_in_as(&state, &form.email, form.next.as_deref())).await
}

/// `POST /dev/sign-out`: ends the session and clears the cookie; only from this server's pages.
pub async fn sign_out(State(state): State<SharedState>, headers: HeaderMap) -> ApiResult<Response> {
    if !same_origin(&state, &headers) {
        return Err(cross_site());
    }
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        let db_state = state.clone();
        blocking(move || db_state.db.delete_session(&secrets::hash(&token))).await?;
    }
    redirect_with_cookie(&state, "", 0, "/dev/sign-in")
}

/// Body of `POST /dev/sessions`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionRequest {
    email: String,
}

/// Answer of `POST /dev/sessions`.
#[derive(Debug, Serialize)]
pub struct SessionToken {
    token: String,
    expires_at: String,
}

/// `POST /dev/sessions`: a session token as JSON, for host pages and tests that send it as a
/// Bearer token (the way Lev's web app sends its JWT).
pub async fn create_token(
    State(state): State<SharedState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Response> {
    state
        .limiter
        .check_client("all", "dev:sessions", SESSIONS_PER_MINUTE)?;
    let request: SessionRequest = read_json(&headers, body)?;
    let db_state = state.clone();
    let token = blocking(move || {
        let user = db_state.db.user_by_email(&request.email)?.ok_or_else(|| {
            ApiError::not_found("No user with this email on this server.")
                .with_details(json!({"field": "email"}))
        })?;
        open_session(&db_state, &user)
    })
    .await?;
    Ok(ok(
        StatusCode::CREATED,
        SessionToken {
            token,
            expires_at: format_unix(unix_now() + state.session_seconds),
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same table the tab's settings are checked against (`lev_rules::site_path::CASES`).
    #[test]
    fn next_follows_only_paths_of_this_site() {
        for (text, on_site) in lev_rules::site_path::CASES {
            let followed = safe_next(Some(text)) == *text;
            assert_eq!(followed, *on_site, "{text:?}");
        }
        assert_eq!(safe_next(None), DEFAULT_NEXT);
    }
}
