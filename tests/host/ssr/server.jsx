// Renders the settings page in Node, as a host's server does, and prints its HTML.
import { renderToString } from 'react-dom/server';
import { Settings } from './settings.jsx';

process.stdout.write(renderToString(<Settings initialSection="API Keys" />));
