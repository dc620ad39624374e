// <lev-api-keys>: Lev's Settings → API Keys tab as a custom element. `cargo xtask build`
// writes this file into dist/embed/ with the hashed names of the files beside it filled in;
// they are immutable, this entry is revalidated.
import init, { mountTab } from './@BINDINGS@';
// The dialogs' chunk loader, which the bindings import: named here too so that it is fetched
// beside them rather than after them.
import './@LOADER@';

const WASM = new URL('./@WASM@', import.meta.url);
const STYLESHEET = new URL('./@STYLESHEET@', import.meta.url).href;
const ATTRIBUTES = ['api-base', 'origin-app', 'account', 'sign-in-url', 'upgrade-url', 'timeout-ms', 'theme', 'shell'];

// One instantiation of the wasm for the page, shared by every element.
let instantiated;
const instantiate = () =>
  (instantiated ??= init({ module_or_path: WASM }).then((wasm) => {
    dispatchEvent(new CustomEvent('lev-api-keys-ready', { detail: { wasm } }));
    return wasm;
  }));

/**
 * Starts downloading and compiling the tab before any element exists, for a host page to call
 * when its settings route is about to show (where there is no DOM, it does nothing).
 */
export const preload = () =>
  typeof window === 'undefined' ? Promise.resolve() : instantiate().then(() => undefined);

// The defaults of the element's settings (src/config.rs).
const DEFAULT_API_BASE = '/api/external/v2';
const DEFAULT_ORIGIN_APP = 'lev-settings-api-keys';

// The tab's first two requests, started when an element connects, in parallel with the wasm's
// download and compile. The wasm takes each answer once, by URL, when it would make exactly
// that request itself (src/api/early.rs), as it does the standalone page's: the same origin
// app, account, timeout and kind of credential, all recorded beside the answers. With a token
// provider, it is asked once here and its token sent as the wasm would; it is never kept. Only
// when every setting the wasm checks is plainly one it accepts (the API base and the links plain
// paths of this site, no `token-provider` or `shell` attribute): a configuration it refuses makes
// no request at all. Returns what it started, or null.
const plainPath = (value) => /^\/(?![/\\])[A-Za-z0-9/._~-]*$/.test(value);
const DEFAULT_TIMEOUT_MS = 15000;
// As the wasm reads `timeout-ms` (src/config.rs): whole milliseconds, at least 100.
const timeoutOf = (value) => {
  if (value === null || !/^\+?[0-9]+$/.test(value)) return DEFAULT_TIMEOUT_MS;
  const ms = Number(value);
  return ms >= 100 && ms <= 0xffffffff ? ms : DEFAULT_TIMEOUT_MS;
};
const startEarly = (element) => {
  if (window.__levEarly) return null; // the standalone page's own, or another element's
  const attribute = (name) => element.getAttribute(name)?.trim() || null;
  // `shell`: the settings page's own build renders it; the package refuses it.
  if (element.hasAttribute('token-provider') || element.hasAttribute('shell')) return null;
  for (const link of ['sign-in-url', 'upgrade-url']) {
    if (attribute(link) !== null && !plainPath(attribute(link))) return null;
  }
  const base = attribute('api-base') ?? DEFAULT_API_BASE;
  const originApp = attribute('origin-app') ?? DEFAULT_ORIGIN_APP;
  if (!plainPath(base) || !/^[A-Za-z0-9._-]{1,64}$/.test(originApp)) return null;
  const url = (path) => new URL(base + path, location.href);
  if (url('/me').origin !== location.origin) return null;
  const account = attribute('account');
  const timeoutMs = timeoutOf(attribute('timeout-ms'));
  const provider = typeof element.tokenProvider === 'function' ? element.tokenProvider : null;
  // One token for both requests; a provider that fails leaves them to the wasm.
  const token = provider
    ? Promise.resolve()
        .then(() => provider())
        .then((t) => (typeof t === 'string' && t !== '' ? t : null), () => null)
    : Promise.resolve(null);
  const get = (target) =>
    token
      .then((bearer) => {
        if (provider && bearer === null) return null;
        const headers = { Accept: 'application/json', 'X-Origin-App': originApp };
        if (account) headers['X-Active-Account'] = account;
        if (bearer) headers.Authorization = `Bearer ${bearer}`;
        return fetch(target, {
          headers,
          credentials: bearer ? 'omit' : 'include',
          signal: AbortSignal.timeout(timeoutMs),
        }).then((r) =>
          r.text().then((body) => ({
            status: r.status,
            body,
            requestId: r.headers.get('x-request-id'),
            retryAfter: r.headers.get('retry-after'),
          })),
        );
      })
      .catch(() => null);
  const answers = {};
  // Keyed by the absolute URL, as the wasm's request builder resolves it.
  for (const path of ['/me', '/build/api-keys?limit=50&offset=0']) answers[url(path).href] = get(url(path));
  return (window.__levEarly = { originApp, account, timeoutMs, bearer: provider !== null, answers });
};

