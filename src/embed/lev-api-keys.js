// <lev-api-keys>: Lev's Settings → API Keys tab as a custom element. `cargo xtask build`
// writes this file into dist/embed/ with the hashed names of the files beside it filled in;
// they are immutable, this entry is revalidated.
import init, { mountTab } from './@BINDINGS@';
// The dialogs' chunk loader, which the bindings import: named here too so that it is fetched
// beside them rather than after them.
import './@LOADER@';

const WASM = new URL('./@WASM@', import.meta.url);
const STYLESHEET = new URL('./@STYLESHEET@', import.meta.url).href;
const ATTRIBUTES = ['api-base', 'origin-app', 'account', 'sign-in-url', 'upgrade-url', 'timeout-ms', 'theme', 'shell', 'locale'];
// The catalogs of the languages shipped besides English (built in), by BCP 47 tag: files beside
// this one with hashed names, each fetched only for a tab shown in its language.
const CATALOGS = @CATALOGS@;

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

// The tab's language. What the element asks for, first wins: its `locale` attribute; else the
// nearest `lang` among its ancestors (the host page's `<html lang>`; not on the standalone page,
// which owns its page) and then the browser's languages. Each falls back along its subtags
// (`pt-PT` → `pt`) to a shipped catalog or English; with a host's `messages`, the first valid tag
// is the tab's language whatever is shipped (`he`, `fa`: English under the host's texts).
const canonical = (tag) => {
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? null;
  } catch {
    return null;
  }
};
const shippedFor = (tag) => {
  const subtags = tag.split('-');
  for (let n = subtags.length; n > 0; n--) {
    const candidate = subtags.slice(0, n).join('-').toLowerCase();
    if (candidate === 'en') return 'en';
    const found = Object.keys(CATALOGS).find((shipped) => shipped.toLowerCase() === candidate);
    if (found) return found;
  }
  return null;
};
const nearestLang = (element) => {
  for (let node = element.parentNode; node; node = node.parentNode ?? node.host) {
    const lang = node.nodeType === 1 ? node.getAttribute('lang')?.trim() : '';
    if (lang) return lang;
  }
  return null;
};
const chooseLanguage = (element, hasMessages) => {
  const own = element.getAttribute('locale')?.trim();
  const wanted = own
    ? [own]
    : [element.hasAttribute('shell') ? null : nearestLang(element), ...(navigator.languages ?? [navigator.language])];
  for (const tag of wanted.filter(Boolean).map(canonical).filter(Boolean)) {
    const shipped = shippedFor(tag);
    if (shipped) return shipped;
    if (hasMessages) return tag;
  }
  return 'en';
};
// The browser's first `Intl` formatter costs 15–25 ms (its locale data is loaded then), the
// next ones a millisecond or two: one is made for the tab's language while the wasm is still on
// its way, when the page is idle, so the rows' relative times don't wait for it.
const warmed = new Set();
const warmIntl = (tag) => {
  if (warmed.has(tag)) return;
  warmed.add(tag);
  (window.requestIdleCallback ?? setTimeout)(() => {
    try {
      new Intl.RelativeTimeFormat(tag, { numeric: 'auto' }).format(-1, 'day');
    } catch {}
  });
};

