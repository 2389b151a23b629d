import { render, type ComponentChild } from 'preact';
import { injectStyles } from '../styles.js';
import { resolveContainer } from './clients.js';
import { observeImpressions } from './impressions.js';

/**
 * What every mount does around its connector: checks the container, injects the stylesheet once, watches the
 * rendered slides for impressions (`onSeen`), renders, and undoes it all on `detach`.
 */
export function attach(container: Element | string, onSeen: (slide: HTMLElement) => void) {
  const el = resolveContainer(container);
  // in a shadow root (a web component's), the stylesheet and the focus live there
  const root = () => el.getRootNode() as Document | ShadowRoot;
  injectStyles((root() as ShadowRoot).host ? root() : el.ownerDocument);
  const io = observeImpressions(el, onSeen);
  return {
    el,
    draw(vnode: ComponentChild) {
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
    detach() {
      io.disconnect();
      render(null, el);
    },
  };
}
