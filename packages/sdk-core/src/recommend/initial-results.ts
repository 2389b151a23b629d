import type { RecommendationResponse } from '../contracts/index.js';
import { MAX_RECOMMENDATIONS } from '../contracts/limits.js';
import { candidateProblem, requestProblem } from './guards.js';
import type { AnsweredRecommendation } from './transport.js';

type Loose = Record<string, any>;

const shown = (value: unknown): string => String(JSON.stringify(value)).slice(0, 100);
/** Messages warned already (once per page, or server process: every server render checks its answers). */
const warned = new Set<string>();

const text = (max: number) => (v: unknown) => typeof v === 'string' && v.length > 0 && v.length <= max;
const optionalString = (v: unknown) => v === undefined || typeof v === 'string';

/** What each field of an answer must be (as `readResult` checks a fresh answer with `DEV`). */
const FIELDS: Array<[string, string, (v: unknown) => boolean]> = [
  ['requestId', 'the request id of the answer (1-128 characters)', text(128)],
  ['placement', 'the placement it answers (1-64 characters)', text(64)],
  ['strategy', 'a string', (v) => typeof v === 'string'],
  ['items', 'an array of products', Array.isArray],
  ['variant', 'absent or a string', optionalString],
  ['modelVersion', 'absent or a string', optionalString],
];

/**
 * Checks `initialResults` (answers the page's server fetched, passed to the recommendation client or `<FocalProvider>`)
 * and answers them as the client shows them. What is not an answer at all throws an error naming the field (the array,
 * `initialResults[1]`, `initialResults[0].requestId`, a `request` that is not a placement request or asks for another
 * placement): rendered, it would crash the widgets obscurely or show one placement's answer for another. A product
 * that is not one is left out with a console warning naming its field (`initialResults[0].items[1].price`), as a fresh
 * answer's would be: its neighbours show. An `undefined` or `null` entry (what `fetchBatch` answers for a placement it
 * got no valid answer for) is skipped: that placement is asked for in the browser.
 */
export function checkInitialResults(value: unknown): AnsweredRecommendation[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    throw new Error(`focal: initialResults must be an array of the answers fetchBatch gave (one per placement the server rendered); got ${value === null ? 'null' : typeof value}`);
  }
  const answers: AnsweredRecommendation[] = [];
  value.forEach((entry: unknown, i) => {
    if (entry == null) return;
    const at = `initialResults[${i}]`;
    const r = entry as Loose;
    if (typeof r !== 'object' || Array.isArray(r)) {
      throw new Error(`focal: ${at} must be a placement's answer as fetchBatch gives it ({ requestId, placement, strategy, items, request }); got ${shown(r)}`);
    }
    const wrong = FIELDS.find(([name, , ok]) => !ok(r[name]));
    if (wrong) throw new Error(`focal: ${at}.${wrong[0]} must be ${wrong[1]}; got ${shown(r[wrong[0]])}`);
    if (r.request !== undefined) {
      const problem = requestProblem(r.request);
      if (problem) throw new Error(`focal: ${at}.request: ${problem}`);
      if (r.request.placement !== r.placement) {
        throw new Error(`focal: ${at}.request.placement must be the answer's placement (${JSON.stringify(r.placement)}); got ${shown(r.request.placement)}. Pass the results of fetchBatch unchanged`);
      }
    }
    const items = (r.items as unknown[]).filter((item, j) => {
      const problem = candidateProblem(item, `${at}.items[${j}]`);
      if (problem && !warned.has(problem)) {
        warned.add(problem);
        console.warn(`focal: ${problem}. The product is left out`);
      }
      return !problem;
    });
    answers.push({ ...(r as RecommendationResponse), items: items.slice(0, MAX_RECOMMENDATIONS) as RecommendationResponse['items'] });
  });
  return answers;
}
