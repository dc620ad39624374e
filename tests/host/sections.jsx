// The host's settings page, shared by the React pages (main.jsx, rendered in the browser, and
// ssr/settings.jsx, rendered on the server and hydrated): Profile, API Keys and Billing,
// switched on the client, so the API Keys section (and its <lev-api-keys>) leaves the document
// and comes back. `apiKeys` is what the API Keys section holds.
const SECTIONS = ['Profile', 'API Keys', 'Billing'];

export function SettingsSections({ section, onSection, apiKeys }) {
  return (
    <main className="settings-host">
      <h1>Settings</h1>
      <nav aria-label="Settings sections">
        {SECTIONS.map((name) => (
          <button key={name} type="button" aria-pressed={name === section} onClick={() => onSection(name)}>
            {name}
          </button>
        ))}
      </nav>
      <section className="section">
        {section === 'Profile' && <p>Your name and email.</p>}
        {section === 'API Keys' && apiKeys}
        {section === 'Billing' && <p>Your plan and invoices.</p>}
      </section>
    </main>
  );
}
