//! Serving the built app (`--dist`) with its security headers.

use std::path::Path;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use sha2::{Digest, Sha256};
use tower::ServiceExt;
use tower_http::services::ServeDir;

use crate::error::ApiError;
use crate::state::SharedState;

/// `'sha256-…'` sources for every inline `<script>` of `html` (the early requests' script is
/// one; the element's entry is a file, allowed by `'self'`), and
/// allowing exactly these keeps `'unsafe-inline'` out of the policy.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        rest = &rest[start..];
        let Some(open_end) = rest.find('>') else {
            break;
        };
        let open_tag = &rest[..open_end];
        let after = &rest[open_end + 1..];
        let Some(close) = after.find("</script>") else {
            break;
        };
        if !open_tag.contains(" src=") {
            let digest = Sha256::digest(&after.as_bytes()[..close]);
            hashes.push(format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            ));
        }
        rest = &after[close..];
    }
    hashes
}

/// The CSP of the app's HTML.
pub fn app_csp(html: &str, frame_ancestors: &[String]) -> String {
    let scripts = inline_script_hashes(html).join(" ");
    format!(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval' {scripts}; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors {}",
        frame_ancestors.join(" ")
    )
}

/// The CSP of the sign-in page: its one inline style, no script.
pub fn sign_in_csp(frame_ancestors: &[String]) -> String {
    let digest = Sha256::digest(crate::routes::dev_session::SIGN_IN_STYLE.as_bytes());
    format!(
        "default-src 'none'; style-src 'sha256-{}'; form-action 'self'; base-uri 'none'; frame-ancestors {}",
        base64::engine::general_purpose::STANDARD.encode(digest),
        frame_ancestors.join(" ")
    )
}

/// Middleware: headers every response gets, and the strict policy for API answers (which can
/// hold a secret, so they are never cached).
pub async fn security_headers(
    State(state): State<SharedState>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    headers.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    if path.starts_with("/api/") || path.starts_with("/_dev/") {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
        );
    } else if path.starts_with("/dev/") {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if let Ok(value) = HeaderValue::from_str(&sign_in_csp(&state.frame_ancestors)) {
            headers
                .entry(header::CONTENT_SECURITY_POLICY)
                .or_insert(value);
        }
    }
    // An injected page (a proxy's error page, say) runs under the app's own policy.
    let injected = response
        .extensions()
        .get::<crate::faults::Injected>()
        .is_some();
    let headers = response.headers_mut();
    let is_html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("text/html"));
    if injected && is_html && !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        if let Ok(value) = HeaderValue::from_str(&app_page_csp(&state).await) {
            headers.insert(header::CONTENT_SECURITY_POLICY, value);
        }
    }
    response
}

/// The policy of the app's pages: that of `index.html` when the app is served, else the same
/// policy without any inline script allowed.
async fn app_page_csp(state: &SharedState) -> String {
    let html = match &state.dist {
        Some(dist) => tokio::fs::read_to_string(dist.join("index.html"))
            .await
            .unwrap_or_default(),
        None => String::new(),
    };
    app_csp(&html, &state.frame_ancestors)
}

/// Fallback: a file of the built app, else `index.html` for client routes, else 404.
pub async fn serve(State(state): State<SharedState>, request: Request) -> Response {
    let path = request.uri().path().to_owned();
    if path.starts_with("/api/") {
        return ApiError::not_found("There is no API endpoint at this path.").into_response();
    }
    let Some(dist) = state.dist.clone() else {
        return (
            StatusCode::NOT_FOUND,
            "This server was started without --dist, so it serves the API only.",
        )
            .into_response();
    };
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return ApiError::method_not_allowed().into_response();
    }
    let is_file = path != "/" && path != "/index.html" && Path::new(&path).extension().is_some();
    if is_file {
        // The release build writes `.br` and `.gz` copies; the best one the browser accepts is
        // sent as it is (with `Content-Encoding` and `Vary: Accept-Encoding`).
        let served = ServeDir::new(&dist)
            .precompressed_br()
            .precompressed_gzip()
            .oneshot(request)
            .await;
        let mut response = match served {
            Ok(response) => response.map(Body::new).into_response(),
            Err(never) => match never {},
        };
        // Which copy was sent depends on Accept-Encoding: caches must keep them apart.
        if !response.headers().contains_key(header::VARY) {
            response
                .headers_mut()
                .insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        }
        if response.status().is_success() {
            // A hashed name changes with its content: a browser may keep it for good. Any
            // other file (the element's entry, `embed/lev-api-keys.js`) is asked about again
            // on every use, so a new build reaches pages at once.
            let policy = if is_hashed_asset(&path) {
                "public, max-age=31536000, immutable"
            } else {
                "no-cache"
            };
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
        }
        return response;
    }
    let if_none_match = request
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    index(&dist, &state.frame_ancestors, if_none_match.as_deref()).await
}

