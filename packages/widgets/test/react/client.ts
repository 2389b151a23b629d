// Browser entry of the React test storefront: hydrates what the server rendered and records any mismatch.
import { createElement as h } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { App, type AppProps } from './app.js';

const w = window as unknown as { __PROPS__: AppProps; __errors: string[]; __hydrated: boolean };
w.__errors = [];
const log = console.error;
console.error = (...args: unknown[]) => { w.__errors.push(args.map(String).join(' ')); log(...args); };
hydrateRoot(document.getElementById('root')!, h(App, w.__PROPS__), {
  onRecoverableError: (error) => { w.__errors.push(`recoverable: ${String(error)}`); },
});
w.__hydrated = true;
