import { HttpError } from './errors.js';

/** What a route takes in its query, for {@link queryChecker}. */
export interface QueryParams {
  /** The route as the message names it, e.g. `GET /v1/recommendations`. */
  route: string;
  /** Every parameter the route reads, in the order the message lists them (none: `[]`). */
  accepted: readonly string[];
  /**
   * The accepted parameters the route reads every value of (`placement=a&placement=b`); any other given more than
   * once is refused, as only one of its values would be read.
   */
  repeatable?: readonly string[];
  /**
   * Names taken and never read, besides `accepted` (what tooling in front of the route appends, e.g. the `utm_*` an
   * email service's link tracking adds), and how the message lists them.
   */
  ignored?: { test: (name: string) => boolean; described: string };
}

/**
 * A check of a route's query: a parameter the route does not read (a typo such as `lyout=hero`, `limt=4` or `frm=`,
 * which would otherwise be dropped and answered with the defaults) is refused, and so is a parameter the route reads
 * once given twice (`user=a&user=b`: one of them would be used without a word).
 * @throws HttpError 400 `unknown_parameter` naming the parameter (`field`) and listing the accepted ones, or 400
 *   `repeated_parameter` naming it.
 * @example
 * const checkQuery = queryChecker({ route: 'GET /v1/content', accepted: ['slot', 'anonymousId', 'siteKey'] });
 * checkQuery(new URL(request.url).searchParams);
 */
export function queryChecker({ route, accepted, repeatable = [], ignored }: QueryParams): (query: URLSearchParams) => void {
  const known = new Set(accepted);
  const many = new Set(repeatable);
  const takes = accepted.length ? `${accepted.join(', ')}${ignored ? ` (and ${ignored.described})` : ''}` : 'no query parameters';
  return (query) => {
    const seen = new Set<string>();
    for (const name of query.keys()) {
      if (ignored?.test(name) && !known.has(name)) continue;
      const shown = name.slice(0, 64);
      if (!known.has(name)) throw new HttpError(400, 'unknown_parameter', `unknown query parameter "${shown}"; ${route} takes ${takes}`, shown);
      if (seen.has(name) && !many.has(name)) {
        throw new HttpError(400, 'repeated_parameter', `query parameter "${shown}" is given more than once; ${route} reads one ${shown}: send it once`, shown);
      }
      seen.add(name);
    }
  };
}
