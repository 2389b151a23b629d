/**
 * After minification: every `const` declaration becomes `let` (3 characters, not 5; ~80 B gzip on focal.min.js). The
 * same scoping, per-iteration bindings and temporal dead zone; only an assignment to the binding would differ, and
 * none of the bundled code assigns to a `const` (TypeScript refuses it in ours; in a library it would throw today).
 * Declarations then next to each other in a statement list are joined, as terser joins its own `let`s
 * (`let a=1;let b=2` → `let a=1,b=2`: the same bindings, initialised in the same order; ~35 B gzip).
 */
import type { Plugin } from 'rollup';

type Node = { type: string; start: number; end: number; kind?: string; [key: string]: unknown };

/**
 * The edits: `const` → `let` at each const declaration, and `;let `/`;const ` → `,` where a `let` or `const`
 * declaration directly follows another one in a statement list (the only lists declarations are next to each other in).
 */
function edits(code: string, node: unknown, found: Array<[number, number, string]>): Array<[number, number, string]> {
  if (Array.isArray(node)) for (const child of node) edits(code, child, found);
  else if (node && typeof node === 'object') {
    const n = node as Node;
    if (n.type === 'VariableDeclaration' && n.kind === 'const' && !n.joined) found.push([n.start, n.start + 5, 'let']);
    for (const key in n) {
      const list = n[key];
      if (Array.isArray(list)) {
        list.forEach((d: Node, i) => {
          const before = list[i - 1] as Node | undefined;
          if (d?.type === 'VariableDeclaration' && d.kind !== 'var' && before?.type === 'VariableDeclaration' && before.kind !== 'var'
            && code[before.end - 1] === ';' && !code.slice(before.end, d.start).trim()) {
            d.joined = true;
            found.push([before.end - 1, (d.declarations as Node[])[0].start, ',']);
          }
        });
      }
      if (key !== 'type' && list && typeof list === 'object') edits(code, list, found);
    }
  }
  return found;
}

export const letForConst = (): Plugin => ({
  name: 'focal-let-for-const',
  renderChunk(code) {
    let out = code;
    for (const [start, end, text] of edits(code, this.parse(code), []).sort((a, b) => b[0] - a[0])) {
      if (!/^(;\s*(const|let)\s*|const)$/.test(out.slice(start, end))) this.error(`no const or let declaration at ${start}`);
      out = `${out.slice(0, start)}${text}${out.slice(end)}`;
    }
    return { code: out, map: null };
  },
});
