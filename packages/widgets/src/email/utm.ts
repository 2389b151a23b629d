/** The UTM tags of an email click. */
export interface UtmInfo {
  campaign?: string;
  placement: string;
  position: number;
}

/**
 * Adds `utm_source=focal&utm_medium=email&utm_campaign=…&utm_content=<placement>-<position>` to a URL,
 * replacing any UTM tags it already had and keeping its other parameters and fragment.
 * @example withUtm('https://shop.example/p/aria?c=1', { campaign: 'nov', placement: 'email-for-you', position: 2 })
 */
export function withUtm(url: string, utm: UtmInfo): string {
  const target = new URL(url);
  target.searchParams.set('utm_source', 'focal');
  target.searchParams.set('utm_medium', 'email');
  if (utm.campaign) target.searchParams.set('utm_campaign', utm.campaign);
  else target.searchParams.delete('utm_campaign');
  target.searchParams.set('utm_content', `${utm.placement}-${utm.position}`);
  return target.toString();
}
