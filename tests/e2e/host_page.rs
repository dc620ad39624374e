//! `<lev-api-keys>` in a React 19 settings page (tests/host/main.jsx, bundled by esbuild) that
//! switches Profile / API Keys / Billing on the client: the element mounts, unmounts and
//! mounts again, tells the host what happened, and follows a changed account.

use serde_json::{json, Value};

use lev_harness::seed::*;
use lev_harness::*;

/// Shows a section of the host's settings page.
async fn show(env: &Env, section: &str) {
    env.browser
        .execute(
            "window.__host.show(arguments[0]); return true;",
            vec![json!(section)],
        )
        .await
        .expect("switch section");
}

/// How many `<lev-api-keys>` the document holds.
async fn elements(env: &Env) -> u64 {
    env.browser
        .execute(
            "return document.querySelectorAll('lev-api-keys').length;",
            vec![],
        )
        .await
        .expect("count elements")
        .as_u64()
        .unwrap_or(u64::MAX)
}

/// Leaves the API Keys section and waits until its element is gone.
async fn leave(env: &Env) {
    show(env, "Billing").await;
    env.wait_text("Your plan and invoices.").await;
    assert_eq!(elements(env).await, 0, "the element left the document");
}

/// The events the host heard, oldest first.
async fn events(env: &Env) -> Vec<Value> {
    let events = env
        .browser
        .execute("return window.__host.events;", vec![])
        .await
        .expect("events");
    events
        .as_array()
        .cloned()
        .unwrap_or_else(|| panic!("no event log: {events}"))
}

#[tokio::test]
async fn twenty_switches_mount_afresh_ask_once_each_and_leave_nothing_behind() {
    let (env, _host) = HostPage::default().serve().await;
    env.sign_in_at(ADMIN, "/host.html").await;
    env.wait_rows(4).await;
    let (mut me, mut lists) = (1, 1);
    let mut after_two = None;
    for round in 1..=20 {
        leave(&env).await;
        // Whatever the removal would start (a reload, a retry) starts within these frames.
        env.next_frames().await;
        env.next_frames().await;
        assert_eq!(
            env.requests_to("GET", "/me").len(),
            me,
            "round {round}: no /me after removal"
        );
        assert_eq!(
            env.requests_to("GET", "/build/api-keys").len(),
            lists,
            "round {round}: no list request after removal"
        );
        show(&env, "API Keys").await;
        env.wait_rows(4).await;
        (me, lists) = (me + 1, lists + 1);
        env.wait_requests("GET", "/me", me).await;
        env.wait_requests("GET", "/build/api-keys", lists).await;
        env.next_frames().await;
        assert_eq!(
            env.requests_to("GET", "/me").len(),
            me,
            "round {round}: one /me per mount"
        );
        assert_eq!(
            env.requests_to("GET", "/build/api-keys").len(),
            lists,
            "round {round}: one list request per mount"
        );
        assert_eq!(elements(&env).await, 1);
        if round == 2 {
            after_two = Some(env.memory().await);
        }
    }
    let start = after_two.expect("measured after two rounds");
    let end = env.memory().await;
    println!("host page: after 2 rounds {start:?}, after 20 {end:?}");
    assert!(
        end.total() <= start.total() * 1.10,
        "JS heap + wasm memory grew over 10 % in 18 remounts: {start:?} → {end:?}"
    );
    env.close().await;
}

