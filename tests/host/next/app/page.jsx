// A server component: rendered by Next.js on the server (at build time, then served by
// `next start`), with the tab in a client component below it.
import ApiKeys from './api-keys';

export default function SettingsPage() {
  return (
    <main>
      <h1>Settings</h1>
      <ApiKeys />
    </main>
  );
}
