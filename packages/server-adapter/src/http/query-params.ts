import { HttpError } from './errors.js';

/** What a GET route takes in its query, for {@link queryChecker}. */
export interface QueryParams {
  /** The route as the message names it, e.g. `GET /v1/recommendations`. */
  route: string;
  /** Every parameter the route reads, in the order the message lists them. */
  accepted: readonly string[];
  /**
   * Names taken and never read, besides `accepted` (what tooling in front of the route appends, e.g. the `utm_*` an
   * email service's link tracking adds), and how the message lists them.
   */
  ignored?: { test: (name: string) => boolean; described: string };
}

/**
 * A check of a GET route's query: a parameter the route does not read (a typo such as `lyout=hero` or `limt=4`, which
 * would otherwise be dropped and answered with the defaults) is refused.
 * @throws HttpError 400 `unknown_parameter` naming the parameter (`field`) and listing the accepted ones.
 * @example
 * const checkQuery = queryChecker({ route: 'GET /v1/content', accepted: ['slot', 'anonymousId', 'siteKey'] });
 * checkQuery(new URL(request.url).searchParams);
 */
export function queryChecker({ route, accepted, ignored }: QueryParams): (query: URLSearchParams) => void {
  const known = new Set(accepted);
  const takes = `${accepted.join(', ')}${ignored ? ` (and ${ignored.described})` : ''}`;
  return (query) => {
    for (const name of query.keys()) {
      if (known.has(name) || ignored?.test(name)) continue;
      const shown = name.slice(0, 64);
      throw new HttpError(400, 'unknown_parameter', `unknown query parameter "${shown}"; ${route} takes ${takes}`, shown);
    }
  };
}