#[tokio::test]
async fn the_host_hears_what_happened_and_never_the_secret() {
    let (env, _host) = HostPage::default().serve().await;
    env.sign_in_at(ADMIN, "/host.html").await;
    env.wait_rows(4).await;
    env.allow_clipboard().await;
    let secret = env.create_and_reveal("Evented").await;
    env.copy_key(&secret).await;
    env.click("button", "Done").await;
    env.wait_rows(5).await;
    env.click("button", "Revoke Evented").await;
    env.click("button", "Revoke key").await;
    env.wait_rows(4).await;
    // A rotation: created, then revoked.
    env.click("button", "Rotate CI Pipeline").await;
    env.click("button", "Create replacement").await;
    let replacement = env.revealed_secret().await;
    env.copy_key(&replacement).await;
    env.click("button", "Done").await;
    env.click("button", "Revoke old key").await;
    env.wait_text("Rotated CI Pipeline").await;

    let heard = events(&env).await;
    let kinds: Vec<&str> = heard.iter().filter_map(|e| e["type"].as_str()).collect();
    assert_eq!(
        kinds,
        [
            "lev-key-created",
            "lev-key-revoked",
            "lev-key-created",
            "lev-key-revoked"
        ],
        "{heard:?}"
    );
    for event in &heard {
        assert_eq!(event["bubbles"], json!(true), "{event}");
        assert_eq!(event["composed"], json!(true), "{event}");
        let text = event.to_string();
        assert!(
            !text.contains(&secret) && !text.contains(&replacement),
            "a secret in {text}"
        );
    }
    let created = &heard[0]["detail"];
    assert_eq!(created["label"], json!("Evented"));
    assert!(
        created["id"].is_i64() && created["created_at"].is_string(),
        "{created}"
    );
    assert!(
        created["key_prefix"]
            .as_str()
            .is_some_and(|p| secret.starts_with(p)),
        "{created}"
    );
    assert_eq!(
        heard[1]["detail"]
            .as_object()
            .map(|d| d.keys().cloned().collect::<Vec<_>>()),
        Some(vec![
            "id".to_owned(),
            "key_prefix".to_owned(),
            "label".to_owned()
        ])
    );
    assert_eq!(heard[1]["detail"]["id"], created["id"]);
    assert_eq!(heard[2]["detail"]["label"], json!("CI Pipeline"));
    assert_eq!(heard[3]["detail"]["label"], json!("CI Pipeline"));
    assert_ne!(
        heard[3]["detail"]["id"], heard[2]["detail"]["id"],
        "the old key went"
    );
    env.close().await;
}

#[tokio::test]
async fn a_lost_session_tells_the_host_with_its_request_id() {
    let (env, _host) = HostPage::default().serve().await;
    // Not signed in: the first /me answers 401.
    env.browser
        .goto(&env.url("/host.html"))
        .await
        .expect("host page");
    env.wait_text("You're signed out").await;
    let heard = events(&env).await;
    assert_eq!(heard.len(), 1, "{heard:?}");
    assert_eq!(heard[0]["type"], json!("lev-sign-in-required"));
    let request_id = heard[0]["detail"]["request_id"]
        .as_str()
        .expect("a request id");
    assert_eq!(
        env.requests_to("GET", "/me").len(),
        1,
        "the one /me whose answer named {request_id}"
    );
    env.close().await;
}

