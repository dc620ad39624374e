//! After create → Done the full key is nowhere: DOM, storage, cookies, URL, history, console,
//! and no request ever carried it (only the create response did).

use serde_json::{json, Value};

use lev_harness::seed::*;
use lev_harness::*;

#[tokio::test]
async fn the_secret_leaves_no_trace_after_done() {
    let env = env().await;
    env.allow_clipboard().await;
    env.sign_in(ADMIN).await;
    env.wait_rows(4).await;
    let secret = env.create_and_reveal("Hygiene").await;
    env.click("button", "Copy API key").await;
    env.wait_text("Copied").await;
    env.click("button", "Done").await;
    env.gone("dialog", "Save your API key").await;
    env.wait_rows(5).await;

    let traces: Value = env
        .browser
        .execute_async(
            r#"const [secret, done] = arguments;
            const found = [];
            for (const el of __lev.all('*')) {
              for (const attr of el.attributes) if (attr.value.includes(secret)) found.push(`attribute ${attr.name}`);
              if ('value' in el && typeof el.value === 'string' && el.value.includes(secret)) found.push(`value of ${el.tagName}`);
            }
            for (const root of __lev.roots()) {
              const html = root === document ? document.documentElement.outerHTML : root.innerHTML;
              if (html.includes(secret)) found.push('outerHTML');
            }
            if (__lev.all('*').some(el => (el.innerText || '').includes(secret))) found.push('text');
            const dump = s => JSON.stringify(Object.fromEntries(Object.entries(s)));
            if (dump(localStorage).includes(secret) || localStorage.length) found.push('localStorage');
            if (dump(sessionStorage).includes(secret) || sessionStorage.length) found.push('sessionStorage');
            if (document.cookie.includes(secret)) found.push('cookie');
            if (location.href.includes(secret)) found.push('location');
            if (JSON.stringify(history.state ?? null).includes(secret)) found.push('history.state');
            for (const entry of (window.navigation ? navigation.entries() : [])) {
              if (entry.url.includes(secret) || JSON.stringify(entry.getState() ?? null).includes(secret)) found.push('history entry');
            }
            const dbs = await indexedDB.databases();
            if (dbs.length) found.push('indexedDB: ' + dbs.map(d => d.name).join(','));
            done({ found, historyLength: history.length });"#,
            vec![json!(secret)],
        )
        .await
        .expect("scan");
    assert_eq!(traces["found"], json!([]), "traces of the key: {traces}");

    for cookie in env.browser.get_all_cookies().await.expect("cookies") {
        assert!(
            !cookie.value().contains(&secret),
            "cookie {} holds the key",
            cookie.name()
        );
    }
    for entry in env.log("browser").await {
        assert!(!entry.to_string().contains(&secret), "console: {entry}");
    }
    // Network log: every request's URL, headers and body; the create response is the only carrier.
    let mut create_responses = 0;
    for entry in env.log("performance").await {
        let message: Value =
            serde_json::from_str(entry["message"].as_str().unwrap_or("{}")).unwrap_or(Value::Null);
        let method = message["message"]["method"].as_str().unwrap_or_default();
        let params = &message["message"]["params"];
        if method == "Network.requestWillBeSent" || method == "Network.requestWillBeSentExtraInfo" {
            assert!(
                !params.to_string().contains(&secret),
                "a request carried the key: {params}"
            );
        }
        if method == "Network.responseReceived"
            && params["response"]["url"]
                .as_str()
                .unwrap_or_default()
                .ends_with("/build/api-keys")
            && params["response"]["status"] == json!(201)
        {
            create_responses += 1;
        }
    }
    assert_eq!(create_responses, 1, "exactly one create response");
    env.close().await;
}
