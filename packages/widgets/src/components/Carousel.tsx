import { cx } from './class-names.js';
import { cards, modeOf, region, texts, type Card } from './parts.js';
import { PromoTile } from './PromoTile.js';
import type { ViewProps } from './types.js';

/** 1 left-to-right, -1 right-to-left: scroll offsets and arrow keys are mirrored. */
const direction = (el: Element) => (getComputedStyle(el).direction === 'rtl' ? -1 : 1);
const watched = new WeakSet<Element>();

/** Sets the buttons' disabled states from the list's scroll position, without a re-render. */
function measure(list: HTMLElement) {
  const x = Math.abs(list.scrollLeft);
  const [previous, next] = list.closest('.focal-Carousel')?.querySelectorAll('.focal-Carousel-controls button') ?? [];
  previous?.setAttribute('aria-disabled', String(x <= 2));
  next?.setAttribute('aria-disabled', String(x + list.clientWidth >= list.scrollWidth - 2));
}

/** After every render, and whenever the list is resized: measure again. */
function watch(list: HTMLElement | null) {
  if (!list) return;
  measure(list);
  if (!watched.has(list) && typeof ResizeObserver === 'function') {
    watched.add(list);
    new ResizeObserver(() => measure(list)).observe(list);
  }
}

/**
 * Previous/next: scrolls one list width towards the start or the end. Smoothly only where the stylesheet says
 * so: `scroll-behavior: smooth` is set for `prefers-reduced-motion: no-preference` alone.
 */
function page(button: HTMLElement, step: number) {
  const list = button.closest('.focal-Carousel')?.querySelector<HTMLElement>('.focal-Carousel-list');
  if (list && button.getAttribute('aria-disabled') !== 'true') list.scrollBy(step * list.clientWidth * direction(list), 0);
}

/** ←/→ (mirrored right-to-left), Home and End move focus between slides. */
function onKeyDown(event: KeyboardEvent) {
  const list = event.currentTarget as HTMLElement;
  const slides = [...list.children] as HTMLElement[];
  const current = slides.findIndex((s) => s.contains(document.activeElement));
  const forward = direction(list);
  const step = ({ ArrowRight: forward, ArrowLeft: -forward, Home: -Infinity, End: Infinity } as Record<string, number>)[event.key];
  if (!step || current < 0) return;
  event.preventDefault();
  const slide = slides[Math.max(0, Math.min(slides.length - 1, current + step))];
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
  const listId = `${props.id ?? `focal-${props.placement}`}-list`;
  const all = cards(props, mode);
  const promos = mode === 'items' ? props.promos ?? [] : [];
  all.splice(Math.min(props.promoPosition ?? 1, all.length), 0, ...promos.map((promotion, i): Card => [
    <PromoTile promotion={promotion} imageWidth={props.imageWidth} imageHeight={props.imageHeight} onClick={() => props.onPromoClick?.(promotion, i)} />,
    { 'data-focal-promo': promotion.id },
  ]));
  const slides = all.map(([card, attributes], i) => (
    <div key={i} class={cx('focal-Carousel-item', c.item)} role="group" aria-roledescription={t.slide} aria-label={t.slideLabel(i + 1, all.length)} {...attributes}>
      {card}
    </div>
  ));
  const button = (step: 1 | -1) => (
    <button type="button" class={cx(`focal-Button focal-Carousel-${step < 0 ? 'previous' : 'next'}`, c.button)}
      aria-label={step < 0 ? t.previous : t.next} aria-controls={listId} aria-disabled="true"
      onClick={(e) => page(e.currentTarget as HTMLElement, step)}>
      <span aria-hidden="true">{step < 0 ? '‹' : '›'}</span>
    </button>
  );
  // A new ref function on every render: Preact calls it after each render, so the buttons are measured again.
  const list = (
    <div id={listId} ref={(el) => watch(el)} class={cx('focal-Carousel-list', c.list)} onScroll={(e) => measure(e.currentTarget as HTMLElement)} onKeyDown={onKeyDown}>
      {slides}
    </div>
  );
  return region(props, mode, 'Carousel', { list, slides }, <div class={cx('focal-Carousel-controls', c.controls)}>{button(-1)}{button(1)}</div>, t.carousel);
}