#[tokio::test]
async fn a_changed_account_loads_that_account_and_two_elements_keep_theirs() {
    let (env, _host) = HostPage::default().serve().await;
    env.sign_in_at(
        MULTI_ADMIN,
        "/host.html?account=northwind-credit&second=birch-borrower",
    )
    .await;
    // Side by side: Northwind's one key, and Birch's empty list.
    env.wait_text("Data Warehouse Export").await;
    env.wait_text("No API keys yet").await;
    assert_eq!(elements(&env).await, 2);
    let statuses = env.all(".status-region").await.len();
    assert_eq!(statuses, 2, "each element has its own status region");
    let accounts: Vec<Option<String>> = env
        .requests_to("GET", "/me")
        .iter()
        .map(|r| r.active_account.clone())
        .collect();
    assert!(
        accounts.contains(&Some("northwind-credit".to_owned())),
        "{accounts:?}"
    );
    assert!(
        accounts.contains(&Some("birch-borrower".to_owned())),
        "{accounts:?}"
    );

    // React 19 sets the element's `account` property; the first element follows.
    env.browser
        .execute(
            "window.__host.setAccount('birch-borrower'); return true;",
            vec![],
        )
        .await
        .expect("change account");
    let deadline = std::time::Instant::now() + WAIT;
    while env.text().await.contains("Data Warehouse Export") {
        assert!(
            std::time::Instant::now() < deadline,
            "the first element still shows Northwind"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    // Northwind's rows are gone the moment the element remounts; Birch's empty list follows
    // once its answers are in.
    env.wait_value(
        "return [...document.querySelectorAll('lev-api-keys')].map(e => [e.account, e.shadowRoot.textContent.includes('No API keys yet')]);",
        &json!([["birch-borrower", true], ["birch-borrower", true]]),
        "both elements show Birch's empty list",
    )
    .await;
    env.close().await;
}

#[tokio::test]
async fn refresh_reloads_the_account_and_its_keys() {
    let (env, _host) = HostPage::default().serve().await;
    env.sign_in_at(ADMIN, "/host.html").await;
    env.wait_rows(4).await;
    let token = env.token(ADMIN).await;
    env.create_key_via_api(&token, "Made elsewhere").await;
    let lists = env.requests_to("GET", "/build/api-keys").len();
    env.browser
        .execute(
            "document.querySelector('lev-api-keys').refresh(); return true;",
            vec![],
        )
        .await
        .expect("refresh");
    let rows = env.wait_rows(5).await;
    assert!(rows.contains(&"Made elsewhere".to_owned()), "{rows:?}");
    env.wait_requests("GET", "/build/api-keys", lists + 1).await;
    env.close().await;
}

/// Every computed style of every element inside the tab's shadow roots, by position.
const TAB_STYLES: &str = r#"
const out = [];
for (const host of document.querySelectorAll('lev-api-keys')) {
  const elements = [...host.shadowRoot.querySelectorAll('*')];
  elements.forEach((el, i) => {
    const cs = getComputedStyle(el);
    const style = {};
    for (let j = 0; j < cs.length; j++) style[cs[j]] = cs.getPropertyValue(cs[j]);
    out.push({ at: `${el.tagName.toLowerCase()}.${el.className && el.className.baseVal === undefined ? el.className : ''}#${i}`, style });
  });
}
return out;
"#;

/// Every computed style of the host's own elements (the element and its shadow root left
/// out). Ancestors of the element measure its content, so their sizes are left out.
const HOST_STYLES: &str = r#"
const tab = document.querySelector('lev-api-keys');
const sized = new Set(['height', 'block-size', 'min-block-size', 'transform-origin', 'perspective-origin']);
const out = [];
[...document.querySelectorAll('*')].filter(el => el !== tab && !(tab && tab.contains(el))).forEach((el, i) => {
  const cs = getComputedStyle(el);
  const ancestor = tab && el.contains(tab);
  const style = {};
  for (let j = 0; j < cs.length; j++) if (!(ancestor && sized.has(cs[j]))) style[cs[j]] = cs.getPropertyValue(cs[j]);
  out.push({ at: `${el.tagName.toLowerCase()}#${i}`, style });
});
return out;
"#;

/// The properties on which two style snapshots differ, as `element: property a → b`.
fn differences(a: &Value, b: &Value) -> Vec<String> {
    let (a, b) = (a.as_array().expect("styles"), b.as_array().expect("styles"));
    assert_eq!(a.len(), b.len(), "the same elements in both");
    assert!(!a.is_empty(), "styles were read");
    let mut out = Vec::new();
    for (x, y) in a.iter().zip(b) {
        assert_eq!(x["at"], y["at"]);
        let (xs, ys) = (
            x["style"].as_object().expect("style"),
            y["style"].as_object().expect("style"),
        );
        for (property, value) in xs {
            if ys.get(property) != Some(value) {
                out.push(format!(
                    "{}: {property} {value} → {}",
                    x["at"],
                    ys.get(property).unwrap_or(&Value::Null)
                ));
            }
        }
    }
    out
}

async fn styles(env: &Env, script: &str) -> Value {
    env.browser
        .execute(script, vec![])
        .await
        .expect("computed styles")
}

#[tokio::test]
async fn host_styles_change_nothing_in_the_tab_and_the_tab_nothing_in_the_host() {
    let (env, _host) = HostPage {
        styles: true,
        ..HostPage::default()
    }
    .serve()
    .await;
    env.sign_in_at(ADMIN, "/host.html").await;
    env.wait_rows(4).await;
    // The host's sheets are in force (else the comparison below would prove nothing).
    let applied = env
        .browser
        .execute(
            "const b = getComputedStyle(document.body), h = getComputedStyle(document.querySelector('h1')); return [b.textTransform, h.boxSizing, getComputedStyle(document.querySelector('nav button')).borderRadius];",
            vec![],
        )
        .await
        .expect("host styles");
    assert_eq!(
        applied,
        json!(["uppercase", "border-box", "0px"]),
        "the host's styles apply"
    );
    let styled_list = styles(&env, TAB_STYLES).await;
    env.click("button", "Create key").await;
    env.named("textbox", "Label").await;
    let styled_dialog = styles(&env, TAB_STYLES).await;
    let styled_host = styles(&env, HOST_STYLES).await;
    env.assert_healthy().await;

    // The same page without the host's resets and element rules.
    let (plain, _plain_host) = HostPage::default().serve().await;
    plain.sign_in_at(ADMIN, "/host.html").await;
    plain.wait_rows(4).await;
    let plain_list = styles(&plain, TAB_STYLES).await;
    plain.click("button", "Create key").await;
    plain.named("textbox", "Label").await;
    let plain_dialog = styles(&plain, TAB_STYLES).await;
    assert_eq!(
        differences(&plain_list, &styled_list),
        Vec::<String>::new(),
        "the list"
    );
    assert_eq!(
        differences(&plain_dialog, &styled_dialog),
        Vec::<String>::new(),
        "the Create dialog"
    );
    plain.close().await;

    // The same styled page where the element is never defined: the host looks the same.
    env.browser
        .goto(&env.url("/host.html?bare"))
        .await
        .expect("bare host page");
    env.css("nav button").await;
    let bare_host = styles(&env, HOST_STYLES).await;
    assert_eq!(
        differences(&bare_host, &styled_host),
        Vec::<String>::new(),
        "the host page"
    );
    env.close().await;
}

#[tokio::test]
async fn the_hosts_session_recording_holds_no_part_of_the_key() {
    let (env, _host) = HostPage {
        recorder: true,
        ..HostPage::default()
    }
    .serve()
    .await;
    env.sign_in_at(ADMIN, "/host.html").await;
    env.wait_rows(4).await;
    env.allow_clipboard().await;
    let secret = env.create_and_reveal("Recorded").await;
    env.copy_key(&secret).await;
    env.click("button", "Copy as environment variable").await;
    env.click("button", "Done").await;
    env.wait_rows(5).await;
    let recorded = env
        .browser
        .execute("return JSON.stringify(window.__recorded);", vec![])
        .await
        .expect("the recording");
    let recorded = recorded.as_str().expect("a recording").to_owned();
    // It did record the tab (its shadow root): the dialog's title and the new row are there.
    assert!(
        recorded.contains("Save your API key"),
        "rrweb recorded the reveal panel"
    );
    assert!(recorded.contains("Recorded"), "rrweb recorded the new row");
    let tail = &secret[secret.len() - 12..];
    assert!(!recorded.contains(&secret), "the key is in the recording");
    assert!(
        !recorded.contains(tail),
        "the key's tail {tail} is in the recording"
    );
    env.close().await;
}

#[tokio::test]
async fn a_strict_host_policy_sees_no_violation() {
    let (env, _host) = HostPage {
        strict_csp: true,
        styles: true,
        ..HostPage::default()
    }
    .serve()
    .await;
    env.sign_in_at(ADMIN, "/host.html").await;
    env.wait_rows(4).await;
    let policy = env
        .browser
        .execute(
            "return document.querySelector('meta[http-equiv]').content;",
            vec![],
        )
        .await
        .expect("policy");
    assert_eq!(policy, json!(STRICT_HOST_CSP));
    env.create_via_dialog("Strict").await;
    env.wait_rows(5).await;
    env.click("button", "Revoke Strict").await;
    env.click("button", "Revoke key").await;
    env.wait_rows(4).await;
    // `close` fails on any violation the page reported.
    env.close().await;
}

#[tokio::test]
async fn trusted_types_with_no_policy_see_no_violation() {
    let (env, _host) = HostPage {
        strict_csp: true,
        trusted_types: true,
        ..HostPage::default()
    }
    .serve()
    .await;
    env.allow_clipboard().await;
    env.sign_in_at(ADMIN, "/host.html").await;
    env.wait_rows(4).await;
    let secret = env.create_and_reveal("Trusted").await;
    env.copy_key(&secret).await;
    env.click("button", "Done").await;
    env.wait_rows(5).await;
    env.click("button", "Revoke Trusted").await;
    env.click("button", "Revoke key").await;
    env.wait_rows(4).await;
    env.assert_healthy().await;

    // The page does enforce it: a string assigned to an HTML sink is refused and reported.
    let refused = env
        .browser
        .execute(
            // `name`, not `instanceof`: the driver's script may run in a realm of its own.
            "try { document.body.insertAdjacentHTML('beforeend', '<i>x</i>'); return 'allowed'; } catch (e) { return e.name; }",
            vec![],
        )
        .await
        .expect("probe");
    assert_eq!(
        refused,
        json!("TypeError"),
        "{TRUSTED_TYPES_CSP} is not enforced"
    );
    let collected = env.wait_collected("csp", 1).await;
    assert!(
        collected["csp"][0]
            .as_str()
            .is_some_and(|v| v.starts_with("require-trusted-types-for")),
        "{collected}"
    );
    let _ = env.browser.close().await;
}

/// The background of the tab's card.
async fn card_background(env: &Env) -> Value {
    env.browser
        .execute(
            "return getComputedStyle(document.querySelector('lev-api-keys').shadowRoot.querySelector('.keys-card')).backgroundColor;",
            vec![],
        )
        .await
        .expect("card colour")
}

async fn prefer(env: &Env, scheme: &str) {
    env.cdp(
        "Emulation.setEmulatedMedia",
        json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] }),
    )
    .await;
}

