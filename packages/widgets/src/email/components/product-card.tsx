import type { Candidate } from '@focal/sdk-core/contracts';
import { itemFields } from '../../templates/item-fields.js';
import { Raw, Text } from '../raw.js';
import { css } from '../style.js';
import { shorten } from '../format.js';
import type { ResolvedTheme } from '../theme.js';
import { buttonHtml } from './button.js';
import { tableAttrs } from './table-attrs.js';

/** Everything one product block needs. */
export interface ProductCardProps {
  item: Candidate;
  href: string;
  /** Width of the card's content box in px (image width). */
  width: number;
  theme: ResolvedTheme;
  locale: string;
  buttonText: string;
  /** `hero` shows bigger type and the recommendation reason. */
  size: 'small' | 'large';
}

/**
 * One product, from the same item fields as the web widgets (`templates/item-fields.ts`: title, brand, reason,
 * price formatted by `format/price.ts`), in email markup: linked image (alt = title, `display:block`, an explicit
 * `width` and no `height` attribute: Outlook's Word engine ignores CSS `height:auto` and would stretch a photo that is
 * not square to the height given; with the width alone every client keeps the photo's own shape), brand, title and
 * price as HTML text so the block reads with images off, and a bullet-proof button. Every style is inline.
 */
export function ProductCard({ item, href, width, theme, locale, buttonText, size }: ProductCardProps) {
  const large = size === 'large';
  const fields = itemFields(item, { locale, placement: '', position: 0, attribution: false });
  // word-break: a name or price without spaces (compound words, SKUs, a big price) wraps inside its column instead of
  // widening it over the next product (overflow-wrap is not read by Gmail nor Outlook; word-break is).
  const font = (px: number, colour: string, extra: Record<string, string | number> = {}) =>
    css({ margin: 0, 'font-family': theme.fontFamily, 'font-size': px, 'line-height': Math.round(px * 1.35), color: colour, 'mso-line-height-rule': 'exactly', 'word-break': 'break-word', ...extra });
  const cellPadding = css({ padding: '0 8px 6px 8px' });
  return (
    <table {...tableAttrs('100%', theme.surface)} class="focal-surface" style={css({ 'background-color': theme.surface, 'border-collapse': 'separate' })}>
      {fields.image && (
        <tr>
          <td align="center" style={css({ padding: '8px 8px 10px 8px' })}>
            <a href={href} style={css({ 'text-decoration': 'none' })}>
              <img class="focal-img" src={fields.image} alt={fields.title} width={width}
                style={css({ display: 'block', width: '100%', 'max-width': width, height: 'auto', border: 0, 'text-decoration': 'none', color: theme.text, 'font-family': theme.fontFamily, 'font-size': 13 })} />
            </a>
          </td>
        </tr>
      )}
      {fields.brand && (
        <tr>
          <td class="focal-muted" style={css({ ...cellPaddingParts(fields.image ? 0 : 8) })}>
            <p class="focal-muted" style={font(large ? 13 : 12, theme.muted, { 'text-transform': 'uppercase', 'letter-spacing': '0.5px' })}><Text value={shorten(fields.brand, 60)} /></p>
          </td>
        </tr>
      )}
      <tr>
        <td style={fields.brand || fields.image ? cellPadding : css({ padding: '8px 8px 6px 8px' })}>
          <a href={href} class="focal-text" style={font(large ? 20 : 15, theme.text, { 'font-weight': 'bold', 'text-decoration': 'none' })}>
            <Text value={shorten(fields.title, large ? 120 : 70)} />
          </a>
        </td>
      </tr>
      {large && fields.reason && (
        <tr>
          <td style={cellPadding}>
            <p class="focal-muted" style={font(14, theme.muted)}><Text value={shorten(fields.reason, 120)} /></p>
          </td>
        </tr>
      )}
      <tr>
        <td style={cellPadding}>
          <p class="focal-accent" style={font(large ? 18 : 15, theme.accent, { 'font-weight': 'bold' })}><Text value={fields.price} /></p>
        </td>
      </tr>
      <tr>
        <td align="center" style={css({ padding: '6px 8px 12px 8px' })}>
          <Raw html={buttonHtml({ href, label: buttonText, width: Math.min(width, large ? 240 : 200), height: large ? 44 : 38, theme, fontSize: large ? 16 : 14 })} />
        </td>
      </tr>
    </table>
  );
}

function cellPaddingParts(top: number): Record<string, string> {
  return { padding: `${top}px 8px 2px 8px` };
}
