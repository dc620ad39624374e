//! Every error shape in the wild becomes a readable message, never a panic.

use lev_server::FaultAction;

use lev_harness::seed::*;
use lev_harness::*;

/// An answer the server gives: status, content type, body, how many times (automatic retries
/// included), and the texts the page must then show.
type Case = (
    u16,
    Option<String>,
    &'static str,
    u32,
    &'static [&'static str],
);

#[tokio::test]
async fn each_error_shape_reads_well() {
    let env = env().await;
    let json = Some("application/json".to_owned());
    let cases: Vec<Case> = vec![
        (
            429,
            json.clone(),
            r#"{ "request_id": "req-shape-a", "error": { "code": "RATE_LIMITED", "message": "Too many requests. Retry after 30 seconds." } }"#,
            1,
            &[
                "Too many requests. Retry after 30 seconds.",
                "Wait 30 seconds",
                "req-shape-a",
            ],
        ),
        (
            403,
            json.clone(),
            r#"{ "request_id": "req-shape-b", "error": { "status": 403, "type": "forbidden", "message": "Your role does not allow this.", "details": {} } }"#,
            1,
            &["Your role does not allow this.", "req-shape-b"],
        ),
        (
            400,
            json.clone(),
            r#"{"error": "Active account required. Provide X-Active-Account header or use an API key."}"#,
            1,
            &["Active account required.", "Request ID: "],
        ),
        (
            502,
            Some("text/html".to_owned()),
            "<html><body><h1>502 Bad Gateway</h1><script>window.__pwned=1</script></body></html>",
            3,
            &["Lev's API had a problem (HTTP 502)."],
        ),
        (500, None, "", 1, &["Lev's API had a problem (HTTP 500)."]),
        (
            200,
            json.clone(),
            "{\"data\": [",
            1,
            &["Lev's API sent an answer this page could not read (HTTP 200)."],
        ),
        (
            200,
            Some("text/plain".to_owned()),
            "OK",
            1,
            &["could not read (HTTP 200)"],
        ),
    ];
    env.sign_in(ADMIN).await;
    env.wait_rows(4).await;
    for (status, content_type, body, times, expected) in cases {
        env.fault(
            "GET",
            "/build/api-keys",
            times,
            FaultAction::Respond {
                status,
                content_type,
                body: body.to_owned(),
            },
        );
        env.browser.refresh().await.expect("reload");
        for text in expected {
            env.wait_text(text).await;
        }
        let page = env.text().await;
        assert!(
            !page.contains("<h1>") && !page.contains("Bad Gateway"),
            "raw bodies are never shown"
        );
        let pwned = env
            .browser
            .execute("return window.__pwned === undefined;", vec![])
            .await
            .expect("js");
        assert_eq!(pwned, serde_json::json!(true));
        env.assert_healthy().await;
    }
    env.close().await;
}
