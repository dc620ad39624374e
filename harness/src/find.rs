//! Finding what a person sees: controls by role and accessible name (as the browser computes
//! it), text, rows, focus; waiting for each within [`WAIT`].

use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use serde_json::{json, Value};

use crate::env::Env;
use crate::{ELEMENT_KEY, WAIT};

/// The document and every open shadow root in it (the `<lev-api-keys>` element's among them),
/// as the first line of the scripts below: the tab lives in a shadow root, where the
/// document's own `querySelector` and `activeElement` do not reach.
pub(crate) const ROOTS: &str = "const roots = () => { const out = [document]; for (let i = 0; i < out.length; i++) for (const e of out[i].querySelectorAll('*')) if (e.shadowRoot) out.push(e.shadowRoot); return out; };";

/// Finds the elements of an ARIA role in the page (by the selectors that produce that role here).
const FIND_BY_ROLE: &str = r#"
@ROOTS@
const [role] = arguments;
const selectors = {
  button: 'button, [role=button], a.button',
  dialog: 'dialog[open]:not([role=alertdialog]), [role=dialog]',
  alertdialog: '[role=alertdialog]',
  textbox: 'input:not([type]), input[type=text], textarea',
  searchbox: 'input[type=search]',
  checkbox: 'input[type=checkbox], [role=checkbox]',
  link: 'a[href]',
  heading: 'h1, h2, h3',
  status: '[role=status]',
  alert: '[role=alert]',
};
return roots().flatMap(root => Array.from(root.querySelectorAll(selectors[role] || `[role=${role}]`)));
"#;

impl Env {
    /// Resolves once the page has rendered two more frames: whatever an earlier event was going
    /// to start (a request, a DOM change) has started by then.
    pub async fn next_frames(&self) {
        self.browser
            .execute_async(
                "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                vec![],
            )
            .await
            .expect("frames");
    }

    /// An attribute as written in the page (WebKitWebDriver's "Get Element Attribute" resolves
    /// URLs such as `href`, so it is read by script in every engine).
    pub async fn attribute_as_written(&self, element: &Element, name: &str) -> Value {
        self.browser
            .execute(
                "return arguments[0].getAttribute(arguments[1]);",
                vec![json!(element), json!(name)],
            )
            .await
            .expect("attribute")
    }

    /// Chromium's computed accessible name of `element` (WebDriver "Get Computed Label").
    pub async fn accessible_name(&self, element: &Element) -> String {
        let url = self
            .session_endpoint(
                &self.browser,
                &format!("element/{}/computedlabel", element.element_id()),
            )
            .await;
        let body: Value = self
            .http
            .get(url)
            .send()
            .await
            .expect("computedlabel")
            .json()
            .await
            .expect("json");
        body["value"].as_str().unwrap_or_default().to_owned()
    }

    /// All elements with `role` whose accessible name is exactly `name`, visible or not.
    pub async fn all_named(&self, role: &str, name: &str) -> Vec<Element> {
        let script = FIND_BY_ROLE.replace("@ROOTS@", ROOTS);
        let found = match self.browser.execute(&script, vec![json!(role)]).await {
            Ok(found) => found,
            // The page changed while the driver handed the elements over (WebKitWebDriver says
            // so as a stale element): nothing found this time; `named` looks again.
            Err(fantoccini::error::CmdError::Standard(e))
                if e.error == fantoccini::error::ErrorStatus::StaleElementReference =>
            {
                return Vec::new();
            }
            Err(e) => panic!("find by role: {e}"),
        };
        let mut matches = Vec::new();
        for element in self.elements(found) {
            if self.accessible_name(&element).await == name {
                matches.push(element);
            }
        }
        matches
    }

