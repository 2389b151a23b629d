/**
 * The widgets' stylesheet: public class names (`focal-Carousel-list`, …) themed by CSS custom properties
 * (`--focal-accent`, `--focal-slide-width`, `--focal-image-ratio`, …). Every box has a fixed height so a
 * skeleton occupies exactly the space of the items that replace it (no layout shift). The lists' 4px padding (and the
 * carousel's scroll padding) is the focus ring's room (outline 2px at offset 2px): the scrolling carousel clips the rest.
 */
export const focalCss =
  '.focal-Placement,.focal-Placement *{box-sizing:border-box}'
  + '.focal-Placement{font-size:var(--focal-font-size,.9375rem);line-height:1.35;color:var(--focal-color,inherit)}'
  + '.focal-Placement-header,.focal-Placement--error,.focal-Carousel-controls,.focal-Bundle-pick,.focal-Bundle-footer{display:flex;align-items:center;gap:.5rem}'
  + '.focal-Placement-header{justify-content:space-between;height:2.5rem;margin:0 0 .5rem}'
  + '.focal-Placement--error{gap:.75rem;padding:.5rem 0;color:var(--focal-muted,#595959)}'
  + '.focal-Carousel-controls{gap:.25rem;flex:none}'
  + '.focal-Bundle-pick{align-items:flex-start}'
  + '.focal-Bundle-footer{flex-wrap:wrap;gap:1rem;margin-top:1rem}'
  + '.focal-Placement-title,.focal-Placement--error p,.focal-Bundle-total,.focal-Promo-title,.focal-Promo-body{margin:0}'
  + '.focal-Placement-title,.focal-Item-price,.focal-Item-reason,.focal-Item-debug{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}'
  + '.focal-Placement-title{font-size:1.125rem}'
  + '.focal-Button{min-width:2.5rem;height:2.5rem;padding:0 .5rem;border:1px solid;border-radius:var(--focal-radius,8px);background:none;color:inherit;font:inherit;cursor:pointer}'
  + '.focal-Button[aria-disabled=true],.focal-Button:disabled{opacity:.4;cursor:default}'
  + '.focal-Button--primary{background:var(--focal-accent,#0b57d0);border-color:var(--focal-accent,#0b57d0);color:var(--focal-accent-text,#fff);padding:0 1rem}'
  + '.focal-Carousel-list,.focal-Grid-list,.focal-Bundle-list{gap:var(--focal-gap,1rem);padding:4px;margin:0}'
  + '.focal-Carousel-list{display:flex;overflow-x:auto;scroll-snap-type:x mandatory;scroll-padding-inline:4px;overscroll-behavior-x:contain}'
  + '@media (prefers-reduced-motion:no-preference){.focal-Carousel-list{scroll-behavior:smooth}}'
  + '.focal-Carousel-item{flex:0 0 var(--focal-slide-width,11rem);scroll-snap-align:start}'
  + '.focal-Grid-list,.focal-Bundle-list{display:grid;grid-template-columns:repeat(auto-fill,minmax(var(--focal-slide-width,11rem),1fr));list-style:none}'
  + '.focal-Item{position:relative;display:block;color:inherit;text-decoration:none;border-radius:var(--focal-radius,8px)}'
  + '.focal-Item:focus-visible,.focal-Button:focus-visible{outline:2px solid var(--focal-accent,#0b57d0);outline-offset:2px}'
  + '.focal-Item-image,.focal-Promo-image{display:block;width:100%;height:auto;border-radius:var(--focal-radius,8px)}'
  + '.focal-Item-image{position:relative;aspect-ratio:var(--focal-image-ratio,1);object-fit:cover;background:var(--focal-skeleton,#ececf1)}'
  // an image that fails to load (a cached answer's old URL) shows the grey box, not the broken-image icon: browsers
  // draw an img's ::after only while it shows no image
  + '.focal-Item-image::after{content:"";position:absolute;inset:0;border-radius:inherit;background:inherit}'
  // a name that is one long word (a German compound, a model code) breaks inside it: it never widens its slide
  + '.focal-Item-title{display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;overflow:hidden;overflow-wrap:anywhere;height:2.7em;margin:.5rem 0 .25rem}'
  + '.focal-Item-price,.focal-Item-reason,.focal-Item-debug{display:block;height:1.35em}'
  + '.focal-Item-price{font-weight:600}'
  + '.focal-Item-reason,.focal-Item-debug{color:var(--focal-muted,#595959);font-size:.8125rem}'
  + '.focal-Item-stock{position:absolute;top:.5rem;inset-inline-start:.5rem;padding:0 .375rem;border-radius:4px;background:#fff;color:#1f1f1f;font-size:.8125rem}'
  + '.focal-Item--skeleton .focal-Item-title,.focal-Item--skeleton .focal-Item-price{background:var(--focal-skeleton,#ececf1);border-radius:4px}'
  // forced colors (Windows high contrast) replace that grey, and draw this outline (invisible otherwise; no box moves)
  // in the text colour: the boxes stay visible
  + '.focal-Item--skeleton *{outline:1px solid transparent}'
  + '.focal-Bundle-pick>.focal-Item{flex:1;min-width:0}'
  + '.focal-Promo{display:grid;gap:.5rem;color:inherit}'
  + '.focal-Promo-title{font-size:1.25rem}'
  + '.focal-Promo-cta{justify-self:start;display:inline-flex;align-items:center;text-decoration:none}'
  + '.focal-sr{position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}'
  // a script-tag element whose placement or slot turned out empty collapses, though its own style reserves a height
  // (min-height, as the README asks, held before the script runs; this sheet comes with the script, which draws every
  // element it finds at once, so none is empty before that)
  + '[data-focal-placement]:empty,[data-focal-slot]:empty{min-height:0!important}';

/**
 * Adds the stylesheet to `document.head` once (skipped when a `style[data-focal-css]` is already there, e.g. from SSR),
 * or to a shadow root given instead (the document's styles do not reach into it).
 * It carries the nonce of the page's scripts (the script tag's own), so a Content-Security-Policy that allows styles
 * by nonce (`style-src 'nonce-…'`) applies it.
 */
export function injectStyles(root: Document | ShadowRoot | undefined = typeof document === 'undefined' ? undefined : document): void {
  if (!root || root.querySelector('style[data-focal-css]')) return;
  const doc = root.ownerDocument ?? (root as Document);
  const style = doc.createElement('style');
  style.setAttribute('data-focal-css', '');
  style.nonce = doc.querySelector<HTMLScriptElement>('script[nonce]')?.nonce ?? '';
  style.textContent = focalCss;
  ((root as Document).head ?? root).appendChild(style);
}
