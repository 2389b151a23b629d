import { HtmlValidate } from 'html-validate';
import { doIUseEmail } from 'doiuse-email';

/**
 * html-validate for email markup: the recommended rules, minus the ones that fight how email must be written.
 * - `no-inline-style` off: inline styles are the only styling every client keeps (Gmail drops a whole `<style>`
 *   block on one error, many webmails strip it); head CSS is used only for media queries and dark mode.
 * - `no-deprecated-attr` off: `width`, `cellpadding`, `cellspacing`, `border`, `bgcolor`, `align`, `valign` are
 *   what Outlook's Word engine reads for layout.
 * - `no-conditional-comment` off: Outlook ghost tables and VML buttons live in `<!--[if mso]>` comments.
 * - `prefer-tbody` off: browsers insert `<tbody>` themselves; leaving it out saves bytes under Gmail's 102 kB clip.
 * - `void-style` set to self-closing: preact-render-to-string writes `<meta/>`, `<img/>` (valid HTML).
 */
export const emailValidator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: {
    'no-inline-style': 'off',
    'no-deprecated-attr': 'off',
    'no-conditional-comment': 'off',
    'prefer-tbody': 'off',
    'void-style': ['error', { style: 'selfclosing' }],
  },
});

/** html-validate messages as `rule: message` lines (empty when valid). */
export async function validateHtml(html: string): Promise<string[]> {
  const report = await emailValidator.validateString(html);
  return report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message} (line ${m.line}:${m.column})`));
}

/** The clients the issue names: every Gmail and Outlook on Windows. */
export const CLIENTS = ['gmail.*', 'outlook.windows'];

/** doiuse-email errors for Gmail and Outlook on Windows, deduplicated. */
export function unsupported(html: string): string[] {
  const result = doIUseEmail(html, { emailClients: CLIENTS });
  return [...new Set('errors' in result ? result.errors : [])];
}

/**
 * The accepted exceptions, each a part of the email that a client which does not support it simply ignores.
 * `strip` removes that part; after removing all three, doiuse-email must report nothing.
 */
export const ACCEPTED_EXCEPTIONS = [
  {
    part: 'head <style>: mobile media query and dark-mode rules (class/attribute selectors, @media)',
    why: 'progressive enhancement only: Outlook on Windows and Gmail\'s mobile webmail ignore it and render the inline light design, which is complete without it',
    strip: (html: string) => html.replace(/<style>[\s\S]*?<\/style>/g, ''),
  },
  {
    part: 'hidden preview text (display:none, opacity, overflow, max-height)',
    why: 'the belt-and-braces way to hide the preheader; Outlook hides it by mso-hide:all, and where a property is unsupported the others still hide it',
    strip: (html: string) => html.replace(/<body([^>]*)><div style="display:none[^"]*">[\s\S]*?<\/div>/, '<body$1>'),
  },
  {
    part: 'the HTML button (<a> with border-radius, display:inline-block) inside <!--[if !mso]><!-->…<!--<![endif]-->',
    why: 'Outlook on Windows never reads it: it gets the VML v:roundrect in <!--[if mso]> instead',
    strip: (html: string) => html.replace(/<!--\[if !mso\]><!-->[\s\S]*?<!--<!\[endif\]-->/g, ''),
  },
] as const;

/**
 * What Outlook on Windows parses: the `[if mso]` blocks opened up, the `[if !mso]` blocks removed.
 * VML/Office elements (`v:*`, `w:*`, `o:*`, `xml`) are replaced by a neutral `<span>` so the table structure of the
 * ghost tables can be validated.
 */
export function outlookView(html: string): string {
  return html
    .replace(/<!--\[if !mso\]><!-->[\s\S]*?<!--<!\[endif\]-->/g, '')
    .replace(/<!--\[if mso\]>([\s\S]*?)<!\[endif\]-->/g, '$1')
    .replace(/<noscript><xml>[\s\S]*?<\/xml><\/noscript>/g, '')
    .replace(/<v:roundrect[^>]*>([\s\S]*?)<\/v:roundrect>/g, '<span>$1</span>')
    .replace(/<w:anchorlock\/>/g, '')
    .replace(/<center([^>]*)>([\s\S]*?)<\/center>/g, '<span$1>$2</span>');
}

/** Every `href` in the markup, including those only Outlook reads inside conditional comments. */
export function allHrefs(html: string): string[] {
  return [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1].replaceAll('&amp;', '&'));
}

/** Every `<img …>` tag. */
export function imgTags(html: string): string[] {
  return [...html.matchAll(/<img\b[^>]*>/g)].map((m) => m[0]);
}
