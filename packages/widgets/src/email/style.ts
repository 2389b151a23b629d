/**
 * Serialises declarations into an inline `style` value, in order, skipping `undefined`.
 * Keys are written as-is, so vendor and Outlook properties (`mso-hide`, `-webkit-text-size-adjust`) pass through.
 * @example css({ color: '#000', 'mso-line-height-rule': 'exactly' }) // 'color:#000;mso-line-height-rule:exactly'
 */
export function css(declarations: Record<string, string | number | undefined>): string {
  return Object.entries(declarations)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}:${typeof v === 'number' && v !== 0 ? `${v}px` : v}`)
    .join(';');
}
