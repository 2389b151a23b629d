/**
 * Whether a link is safe to follow or load from a shop's page: absolute http(s), or relative (it resolves to http(s)
 * with the browser's own URL parser). Refuses `javascript:`, `data:`, `vbscript:` and the like however they are
 * spelled. Shared by the wire contracts (zod) and the production bundle's light guards (no zod).
 */
export function isWebLink(value: unknown): boolean {
  try {
    return typeof value === 'string' && value.length > 0 && /^https?:$/.test(new URL(value, 'http://x').protocol);
  } catch {
    return false;
  }
}
