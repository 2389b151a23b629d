import type { ObservedEvent, RecommendClientOptions } from '@focal/sdk-core';
import { mountBundle, type BundleWidgetOptions } from './widgets/mount-bundle.js';
import { mountCarousel, mountGrid, type MountedWidget } from './widgets/mount.js';
import { mountPromo } from './widgets/mount-promo.js';
import { readAttribution, type Attribution } from './templates/attribution.js';
import { resolveContainer } from './widgets/clients.js';
import { DEV, SCRIPT_TAG } from '../../sdk-core/src/tracking/build.js';

/** The script tag's `window.focal` as far as widgets need it: tracking, identity and its event hook (issue 4). */
export interface FocalLike {
  track?(type: string, properties: Record<string, unknown>): unknown;
  onEvent?(listener: (event: ObservedEvent) => void): unknown;
  anonymousId?: string | (() => string | undefined);
  /** The signed-in shopper's token (`focal.identify(userId, { token })`), sent with recommendation and content requests. */
  userToken?: string;
  /** The shopper's consent (`focal.consent()`): a refused personalisation keeps the server's order. */
  consentState?: { personalization?: boolean } | null;
  /** `focal.mount(el, options)`: options as for `mountCarousel`, plus `layout` (as `data-focal-layout`; default `carousel`) and a promo's `slot`. */
  mount?: (el: Element | string, options?: Partial<BundleWidgetOptions> & { layout?: 'carousel' | 'grid' | 'bundle'; slot?: string }) => { unmount(): void } | undefined;
  /** The recommendation this page was reached from (`focal_rid/focal_pl/focal_pos` in its URL), for its `product_view`. */
  attribution?: Attribution;
}

export interface AutoMountConfig extends Partial<RecommendClientOptions> {
  /** Where to look for `[data-focal-placement]` / `[data-focal-slot]` elements. @default document */
  root?: ParentNode;
}

const SELECTOR = '[data-focal-placement],[data-focal-slot]';
/** `data-focal-*` attributes (as `dataset` names them after `focal`) read as text, then (from `Limit` on) as whole numbers. */
const NAMES = 'Placement Slot Layout Title PromoSlot Locale Limit Height Slots Picks ImageWidth ImageHeight'.split(' ');

/** Every `data-focal-*` attribute an element may carry (as `dataset` names them after `focal`). */
const KNOWN = [...NAMES, 'Items', 'Reason', 'Anchor', 'Priority'];
/** The layouts a placement element or `focal.mount` may ask for. */
const LAYOUTS = /^(carousel|grid|bundle)$/;
/**
 * Equal options: the same keys, each the same value, or an array or object with the same entries (`items: [sku]`
 * written inline on every call). Functions count by identity: a new callback mounts anew, never a stale one kept.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const same = (a: any, b: any, depth = 2, keys?: string[]): unknown => a === b || (depth-- > 0 && a && b && typeof a == 'object' && typeof b == 'object'
  && (keys = Object.keys(a)) + '' == Object.keys(b) + '' && keys.every((k) => same(a[k], b[k], depth)));
/** `Limit` → `data-focal-limit`. */
const attribute = (name: string) => `data-focal${name.replace(/[A-Z]/g, '-$&').toLowerCase()}`;

/**
 * Widget options from an element's `data-focal-*` attributes. One it cannot use (an unknown name such as
 * `data-focal-item`, a number that is not a whole number, an unknown layout, an anchor that is not JSON) is left
 * out, with a console warning naming it.
 */
export function readDataset(el: HTMLElement): Partial<BundleWidgetOptions> & { layout?: string; slot?: string } {
  const d = el.dataset;
  const options: Record<string, unknown> = {
    items: d.focalItems ? d.focalItems.split(',').map((s) => s.trim()).filter(Boolean) : undefined,
    showReason: d.focalReason !== undefined && d.focalReason !== 'false',
    priority: d.focalPriority !== undefined && d.focalPriority !== 'false',
  };
  const ignored = Object.keys(d).filter((key) => /^focal[A-Z]/.test(key) && !KNOWN.includes(key.slice(5))).map((key) => key.slice(5));
  NAMES.forEach((name, i) => {
    const value = d[`focal${name}`];
    const number = /^\d+$/.test(value!) ? Number(value) : undefined;
    if (i > 5 && value !== undefined && number === undefined) ignored.push(name);
    options[name[0].toLowerCase() + name.slice(1)] = i < 6 ? value : number;
  });
  if (options.layout !== undefined && !LAYOUTS.test(options.layout as string)) {
    ignored.push('Layout');
    options.layout = undefined;
  }
  try { options.anchor = d.focalAnchor ? JSON.parse(d.focalAnchor) : undefined; } catch { ignored.push('Anchor'); }
  if (ignored.length) {
    console.warn(`focal: ${ignored.map((name) => `${attribute(name)}="${d[`focal${name}`]}"`).join(', ')} ignored (${DEV
      ? 'Focal reads data-focal-placement, -slot, -items, -layout (carousel, grid or bundle), -title, -reason, -priority, -promo-slot, -locale, -anchor (JSON) and the whole numbers -limit, -height, -slots, -picks, -image-width, -image-height'
      : 'focal.dev.js explains'})`);
  }
  return options;
}

