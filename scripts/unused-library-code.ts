/**
 * For the script-tag bundles: leaves out parts of the bundled libraries that their modules install with top-level
 * statements, so rollup keeps them whether anything uses them or not, and that nothing in the script tag uses:
 * - idb: async iteration of cursors (`for await (… of store)`, `store.iterate()`); the SDK never opens a cursor.
 * - @preact/signals-core: `Computed`'s prototype (the SDK makes signals and effects, never a computed one).
 * - preact: `Component#setState` and `#forceUpdate` and with them the render queue; the widgets are function
 *   components without hooks or context, rendered again by `render()`, never by a component of their own.
 * - preact: the calls of its `options` hooks (`options.vnode`, `options.diffed`, `options.unmount`…), which only
 *   preact/hooks, preact/debug, preact/devtools, preact/jsx-runtime, @preact/signals or preact-render-to-string would
 *   set; the bundle's `options` is its own (a page's other copy of preact has its own), so nothing else can. Each
 *   read is replaced by `undefined` and terser drops the calls. The one option preact sets itself (`__e`, its error
 *   handler) is kept.
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

/**
 * Whether `node` opens a scope in which `name` is declared: a function by its parameters, its own name, or a `var` or
 * function declaration in its body (not in a nested function); a block, a `for` or a `catch` by `let`, `const`, `class`,
 * a function declaration or the caught error.
 */
function declares(node: Node, name: string): boolean {
  const binds = (pattern: Node | null): boolean => !!pattern && (pattern.type === 'Identifier' ? pattern.name === name
    : pattern.type === 'AssignmentPattern' ? binds(pattern.left)
      : pattern.type === 'RestElement' ? binds(pattern.argument)
        : pattern.type === 'ArrayPattern' ? pattern.elements.some(binds)
          : pattern.type === 'ObjectPattern' && pattern.properties.some((p: Node) => binds(p.type === 'RestElement' ? p : p.value)));
  const declared = (d: Node | null, kinds: (kind: string) => boolean): boolean => !!d && (d.type === 'VariableDeclaration' ? kinds(d.kind) && d.declarations.some((v: Node) => binds(v.id))
    : (d.type === 'FunctionDeclaration' || d.type === 'ClassDeclaration') && d.id?.name === name);
  const hoisted = (n: Node): boolean => {
    if (!n || typeof n !== 'object') return false;
    if (Array.isArray(n)) return n.some(hoisted);
    if (n.type === 'VariableDeclaration' ? declared(n, (kind) => kind === 'var') : n.type === 'FunctionDeclaration' && declared(n, () => true)) return true;
    if (/Function|Class/.test(n.type)) return false;
    return Object.keys(n).some((k) => k !== 'type' && hoisted(n[k]));
  };
  if (/Function/.test(node.type)) return node.params.some(binds) || node.id?.name === name || hoisted(node.body);
  if (node.type === 'CatchClause') return binds(node.param);
  if (node.type === 'BlockStatement' || node.type === 'StaticBlock') return node.body.some((st: Node) => declared(st, (kind) => kind !== 'var'));
  if (node.type === 'SwitchStatement') return node.cases.some((c: Node) => c.consequent.some((st: Node) => declared(st, (kind) => kind !== 'var')));
  if (/^For/.test(node.type)) return declared(node.type === 'ForStatement' ? node.init : node.left, (kind) => kind !== 'var');
  return false;
}

/** `<name>.<property>` read anywhere `name` is the module's own top-level binding (not one a function or block shadows). */
function topLevelReads(program: Node, name: string, read: (property: string) => boolean): Node[] {
  const found: Node[] = [];
  const walk = (n: Node, parent?: Node, key?: string) => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) { for (const c of n) walk(c, parent, key); return; }
    if (n !== program && declares(n, name)) return;
    if (n.type === 'MemberExpression' && !n.computed && n.object.type === 'Identifier' && n.object.name === name && read(n.property.name)) {
      if (parent?.type === 'AssignmentExpression' && key === 'left' || parent?.type === 'UpdateExpression' || parent?.type === 'UnaryExpression' && parent.operator === 'delete') {
        throw new Error(`${name}.${n.property.name} is written`);
      }
      found.push(n);
    }
    for (const k of Object.keys(n)) if (k !== 'type') walk(n[k], n, k);
  };
  walk(program);
  return found;
}

