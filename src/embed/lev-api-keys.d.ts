// Types of <lev-api-keys>, Lev's Settings → API Keys tab as a custom element.

/** Detail of `lev-key-created`: the new key's row. Never the secret. */
export interface LevKeyCreatedDetail {
  id: number;
  label: string;
  key_prefix: string;
  created_at: string;
}

/** Detail of `lev-key-revoked`: the key that is no longer active. */
export interface LevKeyRevokedDetail {
  id: number;
  label: string;
  key_prefix: string;
}

/** Detail of `lev-sign-in-required`: the session ended; sign the person in again. */
export interface LevSignInRequiredDetail {
  request_id: string | null;
}

/** A function returning (a promise of) a fresh access token, asked before every request. */
export type LevTokenProvider = () => string | Promise<string>;

/** Where the tab's colours come from: `auto` (the default) follows the system. */
export type LevTheme = 'light' | 'dark' | 'auto';

export interface LevApiKeysElementEventMap extends HTMLElementEventMap {
  'lev-key-created': CustomEvent<LevKeyCreatedDetail>;
  'lev-key-revoked': CustomEvent<LevKeyRevokedDetail>;
  'lev-sign-in-required': CustomEvent<LevSignInRequiredDetail>;
}

/** The id of a message of the tab's catalog (`create_key` is the Create key button). */
export type LevMessageId = @MESSAGE_IDS@;

/**
 * Texts that replace the tab's own, by id. Each keeps its English text's placeholders
 * (`{label}`, `{count, plural, one {…} other {…}}`); one that doesn't, or an unknown id, is
 * reported once in the console and the tab's own text stays.
 */
export type LevMessages = Partial<Record<LevMessageId, string>>;

/** `<lev-api-keys>`. */
export interface LevApiKeysElement extends HTMLElement {
  /** Asked before every request; cookies are sent when there is none. */
  tokenProvider: LevTokenProvider | undefined;
  /** The account slug, sent as `X-Active-Account` (the `account` attribute). */
  account: string | null;
  /** The host's texts over the tab's language; setting it re-renders the texts in place. */
  messages: LevMessages | undefined;
  /** Loads the account and its keys again. */
  refresh(): void;
  addEventListener<K extends keyof LevApiKeysElementEventMap>(
    type: K,
    listener: (this: LevApiKeysElement, event: LevApiKeysElementEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void;
  removeEventListener<K extends keyof LevApiKeysElementEventMap>(
    type: K,
    listener: (this: LevApiKeysElement, event: LevApiKeysElementEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions,
  ): void;
}

/**
 * Starts downloading and compiling the tab before any `<lev-api-keys>` exists: call it when the
 * settings route is about to show. Resolves once it is ready; does nothing where there is no
 * DOM. Also `customElements.get('lev-api-keys').preload()`.
 */
export function preload(): Promise<void>;

/** The element's class, as `customElements.get('lev-api-keys')` returns it. */
export interface LevApiKeysElementConstructor {
  new (): LevApiKeysElement;
  /** See {@link preload}. */
  preload(): Promise<void>;
}

/** The element's attributes, as markup or JSX writes them. */
export interface LevApiKeysAttributes {
  'api-base'?: string;
  'origin-app'?: string;
  account?: string;
  'sign-in-url'?: string;
  'upgrade-url'?: string;
  'timeout-ms'?: string | number;
  theme?: LevTheme;
  shell?: 'settings';
  /** The tab's language (BCP 47, `de`, `pt-BR`); else the page's `lang`, else the browser's. */
  locale?: string;
}

declare global {
  interface HTMLElementTagNameMap {
    'lev-api-keys': LevApiKeysElement;
  }
  interface HTMLElementEventMap {
    'lev-key-created': CustomEvent<LevKeyCreatedDetail>;
    'lev-key-revoked': CustomEvent<LevKeyRevokedDetail>;
    'lev-sign-in-required': CustomEvent<LevSignInRequiredDetail>;
  }
}

/** React 19 passes props to custom elements as properties (functions and objects) or attributes. */
type LevApiKeysJsxProps = LevApiKeysAttributes & {
  tokenProvider?: LevTokenProvider;
  messages?: LevMessages;
  ref?: import('react').Ref<LevApiKeysElement>;
  class?: string;
  className?: string;
  id?: string;
  style?: import('react').CSSProperties;
  'onlev-key-created'?: (event: CustomEvent<LevKeyCreatedDetail>) => void;
  'onlev-key-revoked'?: (event: CustomEvent<LevKeyRevokedDetail>) => void;
  'onlev-sign-in-required'?: (event: CustomEvent<LevSignInRequiredDetail>) => void;
  children?: never;
};

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'lev-api-keys': LevApiKeysJsxProps;
    }
  }
}

export {};
