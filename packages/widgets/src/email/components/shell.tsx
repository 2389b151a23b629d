import type { ComponentChildren } from 'preact';
import { Raw, Text, msoOnly } from '../raw.js';
import { css } from '../style.js';
import type { ResolvedTheme } from '../theme.js';

/** Characters that keep the body text out of the inbox preview after the preview text (zero-width joiners). */
const PREVIEW_FILLER = '\u034f\u200c\u00a0'.repeat(60);

/**
 * The email document: `color-scheme` metas for dark mode, Outlook's 96-dpi setting, the head CSS (media queries
 * and dark mode only), and the hidden preview text first in the body.
 */
export function Shell({ lang, dir, title, theme, headCss, previewText, children }: {
  lang: string; dir: 'ltr' | 'rtl'; title: string; theme: ResolvedTheme; headCss: string; previewText: string; children: ComponentChildren;
}) {
  return (
    <html lang={lang} dir={dir === 'rtl' ? 'rtl' : undefined}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="x-apple-disable-message-reformatting" />
        <meta name="color-scheme" content="light dark" />
        <meta name="supported-color-schemes" content="light dark" />
        <title><Text value={title} /></title>
        <Raw html={msoOnly('<noscript><xml><o:OfficeDocumentSettings><o:PixelsPerInch>96</o:PixelsPerInch></o:OfficeDocumentSettings></xml></noscript>')} />
        <style dangerouslySetInnerHTML={{ __html: headCss }} />
      </head>
      <body class="focal-bg" style={css({ margin: 0, padding: 0, 'background-color': theme.background, '-webkit-text-size-adjust': '100%' })}>
        <div style={css({ display: 'none', 'font-size': 1, 'line-height': 1, 'max-height': 0, 'max-width': 0, opacity: 0, overflow: 'hidden', 'mso-hide': 'all' })}>
          <Text value={previewText} />{PREVIEW_FILLER}
        </div>
        {children}
      </body>
    </html>
  );
}
