// Mounts the compiled Svelte page (`App.svelte`, compiled by `compile.mjs`).
import { mount } from 'svelte';
import App from './App.compiled.js';

mount(App, { target: document.getElementById('root') });
