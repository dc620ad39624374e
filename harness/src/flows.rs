//! The steps many tests share: create through the dialog, read the shown key, copy it.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::driver::Engine;
use crate::env::Env;
use crate::WAIT;

/// Sends the page away and back through the instrumentation's `__lev.away` (the page's own
/// function: in Firefox a WebDriver script runs in a sandbox, and what it changed of `Date`
/// the page would not see).
const AWAY: &str = r#"
if (typeof window.__lev?.away !== 'function') return 'the page has no __lev.away (instrumentation missing)';
window.__lev.away(arguments[0]);
return true;
"#;

impl Env {
    /// The page goes out of view and comes back `ms` later by its clock (the page's own clock
    /// moves; nothing waits).
    pub async fn away_for(&self, ms: u64) {
        let went = self
            .browser
            .execute(AWAY, vec![json!(ms)])
            .await
            .expect("away and back");
        assert_eq!(went, json!(true), "away and back: {went}");
    }

    /// Waits for the one-time reveal and returns the key it shows.
    pub async fn revealed_secret(&self) -> String {
        self.css("#revealed-key")
            .await
            .prop("value")
            .await
            .ok()
            .flatten()
            .expect("the reveal shows the key")
    }

    /// Opens Create key, types `label` and presses Enter; returns the key the reveal shows,
    /// which stays open.
    pub async fn create_and_reveal(&self, label: &str) -> String {
        self.click("button", "Create key").await;
        self.named("textbox", "Label")
            .await
            .send_keys(&format!("{label}\u{E007}"))
            .await
            .expect("type the label and Enter");
        self.revealed_secret().await
    }

    /// Creates a key through the dialog and closes the reveal without copying; returns the
    /// secret that was shown.
    pub async fn create_via_dialog(&self, label: &str) -> String {
        self.click("button", "Create key").await;
        let field = self.named("textbox", "Label").await;
        // Set through the page, exactly as given (WebDriver keys can't carry every character).
        self.browser
            .execute(
                "const f = arguments[0]; f.value = arguments[1]; f.dispatchEvent(new Event('input', { bubbles: true }));",
                vec![json!(field), json!(label)],
            )
            .await
            .expect("type");
        self.click("button", "Create").await;
        let secret = self.revealed_secret().await;
        self.click("button", "Done").await;
        self.click("button", "Close anyway").await;
        self.gone("dialog", "Save your API key").await;
        secret
    }

    /// Lets the page read and write the clipboard without a prompt: in Chromium through the
    /// DevTools protocol; Firefox's session allows it by a preference at start
    /// (`dom.events.testing.asyncClipboard`); WebKitGTK has no way in (see
    /// [`Engine::reads_clipboard`]).
    pub async fn allow_clipboard(&self) {
        if self.engine != Engine::Chromium {
            return;
        }
        let origin = self.server.url();
        self.cdp(
            "Browser.grantPermissions",
            json!({ "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"], "origin": origin }),
        )
        .await;
    }

    /// Copies the revealed key with its button: "Copied" shows, and, where the engine lets a
    /// test read it back, the clipboard holds `secret`.
    pub async fn copy_key(&self, secret: &str) {
        self.copy_with("Copy API key", secret).await;
    }

    /// Presses the copy button named `button`: "Copied" shows, and, where the engine lets a
    /// test read it back, the clipboard holds `expected`.
    pub async fn copy_with(&self, button: &str, expected: &str) {
        self.copy_saying(button, "Copied", expected).await;
    }

    /// [`Env::copy_with`] in a tab whose language says `copied` for "Copied".
    pub async fn copy_saying(&self, button: &str, copied: &str, expected: &str) {
        let button = self.named("button", button).await;
        button.click().await.expect("copy");
        // The button's own status, not another copy button's.
        let deadline = Instant::now() + WAIT;
        loop {
            let said = self
                .browser
                .execute(
                    "return arguments[0].closest('.copy').querySelector('.copy-status').textContent;",
                    vec![json!(button)],
                )
                .await
                .expect("copy status");
            if said == json!(copied) {
                break;
            }
            assert!(Instant::now() < deadline, "the button never said {copied}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        if !self.engine.reads_clipboard() {
            return;
        }
        let clipboard = self
            .browser
            .execute_async(
                "navigator.clipboard.readText().then(arguments[0], e => arguments[0]('ERR ' + e));",
                vec![],
            )
            .await
            .expect("clipboard");
        assert_eq!(
            clipboard,
            json!(expected),
            "the clipboard holds what was copied"
        );
    }
}
