import type { ComponentChildren } from 'preact';
import { cx } from './class-names.js';
import { Empty, Header, Unavailable, modeOf, renderItem, reserve, skeletons, texts } from './parts.js';
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
  const listId = `${props.id ?? `focal-${props.placement}`}-list`;
  const mode = modeOf(props);
  const { classNames: c = {} } = props;

  if (mode === 'empty') return <Empty props={props} />;
  if (mode === 'error') return <Unavailable props={props} />;

  const slides: ComponentChildren[] = mode === 'skeleton' ? skeletons(props) : props.state.items.map((item, i) => renderItem(props, item, i));
  const promos = mode === 'items' ? props.promos ?? [] : [];
  const firstPromo = Math.min(props.promoPosition ?? 1, slides.length);
  promos.forEach((promotion, i) => slides.splice(firstPromo + i, 0,
    <PromoTile promotion={promotion} imageWidth={props.imageWidth} imageHeight={props.imageHeight} onClick={() => props.onPromoClick?.(promotion, i)} />));
  const items = props.state.items;
  const wrapped = slides.map((slide, i) => {
    const promoIndex = i - firstPromo;
    const isPromo = promoIndex >= 0 && promoIndex < promos.length;
    const itemIndex = isPromo ? -1 : i - (i > firstPromo ? promos.length : 0);
    return (
      <div
        key={i}
        class={cx('focal-Carousel-item', c.item)}
        role="group"
        aria-roledescription={t.slide}
        aria-label={t.slideLabel(i + 1, slides.length)}
        data-focal-pos={mode === 'items' && !isPromo ? itemIndex : undefined}
        data-focal-id={mode === 'items' && !isPromo ? items[itemIndex]?.id : undefined}
        data-focal-promo={isPromo ? promos[promoIndex].id : undefined}
      >
        {slide}
      </div>
    );
  });
  const button = (direction: 1 | -1) => {
    return (
      <button type="button" class={cx(`focal-Button focal-Carousel-${direction < 0 ? 'previous' : 'next'}`, c.button)}
        aria-label={direction < 0 ? t.previous : t.next} aria-controls={listId} aria-disabled="true"
        onClick={(e) => page(e.currentTarget as HTMLElement, direction)}>
        <span aria-hidden="true">{direction < 0 ? '‹' : '›'}</span>
      </button>
    );
  };
  const header = (
    <Header props={props}>
      <div class={cx('focal-Carousel-controls', c.controls)}>{button(-1)}{button(1)}</div>
    </Header>
  );
  const body = props.templates?.layout?.({ header, slides: wrapped, state: props.state }) ?? (
    <>
      {header}
      <div id={listId} ref={(el) => watch(el)} class={cx('focal-Carousel-list', c.list)} onScroll={(e) => measure(e.currentTarget as HTMLElement)} onKeyDown={onKeyDown}>{wrapped}</div>
    </>
  );
  return (
    <section
      class={cx(`focal-Placement focal-Carousel${mode === 'skeleton' ? ' focal-Placement--loading' : ''}`, c.root)}
      aria-roledescription={t.carousel}
      aria-label={props.title ?? t.recommendations}
      aria-busy={mode === 'skeleton' ? 'true' : undefined}
      style={reserve(props, mode)}
      data-focal-placement-view={props.placement}
    >
      {mode === 'skeleton' && <span class="focal-sr">{t.loading}</span>}
      {body}
    </section>
  );
}
