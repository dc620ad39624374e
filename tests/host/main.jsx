// A host team's settings page, as a React 19 app would write it: Profile, API Keys and
// Billing switch on the client, so the API Keys section (and its <lev-api-keys>) leaves the
// document and comes back. The end-to-end tests drive it through `window.__host`.
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { SettingsSections } from './sections.jsx';

const query = new URLSearchParams(location.search);
// `?bare`: the element is never defined (the style tests compare the host page without it).
if (!query.has('bare')) await import('/embed/lev-api-keys.js');
const host = (window.__host = { events: [] });
// `?preload`: the page starts the tab's download and compile at once, as a host would when its
// settings route is about to show; `__host.preloaded` says when that is done.
if (query.has('preload')) {
  const { preload } = await import('/embed/lev-api-keys.js');
  preload().then(() => { host.preloaded = true; });
}
const record = (event) =>
  host.events.push({
    type: event.type,
    detail: event.detail,
    bubbles: event.bubbles,
    composed: event.composed,
  });

function ApiKeys({ account, second, theme }) {
  return (
    <div className="keys-area">
      <lev-api-keys
        account={account ?? undefined}
        theme={theme ?? undefined}
        onlev-key-created={record}
        onlev-key-revoked={record}
        onlev-sign-in-required={record}
      />
      {second && <lev-api-keys account={second} theme={theme ?? undefined} />}
    </div>
  );
}

function Settings() {
  const [section, setSection] = useState(query.get('section') ?? 'API Keys');
  const [account, setAccount] = useState(query.get('account'));
  const [second] = useState(query.get('second'));
  useEffect(() => {
    host.show = setSection;
    host.setAccount = setAccount;
  }, []);
  return (
    <SettingsSections
      section={section}
      onSection={setSection}
      apiKeys={<ApiKeys account={account} second={second} theme={query.get('theme')} />}
    />
  );
}

createRoot(document.getElementById('root')).render(<Settings />);
