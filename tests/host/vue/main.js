// A Vue 3 settings page (render functions: no runtime template compiler, which would need
// 'unsafe-eval'): the account bound as a property, the element's events heard with `on…`
// listeners, and the API Keys section shown with a condition (v-if), so it unmounts and
// remounts. The end-to-end tests drive it through `window.__host`.
import { createApp, h, ref } from 'vue';
import '/embed/lev-api-keys.js';

const host = (window.__host = { events: [] });
const record = (event) => host.events.push({ type: event.type, detail: event.detail });

createApp({
  setup() {
    const shown = ref(true);
    const account = ref(null);
    host.toggle = () => (shown.value = !shown.value);
    host.setAccount = (slug) => (account.value = slug);
    return () =>
      h('main', { class: 'settings-host' }, [
        h('h1', 'Settings'),
        h('section', { class: 'section' }, [
          shown.value
            ? h('div', { class: 'keys-area' }, [
                h('lev-api-keys', {
                  'origin-app': 'vue-host',
                  account: account.value ?? undefined,
                  onLevKeyCreated: record,
                  onLevKeyRevoked: record,
                }),
              ])
            : h('p', 'Your plan and invoices.'),
        ]),
      ]);
  },
}).mount('#root');
