import { cx } from './class-names.js';
import { cards, modeOf, region, texts, type Card } from './parts.js';
import { PromoTile } from './PromoTile.js';
import type { ViewProps } from './types.js';

const reducedMotion = () => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
const isRtl = (el: Element) => getComputedStyle(el).direction === 'rtl';
const listOf = (el: Element) => el.closest('.focal-Carousel')?.querySelector<HTMLElement>('.focal-Carousel-list');
const watched = typeof WeakSet === 'function' ? new WeakSet<Element>() : undefined;

/** Sets the buttons' disabled states from the list's scroll position, without a re-render. */
function measure(list: HTMLElement) {
  const x = Math.abs(list.scrollLeft);
  const buttons = list.closest('.focal-Carousel')?.querySelectorAll('.focal-Carousel-previous,.focal-Carousel-next');
  buttons?.[0]?.setAttribute('aria-disabled', String(x <= 2));
  buttons?.[1]?.setAttribute('aria-disabled', String(x + list.clientWidth >= list.scrollWidth - 2));
}

/** After every render, and whenever the list is resized: measure again. */
function watch(list: HTMLElement | null) {
  if (!list) return;
  measure(list);
  if (watched && !watched.has(list) && typeof ResizeObserver === 'function') {
    watched.add(list);
    new ResizeObserver(() => measure(list)).observe(list);
  }
}

/** Previous/next: scrolls one list width towards the start or the end (mirrored right-to-left). */
function page(button: HTMLElement, direction: 1 | -1) {
  const list = listOf(button);
  if (!list || button.getAttribute('aria-disabled') === 'true') return;
  list.scrollBy({ left: direction * list.clientWidth * (isRtl(list) ? -1 : 1), behavior: reducedMotion() ? 'auto' : 'smooth' });
}

/** ←/→ (mirrored right-to-left), Home and End move focus between slides. */
function onKeyDown(event: KeyboardEvent) {
  const list = event.currentTarget as HTMLElement;
  const slides = Array.from(list.children) as HTMLElement[];
  const current = slides.findIndex((s) => s.contains(document.activeElement));
  const [forward, back] = isRtl(list) ? ['ArrowLeft', 'ArrowRight'] : ['ArrowRight', 'ArrowLeft'];
  const target = event.key === forward ? current + 1 : event.key === back ? current - 1
    : event.key === 'Home' ? 0 : event.key === 'End' ? slides.length - 1 : -2;
  if (target === -2 || current < 0) return;
  event.preventDefault();
  const slide = slides[Math.max(0, Math.min(slides.length - 1, target))];
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
  const button = (direction: 1 | -1) => (
    <button type="button" class={cx(`focal-Button focal-Carousel-${direction < 0 ? 'previous' : 'next'}`, c.button)}
      aria-label={direction < 0 ? t.previous : t.next} aria-controls={listId} aria-disabled="true"
      onClick={(e) => page(e.currentTarget as HTMLElement, direction)}>
      <span aria-hidden="true">{direction < 0 ? '‹' : '›'}</span>
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
