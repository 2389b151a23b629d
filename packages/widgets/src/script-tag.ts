/**
 * The script-tag entry (`focal.min.js`): exposes `window.focal`.
 * Tracking (issue 4) and auto-mounted widgets (issue 7) are wired in here.
 */
declare global {
  interface Window { focal?: unknown }
}
const focal = { version: '0.1.0' };
if (typeof window !== 'undefined') window.focal = focal;
export {};