    /// Waits for exactly one element with `role` and accessible `name`.
    pub async fn named(&self, role: &str, name: &str) -> Element {
        let deadline = Instant::now() + WAIT;
        loop {
            let mut found = self.all_named(role, name).await;
            if found.len() == 1 {
                return found.remove(0);
            }
            assert!(
                found.len() < 2,
                "{} elements with role {role} named {name:?}",
                found.len()
            );
            assert!(
                Instant::now() < deadline,
                "no {role} named {name:?} appeared; page text:\n{}",
                self.text().await
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits for the one element with `role` and accessible `name`, and clicks it.
    pub async fn click(&self, role: &str, name: &str) {
        let element = self.named(role, name).await;
        // Scrolled into view first, as a person would: WebKitWebDriver scrolls a button into
        // view before clicking it but not a checkbox, which it then calls not interactable.
        self.browser
            .execute(
                "arguments[0].scrollIntoView({ block: 'nearest', inline: 'nearest' }); return true;",
                vec![json!(element)],
            )
            .await
            .unwrap_or_else(|e| panic!("scroll {role} {name:?} into view: {e}"));
        element
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {role} {name:?}: {e:?}"));
    }

    /// Waits until no element with `role` and `name` is left.
    pub async fn gone(&self, role: &str, name: &str) {
        let deadline = Instant::now() + WAIT;
        while !self.all_named(role, name).await.is_empty() {
            assert!(
                Instant::now() < deadline,
                "{role} named {name:?} is still there"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits for an element matching a CSS selector, in the document or a shadow root.
    pub async fn css(&self, selector: &str) -> Element {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(found) = self.all(selector).await.into_iter().next() {
                return found;
            }
            assert!(
                Instant::now() < deadline,
                "{selector} did not appear; page text:\n{}",
                self.text().await
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Every element matching a CSS selector now, in the document and its shadow roots.
    pub async fn all(&self, selector: &str) -> Vec<Element> {
        let script = format!(
            "{ROOTS} return roots().flatMap(root => Array.from(root.querySelectorAll(arguments[0])));"
        );
        match self.browser.execute(&script, vec![json!(selector)]).await {
            Ok(found) => self.elements(found),
            // The page changed while the driver handed the elements over: none this time.
            Err(fantoccini::error::CmdError::Standard(e))
                if e.error == fantoccini::error::ErrorStatus::StaleElementReference =>
            {
                Vec::new()
            }
            Err(e) => panic!("find {selector}: {e}"),
        }
    }

    /// The elements a script returned.
    pub(crate) fn elements(&self, found: Value) -> Vec<Element> {
        let Value::Array(items) = found else {
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|item| item.get(ELEMENT_KEY).and_then(Value::as_str))
            .map(|id| Element::from_element_id(self.browser.clone(), id.to_owned().into()))
            .collect()
    }

    /// The page's visible text: the document's and each shadow root's, as the page renders it
    /// (`innerText`; WebDriver's element text leaves out shadow roots in some drivers and an
    /// open modal dialog in WebKitGTK's).
    pub async fn text(&self) -> String {
        let script = format!(
            "{ROOTS} return roots().map(root => root === document ? (document.body ? document.body.innerText : '') : Array.from(root.children).map(e => e.innerText || '').join('\\n')).join('\\n');"
        );
        self.browser
            .execute(&script, vec![])
            .await
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }

    /// Waits until the page's text contains `needle`.
    pub async fn wait_text(&self, needle: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            let text = self.text().await;
            if text.contains(needle) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "text {needle:?} did not appear; page text:\n{text}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until `script` (run in the page) returns `expected`; fails after [`WAIT`] saying
    /// `what` should have happened, with what it last returned.
    pub async fn wait_value(&self, script: &str, expected: &Value, what: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            let value = self
                .browser
                .execute(script, vec![])
                .await
                .unwrap_or_else(|e| panic!("{script}: {e}"));
            if value == *expected {
                return;
            }
            assert!(Instant::now() < deadline, "{what}: {value}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The text of the cell `column` (its `data-column`) in the row of key `id`.
    pub async fn cell(&self, id: i64, column: &str) -> String {
        self.css(&format!(
            "[data-key-id=\"{id}\"] [data-column=\"{column}\"]"
        ))
        .await
        .text()
        .await
        .unwrap_or_default()
    }

    /// Waits until the cell `column` of key `id` satisfies `done`; says `what` it never did,
    /// with what it last read.
    pub async fn wait_cell(&self, id: i64, column: &str, what: &str, done: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + WAIT;
        loop {
            let text = self.cell(id, column).await;
            if done(&text) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{column} of key {id} never {what}: it says {text:?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Labels of the rows, top to bottom.
    pub async fn row_labels(&self) -> Vec<String> {
        let mut labels = Vec::new();
        for cell in self.all("tbody tr[data-key-id] .key-label").await {
            labels.push(cell.text().await.unwrap_or_default());
        }
        labels
    }

    /// Waits for the list to show `count` rows.
    pub async fn wait_rows(&self, count: usize) -> Vec<String> {
        let deadline = Instant::now() + WAIT;
        loop {
            let labels = self.row_labels().await;
            if labels.len() == count {
                return labels;
            }
            assert!(
                Instant::now() < deadline,
                "expected {count} rows, have {labels:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The element that has focus, inside shadow roots too (the document's `activeElement` is
    /// only the shadow root's host).
    pub async fn focused(&self) -> Element {
        let script = "let a = document.activeElement; while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement; return a ? [a] : [];";
        let found = self
            .browser
            .execute(script, vec![])
            .await
            .expect("active element");
        self.elements(found)
            .into_iter()
            .next()
            .expect("an element has focus")
    }

    /// Waits until the focused element's accessible name is `name` (focus moves back to an
    /// opener in a task after the dialog leaves the page, not in the same frame).
    pub async fn wait_focus(&self, name: &str) -> Element {
        let deadline = Instant::now() + WAIT;
        loop {
            let focused = self.focused().await;
            let now = self.accessible_name(&focused).await;
            if now == name {
                return focused;
            }
            assert!(
                Instant::now() < deadline,
                "focus never reached {name:?}; it is on {now:?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Whether `element` has focus.
    pub async fn has_focus(&self, element: &Element) -> bool {
        let focused = self.focused().await;
        let same = self
            .browser
            .execute(
                "return arguments[0] === arguments[1];",
                vec![json!(focused), json!(element)],
            )
            .await
            .expect("compare");
        same == json!(true)
    }

    /// Presses keys on the focused element.
    pub async fn press(&self, keys: &str) {
        let focused = self.focused().await;
        focused.send_keys(keys).await.expect("keys");
    }
}
