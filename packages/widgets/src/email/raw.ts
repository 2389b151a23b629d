import { h, type VNode } from 'preact';

/**
 * Raw markup inside a Preact tree. preact-render-to-string cannot emit comments, and Outlook's conditional
 * comments (`<!--[if mso]>…<![endif]-->`) are comments; so they are rendered as the inner HTML of a
 * `<focal-raw>` wrapper that {@link unwrapRaw} removes after rendering.
 * Only ever fed markup this module assembled with {@link escapeHtml}ed values.
 */
export function Raw({ html }: { html: string }): VNode {
  return h('focal-raw', { dangerouslySetInnerHTML: { __html: html } }) as VNode;
}

/** Removes the `<focal-raw>` wrappers, leaving their content in place. Escaped text cannot contain `<focal-raw>`. */
export function unwrapRaw(html: string): string {
  return html.replace(/<\/?focal-raw>/g, '');
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML text or a double-quoted attribute (also safe inside conditional comments: no `-->`). */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** `<!--[if mso]>…<![endif]-->`: markup only Outlook on Windows (Word engine) reads. */
export function msoOnly(html: string): string {
  return `<!--[if mso]>${html}<![endif]-->`;
}

/** Opening and closing of a block every client except Outlook on Windows reads. */
export const NOT_MSO_START = '<!--[if !mso]><!-->';
export const NOT_MSO_END = '<!--<![endif]-->';

/** Text with every markup character escaped (`<`, `>`, `&`, quotes); preact alone leaves `>` raw. */
export function Text({ value }: { value: string }): VNode {
  return Raw({ html: escapeHtml(value) });
}
