/**
 * The options check of `createRecommendClient` and `createContentClient` (ESM and React callers; the script tag
 * configures its clients itself and never calls it): a name neither knows (a typo such as `timeoutMS`) or a value it
 * cannot use throws a `TypeError` naming the option, instead of being ignored or failing on the first request.
 */

/**
 * Every option of `RecommendClientOptions`. The content client takes the same names: the widgets' shared clients and
 * `<FocalProvider>` hand both clients one `clientOptions` object, and it reads the ones it needs.
 */
const OPTIONS = ['endpoint', 'siteKey', 'anonymousId', 'userToken', 'timeoutMs', 'fetch', 'breaker', 'cache', 'maxAgeMs', 'reranker',
  'sessionState', 'onEvent', 'rerankOn', 'personalization', 'initialResults', 'allowDuplicates'];

/** The options that are functions, each with the example its message gives. */
const HOOKS: Record<string, string> = {
  anonymousId: '{ anonymousId: () => focal.anonymousId }',
  userToken: '{ userToken: () => focal.userToken }',
  fetch: '{ fetch: (url, init) => fetch(url, init) }',
  sessionState: '{ sessionState: () => session.state.value }',
  onEvent: '{ onEvent: (listener) => focal.onEvent(listener) }',
  personalization: '{ personalization: () => focal.consentState?.personalization }',
  'reranker.rerank': '{ reranker: asRerankerLike(createReranker(…)) }',
  'reranker.version': '{ reranker: asRerankerLike(createReranker(…)) }',
};

const shown = (value: unknown) => (typeof value === 'string' ? JSON.stringify(value) : value === null ? 'null' : typeof value === 'number' || typeof value === 'boolean' ? String(value) : typeof value);
const positive = (value: unknown) => value === undefined || (typeof value === 'number' && value > 0 && value !== Infinity);

/** Throws a `TypeError` naming the first option of `options` that `caller` cannot use. */
export function checkClientOptions(caller: string, options: object): void {
  const fail = (message: string) => { throw new TypeError(`${caller}: ${message}`); };
  const o = options as Record<string, unknown>;
  for (const name of Object.keys(o)) {
    if (!OPTIONS.includes(name)) fail(`${name} is not an option; see RecommendClientOptions (${OPTIONS.join(', ')})`);
  }
  const reranker = o.reranker as Record<string, unknown> | undefined;
  const hooks: Record<string, unknown> = { ...o, 'reranker.version': reranker?.version };
  if (reranker !== undefined) hooks['reranker.rerank'] = reranker?.rerank ?? null;
  for (const [name, example] of Object.entries(HOOKS)) {
    const hook = hooks[name];
    if (hook !== undefined && typeof hook !== 'function') fail(`${name} must be a function, e.g. ${example}; got ${hook === null ? 'nothing' : typeof hook}`);
  }
  for (const name of ['timeoutMs', 'maxAgeMs']) {
    if (!positive(o[name])) fail(`${name} must be a positive number of milliseconds; got ${shown(o[name])}`);
  }
  const breaker = o.breaker as Record<string, unknown> | undefined;
  if (breaker !== undefined) {
    if (!breaker || typeof breaker !== 'object') fail(`breaker must be { threshold, cooldownMs }; got ${shown(breaker)}`);
    for (const name of Object.keys(breaker!)) if (name !== 'threshold' && name !== 'cooldownMs') fail(`breaker.${name} is not an option; use threshold, cooldownMs`);
    const { threshold, cooldownMs } = breaker!;
    if (threshold !== undefined && !(Number.isInteger(threshold) && (threshold as number) >= 1)) fail(`breaker.threshold must be a whole number ≥ 1; got ${shown(threshold)}`);
    if (!positive(cooldownMs)) fail(`breaker.cooldownMs must be a positive number of milliseconds; got ${shown(cooldownMs)}`);
  }
  const cache = o.cache as Record<string, unknown> | null | false | undefined;
  if (cache && (typeof cache !== 'object' || typeof cache.get !== 'function' || typeof cache.set !== 'function')) {
    fail(`cache must be a cache with get(key) and set(key, entry) (memoryCache(), idbCache()) or false; got ${shown(cache)}`);
  }
  if (o.allowDuplicates !== undefined && typeof o.allowDuplicates !== 'boolean') fail(`allowDuplicates must be true or false; got ${shown(o.allowDuplicates)}`);
  const rerankOn = o.rerankOn;
  if (rerankOn !== undefined && !(Array.isArray(rerankOn) && rerankOn.every((t) => typeof t === 'string'))) {
    fail(`rerankOn must be a list of event types, e.g. ['product_view', 'add_to_cart']; got ${shown(rerankOn)}`);
  }
}
