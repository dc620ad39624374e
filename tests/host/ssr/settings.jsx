// The host's settings page as a server-rendered React app writes it (Next.js, Remix and the
// like): one component rendered in Node by `server.jsx` and hydrated in the browser by
// `hydrate.jsx`. It imports the package at the top, as a host's server bundle does; in Node
// that import must throw nothing.
import { useEffect, useState } from 'react';
import '@lev/api-keys-tab';
import { SettingsSections } from '../sections.jsx';

export function Settings({ initialSection }) {
  const [section, setSection] = useState(initialSection);
  useEffect(() => {
    window.__host.show = setSection;
  }, []);
  return (
    <SettingsSections
      section={section}
      onSection={setSection}
      apiKeys={
        <div className="keys-area">
          <lev-api-keys origin-app="ssr-host" />
        </div>
      }
    />
  );
}
