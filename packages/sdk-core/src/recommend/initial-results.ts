import type { RecommendationResponse } from '../contracts/index.js';
import { MAX_RECOMMENDATIONS } from '../contracts/limits.js';
import { candidateProblem, requestProblem, resultProblem } from './guards.js';
import type { AnsweredRecommendation } from './transport.js';

type Loose = Record<string, any>;

/** Messages warned already (once per page, or server process: every server render checks its answers). */
const warned = new Set<string>();

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
    const wrong = resultProblem(entry, at);
    if (wrong) throw new Error(`focal: ${wrong}`);
    const r = entry as Loose;
    if (r.request !== undefined) {
      const problem = requestProblem(r.request);
      if (problem) throw new Error(`focal: ${at}.request: ${problem}`);
      if (r.request.placement !== r.placement) {
        throw new Error(`focal: ${at}.request.placement must be the answer's placement (${JSON.stringify(r.placement)}); got ${JSON.stringify(r.request.placement)}. Pass the results of fetchBatch unchanged`);
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
