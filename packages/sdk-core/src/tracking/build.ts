/**
 * `true` in the script-tag bundle (`focal.min.js`; rollup swaps this module for one that says so), `false`
 * everywhere else. Code behind `!SCRIPT_TAG` serves options that only ESM and React callers can pass (the script
 * tag configures clients itself, from data attributes), so the minifier drops it from the script tag.
 */
export const SCRIPT_TAG: boolean = false;
