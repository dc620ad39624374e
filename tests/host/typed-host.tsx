// A TSX host type-checked against dist/embed/lev-api-keys.d.ts (the test runs `tsc`): the
// element, its attributes, property, method and events, as a React 19 team would use them.
import '@lev/api-keys-tab';
import type { LevKeyCreatedDetail } from '@lev/api-keys-tab';
import { useRef } from 'react';

export function ApiKeysSection({ account }: { account: string }) {
  const tab = useRef<HTMLElementTagNameMap['lev-api-keys']>(null);
  const created = (event: CustomEvent<LevKeyCreatedDetail>) => console.log(event.detail.key_prefix);
  return (
    <>
      <lev-api-keys
        ref={tab}
        account={account}
        api-base="/api/external/v2"
        theme="dark"
        locale="de"
        messages={{ create_key: 'New key' }}
        timeout-ms={15000}
        tokenProvider={() => Promise.resolve('token')}
        onlev-key-created={created}
        onlev-key-revoked={(event) => console.log(event.detail.id)}
        onlev-sign-in-required={(event) => console.log(event.detail.request_id)}
      />
      <button type="button" onClick={() => tab.current?.refresh()}>Reload keys</button>
    </>
  );
}

const element = document.createElement('lev-api-keys');
element.tokenProvider = async () => 'token';
element.messages = { keys_count: '{count, plural, one {# token} other {# tokens}}' };
element.addEventListener('lev-key-revoked', (event) => console.log(event.detail.label));
