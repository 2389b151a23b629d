import { render, type ComponentChild } from 'preact';
import { injectStyles } from '../styles.js';
import { resolveContainer } from './clients.js';
import { observeImpressions } from './impressions.js';

/** The unmount of the widget on each element. */
const widgets = new WeakMap<Element, () => void>();

/**
 * What every mount does around its connector: checks the container, unmounts the widget already there (mounting
 * again, e.g. an SPA's next product without `unmount()`, replaces it: it never draws over the new one) when the new
 * one first draws, so options the mount refuses before (a limit of 0, a bad slot) leave it in place, injects the
 * stylesheet once, watches the rendered slides for impressions (`onSeen`), renders, and undoes it all on `detach`.
 */
export function attach(container: Element | string, onSeen: (slide: HTMLElement) => void) {
  const el = resolveContainer(container);
  let own: (() => void) | undefined;
  // in a shadow root (a web component's), the stylesheet and the focus live there
  const root = () => el.getRootNode() as Document | ShadowRoot;
  injectStyles((root() as ShadowRoot).host ? root() : el.ownerDocument);
  const io = observeImpressions(el, onSeen);
  return {
    el,
    draw(vnode: ComponentChild) {
      // (its first draw, before it owns the element: the one there goes now)
      if (!own) widgets.get(el)?.();
      // A render that replaces the focused node (retry → loading → ready or error again) keeps focus in the
      // widget: on its first enabled control, else on the region, never dropped to the page's body.
      const focused = el.contains(root().activeElement);
      render(vnode, el);
      if (focused && !el.contains(root().activeElement)) {
        const target = el.querySelector<HTMLElement>('button:not([disabled]),a[href]') ?? el.querySelector<HTMLElement>('section');
        if (target?.localName === 'section') target.tabIndex = -1;
        target?.focus({ preventScroll: true });
      }
      io.sync();
    },
    /** A new answer is shown: the slides in view count again (see `observeImpressions`). */
    restart: io.restart,
    /** The widget's unmount, called when another widget is mounted on the element. */
    own(unmount: () => void) {
      widgets.set(el, own = unmount);
    },
    detach() {
      io.disconnect();
      // (a widget unmounted twice leaves the one mounted there since alone)
      if (widgets.get(el) !== own) return;
      widgets.delete(el);
      render(null, el);
    },
  };
}
