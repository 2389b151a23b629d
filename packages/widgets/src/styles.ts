/**
 * The widgets' stylesheet: public class names (`focal-Carousel-list`, …) themed by CSS custom properties
 * (`--focal-accent`, `--focal-slide-width`, `--focal-image-ratio`, …). Every box has a fixed height so a
 * skeleton occupies exactly the space of the items that replace it (no layout shift).
 */
export const focalCss = [
  '.focal-Placement{box-sizing:border-box;font-size:var(--focal-font-size,.9375rem);line-height:1.35;color:var(--focal-color,inherit)}',
  '.focal-Placement *{box-sizing:border-box}',
  '.focal-Placement-header{display:flex;align-items:center;justify-content:space-between;gap:.5rem;height:2.5rem;margin:0 0 .5rem}',
  '.focal-Placement-title{font-size:1.125rem;margin:0;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}',
  '.focal-Placement--error{display:flex;align-items:center;gap:.75rem;padding:.5rem 0;color:var(--focal-muted,#595959)}',
  '.focal-Placement--error p{margin:0}',
  '.focal-Carousel-controls{display:flex;gap:.25rem;flex:none}',
  '.focal-Button{min-width:2.5rem;height:2.5rem;padding:0 .5rem;border:1px solid currentColor;border-radius:var(--focal-radius,8px);background:none;color:inherit;font:inherit;cursor:pointer}',
  '.focal-Button[aria-disabled=true],.focal-Button:disabled{opacity:.4;cursor:default}',
  '.focal-Button--primary{background:var(--focal-accent,#0b57d0);border-color:var(--focal-accent,#0b57d0);color:var(--focal-accent-text,#fff);padding:0 1rem}',
  '.focal-Carousel-list{display:flex;gap:var(--focal-gap,1rem);overflow-x:auto;scroll-snap-type:x mandatory;scroll-padding-inline:2px;overscroll-behavior-x:contain;padding:2px;margin:0}',
  '@media (prefers-reduced-motion:no-preference){.focal-Carousel-list{scroll-behavior:smooth}}',
  '.focal-Carousel-item{flex:0 0 var(--focal-slide-width,11rem);scroll-snap-align:start}',
  '.focal-Grid-list,.focal-Bundle-list{display:grid;grid-template-columns:repeat(auto-fill,minmax(var(--focal-slide-width,11rem),1fr));gap:var(--focal-gap,1rem);padding:2px;margin:0;list-style:none}',
  '.focal-Item{display:block;color:inherit;text-decoration:none;border-radius:var(--focal-radius,8px)}',
  '.focal-Item:focus-visible,.focal-Button:focus-visible{outline:2px solid var(--focal-accent,#0b57d0);outline-offset:2px}',
  '.focal-Item-image{display:block;width:100%;height:auto;aspect-ratio:var(--focal-image-ratio,1);object-fit:cover;border-radius:var(--focal-radius,8px);background:var(--focal-skeleton,#ececf1)}',
  '.focal-Item-title{display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;overflow:hidden;height:2.7em;margin:.5rem 0 .25rem}',
  '.focal-Item-price,.focal-Item-reason,.focal-Item-debug{display:block;height:1.35em;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}',
  '.focal-Item-price{font-weight:600}',
  '.focal-Item-reason,.focal-Item-debug{color:var(--focal-muted,#595959);font-size:.8125rem}',
  '.focal-Item--skeleton .focal-Item-title,.focal-Item--skeleton .focal-Item-price{background:var(--focal-skeleton,#ececf1);border-radius:4px}',
  '.focal-Bundle-pick{display:flex;gap:.5rem;align-items:flex-start}',
  '.focal-Bundle-pick>.focal-Item{flex:1;min-width:0}',
  '.focal-Bundle-footer{display:flex;flex-wrap:wrap;align-items:center;gap:1rem;margin-top:1rem}',
  '.focal-Bundle-total{margin:0}',
  '.focal-Promo{display:grid;gap:.5rem;color:inherit}',
  '.focal-Promo-image{display:block;width:100%;height:auto;border-radius:var(--focal-radius,8px)}',
  '.focal-Promo-title{margin:0;font-size:1.25rem}',
  '.focal-Promo-body{margin:0}',
  '.focal-Promo-cta{justify-self:start;display:inline-flex;align-items:center;text-decoration:none}',
  '.focal-sr{position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}',
].join('');

/** Adds the stylesheet to `document.head` once (skipped when a `style[data-focal-css]` is already there, e.g. from SSR). */
export function injectStyles(doc: Document | undefined = typeof document === 'undefined' ? undefined : document): void {
  if (!doc || doc.querySelector('style[data-focal-css]')) return;
  const style = doc.createElement('style');
  style.setAttribute('data-focal-css', '');
  style.textContent = focalCss;
  doc.head.appendChild(style);
}
