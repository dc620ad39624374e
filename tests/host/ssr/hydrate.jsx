// Hydrates the server-rendered settings page; every error React recovers from (a hydration
// mismatch among them) is kept for the tests.
import { hydrateRoot } from 'react-dom/client';
import { Settings } from './settings.jsx';

window.__host = { recoverable: [] };
hydrateRoot(document.getElementById('root'), <Settings initialSection="API Keys" />, {
  onRecoverableError: (error) => window.__host.recoverable.push(String(error?.message ?? error)),
});
