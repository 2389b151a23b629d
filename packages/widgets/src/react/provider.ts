import { createElement, useState, type ReactNode } from 'react';
import {
  createContentClient, createRecommendClient, type ContentClient, type RecommendClient, type RecommendClientOptions,
} from '../../../sdk-core/src/recommend/index.js';
import type { RecommendationResponse } from '@focal/sdk-core';
import type { TrackerLike } from '../connectors/tracker.js';
import { FocalContext } from './context.js';

export interface FocalProviderProps {
  /** A client you created; otherwise one is created from `endpoint` + `siteKey` (once per provider). */
  client?: RecommendClient;
  content?: ContentClient;
  endpoint?: string;
  siteKey?: string;
  /** Answers fetched on the server: rendered as-is on the server and when hydrating (no mismatch, no refetch). */
  initialResults?: RecommendationResponse[];
  /** Reranker, onEvent, anonymousId, timeout… for the client created here. */
  clientOptions?: Partial<RecommendClientOptions>;
  /** Tracks impressions, clicks and add-to-carts (`createFocal()`); absent on the server. */
  tracker?: TrackerLike;
  /** Locale for prices. Give it explicitly so server and browser format the same. @default 'en' */
  locale?: string;
  children?: ReactNode;
}

/**
 * Provides Focal to `<Recommendations>`, `<Bundle>`, `<PromoSlot>` and `useRecommendations()`.
 * @example <FocalProvider endpoint="https://recs.shop.example" siteKey="pk_live_…" locale="en-GB"><App /></FocalProvider>
 */
export function FocalProvider(props: FocalProviderProps) {
  const [value] = useState(() => {
    const connection = { endpoint: props.endpoint ?? '', siteKey: props.siteKey ?? '' };
    if (!props.client && (!connection.endpoint || !connection.siteKey)) {
      throw new Error('focal: <FocalProvider> needs client={…} or endpoint="…" and siteKey="…". See the @focal/widgets README, section "React".');
    }
    // On the server, placements without an initial result render their skeleton; nothing is fetched there.
    const server = typeof window === 'undefined' ? { fetch: () => Promise.reject(new Error('not fetched during server rendering')) } : {};
    const client = props.client ?? createRecommendClient({ ...props.clientOptions, ...server, ...connection, initialResults: props.initialResults });
    const content = props.content ?? (connection.endpoint ? createContentClient({ ...connection, ...props.clientOptions }) : undefined);
    return { client, content };
  });
  return createElement(FocalContext.Provider, { value: { ...value, tracker: props.tracker, locale: props.locale ?? 'en' } }, props.children);
}
