//! The script every test page runs before its own: what the diagnostics and the memory checks
//! read back.

/// Runs in every page before its own scripts: collects CSP violations, uncaught errors,
/// pointer events (for keyboard-only checks) and the app's wasm exports (for memory), and gives
/// the tests' scripts `__lev.one`/`__lev.all`, which look into shadow roots too, and
/// `__lev.away`, which sends the page away and back by its clock. Once per page, however often
/// it is added (Chromium adds it to every document; the host pages load it too, for the other
/// engines).
pub(crate) const INSTRUMENT: &str = r#"
if (!window.__lev) {
window.__lev = { csp: [], errors: [], pointer: 0, wasm: null, console: [] };
for (const level of ['error', 'warn']) {
  const original = console[level];
  console[level] = (...args) => { window.__lev.console.push(args.map(String).join(' ')); original.apply(console, args); };
}
document.addEventListener('securitypolicyviolation', e => window.__lev.csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`), true);
window.addEventListener('error', e => window.__lev.errors.push(String(e.message)));
window.addEventListener('unhandledrejection', e => window.__lev.errors.push('unhandled rejection: ' + String(e.reason)));
for (const type of ['pointerdown', 'mousedown']) window.addEventListener(type, () => { window.__lev.pointer += 1; }, true);
// The element's entry announces the wasm once it is instantiated (the memory tests read it).
window.addEventListener('lev-api-keys-ready', e => { window.__lev.wasm = e.detail.wasm; });
// For the tests' own scripts: the document and its open shadow roots, where the tab lives.
window.__lev.roots = () => { const out = [document]; for (let i = 0; i < out.length; i++) for (const e of out[i].querySelectorAll('*')) if (e.shadowRoot) out.push(e.shadowRoot); return out; };
window.__lev.all = (selector) => window.__lev.roots().flatMap(root => Array.from(root.querySelectorAll(selector)));
window.__lev.one = (selector) => window.__lev.all(selector)[0] || null;
// The page goes out of view and comes back `ms` later by its own clock, as a switch to another
// tab would: on first use `Date.now` gains an offset and `document.hidden` follows the test
// (defined here, in the page, so the page sees it in every engine).
window.__lev.away = (ms) => {
  if (!window.__lev.clock) {
    const realNow = Date.now.bind(Date);
    const clock = { offset: 0, hidden: false };
    Date.now = () => realNow() + clock.offset;
    Object.defineProperty(document, 'hidden', { get: () => clock.hidden, configurable: true });
    Object.defineProperty(document, 'visibilityState', { get: () => clock.hidden ? 'hidden' : 'visible', configurable: true });
    window.__lev.clock = clock;
  }
  const clock = window.__lev.clock;
  clock.hidden = true; document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  clock.offset += ms;
  clock.hidden = false; document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
};
}
"#;
