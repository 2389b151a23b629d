/**
 * The part of Preact the script-tag bundle uses, in a few lines: rollup aliases `preact` and `preact/jsx-runtime`
 * to this file for `focal.min.js` only (saves ~3.5 kB gzip). ESM builds and React keep the real Preact.
 *
 * It renders what Focal's components are: stateless function components (no hooks, no classes), Fragments,
 * HTML elements with Preact's props rules (a DOM property when the element has one, else an attribute; `on*`
 * handlers through one listener per event; `style` objects of camel-cased properties with string values; `ref`
 * callbacks, called after the DOM is updated; `checked`/`value` kept in sync with the DOM). Updates patch the
 * previous DOM in place, reusing each old node of the same tag and key, so focus and scroll positions survive
 * re-renders. Objects that are not vnodes render nothing, as in Preact. Not supported, and not used by the
 * components: hooks, class components, SVG, `dangerouslySetInnerHTML`, `style` strings, numbers or custom
 * properties, `ref` objects. Unlike Preact, the first render replaces whatever the element held (placement
 * elements are empty). A unit test renders every component state with both and compares the DOM.
 */
type Props = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Component = (props: any) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any
interface VNode { type: string | Component; props: Props; constructor: undefined }
type El = HTMLElement & { _p?: Props; _k?: unknown; _l?: Record<string, (e: Event) => unknown> };

export type { VNode, Component as ComponentType, Component as FunctionComponent };
export type ComponentChildren = unknown;

/** Properties set as attributes even where the element has a DOM property of that name (as Preact does). */
const ATTRIBUTES = /^(width|height|href|list|form|tabIndex|download|rowSpan|colSpan|role|popover)$/;

export const Fragment = (props: Props): unknown => props.children;

/** A vnode, as `preact/jsx-runtime` makes them (the key is kept in `props.key`). */
export function jsx(type: string | Component, props: Props, key?: unknown): VNode {
  return { type, props: key === undefined ? props : { ...props, key }, constructor: undefined };
}
export { jsx as jsxs, jsx as jsxDEV };

/** `h(type, props, ...children)`, as Preact's. */
export function h(type: string | Component, props?: Props | null, ...children: unknown[]): VNode {
  props = { ...props };
  if (children.length) props.children = children.length > 1 ? children : children[0];
  return jsx(type, props);
}

/** Children as a flat list of element vnodes and strings; components are called, Fragments and arrays flattened. */
function flat(value: unknown, out: Array<VNode | string>): Array<VNode | string> {
  if (Array.isArray(value)) value.forEach((v) => flat(v, out));
  else if (typeof value === 'object' && value) {
    const v = value as VNode;
    if (v.constructor === undefined) typeof v.type === 'function' ? flat(v.type(v.props), out) : out.push(v);
  } else if (value != null && typeof value !== 'boolean') out.push(String(value));
  return out;
}

function proxy(this: El, e: Event) {
  return this._l![e.type](e);
}

/** Sets one prop on an element the way Preact's `setProperty` does (HTML namespace). */
function setProp(el: El, name: string, value: unknown, old: unknown) {
  if (name === 'style') {
    const style = el.style as unknown as Props;
    for (const k in old as Props) if (!(value && k in (value as Props))) style[k] = '';
    for (const k in value as Props) style[k] = (value as Props)[k] ?? '';
  } else if (name[0] === 'o' && name[1] === 'n') {
    const type = name.slice(2).toLowerCase();
    (el._l ??= {})[type] = value as (e: Event) => unknown;
    if (!value) el.removeEventListener(type, proxy);
    else if (!old) el.addEventListener(type, proxy);
  } else {
    if (!ATTRIBUTES.test(name) && name in el) {
      try {
        (el as unknown as Props)[name] = value == null ? '' : value;
        return;
      } catch { /* read-only: set the attribute */ }
    }
    if (typeof value === 'function') return;
    if (value != null && (value !== false || name[4] === '-')) el.setAttribute(name, value as string);
    else el.removeAttribute(name);
  }
}

const SKIP = new Set(['children', 'key', 'ref']);

/** Patches an element's props from its previous ones (kept on the element), as Preact's `diffProps` does. */
function diffProps(el: El, props: Props) {
  const old = el._p ?? {};
  for (const k in old) if (!SKIP.has(k) && !(k in props)) setProp(el, k, null, old[k]);
  for (const k in props) {
    if (!SKIP.has(k) && (k === 'checked' || k === 'value' ? props[k] !== (el as unknown as Props)[k] : props[k] !== old[k])) setProp(el, k, props[k], old[k]);
  }
  el._p = props;
}

/**
 * Patches `parent`'s children to `list`. Each child takes the first unused old node of its kind (text, or same
 * tag and key) from where the previous one was found; old nodes left over are removed before anything is placed,
 * so kept nodes never move in the common case (a loading line disappearing, items changing).
 */
function diffChildren(parent: Node, list: Array<VNode | string>, refs: Array<() => void>) {
  const old: Array<El | Text | null> = Array.from(parent.childNodes) as Array<El | Text>;
  let at = 0;
  const found = list.map((v) => {
    for (let n = 0; n < old.length; n++) {
      const i = (at + n) % old.length;
      const o = old[i];
      if (o && (typeof v === 'string' ? o.nodeType === 3 : (o as El).localName === v.type && (o as El)._k === v.props.key)) {
        old[i] = null;
        at = i + 1;
        return o;
      }
    }
    return null;
  });
  for (const o of old) if (o) parent.removeChild(o);
  const doc = parent.ownerDocument ?? (parent as Document);
  let place = parent.firstChild;
  list.forEach((v, i) => {
    const text = typeof v === 'string';
    const node = found[i] ?? (text ? doc.createTextNode('') : doc.createElement(v.type as string));
    if (node === place) place = node.nextSibling;
    else parent.insertBefore(node, place);
    if (text) {
      if ((node as Text).data !== v) (node as Text).data = v;
      return;
    }
    const el = node as El;
    const { props } = v;
    el._k = props.key;
    diffProps(el, props);
    diffChildren(el, flat(props.children, []), refs);
    const ref = props.ref;
    if (ref) refs.push(() => ref(el));
  });
}

/** Renders `vnode` into `parent` (replacing what was there before the first render); `null` empties it. */
export function render(vnode: unknown, parent: Element & { _r?: boolean }): void {
  if (!parent._r) {
    parent.textContent = '';
    parent._r = true;
  }
  const refs: Array<() => void> = [];
  diffChildren(parent, flat(vnode, []), refs);
  refs.forEach((call) => call());
}
