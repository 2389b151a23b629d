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
  injectStyles(el.ownerDocument);
  const io = observeImpressions(el, onSeen);
  return {
    el,
    draw(vnode: ComponentChild) {
      render(vnode, el);
      io.sync();
    },
    detach() {
      io.disconnect();
      render(null, el);
    },
  };
}