#[tokio::test]
async fn the_theme_attribute_wins_over_the_system() {
    const LIGHT: &str = "rgb(255, 255, 255)";
    const DARK: &str = "rgb(23, 27, 35)";
    let (env, _host) = HostPage::default().serve().await;
    prefer(&env, "light").await;
    env.sign_in_at(ADMIN, "/host.html?theme=dark").await;
    env.wait_rows(4).await;
    assert_eq!(
        card_background(&env).await,
        json!(DARK),
        "dark on a light system"
    );
    prefer(&env, "dark").await;
    env.browser
        .goto(&env.url("/host.html?theme=light"))
        .await
        .expect("light");
    env.wait_rows(4).await;
    assert_eq!(
        card_background(&env).await,
        json!(LIGHT),
        "light on a dark system"
    );
    // `auto` (no attribute) follows the system.
    env.browser
        .goto(&env.url("/host.html"))
        .await
        .expect("auto");
    env.wait_rows(4).await;
    assert_eq!(card_background(&env).await, json!(DARK));
    prefer(&env, "light").await;
    assert_eq!(card_background(&env).await, json!(LIGHT));
    env.close().await;
}

#[tokio::test]
async fn in_the_host_axe_finds_nothing_and_escape_returns_focus_inside_the_shadow_root() {
    let (env, _host) = HostPage {
        styles: true,
        ..HostPage::default()
    }
    .serve()
    .await;
    env.sign_in_at(ADMIN, "/host.html").await;
    env.wait_rows(4).await;
    let violations = env.axe_violations().await;
    assert!(violations.is_empty(), "the list: {violations:?}");
    env.click("button", "Create key").await;
    let field = env.named("textbox", "Label").await;
    assert!(env.has_focus(&field).await, "focus moved into the dialog");
    let violations = env.axe_violations().await;
    assert!(violations.is_empty(), "the Create dialog: {violations:?}");
    env.press("\u{E00C}").await; // Escape
    env.gone("dialog", "Create API key").await;
    let focused = env.wait_focus("Create key").await;
    let inside = env
        .browser
        .execute(
            "return arguments[0].getRootNode() === document.querySelector('lev-api-keys').shadowRoot;",
            vec![json!(focused)],
        )
        .await
        .expect("where focus is");
    assert_eq!(inside, json!(true), "the opener inside the shadow root");
    env.close().await;
}