// Where there is no DOM (a host's server rendering in Node), importing this file throws
// nothing and defines nothing: the class extends a stand-in and is never registered.
const Element = typeof HTMLElement === 'undefined' ? class {} : HTMLElement;

class LevApiKeysElement extends Element {
  static observedAttributes = ATTRIBUTES;

  #tab = null;
  #tokenProvider = undefined;
  // Bumped by every disconnect and remount, so a mount still waiting for the wasm or the
  // stylesheet gives up when it is no longer wanted.
  #generation = 0;
  #styled;
  // The early requests this element started, dropped if it leaves before taking them.
  #early = null;

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = STYLESHEET;
    this.#styled = new Promise((done) => {
      link.addEventListener('load', done, { once: true });
      link.addEventListener('error', done, { once: true });
    });
    root.append(link);
    // Properties a framework set before this element was defined (the upgrade-property
    // pattern): take them over through the setters.
    for (const name of ['tokenProvider', 'account']) {
      if (Object.prototype.hasOwnProperty.call(this, name)) {
        const value = this[name];
        delete this[name];
        this[name] = value;
      }
    }
  }

  /** A function returning a promise of an access token, asked before every request. */
  get tokenProvider() {
    return this.#tokenProvider;
  }

  set tokenProvider(provider) {
    this.#tokenProvider = provider;
    this.#remount();
  }

  /** The account slug (`X-Active-Account`); the same as the `account` attribute. */
  get account() {
    return this.getAttribute('account');
  }

  set account(slug) {
    if (slug == null || slug === '') this.removeAttribute('account');
    else this.setAttribute('account', String(slug));
  }

  connectedCallback() {
    this.#early = startEarly(this);
    this.#mount();
  }

  disconnectedCallback() {
    // Answers not taken by now would be stale by the time another element wanted them.
    if (this.#early && window.__levEarly === this.#early) delete window.__levEarly;
    this.#early = null;
    this.#unmount();
  }

  /** Starts downloading and compiling the tab (see `preload`). */
  static preload() {
    return preload();
  }

  attributeChangedCallback(_name, before, after) {
    if (before !== after) this.#remount();
  }

  /** Loads the account and its keys again. */
  refresh() {
    this.#tab?.refresh();
  }

  async #mount() {
    const generation = ++this.#generation;
    await Promise.all([instantiate(), this.#styled]);
    if (generation !== this.#generation || !this.isConnected || this.#tab) return;
    const container = document.createElement('div');
    container.className = 'lev-root';
    this.shadowRoot.append(container);
    this.#tab = mountTab(this, this.shadowRoot, container, this.#tokenProvider);
  }

  #unmount() {
    this.#generation++;
    const tab = this.#tab;
    this.#tab = null;
    if (tab) {
      tab.unmount();
      tab.free();
    }
    this.shadowRoot.querySelector('.lev-root')?.remove();
  }

  #remount() {
    if (!this.isConnected) return;
    this.#unmount();
    this.#mount();
  }
}

if (typeof customElements !== 'undefined' && !customElements.get('lev-api-keys')) {
  customElements.define('lev-api-keys', LevApiKeysElement);
}
