//! Where people really open the tab: plain http at a name that is not loopback (an insecure
//! context: no `crypto.randomUUID`, no `navigator.clipboard`), a host token that expires,
//! offline and back, a tab left for a while, two tabs of one account.

use lev_server::FaultAction;
use serde_json::json;

use lev_harness::seed::*;
use lev_harness::*;

/// A server that also answers at `http://lev.test:PORT`, and the admin signed in there.
async fn insecure_page() -> Env {
    let env = env_with(Config {
        dev_test_hosts: vec![TEST_HOST.to_owned()],
        ..Config::default()
    })
    .await;
    let link = env
        .server
        .sign_in_link(ADMIN, None)
        .expect("the test server runs with dev sign-in");
    env.browser
        .goto(&env.test_host_url(&link))
        .await
        .expect("navigate");
    env.wait_rows(4).await;
    env
}

#[tokio::test]
async fn on_an_insecure_origin_create_reveals_and_copy_falls_back_to_selecting() {
    let env = insecure_page().await;
    let context = env
        .browser
        .execute(
            "return { secure: window.isSecureContext, origin: location.origin, uuid: typeof crypto.randomUUID, clipboard: typeof navigator.clipboard };",
            vec![],
        )
        .await
        .expect("context");
    assert_eq!(
        context,
        json!({
            "secure": false,
            "origin": env.test_host_url(""),
            "uuid": "undefined",
            "clipboard": "undefined",
        }),
        "the page runs where the secure-context APIs are missing"
    );

    let secret = env.create_and_reveal("Office NAS").await;
    let posts = env.requests_to("POST", "/build/api-keys");
    assert_eq!(posts.len(), 1, "one create left the page");
    let key = posts[0]
        .idempotency_key
        .clone()
        .expect("an Idempotency-Key");
    let version = key.split('-').nth(2).and_then(|group| group.chars().next());
    assert_eq!(key.len(), 36, "a UUID: {key}");
    assert_eq!(version, Some('4'), "a version 4 UUID: {key}");

    env.click("button", "Copy API key").await;
    env.wait_text("Your browser didn't allow copying. The key is selected")
        .await;
    let selected = env
        .browser
        .execute(
            "const f = window.__lev.one('#revealed-key'); return f.value.substring(f.selectionStart, f.selectionEnd);",
            vec![],
        )
        .await
        .expect("selection");
    assert_eq!(
        selected,
        json!(secret),
        "the whole key is selected for Ctrl+C"
    );
    env.click("button", "Done").await;
    env.click("button", "Close anyway").await;
    env.gone("dialog", "Save your API key").await;
    env.wait_rows(5).await;
    // No uncaught error, no CSP violation, nothing in the console (checked on close).
    env.close().await;
}

/// The element with a token provider that counts its calls (`window.tokenCalls`) and a
/// listener counting `lev-sign-in-required` (`window.signInRequired`).
async fn with_token_provider(env_token_for: &str) -> (Env, impl Sized) {
    let (env, page) = embedded_env("", "").await;
    let token = env.token(env_token_for).await;
    write_embed_page(
        page.path(),
        "",
        &format!(
            "window.tokenCalls = 0; window.signInRequired = 0; \
             host.tokenProvider = () => {{ window.tokenCalls += 1; return Promise.resolve('{token}'); }}; \
             host.addEventListener('lev-sign-in-required', () => {{ window.signInRequired += 1; }});"
        ),
    );
    (env, page)
}

async fn counter(env: &Env, name: &str) -> u64 {
    env.browser
        .execute(&format!("return window.{name};"), vec![])
        .await
        .expect("counter")
        .as_u64()
        .expect("a count")
}

