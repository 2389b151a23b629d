import { describe, expect, it } from 'vitest';
import { renderEmail, type EmailLayout } from '../../src/email/index.js';
import { ACCEPTED_EXCEPTIONS, outlookView, unsupported, validateHtml } from './email-lint.js';
import { response } from './fixtures.js';

const LAYOUTS: { layout: EmailLayout; count: number; columns?: number }[] = [
  { layout: 'row', count: 2, columns: 2 },
  { layout: 'row', count: 3, columns: 3 },
  { layout: 'row', count: 4, columns: 4 },
  { layout: 'grid', count: 4 },
  { layout: 'hero', count: 1 },
];

const signedLink = ({ position }: { position: number }) => `https://adapter.example/r/tok${position}.sig`;

describe.each(LAYOUTS)('email layout $layout with $count products', ({ layout, count, columns }) => {
  const { html, fragment } = renderEmail(response(count + 2), { layout, columns, campaign: 'nov', link: signedLink });

  it('is valid HTML (html-validate, email rule set)', async () => {
    expect(await validateHtml(html)).toEqual([]);
  });

  it('stays valid HTML as Outlook on Windows parses it (ghost tables opened, non-Outlook parts removed)', async () => {
    const outlook = outlookView(html);
    expect(outlook).not.toContain('[if');
    expect(await validateHtml(outlook)).toEqual([]);
  });

  it('the fragment alone is valid HTML once put in a body', async () => {
    expect(await validateHtml(`<!DOCTYPE html><html lang="en"><head><title>t</title></head><body>${fragment}</body></html>`)).toEqual([]);
  });

  it('uses nothing Gmail or Outlook on Windows lacks, beyond the written, tested exceptions', () => {
    const all = unsupported(html);
    const stripped = ACCEPTED_EXCEPTIONS.reduce((h, e) => e.strip(h), html);
    expect(stripped.length).toBeLessThan(html.length);
    expect(unsupported(stripped)).toEqual([]);
    // Each exception removes something doiuse-email really objects to (no exception is a dead letter).
    for (const exception of ACCEPTED_EXCEPTIONS) {
      const others = ACCEPTED_EXCEPTIONS.filter((e) => e !== exception).reduce((h, e) => e.strip(h), html);
      expect(unsupported(others), exception.part).not.toEqual([]);
    }
    expect(all.length).toBeGreaterThan(0);
  });
});

describe('what the exceptions leave in', () => {
  it('border-radius and inline-block buttons appear only inside [if !mso] blocks, VML buttons only inside [if mso]', () => {
    const { html } = renderEmail(response(3), { link: signedLink });
    const outside = html.replace(/<!--\[if !mso\]><!-->[\s\S]*?<!--<!\[endif\]-->/g, '').replace(/<!--\[if mso\]>[\s\S]*?<!\[endif\]-->/g, '');
    expect(outside).not.toContain('border-radius');
    expect(outside).not.toContain('v:roundrect');
    expect(html.match(/<v:roundrect/g)).toHaveLength(3);
  });

  it('puts no media query or selector anywhere but the head <style>', () => {
    const { html, fragment } = renderEmail(response(3), { link: signedLink });
    expect(fragment).not.toContain('<style');
    expect(html.match(/<style>/g)).toHaveLength(1);
    expect(html.indexOf('<style>')).toBeLessThan(html.indexOf('</head>'));
  });
});

describe('the checkers themselves', () => {
  it('html-validate with the email rules still rejects broken email markup', async () => {
    const broken = '<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><table><div>x</div></table><img src="a.png"/></body></html>';
    const problems = await validateHtml(broken);
    expect(problems.some((p) => p.startsWith('element-permitted-content'))).toBe(true);
    expect(problems.some((p) => p.startsWith('wcag/h37'))).toBe(true);
  });

  it('doiuse-email flags a feature Outlook lacks outside the exceptions', () => {
    const { html } = renderEmail(response(2), { layout: 'row', columns: 2 });
    const withFlex = html.replace('<h2 ', '<h2 data-x="1" ').replace('style="margin:0;font-family', 'style="display:flex;margin:0;font-family');
    const stripped = ACCEPTED_EXCEPTIONS.reduce((h, e) => e.strip(h), withFlex);
    expect(unsupported(stripped).join('\n')).toMatch(/display:flex|flex/);
  });
});
