/**
 * The attributes of every layout table: `role="presentation"` (screen readers skip the table semantics), no
 * spacing, no border, and the width (and background) as HTML attributes, which is what Outlook's Word engine reads.
 * Returned as a plain record because Preact's JSX types do not list the legacy `border`/`bgcolor` attributes.
 */
export function tableAttrs(width: number | string, bgcolor?: string): Record<string, string> {
  const attrs: Record<string, string> = { role: 'presentation', width: String(width), cellpadding: '0', cellspacing: '0', border: '0' };
  if (bgcolor) attrs.bgcolor = bgcolor;
  return attrs;
}