/** The keys of the object literal a top-level `name = {…}` or `var name = {…}` sets (preact's options: `{ __e }`). */
function initialKeys(program: Node, name: string): string[] {
  const keys: string[] = [];
  const walk = (n: Node) => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) { n.forEach(walk); return; }
    if (/Function/.test(n.type)) return;
    const value = n.type === 'AssignmentExpression' && n.left.type === 'Identifier' && n.left.name === name ? n.right
      : n.type === 'VariableDeclarator' && n.id.name === name ? n.init : undefined;
    if (value?.type === 'ObjectExpression') keys.push(...value.properties.map((p: Node) => p.key.name ?? p.key.value));
    for (const k of Object.keys(n)) if (k !== 'type') walk(n[k]);
  };
  walk(program);
  return keys;
}

interface Cut {
  /** The library module (its path under node_modules). */
  module: RegExp;
  /** What to leave out of it: the nodes to replace by `by` (default `0`), and how many there must be. */
  find(program: Node): { nodes: Node[]; expected: number; by?: string } | undefined;
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
  {
    module: /[\\/]node_modules[\\/]preact[\\/]dist[\\/]preact\.module\.js$/,
    find: (program) => {
      const options = localName(program, 'options');
      if (!options) return undefined;
      const own = initialKeys(program, options);
      return own.join() === '__e' ? { nodes: topLevelReads(program, options, (hook) => !own.includes(hook)), expected: 19, by: 'void 0' } : undefined;
    },
    forbidden: { preact: ['options'], 'preact/debug': '*', 'preact/devtools': '*', 'preact/jsx-runtime': '*', 'preact-render-to-string': '*' },
  },
];

export function unusedLibraryCode(): Plugin {
  /** A library's imports of what is left out: reported at the end of the build, after those of the bundle's own modules. */
  const libraries: string[] = [];
  return {
    name: 'focal-unused-library-code',
    buildStart() {
      libraries.length = 0;
    },
    buildEnd(error) {
      if (!error && libraries.length) this.error(libraries[0]);
    },
    transform(code, id) {
      let out = code;
      for (const cut of cuts.filter((c) => c.module.test(id))) {
        const found = cut.find(this.parse(out) as unknown as Node);
        if (!found || found.nodes.length !== found.expected) {
          this.error(`${id} no longer has the code scripts/unused-library-code.ts leaves out (found ${found?.nodes.length ?? 'no export'}): update it`);
        }
        for (const node of [...found.nodes].sort((a, b) => b.start - a.start)) out = `${out.slice(0, node.start)}${found.by ?? '0'}${out.slice(node.end)}`;
      }
      return out === code ? null : { code: out, map: null };
    },
    // every bundled module, libraries too (one that sets preact's options would need the hooks left out)
    moduleParsed(info) {
      if (!info.ast) return;
      for (const s of (info.ast as unknown as Node).body) {
        if (s.type !== 'ImportDeclaration' && s.type !== 'ExportNamedDeclaration' && s.type !== 'ExportAllDeclaration') continue;
        const from = s.source?.value as string | undefined;
        const forbidden = from ? cuts.flatMap((c) => c.forbidden[from] ?? []) : [];
        if (!forbidden.length) continue;
        const names: string[] = s.type === 'ExportAllDeclaration' ? ['*'] : (s.specifiers ?? []).map((spec: Node) => (spec.type === 'ImportNamespaceSpecifier' ? '*' : spec.imported?.name ?? spec.local?.name ?? '*'));
        const bad = names.filter((n) => forbidden.some((f) => f === '*' || f === n || n === '*'));
        if (s.type === 'ImportDeclaration' && !s.specifiers.length && forbidden.includes('*')) bad.push('(side effects)');
        const problem = bad.length ? `${info.id} imports ${bad.join(', ')} from ${from}, which the script tag's build leaves out (scripts/unused-library-code.ts)` : '';
        if (problem && info.id.includes('node_modules')) libraries.push(problem);
        else if (problem) this.error(problem);
      }
    },
  };
}
