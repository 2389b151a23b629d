import { createElement, useRef, useState, type ReactNode } from 'react';
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
  /**
   * Reranker, onEvent, anonymousId, userToken, timeout… for the clients created here. When `tracker` is a Focal
   * instance (`createFocal()`), its `anonymousId` and signed-in shopper's `userToken` are sent by default, and its
   * consent to personalisation turns device reranking off when refused.
   */
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
  const latest = useRef(props);
  latest.current = props;
  const [value] = useState(() => {
    const connection = { endpoint: props.endpoint ?? '', siteKey: props.siteKey ?? '' };
    if (!props.client && (!connection.endpoint || !connection.siteKey)) {
      throw new Error('focal: <FocalProvider> needs client={…} or endpoint="…" and siteKey="…". See the @focal/widgets README, section "React".');
    }
    // On the server, placements without an initial result render their skeleton; nothing is fetched there.
    const server = typeof window === 'undefined' ? { fetch: () => Promise.reject(new Error('not fetched during server rendering')) } : {};
    // The shopper as the current tracker knows them (a Focal instance: identify() may sign them in later).
    const shopper = (key: 'anonymousId' | 'userToken') => () => {
      const value = (latest.current.tracker as Partial<Record<typeof key, unknown>> | undefined)?.[key];
      return typeof value === 'string' ? value : undefined;
    };
    // a shopper who refused personalisation keeps the server's order (no device reranking)
    const personalization = () => (latest.current.tracker as { consentState?: { personalization?: boolean } | null } | undefined)?.consentState?.personalization;
    const options = { anonymousId: shopper('anonymousId'), userToken: shopper('userToken'), personalization, ...props.clientOptions, ...connection };
    const client = props.client ?? createRecommendClient({ ...options, ...server, initialResults: props.initialResults });
    const content = props.content ?? (connection.endpoint ? createContentClient(options) : undefined);
    return { client, content };
  });
  return createElement(FocalContext.Provider, { value: { ...value, tracker: props.tracker, locale: props.locale ?? 'en' } }, props.children);
}