#[tokio::test]
async fn leaving_while_a_key_is_shown_leaves_it_nowhere() {
    let (env, _host) = HostPage::default().serve().await;
    env.sign_in_at(ADMIN, "/host.html").await;
    env.wait_rows(4).await;
    let secret = env.create_and_reveal("Left open").await;
    let tail = secret[secret.len() - 12..].to_owned();
    let mut devtools = lev_harness::devtools::DevTools::attach(&env.browser).await;
    // The host switches sections while the key is on screen.
    leave(&env).await;
    let found = env
        .browser
        .execute(
            r#"const [secret] = arguments;
            const found = [];
            for (const el of __lev.all('*')) {
              for (const attr of el.attributes) if (attr.value.includes(secret)) found.push(`attribute ${attr.name}`);
              if (typeof el.value === 'string' && el.value.includes(secret)) found.push(`value of ${el.tagName}`);
            }
            for (const root of __lev.roots()) {
              const html = root === document ? document.documentElement.outerHTML : root.innerHTML;
              if (html.includes(secret)) found.push('markup');
            }
            return found;"#,
            vec![json!(secret)],
        )
        .await
        .expect("scan the document");
    assert_eq!(found, json!([]), "the key is still in the document");
    // A string a page script holds is found by this search (so its silence below means
    // something): a canary of the key's shape, never the key.
    env.browser
        .execute(
            "window.__canary = ['lev_sk_', 'canary', 'Zq81'].join(''); return true;",
            vec![],
        )
        .await
        .expect("canary");
    let snapshot = devtools.heap_snapshot();
    assert!(
        snapshot.contains("lev_sk_canaryZq81"),
        "the snapshot holds the page's strings"
    );
    assert!(
        !snapshot.contains(&secret),
        "a JS string of the heap holds the key"
    );
    assert!(
        !snapshot.contains(&tail),
        "a JS string of the heap holds the key's tail"
    );
    env.close().await;
}

