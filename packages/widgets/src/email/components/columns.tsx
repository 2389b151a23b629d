import type { ComponentChildren } from 'preact';
import { Raw, msoOnly } from '../raw.js';
import { css } from '../style.js';
import { tableAttrs } from './table-attrs.js';

/**
 * Side-by-side columns that work everywhere ("hybrid" layout): each column is an inline-block `div` with a
 * max-width, so narrow screens stack them; Outlook on Windows, which ignores both, gets a conditional
 * "ghost table" with one fixed-width cell per column around the same divs.
 */
export function Columns({ width, cells }: { width: number; cells: ComponentChildren[] }) {
  const columnWidth = Math.floor(width / cells.length);
  const open = msoOnly(`<table role="presentation" width="${width}" cellpadding="0" cellspacing="0" border="0"><tr><td width="${columnWidth}" valign="top">`);
  const between = msoOnly(`</td><td width="${columnWidth}" valign="top">`);
  const close = msoOnly('</td></tr></table>');
  return (
    <table {...tableAttrs('100%')}>
      <tr>
        <td align="center" style={css({ 'font-size': 0, 'text-align': 'center' })}>
          <Raw html={open} />
          {cells.map((cell, i) => (
            <>
              {i > 0 && <Raw html={between} />}
              <div class="focal-col" style={css({ display: 'inline-block', 'vertical-align': 'top', width: '100%', 'max-width': columnWidth })}>
                {cell}
              </div>
            </>
          ))}
          <Raw html={close} />
        </td>
      </tr>
    </table>
  );
}