#[tokio::test]
async fn an_expired_token_is_asked_for_again_and_the_request_repeated_once() {
    let (env, _page) = with_token_provider(ADMIN).await;
    env.fault(
        "GET",
        "/build/api-keys",
        1,
        FaultAction::Status { status: 401 },
    );
    env.browser
        .goto(&env.url("/embed.html"))
        .await
        .expect("goto");
    env.wait_rows(4).await;
    let lists = env.requests_to("GET", "/build/api-keys");
    assert_eq!(
        lists.iter().map(|r| r.status).collect::<Vec<_>>(),
        [Some(401), Some(200)],
        "the list was repeated once, after the 401"
    );
    let asked = env
        .server
        .requests()
        .iter()
        .filter(|r| r.path.starts_with("/api/external/v2/"))
        .count() as u64;
    // The element's script asks once for its two early requests (/me and the first page,
    // sent while the wasm loads); the repeat after the 401 gets a fresh token of its own.
    assert_eq!(
        counter(&env, "tokenCalls").await,
        asked - 1,
        "one token for the two early requests, then one for each request, the repeat's fresh"
    );
    assert_eq!(counter(&env, "signInRequired").await, 0);

    // A create meets an expired token too: repeated with the same Idempotency-Key.
    env.fault(
        "POST",
        "/build/api-keys",
        1,
        FaultAction::Status { status: 401 },
    );
    env.create_and_reveal("After renewal").await;
    let creates = env.requests_to("POST", "/build/api-keys");
    assert_eq!(creates.len(), 2);
    assert_eq!(creates[0].idempotency_key, creates[1].idempotency_key);
    assert_eq!(env.server.active_key_count("acme-capital"), Some(5));
    env.close().await;
}

#[tokio::test]
async fn two_401s_in_a_row_ask_to_sign_in_again() {
    let (env, _page) = with_token_provider(ADMIN).await;
    env.fault("GET", "/me", 2, FaultAction::Status { status: 401 });
    env.browser
        .goto(&env.url("/embed.html"))
        .await
        .expect("goto");
    env.named("link", "Sign in again").await;
    assert_eq!(
        env.requests_to("GET", "/me").len(),
        2,
        "asked twice, not more"
    );
    assert_eq!(counter(&env, "signInRequired").await, 1);
    env.close().await;
}

/// Takes the browser offline or back: Chromium through DevTools' network emulation (the
/// browser itself goes offline and fires its events); engines without DevTools get
/// `navigator.onLine` and the event the browser would fire.
async fn set_online(env: &Env, online: bool) {
    if env.engine == Engine::Chromium {
        env.cdp("Network.enable", json!({})).await;
        env.cdp(
            "Network.emulateNetworkConditions",
            json!({ "offline": !online, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 }),
        )
        .await;
    } else {
        env.browser
            .execute(
                "Object.defineProperty(navigator, 'onLine', { get: () => arguments[0], configurable: true }); \
                 window.dispatchEvent(new Event(arguments[0] ? 'online' : 'offline'));",
                vec![json!(online)],
            )
            .await
            .expect("online state");
    }
}

async fn disabled(env: &Env, role: &str, name: &str) -> (bool, Option<String>) {
    let element = env.named(role, name).await;
    let state = env
        .browser
        .execute(
            "const e = arguments[0]; return [e.disabled || e.getAttribute('aria-disabled') === 'true', e.getAttribute('aria-describedby')];",
            vec![json!(element)],
        )
        .await
        .expect("state");
    (
        state[0].as_bool().unwrap_or(false),
        state[1].as_str().map(str::to_owned),
    )
}

#[tokio::test]
async fn offline_changes_wait_and_back_online_the_list_reloads_quietly() {
    let env = admin_page(Config::default()).await;
    let lists = env.requests_to("GET", "/build/api-keys").len();
    env.click("checkbox", "Select Staging Webhooks").await;
    env.wait_text("1 selected").await;
    set_online(&env, false).await;
    env.wait_text("Your browser is offline.").await;
    let reason = Some("offline-reason".to_owned());
    for (role, name) in [
        ("button", "Create key"),
        ("button", "Rotate Staging Webhooks"),
        ("button", "Revoke Staging Webhooks"),
        ("button", "Revoke selected"),
    ] {
        assert_eq!(
            disabled(&env, role, name).await,
            (true, reason.clone()),
            "{name}"
        );
    }
    // Meanwhile a key is made elsewhere.
    let token = env.token(ADMIN).await;
    env.create_key_via_api(&token, "Made while offline").await;

    set_online(&env, true).await;
    wait_for_rows(&env, |labels| {
        labels.contains(&"Made while offline".to_owned())
    })
    .await;
    assert!(!env.text().await.contains("Your browser is offline."));
    assert_eq!(disabled(&env, "button", "Create key").await, (false, None));
    assert_eq!(
        env.requests_to("GET", "/build/api-keys").len(),
        lists + 1,
        "one quiet reload of the first page"
    );
    env.wait_text("5 of 10 keys").await;
    env.close().await;
}

