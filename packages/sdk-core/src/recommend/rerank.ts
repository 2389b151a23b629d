import type { Candidate } from '../contracts/index.js';
import { SCRIPT_TAG } from '../tracking/build.js';
import type { ObservedEvent, PlacementItem, PlacementState, RerankerLike } from './types.js';

interface Rerankable {
  state: { value: PlacementState };
  base: PlacementItem[];
  version: number;
}

const DEFAULT_TRIGGERS = ['product_view', 'add_to_cart', 'remove_from_cart', 'rec_click', 'purchase'];
/** Impressions without a click also push items down: rerank after this many. */
const IMPRESSIONS_PER_RERANK = 5;

/**
 * Device reranking of placements: on arrival (`apply`) and, through `onEvent`, on in-session signals.
 * Items keep `serverRank`; a reranker that throws, rejects or drops every item leaves the server order, and so does a
 * shopper who refused personalisation (`personalization()` answers false).
 */
export function createReranking(
  options: {
    reranker?: RerankerLike; sessionState?: () => unknown; onEvent?: (l: (e: ObservedEvent) => void) => unknown; rerankOn?: string[];
    personalization?: () => boolean | undefined;
  },
  entries: () => Iterable<Rerankable>,
) {
  const { reranker } = options;
  const triggers = new Set((SCRIPT_TAG ? undefined : options.rerankOn) ?? DEFAULT_TRIGGERS);
  let impressions = 0;
  let scheduled = false;

  /** `modelVersion`: the version a fresh answer named (handed to the reranker, which re-checks its model on a new one). */
  function apply(e: Rerankable, modelVersion?: string) {
    if (!reranker || !e.base.length || options.personalization?.() === false) return;
    const version = e.version;
    const byId = new Map(e.base.map((item) => [item.id, item]));
    const done = (ordered: Candidate[]) => {
      if (e.version !== version || !Array.isArray(ordered)) return;
      const items = ordered.map((c) => byId.get(c?.id)).filter((x): x is PlacementItem => !!x);
      // the model that ordered the list is the device's, if it has one yet (none: no model is credited)
      if (items.length) e.state.value = { ...e.state.value, items, source: 'reranked', modelVersion: reranker.version?.() };
    };
    try {
      const out = reranker.rerank(e.base, options.sessionState?.(), modelVersion);
      if (out && typeof (out as Promise<Candidate[]>).then === 'function') (out as Promise<Candidate[]>).then(done, () => undefined);
      else done(out as Candidate[]);
    } catch {
      // keep the server order
    }
  }

  function all() {
    scheduled = false;
    for (const e of entries()) apply(e);
  }

  const unsubscribe = reranker ? options.onEvent?.((event) => {
    const hit = triggers.has(event?.type) || (event?.type === 'rec_impression' && ++impressions % IMPRESSIONS_PER_RERANK === 0);
    if (hit && !scheduled) {
      scheduled = true;
      queueMicrotask(all);
    }
  }) : undefined;

  // the script tag's client only applies (it never hands out rerank() or dispose())
  return (SCRIPT_TAG ? { apply } : { apply, all, dispose: () => { if (typeof unsubscribe === 'function') unsubscribe(); } }) as {
    apply: typeof apply; all: typeof all; dispose(): void;
  };
}