/**
 * The script tag's widgets: mounts every `[data-focal-placement]` (and `[data-focal-slot]` promo) element once the
 * page is parsed (in a microtask when it already is) and whenever one is added later (MutationObserver, for
 * single-page apps), mounts one again when a `data-focal-*` attribute of it changes, unmounts removed ones, and sets
 * `focal.mount(el, options)` and `focal.attribution` (the recommendation a product page was reached from). Elements found together are fetched in one request.
 * `config` carries the adapter's `endpoint` and `siteKey` (the script tag passes its `data-endpoint`/`data-site-key`).
 * A widget that cannot mount (no placement, a bad one…) is skipped with a console warning saying why.
 */
export function autoMount(focal: FocalLike, config: AutoMountConfig = {}): (el: Element | string, options?: Parameters<NonNullable<FocalLike['mount']>>[1]) => MountedWidget | { unmount(): void } | undefined {
  const { endpoint, siteKey } = config;
  const mounted = new Map<Element, { unmount(): void }>();
  const debug = /[?&]debug\b/.test(location.search);
  const clientOptions = {
    // The script tag passes its device reranking's own onEvent in `config` (and without a reranker none is needed);
    // its focal has a string getter for the anonymous id, where an ESM caller may pass a function.
    onEvent: SCRIPT_TAG ? undefined : focal.onEvent?.bind(focal),
    anonymousId: () => (SCRIPT_TAG || typeof focal.anonymousId !== 'function' ? focal.anonymousId as string : focal.anonymousId()),
    userToken: () => focal.userToken,
    personalization: () => focal.consentState?.personalization,
    ...config,
  };
  // focal itself tracks (its track() is called as a method of it)
  const tracker = focal.track && (focal as Required<Pick<FocalLike, 'track'>>);

  /** The options of elements mounted by hand (`focal.mount(el, options)`), kept for a mount again. */
  const given = new WeakMap<Element, Parameters<NonNullable<FocalLike['mount']>>[1]>();
  const mount = (target: Element | string, options?: Parameters<NonNullable<FocalLike['mount']>>[1]) => {
    let el: Element | undefined;
    if (!SCRIPT_TAG && (!endpoint || !siteKey)) {
      console.warn('focal: widgets need data-endpoint and data-site-key on the script tag');
    } else {
      try {
        // focal.mount() without an element (or with a selector) names what to pass, not "reading 'dataset'"
        el = resolveContainer(target);
        // (again with options: an SPA's next product in the same element, mounted anew with them; with the same ones,
        // an SPA mounting on every render, the widget stays, and the shopper's focus in it)
        if (!mounted.has(el) || options && !same(options, given.get(el))) {
          options ??= given.get(el) ?? {};
          const o = { ...readDataset(el as HTMLElement), ...options, endpoint, siteKey, clientOptions, tracker, debug } as BundleWidgetOptions & { layout?: string; slot: string };
          // (a JavaScript caller's; a data-focal-layout readDataset could not use is left out already)
          if (o.layout !== undefined && !LAYOUTS.test(o.layout)) {
            throw new Error(DEV ? `focal: layout ${JSON.stringify(o.layout)} is not a layout; use "carousel" (the default), "grid" or "bundle"` : 'focal: layout must be carousel, grid or bundle (focal.dev.js explains)');
          }
          mounted.set(el, o.slot && !o.placement ? mountPromo(el, o) : (o.layout === 'grid' ? mountGrid : o.layout === 'bundle' ? mountBundle : mountCarousel)(el, o));
          given.set(el, options);
        }
      } catch (error) {
        console.warn(String((error as Error).message ?? error));
      }
    }
    return el && mounted.get(el);
  };
  const scan = (root: ParentNode) => {
    if ((root as Element).matches?.(SELECTOR)) mount(root as Element);
    root.querySelectorAll(SELECTOR).forEach((el) => mount(el));
  };
  const start = () => {
    scan((SCRIPT_TAG ? undefined : config.root) ?? document);
    new MutationObserver((records) => {
      for (const { target, addedNodes, attributeName, oldValue } of records) {
        // (not one removed again since, e.g. a view an SPA replaced at once: it would be asked for and never shown)
        addedNodes.forEach((node) => { if (node instanceof Element && node.isConnected) scan(node); });
        // A data-focal-* attribute that changed (an SPA reusing the element for the next product): mounted again with
        // it (and with the options it was mounted with by hand, if it was).
        if (attributeName && target.isConnected && oldValue !== (target as Element).getAttribute(attributeName)) {
          mounted.get(target as Element)?.unmount();
          mounted.delete(target as Element);
          (given.has(target as Element) ? mount : scan)(target as Element);
        }
      }
      mounted.forEach((widget, el) => { if (!el.isConnected) { widget.unmount(); mounted.delete(el); } });
    }).observe(document.documentElement, {
      childList: true, subtree: true, attributeOldValue: true,
      attributeFilter: KNOWN.map(attribute),
    });
  };
  // after the current task's calls (the script tag replays the page's queued identify() first: its token goes along)
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
  else queueMicrotask(start);
  focal.mount = mount;
  focal.attribution = readAttribution(location.href);
  return mount;
}
