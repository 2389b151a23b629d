import { useCallback, useContext, useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import type { Candidate, PlacementHandle, PlacementState } from '@focal/sdk-core';
import { requestKey, requestProblem, type RecommendClient } from '@focal/sdk-core';
import { FocalContext, type FocalContextValue } from './context.js';

export interface PlacementQuery {
  placement: string;
  items?: string[];
  limit?: number;
  fallback?: Candidate[];
}

/** The provider's value; throws a clear error outside `<FocalProvider>`. */
export function useFocal(): FocalContextValue {
  const value = useContext(FocalContext);
  if (!value) throw new Error('focal: wrap your app in <FocalProvider> to use Focal components and hooks.');
  return value;
}

/**
 * The placement's handle, without subscribing to its state. Keyed by the request's content (placement, items,
 * limit): a re-render with equal inline arrays keeps the handle (no request), a changed one gets a new handle
 * (one request). `fallback` is read when the handle is created.
 */
export function usePlacementHandle(query: PlacementQuery): PlacementHandle {
  const { client } = useFocal();
  // An invalid request is never keyed (requestKey assumes valid items): the client refuses it with a message naming the prop.
  const key = requestProblem(query) ? {} : requestKey(query);
  // A render may be thrown away (transitions, Suspense), so the reference taken while rendering is only lent: the
  // effect takes its own for as long as the component is mounted and gives the lent one back (a render that never
  // commits gives it back after LEND_MS). StrictMode calls the memo's function twice: the second call reuses the loan.
  const last = useRef<{ client: RecommendClient; key: unknown; lent: Loan }>(undefined);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by content on purpose
  const lent = useMemo(() => {
    if (last.current?.client !== client || last.current.key !== key) last.current = { client, key, lent: lend(client.placement(query)) };
    return last.current.lent;
  }, [client, key]);
  useEffect(() => {
    const held = client.placement(lent.handle.request);
    lent.giveBack();
    return () => held.release();
  }, [client, lent]);
  return lent.handle;
}

const LEND_MS = 10_000;

interface Loan { handle: PlacementHandle; giveBack(): void }

function lend(handle: PlacementHandle): Loan {
  let lent = true;
  const giveBack = () => {
    clearTimeout(timer);
    if (lent) handle.release();
    lent = false;
  };
  const timer = setTimeout(giveBack, LEND_MS);
  (timer as { unref?: () => void }).unref?.(); // never keeps a server-rendering process alive
  return { handle, giveBack };
}

/**
 * A placement's live state (`status`, `items`, `requestId`, …). Inline arrays are fine: the request is keyed
 * by its content (placement, items, limit), so re-renders never re-fetch. Hydration reads the state the
 * server rendered.
 * @example const { status, items } = useRecommendations({ placement: 'pdp-similar', items: [sku] });
 */
export function useRecommendations(query: PlacementQuery): PlacementState & { handle: PlacementHandle } {
  const handle = usePlacementHandle(query);
  // One subscription per handle: a new function every render would have React unsubscribe and subscribe again on
  // each one, and the shopper check (every second while the state is watched) would start over each time, so a
  // component rendering more often than that (a clock, a form) never saw a sign-in or sign-out.
  const subscribe = useCallback((onChange: () => void) => handle.state.subscribe(onChange), [handle]);
  const state = useSyncExternalStore(subscribe, () => handle.state.value, () => handle.initial);
  return { ...state, handle };
}