/// Fires the rest of what the tab listens to on `window`, after a minute away (blur, a moved
/// clock, focus) and offline and back.
const WINDOW_EVENTS: &str = r#"
window.dispatchEvent(new Event('blur'));
window.__lev.away(61000);
window.dispatchEvent(new Event('focus'));
window.dispatchEvent(new Event('offline'));
window.dispatchEvent(new Event('online'));
return true;
"#;

/// Away for a minute (hidden, then out of focus) and offline and back.
async fn fire_window_events(env: &Env) {
    env.away_for(61_000).await;
    env.browser
        .execute(WINDOW_EVENTS, vec![])
        .await
        .expect("events");
}

#[tokio::test]
async fn the_window_listeners_leave_with_the_element() {
    let (env, _host) = HostPage::default().serve().await;
    env.sign_in_at(ADMIN, "/host.html").await;
    env.wait_rows(4).await;
    for _ in 0..3 {
        leave(&env).await;
        show(&env, "API Keys").await;
        env.wait_rows(4).await;
    }
    // Shown, the tab hears them: a quiet reload (the check below can see one).
    let lists = env.requests_to("GET", "/build/api-keys").len();
    fire_window_events(&env).await;
    env.wait_requests("GET", "/build/api-keys", lists + 1).await;
    // Removed, nothing of it is left to hear them.
    leave(&env).await;
    let (me, lists) = (
        env.requests_to("GET", "/me").len(),
        env.requests_to("GET", "/build/api-keys").len(),
    );
    fire_window_events(&env).await;
    env.next_frames().await;
    env.next_frames().await;
    assert_eq!(
        env.requests_to("GET", "/me").len(),
        me,
        "no /me after removal"
    );
    assert_eq!(
        env.requests_to("GET", "/build/api-keys").len(),
        lists,
        "no list request after removal"
    );
    // A listener left behind would run on a disposed scope: a panic, caught here.
    env.close().await;
}

#[tokio::test]
async fn a_server_rendered_page_imports_the_package_in_node_and_hydrates_with_the_rows() {
    // The server render (in Node, importing the package) happens here; it panics if it fails.
    let dir = server_rendered_host();
    let env = env_with(Config {
        dist: Some(dir.path().to_owned()),
        rate_limits: false,
        ..Config::default()
    })
    .await;
    env.sign_in_at(ADMIN, "/host-ssr.html").await;
    env.wait_rows(4).await;
    let recoverable = env
        .browser
        .execute("return window.__host.recoverable;", vec![])
        .await
        .expect("hydration errors");
    assert_eq!(recoverable, json!([]), "hydration recovered from nothing");
    // Section switches remount the element, as on a client-rendered page.
    for _ in 0..2 {
        leave(&env).await;
        show(&env, "API Keys").await;
        env.wait_rows(4).await;
    }
    env.close().await;
}

#[tokio::test]
async fn a_vue_3_page_binds_the_account_hears_the_events_and_remounts_with_a_condition() {
    framework_page(vue_host(), "/host-vue.html").await;
}

