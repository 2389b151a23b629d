import { escapeHtml, msoOnly, NOT_MSO_END, NOT_MSO_START } from '../raw.js';
import { css } from '../style.js';
import type { ResolvedTheme } from '../theme.js';

/** What a bullet-proof button needs. */
export interface ButtonSpec {
  href: string;
  label: string;
  /** Width in px (Outlook needs a fixed one). */
  width: number;
  height: number;
  theme: ResolvedTheme;
  fontSize: number;
}

/**
 * A "bullet-proof" button as raw markup: a VML `v:roundrect` that only Outlook on Windows reads (it ignores
 * padding and border-radius on links), and a styled `<a>` for every other client, hidden from Outlook.
 * Both carry the same `href`. Values are escaped; the result is fed to `<Raw>`.
 */
export function buttonHtml(spec: ButtonSpec): string {
  const { theme } = spec;
  const href = escapeHtml(spec.href);
  const label = escapeHtml(spec.label);
  const arc = Math.round((theme.radius / spec.height) * 100);
  const vml =
    `<v:roundrect xmlns:v="urn:schemas-microsoft-com:vml" xmlns:w="urn:schemas-microsoft-com:office:word" href="${href}" ` +
    `style="height:${spec.height}px;v-text-anchor:middle;width:${spec.width}px;" arcsize="${arc}%" stroke="f" fillcolor="${theme.accent}">` +
    `<w:anchorlock/><center style="${css({ color: theme.accentText, 'font-family': theme.fontFamily, 'font-size': spec.fontSize, 'font-weight': 'bold' })}">${label}</center></v:roundrect>`;
  const link =
    `<a href="${href}" class="focal-button" style="${escapeHtml(css({
      'background-color': theme.accent,
      'border-radius': theme.radius,
      color: theme.accentText,
      display: 'inline-block',
      'font-family': theme.fontFamily,
      'font-size': spec.fontSize,
      'font-weight': 'bold',
      'line-height': spec.height,
      'text-align': 'center',
      'text-decoration': 'none',
      width: spec.width,
      '-webkit-text-size-adjust': 'none',
    }))}">${label}</a>`;
  return `${msoOnly(vml)}${NOT_MSO_START}${link}${NOT_MSO_END}`;
}
