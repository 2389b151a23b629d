/**
 * Build flags. Rollup swaps this module's constants for the script-tag bundles; the minifier then drops the code
 * behind a flag that is false.
 *
 * - `SCRIPT_TAG`: `true` in the script-tag bundles (`focal.min.js`, `focal.dev.js`), `false` everywhere else. Code
 *   behind `!SCRIPT_TAG` serves options that only ESM and React callers can pass (the script tag configures
 *   clients itself, from data attributes).
 * - `DEV`: `false` only in the production script tag `focal.min.js`, `true` everywhere else (ESM, React, tests and
 *   `focal.dev.js`). Behind `DEV`: the full zod validation of events and the long form of error messages (with
 *   examples and the value received). Without it the same inputs are refused, with a short message that still
 *   names the field and says to load `focal.dev.js` for the long one.
 */
export const SCRIPT_TAG: boolean = false;
export const DEV: boolean = true;
/** What short (production) messages end with: where the long form is. */
export const DEV_HINT = ' (focal.dev.js explains)';
