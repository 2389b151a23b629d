import type { ResolvedTheme } from './theme.js';

/**
 * The only CSS not inlined: what cannot be inline. A mobile media query that stacks the columns, and dark-mode
 * colours for clients that honour `prefers-color-scheme` (Apple Mail, Outlook for Mac/iOS) plus Outlook.com's
 * `[data-ogsc]`/`[data-ogsb]` hooks. Clients that drop the `<style>` block still get the inline light design.
 */
export function headCss(theme: ResolvedTheme, containerWidth: number): string {
  const d = theme.dark;
  const dark = (prefix: string) =>
    `${prefix}.focal-bg{background-color:${d.background}!important}` +
    `${prefix}.focal-surface{background-color:${d.surface}!important}` +
    // .focal-img: the alt text a client shows in the image box when images are off, else dark on the dark surface
    `${prefix}.focal-text,${prefix}.focal-heading,${prefix}.focal-img{color:${d.text}!important}` +
    `${prefix}.focal-muted{color:${d.muted}!important}` +
    `${prefix}.focal-accent{color:${d.accent}!important}` +
    `${prefix}.focal-button{background-color:${d.accent}!important;color:${d.accentText}!important}`;
  return (
    ':root{color-scheme:light dark;supported-color-schemes:light dark}' +
    `@media only screen and (max-width:${containerWidth + 20}px){` +
    '.focal-container{width:100%!important}' +
    '.focal-col{max-width:100%!important}' +
    '.focal-img{width:100%!important;height:auto!important}' +
    '}' +
    `@media (prefers-color-scheme:dark){${dark('')}}` +
    dark('[data-ogsc] ').replace(/\[data-ogsc\] \.focal-(bg|surface)/g, '[data-ogsb] .focal-$1')
  );
}
