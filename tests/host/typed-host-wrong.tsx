// What the declarations must refuse (the test expects exactly these errors from `tsc`).
import '@lev/api-keys-tab';

export function Wrong() {
  // A theme the element does not have.
  return <lev-api-keys theme="sepia" />;
}

const element = document.createElement('lev-api-keys');
// Message ids are the catalog's.
element.messages = { create_kye: 'Typo' };
// Events never carry the secret.
element.addEventListener('lev-key-created', (event) => console.log(event.detail.api_key));
