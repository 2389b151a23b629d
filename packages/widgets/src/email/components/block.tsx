import type { Candidate } from '@focal/sdk-core/contracts';
import { Text } from '../raw.js';
import { css } from '../style.js';
import type { ResolvedOptions } from '../options.js';
import { Columns } from './columns.js';
import { tableAttrs } from './table-attrs.js';
import { ProductCard } from './product-card.js';

/** Width of the email body in px. */
export const CONTAINER_WIDTH = 600;
/** Horizontal padding inside the container. */
const GUTTER = 12;

/**
 * The recommendation block: a centred 600 px `role="presentation"` table (full width on phones) with the
 * heading and the products laid out as a row, a 2-column grid or a single hero.
 */
export function Block({ products, options }: { products: { item: Candidate; href: string }[]; options: ResolvedOptions }) {
  const { theme, layout } = options;
  const inner = CONTAINER_WIDTH - 2 * GUTTER;
  const perRow = layout === 'hero' ? 1 : layout === 'grid' ? 2 : options.columns;
  const rows: { item: Candidate; href: string }[][] = [];
  for (let i = 0; i < products.length; i += perRow) rows.push(products.slice(i, i + perRow));
  const columnWidth = Math.floor(inner / perRow);
  const card = (p: { item: Candidate; href: string }, width: number, size: 'small' | 'large') => (
    <ProductCard item={p.item} href={p.href} width={width} theme={theme} locale={options.locale} buttonText={options.buttonText} size={size} />
  );
  return (
    <table {...tableAttrs('100%', theme.background)} dir={options.dir === 'rtl' ? 'rtl' : undefined} class="focal-bg" style={css({ 'background-color': theme.background })}>
      <tr>
        <td align="center" style={css({ padding: '16px 0' })}>
          <table {...tableAttrs(CONTAINER_WIDTH)} class="focal-container"
            style={css({ width: '100%', 'max-width': CONTAINER_WIDTH, margin: '0 auto' })}>
            {options.heading && (
              <tr>
                <td style={css({ padding: `8px ${GUTTER + 8}px 12px ${GUTTER + 8}px` })}>
                  <h2 class="focal-heading" style={css({ margin: 0, 'font-family': theme.headingFontFamily, 'font-size': 22, 'line-height': 28, color: theme.text, 'font-weight': 'bold', 'mso-line-height-rule': 'exactly' })}>
                    <Text value={options.heading} />
                  </h2>
                </td>
              </tr>
            )}
            {rows.map((row) => (
              <tr>
                <td style={css({ padding: `0 ${GUTTER}px 8px ${GUTTER}px` })}>
                  {perRow === 1
                    ? card(row[0], inner - 16, 'large')
                    : <Columns width={inner} cells={padRow(row, perRow).map((p) => (p ? <div style={css({ padding: 4 })}>{card(p, columnWidth - 24, 'small')}</div> : null))} />}
                </td>
              </tr>
            ))}
          </table>
        </td>
      </tr>
    </table>
  );
}

/** Fills a short last row with empty cells so its columns keep the row's width. */
function padRow<T>(row: T[], size: number): (T | undefined)[] {
  return [...row, ...Array.from({ length: size - row.length }, () => undefined)];
}
