/** focal.min.js declares with `let` where its code said `const` (scripts/let-for-const.ts), and runs the same. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rollup } from 'rollup';
import { describe, expect, it } from 'vitest';
import { letForConst } from '../../scripts/let-for-const.js';

const SOURCE = `
const label = 'const kept in a string';
export function run() {
  const later = [];
  for (const n of [1, 2, 3]) later.push(() => n);
  for (let i = 0; i < 2; i++) { const twice = i * 2; later.push(() => twice); }
  try { tdz; } catch (e) { later.push(() => e.name); }
  const tdz = 1;
  return [label, ...later.map((f) => f())];
}`;

describe('let for const', () => {
  it('declares with let, keeps strings, and closures still see one binding per iteration', async () => {
    const entry = join(mkdtempSync(join(tmpdir(), 'focal-let-')), 'entry.js');
    writeFileSync(entry, SOURCE);
    const build = await rollup({ input: entry, plugins: [letForConst()] });
    const { output } = await build.generate({ format: 'iife', name: 'out' });
    const code = output[0].code;
    expect(code.split('const').length - 1).toBe(1); // the string's
    expect(code).toContain("'const kept in a string'");
    const out = new Function(`${code}; return out;`)() as { run(): unknown[] };
    expect(out.run()).toEqual(['const kept in a string', 1, 2, 3, 0, 2, 'ReferenceError']);
  });

  it('joins declarations that follow each other into one, initialised in the same order', async () => {
    const entry = join(mkdtempSync(join(tmpdir(), 'focal-let-')), 'entry.js');
    writeFileSync(entry, `
export function run(log) {
  const a = log('a');
  let b = log('b'), c = a + b;
  const d = () => e;
  let e = log('e');
  const [p] = [a];
  const { length } = p;
  var f = log('f');
  const g = [a, b, c, d(), e, f, p, length];
  switch (g.length) { case 8: const h = 'h'; let i = h + 'i'; g.push(i); }
  try { k; } catch (error) { g.push(error.name); }
  const k = 1;
  return g;
}`);
    const build = await rollup({ input: entry, plugins: [letForConst()] });
    const { output } = await build.generate({ format: 'iife', name: 'out' });
    const code = output[0].code;
    expect(code).not.toContain('const');
    expect(code.split(/\blet\b/).length - 1).toBe(4); // a…length; g; h, i; k — var f stays apart
    const seen: string[] = [];
    const out = new Function(`${code}; return out;`)() as { run(log: (s: string) => string): unknown[] };
    expect(out.run((s) => (seen.push(s), s))).toEqual(['a', 'b', 'ab', 'e', 'e', 'f', 'a', 1, 'hi', 'ReferenceError']);
    expect(seen).toEqual(['a', 'b', 'e', 'f']);
  });
});
