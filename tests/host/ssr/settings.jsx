// The host's settings page as a server-rendered React app writes it (Next.js, Remix and the
// like): one component rendered in Node by `server.jsx` and hydrated in the browser by
// `hydrate.jsx`. It imports the package at the top, as a host's server bundle does; in Node
// that import must throw nothing.
import { useEffect, useState } from 'react';
import '@lev/api-keys-tab';

const SECTIONS = ['Profile', 'API Keys', 'Billing'];

export function Settings({ initialSection }) {
  const [section, setSection] = useState(initialSection);
  useEffect(() => {
    window.__host.show = setSection;
  }, []);
  return (
    <main className="settings-host">
      <h1>Settings</h1>
      <nav aria-label="Settings sections">
        {SECTIONS.map((name) => (
          <button key={name} type="button" aria-pressed={name === section} onClick={() => setSection(name)}>
            {name}
          </button>
        ))}
      </nav>
      <section className="section">
        {section === 'Profile' && <p>Your name and email.</p>}
        {section === 'API Keys' && (
          <div className="keys-area">
            <lev-api-keys origin-app="ssr-host" />
          </div>
        )}
        {section === 'Billing' && <p>Your plan and invoices.</p>}
      </section>
    </main>
  );
}