// Each catalog is fetched once per page; a failed fetch leaves English (and is tried again next
// time it is wanted).
const catalogs = new Map();
const catalogFor = (tag) => {
  const url = CATALOGS[tag];
  if (!url) return Promise.resolve(null);
  if (!catalogs.has(tag)) {
    catalogs.set(
      tag,
      fetch(url)
        .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status}`))))
        .catch((e) => {
          catalogs.delete(tag);
          console.warn(`lev-api-keys: the ${tag} catalog could not be loaded (${e.message}); English is shown`);
          return null;
        }),
    );
  }
  return catalogs.get(tag);
};

// Where there is no DOM (a host's server rendering in Node), importing this file throws
// nothing and defines nothing: the class extends a stand-in and is never registered.
const Element = typeof HTMLElement === 'undefined' ? class {} : HTMLElement;

class LevApiKeysElement extends Element {
  static observedAttributes = ATTRIBUTES;

  #tab = null;
  #tokenProvider = undefined;
  #messages = undefined;
  // The language asked for and its catalog (a promise), and what each change of it counts.
  #language = null;
  #languageChanges = 0;
  #langObserver = null;
  // What the mounted tab was last given (`#given`).
  #shown = null;
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
    for (const name of ['tokenProvider', 'account', 'messages']) {
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

  /**
   * Texts that replace the tab's own, by message id (`{ create_key: 'New key' }`), with the
   * same placeholders; over the chosen language. Set it to change them in place.
   */
  get messages() {
    return this.#messages;
  }

  set messages(messages) {
    this.#messages = messages ?? undefined;
    this.#relocalize();
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
    // Its catalog is fetched now, in parallel with the wasm.
    this.#language = this.#chooseLanguage();
    // A page that changes its language (an app's language switch sets `<html lang>`) changes
    // the tab's.
    this.#langObserver = new MutationObserver(() => this.#relocalize());
    this.#langObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
    this.#mount();
  }

  // What the tab is given for `language` with its `catalog`: the tag, the catalog and the
  // host's messages, and those also as JSON, by which what the tab shows is compared.
  #given(language, catalog) {
    let json;
    if (this.#messages !== undefined) {
      try {
        json = JSON.stringify(this.#messages);
      } catch (e) {
        console.warn(`lev-api-keys: the messages property could not be read (${e.message})`);
      }
    }
    const messages = json === undefined ? undefined : this.#messages;
    return { tag: language.tag, catalog: catalog ?? undefined, messages, json };
  }

  #chooseLanguage() {
    const tag = chooseLanguage(this, this.#messages !== undefined);
    warmIntl(tag);
    return { tag, catalog: catalogFor(tag) };
  }

  // A new language, shown in place: the tab is not mounted again and asks the API nothing.
  async #relocalize() {
    if (!this.isConnected) return;
    const change = ++this.#languageChanges;
    const language = this.#chooseLanguage();
    this.#language = language;
    const given = this.#given(language, await language.catalog);
    if (change !== this.#languageChanges || !this.#tab) return;
    if (this.#shown?.tag === given.tag && this.#shown?.json === given.json) return;
    this.#shown = given;
    this.#tab.setLocale(given.tag, given.catalog, given.messages);
  }

  disconnectedCallback() {
    // Answers not taken by now would be stale by the time another element wanted them.
    if (this.#early && window.__levEarly === this.#early) delete window.__levEarly;
    this.#early = null;
    this.#langObserver?.disconnect();
    this.#langObserver = null;
    this.#unmount();
  }

  /** Starts downloading and compiling the tab (see `preload`). */
  static preload() {
    return preload();
  }

  attributeChangedCallback(name, before, after) {
    if (before === after) return;
    if (name === 'locale') this.#relocalize();
    else this.#remount();
  }

  /** Loads the account and its keys again. */
  refresh() {
    this.#tab?.refresh();
  }

  async #mount() {
    const generation = ++this.#generation;
    const language = this.#language ?? this.#chooseLanguage();
    const [, , catalog] = await Promise.all([instantiate(), this.#styled, language.catalog]);
    if (generation !== this.#generation || !this.isConnected || this.#tab) return;
    const container = document.createElement('div');
    container.className = 'lev-root';
    this.shadowRoot.append(container);
    const given = this.#given(language, catalog);
    this.#tab = mountTab(this, this.shadowRoot, container, this.#tokenProvider, given.tag, given.catalog, given.messages);
    this.#shown = given;
    // The language changed while the tab was on its way.
    if (this.#language !== language) this.#relocalize();
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
