import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { cx } from './class-names.js';
import { Empty, Header, Unavailable, modeOf, renderItem, reserve, skeletons, texts } from './parts.js';
import { PromoTile } from './PromoTile.js';
import type { ViewProps } from './types.js';

const reducedMotion = () => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
const isRtl = (el: Element) => getComputedStyle(el).direction === 'rtl';

/**
 * The WAI-ARIA carousel: a labelled region, slides labelled "n of N", previous/next buttons with names and
 * disabled states (`aria-disabled`, so focus never drops), arrow keys/Home/End between slides, native
 * scroll-snap for swipe, no autoplay, smooth scrolling only without `prefers-reduced-motion`. Works right-to-left.
 */
export function Carousel(props: ViewProps) {
  const t = texts(props);
  const id = useId();
  const list = useRef<HTMLDivElement>(null);
  const [edges, setEdges] = useState({ start: true, end: true });
  const mode = modeOf(props);
  const { classNames: c = {} } = props;

  const measure = () => {
    const l = list.current;
    if (!l) return;
    const x = Math.abs(l.scrollLeft);
    const next = { start: x <= 2, end: x + l.clientWidth >= l.scrollWidth - 2 };
    setEdges((prev) => (prev.start === next.start && prev.end === next.end ? prev : next));
  };
  useEffect(() => {
    measure();
    addEventListener('resize', measure);
    return () => removeEventListener('resize', measure);
  }, [props.state, props.promos]);

  if (mode === 'empty') return <Empty props={props} />;
  if (mode === 'error') return <Unavailable props={props} />;

  const page = (direction: 1 | -1) => {
    const l = list.current;
    if (!l || (direction < 0 ? edges.start : edges.end)) return;
    l.scrollBy({ left: direction * l.clientWidth * (isRtl(l) ? -1 : 1), behavior: reducedMotion() ? 'auto' : 'smooth' });
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const l = list.current;
    if (!l) return;
    const slides = Array.from(l.children) as HTMLElement[];
    const current = slides.findIndex((s) => s.contains(document.activeElement));
    const forward = isRtl(l) ? 'ArrowLeft' : 'ArrowRight';
    const back = isRtl(l) ? 'ArrowRight' : 'ArrowLeft';
    const target = event.key === forward ? current + 1 : event.key === back ? current - 1
      : event.key === 'Home' ? 0 : event.key === 'End' ? slides.length - 1 : -2;
    if (target === -2 || current < 0) return;
    event.preventDefault();
    const slide = slides[Math.max(0, Math.min(slides.length - 1, target))];
    (slide.querySelector<HTMLElement>('a,button,input') ?? slide).focus();
  };

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
    const disabled = direction < 0 ? edges.start : edges.end;
    return (
      <button type="button" class={cx(`focal-Button focal-Carousel-${direction < 0 ? 'previous' : 'next'}`, c.button)}
        aria-label={direction < 0 ? t.previous : t.next} aria-controls={`${id}-list`} aria-disabled={disabled ? 'true' : 'false'}
        onClick={() => page(direction)}>
        <span aria-hidden="true">{direction < 0 ? '‹' : '›'}</span>
      </button>
    );
  };
  const header = (
    <Header props={props} titleId={`${id}-title`}>
      <div class={cx('focal-Carousel-controls', c.controls)}>{button(-1)}{button(1)}</div>
    </Header>
  );
  const body = props.templates?.layout?.({ header, slides: wrapped, state: props.state }) ?? (
    <>
      {header}
      <div id={`${id}-list`} ref={list} class={cx('focal-Carousel-list', c.list)} onScroll={measure} onKeyDown={onKeyDown}>{wrapped}</div>
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
