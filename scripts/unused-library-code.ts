/**
 * For the script-tag bundles: leaves out parts of the bundled libraries that their modules install with top-level
 * statements, so rollup keeps them whether anything uses them or not, and that nothing in the script tag uses:
 * - idb: async iteration of cursors (`for await (… of store)`, `store.iterate()`); the SDK never opens a cursor.
 * - @preact/signals-core: `Computed`'s prototype (the SDK makes signals and effects, never a computed one).
 * - preact: `Component#setState` and `#forceUpdate` and with them the render queue; the widgets are function
 *   components without hooks or context, rendered again by `render()`, never by a component of their own.
 * Each is refused at build time when a bundled module imports what would need it (`computed`, `Component`,
 * `preact/hooks`…), and a library whose code no longer has the expected shape fails the build (an update to look at).
 */
import type { Plugin } from 'rollup';

type Node = { type: string; start: number; end: number; [key: string]: any };

/** The library's local name of an export (`export { j as Computed }` → `j`). */
function localName(program: Node, exported: string): string | undefined {
  for (const s of program.body) {
    if (s.type !== 'ExportNamedDeclaration') continue;
    for (const spec of s.specifiers) if ((spec.exported.name ?? spec.exported.value) === exported) return spec.local.name;
  }
}

/** Top-level expressions (statements, or members of a top-level comma sequence) for which `drop` says true. */
function topLevelExpressions(program: Node, drop: (e: Node) => boolean): Node[] {
  const found: Node[] = [];
  for (const s of program.body) {
    if (s.type !== 'ExpressionStatement') continue;
    const list = s.expression.type === 'SequenceExpression' ? s.expression.expressions : [s.expression];
    for (const e of list) if (drop(e)) found.push(e);
  }
  return found;
}

/** Whether `node` contains `<name>.prototype`. */
function mentionsPrototypeOf(node: Node, name: string): boolean {
  if (!node || typeof node !== 'object') return false;
  if (node.type === 'MemberExpression' && node.object?.type === 'Identifier' && node.object.name === name && node.property?.name === 'prototype') return true;
  return Object.values(node).some((v) => (Array.isArray(v) ? v.some((c) => mentionsPrototypeOf(c, name)) : v && typeof v === 'object' && typeof v.type === 'string' && mentionsPrototypeOf(v, name)));
}

/** `<name>.prototype.<method> = …` */
const assignsMethod = (e: Node, name: string, method: string) =>
  e.type === 'AssignmentExpression' && e.left.type === 'MemberExpression' && e.left.property?.name === method
  && e.left.object.type === 'MemberExpression' && e.left.object.property?.name === 'prototype'
  && e.left.object.object.type === 'Identifier' && e.left.object.object.name === name;

interface Cut {
  /** The library module (its path under node_modules). */
  module: RegExp;
  /** What to leave out of it: the top-level expressions to replace by `0`, and how many there must be. */
  find(program: Node): { nodes: Node[]; expected: number } | undefined;
  /** The library's imports that would need what is left out (by module name). */
  forbidden: Record<string, string[] | '*'>;
}

const cuts: Cut[] = [
  {
    module: /[\\/]node_modules[\\/]idb[\\/]build[\\/]index\.js$/,
    // the iterator's own declarations are unused once its trap is gone: rollup drops them
    find: (program) => ({ nodes: topLevelExpressions(program, (e) => e.type === 'CallExpression' && e.callee.name === 'replaceTraps' && /isIteratorProp/.test(JSON.stringify(e))), expected: 1 }),
    forbidden: {},
  },
  {
    module: /[\\/]node_modules[\\/]@preact[\\/]signals-core[\\/]dist[\\/]signals-core\.module\.js$/,
    find: (program) => {
      const computed = localName(program, 'Computed');
      return computed ? { nodes: topLevelExpressions(program, (e) => mentionsPrototypeOf(e, computed)), expected: 6 } : undefined;
    },
    forbidden: { '@preact/signals-core': ['computed', 'Computed', 'createModel', 'action'], '@preact/signals': '*' },
  },
  {
    module: /[\\/]node_modules[\\/]preact[\\/]dist[\\/]preact\.module\.js$/,
    find: (program) => {
      const component = localName(program, 'Component');
      return component ? { nodes: topLevelExpressions(program, (e) => assignsMethod(e, component, 'setState') || assignsMethod(e, component, 'forceUpdate')), expected: 2 } : undefined;
    },
    forbidden: { preact: ['Component', 'createContext'], 'preact/hooks': '*', 'preact/compat': '*', '@preact/signals': '*' },
  },
];

export const unusedLibraryCode = (): Plugin => ({
  name: 'focal-unused-library-code',
  transform(code, id) {
    const cut = cuts.find((c) => c.module.test(id));
    if (!cut) return null;
    const found = cut.find(this.parse(code) as unknown as Node);
    if (!found || found.nodes.length !== found.expected) {
      this.error(`${id} no longer has the code scripts/unused-library-code.ts leaves out (found ${found?.nodes.length ?? 'no export'}): update it`);
    }
    let out = code;
    for (const node of [...found.nodes].sort((a, b) => b.start - a.start)) out = `${out.slice(0, node.start)}0${out.slice(node.end)}`;
    return { code: out, map: null };
  },
  moduleParsed(info) {
    if (info.id.includes('node_modules') || !info.ast) return;
    for (const s of (info.ast as unknown as Node).body) {
      if (s.type !== 'ImportDeclaration' && s.type !== 'ExportNamedDeclaration' && s.type !== 'ExportAllDeclaration') continue;
      const from = s.source?.value as string | undefined;
      const forbidden = from ? cuts.flatMap((c) => c.forbidden[from] ?? []) : [];
      if (!forbidden.length) continue;
      const names: string[] = s.type === 'ExportAllDeclaration' ? ['*'] : (s.specifiers ?? []).map((spec: Node) => (spec.type === 'ImportNamespaceSpecifier' ? '*' : spec.imported?.name ?? spec.local?.name ?? '*'));
      const bad = names.filter((n) => forbidden.some((f) => f === '*' || f === n || n === '*'));
      if (s.type === 'ImportDeclaration' && !s.specifiers.length && forbidden.includes('*')) bad.push('(side effects)');
      if (bad.length) this.error(`${info.id} imports ${bad.join(', ')} from ${from}, which the script tag's build leaves out (scripts/unused-library-code.ts)`);
    }
  },
});
