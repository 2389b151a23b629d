import { useContext, useEffect, useMemo, useSyncExternalStore } from 'react';
import type { Candidate, PlacementHandle, PlacementState } from '@focal/sdk-core';
import { requestKey, requestProblem } from '../../../sdk-core/src/recommend/index.js';
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
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by content on purpose
  const handle = useMemo(() => client.placement(query), [client, key]);
  useEffect(() => () => handle.release(), [handle]);
  return handle;
}

/**
 * A placement's live state (`status`, `items`, `requestId`, …). Inline arrays are fine: the request is keyed
 * by its content (placement, items, limit), so re-renders never re-fetch. Hydration reads the state the
 * server rendered.
 * @example const { status, items } = useRecommendations({ placement: 'pdp-similar', items: [sku] });
 */
export function useRecommendations(query: PlacementQuery): PlacementState & { handle: PlacementHandle } {
  const handle = usePlacementHandle(query);
  const state = useSyncExternalStore(
    (onChange) => handle.state.subscribe(onChange),
    () => handle.state.value,
    () => handle.initial,
  );
  return { ...state, handle };
}