/// Whether `path` names a file whose name carries its content's hash, as Trunk writes them:
/// `lev-api-keys-94195a8d3dd65218_bg.wasm`, `main-e1668397f9e8f58e.css`. Trunk prints its 64-bit
/// hash in hex without leading zeros, so one build in sixteen has 15 digits, one in 256 has 14:
/// 12 to 16 digits count (a shorter tail is more likely a word or a version than a hash).
pub fn is_hashed_asset(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.split('.').next().unwrap_or(name);
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        (12..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

/// The page, with its policy; revalidated on every visit, so it carries an `ETag` and answers
/// an unchanged page's `If-None-Match` with 304 (a repeat visit then moves a few hundred bytes).
async fn index(dist: &Path, frame_ancestors: &[String], if_none_match: Option<&str>) -> Response {
    match tokio::fs::read_to_string(dist.join("index.html")).await {
        Ok(html) => {
            let csp = app_csp(&html, frame_ancestors);
            let digest = Sha256::digest(format!("{csp}\n{html}").as_bytes());
            let etag = format!(
                "\"{}\"",
                base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&digest[..12])
            );
            let mut headers = HeaderMap::new();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            if let Ok(value) = HeaderValue::from_str(&csp) {
                headers.insert(header::CONTENT_SECURITY_POLICY, value);
            }
            if let Ok(value) = HeaderValue::from_str(&etag) {
                headers.insert(header::ETAG, value);
            }
            let unchanged = if_none_match
                .is_some_and(|tags| tags.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
            if unchanged {
                return (StatusCode::NOT_MODIFIED, headers).into_response();
            }
            (headers, html).into_response()
        }
        Err(error) => ApiError::internal(format!("reading index.html: {error}")).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_hashed_asset_names() {
        assert!(is_hashed_asset("/lev-api-keys-94195a8d3dd65218_bg.wasm"));
        assert!(is_hashed_asset("/lev-api-keys-94195a8d3dd65218.js"));
        assert!(is_hashed_asset("/main-e1668397f9e8f58e.css"));
        // Trunk drops the hash's leading zeros: 15 digits, as a real build of the app was named.
        assert!(is_hashed_asset("/embed/lev-api-keys-cec5fbb2162bcdc.js"));
        assert!(is_hashed_asset(
            "/embed/lev-api-keys-cec5fbb2162bcdc_bg.wasm"
        ));
        // The dialogs' chunks and their loader (xtask/src/split.rs names them).
        assert!(is_hashed_asset(
            "/embed/lev-create_key-c1c35b408e0866d6.wasm"
        ));
        assert!(is_hashed_asset("/embed/lev-chunk_4-b1a0c8501890a0f4.wasm"));
        assert!(is_hashed_asset(
            "/embed/lev-split-loader-7ea35e4417af6d33.js"
        ));
        assert!(!is_hashed_asset("/main-e1668397f9e.css"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/embed.html"));
        assert!(!is_hashed_asset("/main-e1668397.css"));
        assert!(!is_hashed_asset("/settings-api-keys-zzzzzzzzzzzzzzzz.js"));
    }

    #[test]
    fn hashes_only_inline_scripts() {
        let html = r#"<script src="/a.js"></script><script type="module">alert(1)</script>"#;
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 1);
        // echo -n 'alert(1)' | openssl dgst -sha256 -binary | base64
        assert_eq!(
            hashes[0],
            "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
        );
    }
}
