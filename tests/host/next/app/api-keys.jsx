'use client';
// The tab in a client component, as the README's recipe says: the package is imported at the
// top (on the server that import defines nothing), React renders the element's tag on the
// server, and in the browser the element upgrades. Its events are listened to through a ref:
// React 19 attaches `on…` props of a custom element only on a client render, not when it
// hydrates server-rendered markup (facebook/react#35446), so a handler given as
// `onlev-key-created` would never run in a server-rendered page.
import { useEffect, useRef, useState } from 'react';
import '@lev/api-keys-tab';

export default function ApiKeys() {
  const tab = useRef(null);
  const [created, setCreated] = useState([]);
  useEffect(() => {
    const element = tab.current;
    const onCreated = (event) => setCreated((labels) => [...labels, event.detail.label]);
    element.addEventListener('lev-key-created', onCreated);
    return () => element.removeEventListener('lev-key-created', onCreated);
  }, []);
  return (
    <section>
      <lev-api-keys ref={tab} origin-app="next-host" />
      <p id="created">{created.join(', ')}</p>
    </section>
  );
}
