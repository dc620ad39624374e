// Compiles App.svelte with Svelte's own compiler into App.compiled.js beside the given folder's
// main.js, as a build plugin would: `node compile.mjs <out dir>`.
import { readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from 'svelte/compiler';

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2];
const { js, warnings } = compile(readFileSync(join(here, 'App.svelte'), 'utf8'), {
  filename: 'App.svelte',
  generate: 'client',
});
for (const warning of warnings) console.error(`svelte: ${warning.code}: ${warning.message}`);
writeFileSync(join(out, 'App.compiled.js'), js.code);
copyFileSync(join(here, 'main.js'), join(out, 'main.js'));
