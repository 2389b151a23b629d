/** Generated SVG placeholders for the example store: frames drawn by shape and colour, other products by category. */
import type { Product } from '@focal/sdk-core/contracts';

const COLOURS: Record<string, string> = {
  black: '#1f2937', tortoise: '#8b5a2b', havana: '#a0522d', gold: '#c9a227', silver: '#9ca3af', gunmetal: '#4b5563',
  clear: '#cbd5e1', navy: '#1e3a8a', burgundy: '#7f1d1d', green: '#166534', 'rose-gold': '#d4a5a5', grey: '#6b7280',
};

/** One lens outline per shape, centred at (cx, 150). */
function lens(shape: string, cx: number): string {
  switch (shape) {
    case 'round': return `<circle cx="${cx}" cy="150" r="48"/>`;
    case 'oval': return `<ellipse cx="${cx}" cy="150" rx="56" ry="40"/>`;
    case 'cat-eye': return `<path d="M${cx - 58} 128 Q${cx} 104 ${cx + 62} 116 Q${cx + 52} 190 ${cx} 190 Q${cx - 56} 188 ${cx - 58} 128Z"/>`;
    case 'aviator': return `<path d="M${cx - 56} 120 H${cx + 56} Q${cx + 60} 200 ${cx} 198 Q${cx - 60} 196 ${cx - 56} 120Z"/>`;
    case 'square': return `<rect x="${cx - 50}" y="102" width="100" height="96" rx="10"/>`;
    case 'browline': return `<path d="M${cx - 56} 112 H${cx + 56} V126 Q${cx + 52} 196 ${cx} 194 Q${cx - 52} 196 ${cx - 56} 126Z"/>`;
    case 'geometric': return `<polygon points="${cx - 30},102 ${cx + 30},102 ${cx + 56},150 ${cx + 30},198 ${cx - 30},198 ${cx - 56},150"/>`;
    default: return `<rect x="${cx - 58}" y="112" width="116" height="76" rx="8"/>`; // rectangle
  }
}

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** A 400×300 SVG for a product (deterministic: same product, same bytes). */
export function productSvg(product: Product): string {
  const attrs = product.attributes ?? {};
  const top = product.categoryPath?.[0] ?? '';
  const colour = COLOURS[String(attrs.colour ?? '')] ?? '#0f766e';
  let art: string;
  if (top === 'Frames') {
    const sun = product.categoryPath?.[1] === 'Sunglasses';
    const fill = sun ? '#334155' : 'none';
    art = `<g fill="${fill}" fill-opacity="${sun ? 0.8 : 0}" stroke="${colour}" stroke-width="10">${lens(String(attrs.shape), 130)}${lens(String(attrs.shape), 270)}</g>`
      + `<path d="M178 140 Q200 124 222 140" fill="none" stroke="${colour}" stroke-width="8"/>`
      + `<path d="M72 130 L30 120 M328 130 L370 120" stroke="${colour}" stroke-width="8"/>`;
  } else if (top === 'Lenses' || top === 'Contact lenses') {
    art = `<circle cx="200" cy="150" r="80" fill="#e0f2fe" stroke="#0284c7" stroke-width="6"/><ellipse cx="175" cy="125" rx="22" ry="12" fill="#fff" opacity=".8"/>`;
  } else {
    art = `<rect x="90" y="105" width="220" height="90" rx="45" fill="#f1f5f9" stroke="#0f766e" stroke-width="8"/><path d="M120 150 H280" stroke="#0f766e" stroke-width="4" stroke-dasharray="8 8"/>`;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300" width="400" height="300" role="img" aria-label="${escape(product.title)}">`
    + `<rect width="400" height="300" fill="#f8fafc"/>${art}</svg>`;
}

/** A 1200×500 banner for a promotion image (`promo-<name>`). */
export function promoSvg(id: string): string {
  const words = id.replace(/^promo-/, '').replace(/-/g, ' ');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1200 500" width="1200" height="500" role="img" aria-label="${escape(words)}">`
    + '<defs><linearGradient id="g" x1="0" x2="1"><stop offset="0" stop-color="#0f766e"/><stop offset="1" stop-color="#1d4ed8"/></linearGradient></defs>'
    + '<rect width="1200" height="500" fill="url(#g)"/><g fill="none" stroke="#fff" stroke-width="14" opacity=".85">'
    + '<circle cx="470" cy="250" r="110"/><circle cx="730" cy="250" r="110"/><path d="M580 240 Q600 220 620 240"/></g></svg>';
}