#[tokio::test]
async fn a_svelte_5_page_binds_the_account_hears_the_events_and_remounts_with_if() {
    framework_page(svelte_host(), "/host-svelte.html").await;
}

/// A framework's settings page (`dir`, at `path`) that binds the account, listens to the
/// element's events and shows the section under a condition, driven through `window.__host`:
/// the bound account reaches the element's property and its requests, `lev-key-created` reaches
/// the page's listener, and the condition unmounts and remounts the element.
async fn framework_page(dir: tempfile::TempDir, path: &str) {
    let env = env_with(Config {
        dist: Some(dir.path().to_owned()),
        rate_limits: false,
        ..Config::default()
    })
    .await;
    // A person with several accounts: the page binds which one.
    env.sign_in_at(MULTI_ADMIN, path).await;
    env.browser
        .execute(
            "window.__host.setAccount('northwind-credit'); return true;",
            vec![],
        )
        .await
        .expect("bind the account");
    env.wait_text("Data Warehouse Export").await;
    let property = env
        .browser
        .execute(
            "return document.querySelector('lev-api-keys').account;",
            vec![],
        )
        .await
        .expect("account");
    assert_eq!(
        property,
        json!("northwind-credit"),
        "the page set the property"
    );
    assert!(env
        .requests_to("GET", "/me")
        .iter()
        .any(|r| r.active_account.as_deref() == Some("northwind-credit")));
    // The element's events reach the page's listeners.
    env.create_via_dialog("Framework Listener").await;
    let heard = env
        .browser
        .execute("return window.__host.events.map(e => e.type);", vec![])
        .await
        .expect("events");
    assert_eq!(heard, json!(["lev-key-created"]));
    // The condition takes the section away and brings it back: the tab mounts afresh.
    let toggle = || async {
        env.browser
            .execute("window.__host.toggle(); return true;", vec![])
            .await
            .expect("toggle");
    };
    for _ in 0..2 {
        toggle().await;
        env.wait_text("Your plan and invoices.").await;
        assert_eq!(elements(&env).await, 0, "the element left the document");
        toggle().await;
        env.wait_text("Framework Listener").await;
    }
    assert_eq!(elements(&env).await, 1);
    env.close().await;
}

/// The package's wasm, which the server now sends a second later than it would; its path.
fn hold_back_the_wasm(env: &Env) -> String {
    let wasm = embed_files(|n| n.ends_with("_bg.wasm"));
    let wasm = format!("/embed/{}", wasm.first().expect("the wasm"));
    env.fault_file(&wasm, 1, FaultAction::DelayAfter { ms: 1000 });
    wasm
}

/// Asserts that `/me` and the first page reached the server once each, before `wasm` was
/// served (so asked by the element's script, then taken over); returns the two requests.
fn asked_early_once(env: &Env, wasm: &str) -> [RecordedRequest; 2] {
    let me = env.requests_to("GET", "/me");
    let lists = env.requests_to("GET", "/build/api-keys");
    let [me, list]: [RecordedRequest; 2] = [me, lists]
        .map(|asked| <[RecordedRequest; 1]>::try_from(asked).map(|[one]| one))
        .map(|one| one.unwrap_or_else(|asked| panic!("asked once, then taken over: {asked:?}")));
    let wasm_answered = env
        .file_requests(wasm)
        .first()
        .and_then(|r| r.answered_ms)
        .expect("the wasm was served");
    for early in [&me, &list] {
        assert!(
            early.received_ms < wasm_answered,
            "{} asked while the wasm was on its way ({} ms, the wasm at {wasm_answered} ms)",
            early.path,
            early.received_ms
        );
    }
    [me, list]
}

#[tokio::test]
async fn the_element_asks_me_and_the_list_while_its_wasm_is_on_its_way() {
    let (env, _host) = HostPage::default().serve().await;
    let wasm = hold_back_the_wasm(&env);
    env.sign_in_at(ADMIN, "/host.html").await;
    env.wait_rows(4).await;
    asked_early_once(&env, &wasm);
    // `preload()` is the element class's and the module's.
    let preloaded = env
        .browser
        .execute_async(
            "const done = arguments[0]; const Element = customElements.get('lev-api-keys'); \
             Promise.all([Element.preload(), import('/embed/lev-api-keys.js').then(m => m.preload())]) \
             .then(r => done(r), e => done(String(e)));",
            vec![],
        )
        .await
        .expect("preload");
    assert_eq!(preloaded, json!([null, null]));
    env.close().await;
}