#[tokio::test]
async fn coming_back_after_a_minute_reloads_quietly_and_keeps_what_was_typed() {
    let env = admin_page(Config::default()).await;
    env.click("button", "Create key").await;
    let field = env.named("textbox", "Label").await;
    field.send_keys("Half typed").await.expect("type");
    // Meanwhile, elsewhere: a key made, another revoked.
    let token = env.token(ADMIN).await;
    env.create_key_via_api(&token, "Made elsewhere").await;
    let listed: serde_json::Value = env
        .api(reqwest::Method::GET, "/build/api-keys?limit=200", &token)
        .await
        .json()
        .await
        .expect("json");
    let staging = listed["data"]
        .as_array()
        .and_then(|keys| keys.iter().find(|k| k["label"] == "Staging Webhooks"))
        .and_then(|k| k["id"].as_i64())
        .expect("a seeded key");
    let revoked = env
        .api(
            reqwest::Method::DELETE,
            &format!("/api-keys/{staging}"),
            &token,
        )
        .await;
    assert!(revoked.status().is_success());
    // Meanwhile the plan changed: the next /me says 12 keys.
    let mut me: serde_json::Value = env
        .api(reqwest::Method::GET, "/me", &token)
        .await
        .json()
        .await
        .expect("json");
    me["data"]["platform"]["api_keys"]["max_allowed"] = json!(12);
    env.fault(
        "GET",
        "/me",
        1,
        FaultAction::Respond {
            status: 200,
            content_type: Some("application/json".to_owned()),
            body: me.to_string(),
        },
    );

    let (lists, mes) = (
        env.requests_to("GET", "/build/api-keys").len(),
        env.requests_to("GET", "/me").len(),
    );

    // Half a minute away: nothing is asked.
    env.away_for(30_000).await;
    env.next_frames().await;
    assert_eq!(env.requests_to("GET", "/build/api-keys").len(), lists);

    // A minute away: /me and the first page again, the rows follow behind the open dialog.
    env.away_for(61_000).await;
    wait_for_rows(&env, |labels| {
        labels.contains(&"Made elsewhere".to_owned())
            && !labels.contains(&"Staging Webhooks".to_owned())
    })
    .await;
    assert_eq!(env.requests_to("GET", "/build/api-keys").len(), lists + 1);
    assert_eq!(env.requests_to("GET", "/me").len(), mes + 1);
    env.wait_text("4 of 12 keys").await;
    env.named("dialog", "Create API key").await;
    let field = env.named("textbox", "Label").await;
    assert_eq!(
        field.prop("value").await.ok().flatten().as_deref(),
        Some("Half typed"),
        "what was typed stays"
    );
    env.close().await;
}

#[tokio::test]
async fn two_tabs_stay_in_step_with_no_request_and_no_secret_crossing() {
    let env = admin_page(Config::default()).await;
    let first = env.browser.window().await.expect("this tab");
    let second = env
        .browser
        .new_window(true)
        .await
        .expect("another tab")
        .handle;
    env.browser
        .switch_to_window(second.clone())
        .await
        .expect("to the second");
    env.browser
        .goto(&env.url("/settings/api-keys"))
        .await
        .expect("the tab again");
    env.wait_rows(4).await;
    let lists = env.requests_to("GET", "/build/api-keys").len();

    // Made in the second tab: the first lists it at once, and never sees the secret.
    let secret = env.create_via_dialog("From the second tab").await;
    env.browser
        .switch_to_window(first.clone())
        .await
        .expect("to the first");
    wait_for_rows(&env, |labels| {
        labels.first().map(String::as_str) == Some("From the second tab")
    })
    .await;
    env.wait_text("5 of 10 keys").await;
    let source = env.browser.source().await.expect("source");
    assert!(!source.contains(&secret) && !env.text().await.contains(&secret));

    // Revoked in the first: the second follows.
    env.click("button", "Revoke Staging Webhooks").await;
    env.click("button", "Revoke key").await;
    env.gone("alertdialog", "Revoke API key").await;
    env.browser
        .switch_to_window(second)
        .await
        .expect("to the second");
    wait_for_rows(&env, |labels| {
        !labels.contains(&"Staging Webhooks".to_owned())
    })
    .await;
    env.wait_text("4 of 10 keys").await;
    assert_eq!(
        env.requests_to("GET", "/build/api-keys").len(),
        lists,
        "neither tab asked for the list again"
    );
    env.browser.close_window().await.expect("close the second");
    env.browser
        .switch_to_window(first)
        .await
        .expect("back to the first");
    env.close().await;
}

