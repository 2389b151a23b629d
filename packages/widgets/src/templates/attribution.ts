/** Which recommendation a link came from; carried in the URL so attribution survives navigation. */
export interface Attribution {
  requestId?: string;
  placement: string;
  position: number;
}

/**
 * Adds `focal_rid`, `focal_pl` and `focal_pos` to a product URL (relative or absolute), keeping its hash.
 * @example withAttribution('/p/FR-1?c=1#top', { requestId: 'r1', placement: 'pdp-similar', position: 2 })
 *   // → '/p/FR-1?c=1&focal_rid=r1&focal_pl=pdp-similar&focal_pos=2#top'
 */
export function withAttribution(url: string, { requestId, placement, position }: Attribution): string {
  const hash = `${url}#`.indexOf('#');
  const base = url.slice(0, hash);
  return requestId
    ? `${base}${base.includes('?') ? '&' : '?'}focal_rid=${encodeURIComponent(requestId)}&focal_pl=${encodeURIComponent(placement)}&focal_pos=${position}${url.slice(hash)}`
    : url;
}

/** Reads the attribution parameters back from a URL (the product page calls this to tag its product_view). */
export function readAttribution(url: string): Attribution | undefined {
  const params = new URL(url, 'http://x').searchParams;
  const requestId = params.get('focal_rid');
  const placement = params.get('focal_pl');
  const position = Number(params.get('focal_pos'));
  return requestId && placement && Number.isInteger(position) && position >= 0 ? { requestId, placement, position } : undefined;
}