#[tokio::test]
async fn with_a_token_provider_and_an_account_the_element_asks_early_and_the_provider_once() {
    let host = embedding_dist("");
    let env = env_with(Config {
        dist: Some(host.path().to_owned()),
        ..Config::default()
    })
    .await;
    let token = env.token(ADMIN).await;
    write_embed_page(
        host.path(),
        r#"account="acme-capital" origin-app="early-token" timeout-ms="20000""#,
        &format!(
            "window.tokenCalls = 0; host.tokenProvider = () => {{ window.tokenCalls += 1; return Promise.resolve('{token}'); }};"
        ),
    );
    let wasm = hold_back_the_wasm(&env);
    // No sign-in: the provider's token is the only credential the page has.
    env.browser
        .goto(&env.url("/embed.html"))
        .await
        .expect("the host page");
    env.wait_rows(4).await;
    for early in asked_early_once(&env, &wasm) {
        assert_eq!(early.status, Some(200), "{} with the token", early.path);
        assert_eq!(early.active_account.as_deref(), Some("acme-capital"));
    }
    let calls = env
        .browser
        .execute("return [window.tokenCalls, document.cookie];", vec![])
        .await
        .expect("calls");
    assert_eq!(
        calls,
        json!([1, ""]),
        "the provider asked once for both early requests, no cookie"
    );
    // The wasm's own requests ask it again, as before every request.
    env.create_via_dialog("After early").await;
    env.wait_rows(5).await;
    env.close().await;
}

/// Makes the DOM throw once, at the next text node the page creates (`createTextNode`, which
/// the tab's renders call without a chance to catch), as a hostile or broken host script might.
const THROW_ONCE: &str = "const create = Document.prototype.createTextNode; Document.prototype.createTextNode = function (text) { if (window.__throwOnce) { window.__throwOnce = false; throw new DOMException('injected by the test', 'InvalidStateError'); } return create.call(this, text); }; window.__throwOnce = true;";

#[tokio::test]
async fn a_render_that_throws_shows_a_notice_and_retry_starts_afresh() {
    let (env, _host) = HostPage::default().serve().await;
    env.sign_in_at(ADMIN, "/host.html").await;
    env.wait_rows(4).await;
    env.browser
        .execute(THROW_ONCE, vec![])
        .await
        .expect("inject");
    env.click("button", "Create key").await;
    env.wait_text("Something went wrong while showing your API keys.")
        .await;
    env.wait_text("InvalidStateError: injected by the test")
        .await;
    let thrown = env
        .browser
        .execute("return window.__throwOnce;", vec![])
        .await
        .expect("flag");
    assert_eq!(thrown, json!(false), "the injected exception was thrown");
    let focused = env
        .browser
        .execute("return document.querySelector('lev-api-keys').shadowRoot.activeElement?.textContent ?? null;", vec![])
        .await
        .expect("focus");
    assert_eq!(focused, json!("Retry"), "focus moved to Retry");

    env.click("button", "Retry").await;
    env.wait_rows(4).await;
    let focused = env
        .browser
        .execute("return document.querySelector('lev-api-keys').shadowRoot.activeElement?.className ?? null;", vec![])
        .await
        .expect("focus");
    assert_eq!(focused, json!("lev-root"), "focus stayed in the tab");
    // Everything renders again: a dialog opens, a key is made and listed.
    env.create_via_dialog("After the failure").await;
    env.wait_rows(5).await;
    let collected = env.collected().await;
    assert_eq!(collected["errors"], json!([]), "nothing went uncaught");
    let logged = env.console().await;
    assert!(
        logged
            .iter()
            .any(|l| l.contains("lev-api-keys: showing the tab failed")),
        "the failure is in the console: {logged:?}"
    );
    assert!(
        !logged
            .iter()
            .any(|l| l.contains("panicked") || l.contains("already borrowed")),
        "no render after the failure panicked: {logged:?}"
    );
    let _ = env.browser.close().await;
}
