// @vitest-environment happy-dom
/**
 * The script tag's build leaves unused parts of preact, @preact/signals-core and idb out
 * (scripts/unused-library-code.ts): what is left still renders and reacts, and a module that would need a part left
 * out fails the build instead of breaking on a page.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rollup, type Plugin } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { describe, expect, it } from 'vitest';
import { unusedLibraryCode } from '../../scripts/unused-library-code.js';

const dir = mkdtempSync(join(tmpdir(), 'focal-unused-'));

async function bundle(source: string, plugins: Plugin[] = [unusedLibraryCode()]): Promise<string> {
  const entry = join(dir, `entry-${Math.abs([...source].reduce((h, c) => Math.imul(h, 31) + c.charCodeAt(0) | 0, 0))}.js`);
  writeFileSync(entry, source);
  const build = await rollup({
    input: entry,
    plugins: [...plugins, nodeResolve({ browser: true, rootDir: process.cwd(), modulePaths: [join(process.cwd(), 'node_modules')] })],
    onwarn: () => undefined,
  });
  const { output } = await build.generate({ format: 'iife', name: 'out' });
  return output[0].code;
}

const WIDGETLIKE = `
import { h, render } from 'preact';
import { signal, batch } from '@preact/signals-core';
import { openDB } from 'idb';
export { openDB };
export function run(el) {
  const count = signal(0);
  const Item = ({ n }) => h('li', { class: 'item' }, 'item ' + n);
  const List = ({ n }) => h('ul', null, Array.from({ length: n }, (_, i) => h(Item, { key: i, n: i })));
  const seen = [];
  const stop = count.subscribe((n) => { seen.push(n); render(h(List, { n }), el); });
  batch(() => { count.value = 1; count.value = 2; });
  count.value = 3;
  stop();
  count.value = 4;
  return seen;
}`;

describe('the script tag leaves unused library code out', () => {
  it('drops setState, forceUpdate, the options hooks, Computed and cursor iteration, and what is left renders and reacts', async () => {
    const whole = await bundle(WIDGETLIKE, []);
    const cut = await bundle(WIDGETLIKE);
    for (const gone of ['.prototype.setState=', '.prototype.forceUpdate=', 'Symbol.asyncIterator', '.vnode', '.diffed', '.unmount', '.event']) {
      expect(whole).toContain(gone);
      expect(cut).not.toContain(gone);
    }
    // Computed's prototype: its "Cycle detected" value getter (Signal's setter and Effect keep theirs)
    const cycles = (code: string) => code.split('Cycle detected').length - 1;
    expect(cycles(cut)).toBe(cycles(whole) - 1);
    expect(cut.length).toBeLessThan(whole.length - 2000);

    const run = new Function(`${cut}; return out;`)() as { run(el: Element): number[] };
    const el = document.createElement('div');
    expect(run.run(el)).toEqual([0, 2, 3]); // one notification for the batch, none after unsubscribing
    expect([...el.querySelectorAll('li.item')].map((li) => li.textContent)).toEqual(['item 0', 'item 1', 'item 2']);
  });

  it.each([
    ["import { computed } from '@preact/signals-core'; export const c = computed(() => 1);", 'computed'],
    ["import { Component } from 'preact'; export class C extends Component {}", 'Component'],
    ["import { createContext } from 'preact'; export const c = createContext(1);", 'createContext'],
    ["import { useState } from 'preact/hooks'; export const u = useState;", 'useState'],
    ["import { options } from 'preact'; options.vnode = (v) => v;", 'options'],
    ["import { jsx } from 'preact/jsx-runtime'; export const j = jsx;", 'jsx'],
    ["import 'preact/debug';", '\\(side effects\\)'],
  ])('fails the build of a module that needs what is left out: %s', async (source, name) => {
    await expect(bundle(source)).rejects.toThrow(new RegExp(`imports ${name} from .*scripts/unused-library-code\\.ts`));
  });

  it('fails the build when a bundled library sets preact\'s options (its hooks are left out)', async () => {
    mkdirSync(join(dir, 'node_modules', 'preact-plugin'), { recursive: true });
    writeFileSync(join(dir, 'node_modules', 'preact-plugin', 'index.js'), "import { options } from 'preact'; options.vnode = (v) => { v.props.seen = true; };");
    await expect(bundle("import './node_modules/preact-plugin/index.js'; export { h } from 'preact';"))
      .rejects.toThrow(/preact-plugin[\\/]index\.js imports options from preact, which the script tag's build leaves out/);
  });
});
