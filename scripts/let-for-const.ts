/**
 * After minification: every `const` declaration becomes `let` (3 characters, not 5; ~80 B gzip on focal.min.js). The
 * same scoping, per-iteration bindings and temporal dead zone; only an assignment to the binding would differ, and
 * none of the bundled code assigns to a `const` (TypeScript refuses it in ours; in a library it would throw today).
 */
import type { Plugin } from 'rollup';

type Node = { type: string; start: number; end: number; kind?: string; [key: string]: unknown };

function constStarts(node: unknown, found: number[]): number[] {
  if (Array.isArray(node)) for (const child of node) constStarts(child, found);
  else if (node && typeof node === 'object') {
    const n = node as Node;
    if (n.type === 'VariableDeclaration' && n.kind === 'const') found.push(n.start);
    for (const key in n) if (key !== 'type' && n[key] && typeof n[key] === 'object') constStarts(n[key], found);
  }
  return found;
}

export const letForConst = (): Plugin => ({
  name: 'focal-let-for-const',
  renderChunk(code) {
    let out = code;
    for (const at of constStarts(this.parse(code), []).sort((a, b) => b - a)) {
      if (out.slice(at, at + 5) !== 'const') this.error(`no const declaration at ${at}`);
      out = `${out.slice(0, at)}let${out.slice(at + 5)}`;
    }
    return { code: out, map: null };
  },
});