#[tokio::test]
async fn a_revoke_dialog_about_a_key_revoked_in_another_tab_says_so() {
    let env = admin_page(Config::default()).await;
    env.click("button", "Revoke Staging Webhooks").await;
    env.named("alertdialog", "Revoke API key").await;
    revoke_in_another_tab(&env, "Staging Webhooks").await;
    env.wait_text("This key was revoked in another tab or window.")
        .await;
    env.click("button", "Revoke key").await;
    env.gone("alertdialog", "Revoke API key").await;
    assert_eq!(
        env.server
            .requests()
            .iter()
            .filter(|r| r.method == "DELETE")
            .count(),
        1,
        "only the other tab's revoke was sent"
    );
    env.close().await;
}

/// Revokes the key labelled `label` from a second tab of the same browser (its list loaded
/// afresh), closes that tab and comes back to this one.
async fn revoke_in_another_tab(env: &Env, label: &str) {
    let first = env.browser.window().await.expect("this tab");
    let second = env
        .browser
        .new_window(true)
        .await
        .expect("another tab")
        .handle;
    env.browser
        .switch_to_window(second)
        .await
        .expect("to the second");
    env.browser
        .goto(&env.url("/settings/api-keys"))
        .await
        .expect("the tab again");
    env.wait_rows(4).await;
    env.click("button", &format!("Revoke {label}")).await;
    env.click("button", "Revoke key").await;
    env.gone("alertdialog", "Revoke API key").await;
    env.browser.close_window().await.expect("close the second");
    env.browser
        .switch_to_window(first)
        .await
        .expect("back to the first");
}

/// Waits until the row labels satisfy `done`.
async fn wait_for_rows(env: &Env, done: impl Fn(&[String]) -> bool) {
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let labels = env.row_labels().await;
        if done(&labels) {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the rows never followed: {labels:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn each_refused_label_names_its_problem_and_sends_nothing() {
    let env = admin_page(Config::default()).await;
    env.click("button", "Create key").await;
    let field = env.named("textbox", "Label").await;
    for (typed, says) in [
        ("invoice\u{202E}gpj.exe", "contains an invisible character"),
        ("\u{200B}\u{200D}", "contains an invisible character"),
        ("\u{3164}", "contains an invisible character"),
        ("line\u{2028}break", "Remove tabs, line breaks"),
        (
            "Z\u{351}\u{352}\u{353}\u{354}\u{355}algo",
            "accents or other marks",
        ),
    ] {
        // Typed by script: WebDriver's key input can't type every one of these.
        env.browser
            .execute(
                "const f = arguments[0]; f.value = arguments[1]; f.dispatchEvent(new Event('input', { bubbles: true }));",
                vec![json!(field), json!(typed)],
            )
            .await
            .expect("type");
        env.wait_text(says).await;
        field.send_keys("\u{E007}").await.expect("Enter");
        env.next_frames().await;
        assert!(
            env.requests_to("POST", "/build/api-keys").is_empty(),
            "{typed:?} was sent"
        );
    }
    env.close().await;
}

#[tokio::test]
async fn a_rotation_of_a_key_revoked_in_another_tab_makes_nothing() {
    let env = admin_page(Config::default()).await;
    env.click("button", "Rotate Staging Webhooks").await;
    env.named("dialog", "Rotate API key").await;
    revoke_in_another_tab(&env, "Staging Webhooks").await;
    env.wait_text("so there is nothing left to rotate").await;
    assert!(
        disabled(&env, "button", "Create replacement").await.0,
        "Create replacement can't be used"
    );
    env.click("button", "Create replacement").await;
    env.next_frames().await;
    assert!(
        env.requests_to("POST", "/build/api-keys").is_empty(),
        "no replacement was made"
    );
    env.click("button", "Cancel").await;
    env.gone("dialog", "Rotate API key").await;
    env.close().await;
}
