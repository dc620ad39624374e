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
    this.#mount();
  }

  disconnectedCallback() {
    this.#unmount();
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
