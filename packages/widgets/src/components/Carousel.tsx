import { h } from 'preact';
import { SCRIPT_TAG } from '../../../sdk-core/src/tracking/build.js';
import { cx } from './class-names.js';
import { cards, modeOf, region, slides, texts, withPromos } from './parts.js';
import type { ViewProps } from './types.js';

/** 1 left-to-right, -1 right-to-left: scroll offsets and arrow keys are mirrored. */
const direction = (el: Element) => (getComputedStyle(el).direction === 'rtl' ? -1 : 1);
const watched = new WeakSet<Element>();

/** Sets the buttons' disabled states from the list's scroll position, without a re-render. */
function measure(list: HTMLElement) {
  const x = Math.abs(list.scrollLeft);
  const [previous, next] = list.closest('.focal-Carousel')?.querySelectorAll('.focal-Carousel-controls button') ?? [];
  previous?.setAttribute('aria-disabled', `${x <= 2}`);
  next?.setAttribute('aria-disabled', `${x + list.clientWidth >= list.scrollWidth - 2}`);
}

/** ←/→ (mirrored right-to-left), Home and End move focus between slides. */
function onKeyDown(event: KeyboardEvent) {
  const list = event.currentTarget as HTMLElement;
  const all = [...list.children] as HTMLElement[];
  // (the event's target, not document.activeElement: that is the host of a shadow root, or the iframe we are in)
  const current = all.findIndex((s) => s.contains(event.target as Node));
  const forward = direction(list);
  const step = ({ ArrowRight: forward, ArrowLeft: -forward, Home: -Infinity, End: Infinity } as Record<string, number>)[event.key];
  if (!step || current < 0) return;
  event.preventDefault();
  const slide = all[Math.max(0, Math.min(all.length - 1, current + step))];
  (slide.querySelector<HTMLElement>('a,button,input') ?? slide).focus();
}

/**
 * The WAI-ARIA carousel: a labelled region, slides labelled "n of N", previous/next buttons with names and
 * disabled states (`aria-disabled`, so focus never drops), arrow keys/Home/End between slides, native
 * scroll-snap for swipe, no autoplay, smooth scrolling only without `prefers-reduced-motion`. Works right-to-left.
 * Stateless: the scroll position lives in the DOM (buttons are updated from it), so it renders the same on the server.
 */
export function Carousel(props: ViewProps) {
  const t = texts(props);
  const mode = modeOf(props);
  const c = props.classNames ?? {};
  // (the script tag mounts through mountView, which always gives an id)
  const listId = `${SCRIPT_TAG ? props.id : props.id ?? `focal-${props.placement}`}-list`;
  const all = withPromos(props, mode, cards(props, mode));
  const boxes = slides(props, all, 'Carousel', 'div', (i) => ({ role: 'group', 'aria-roledescription': t.slide, 'aria-label': t.slideLabel(i + 1, all.length) }));
  /**
   * Previous/next: scrolls one list width towards the start or the end. Smoothly only where the stylesheet says
   * so: `scroll-behavior: smooth` is set for `prefers-reduced-motion: no-preference` alone.
   */
  const button = (step: number, name: string, label: string) => h('button', {
    type: 'button', class: cx(`focal-Button focal-Carousel-${name}`, c.button), 'aria-label': label, 'aria-controls': listId, 'aria-disabled': 'true',
    onClick(e: MouseEvent) {
      const self = e.currentTarget as HTMLElement;
      const list = self.closest('.focal-Carousel')?.querySelector<HTMLElement>('.focal-Carousel-list');
      if (list && self.getAttribute('aria-disabled') !== 'true') list.scrollBy(step * list.clientWidth * direction(list), 0);
    },
  }, h('span', { 'aria-hidden': 'true' }, step < 0 ? '‹' : '›'));
  const list = h('div', {
    id: listId, class: cx('focal-Carousel-list', c.list), onKeyDown,
    // A new ref function on every render: Preact calls it after each render, so the buttons are measured again;
    // and whenever the list is resized.
    ref(el: HTMLElement | null) {
      if (!el) return;
      measure(el);
      if (!watched.has(el) && typeof ResizeObserver === 'function') {
        watched.add(el);
        new ResizeObserver(() => measure(el)).observe(el);
      }
    },
    onScroll: (e: Event) => measure(e.currentTarget as HTMLElement),
  }, boxes);
  return region(props, mode, 'Carousel', { list, slides: boxes }, h('div', { class: cx('focal-Carousel-controls', c.controls) }, button(-1, 'previous', t.previous), button(1, 'next', t.next)), t.carousel);
}
