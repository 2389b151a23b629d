import { createElement, useEffect, useLayoutEffect, useMemo, useRef, type ReactNode } from 'react';
import {
  createContentClient, createRecommendClient, type ContentClient, type RecommendClient, type RecommendClientOptions,
} from '@focal/sdk-core';
import type { AnsweredRecommendation, ObservedEvent } from '@focal/sdk-core';
import type { TrackerLike } from '../connectors/tracker.js';
import { FocalContext } from './context.js';

export interface FocalProviderProps {
  /**
   * A client you created; otherwise one is created from `endpoint` + `siteKey` (again when either changes; the one it
   * replaces is disposed, and so are the provider's own on unmount). A new `client` replaces the previous one (its
   * placements are asked for with it); the provider never disposes yours.
   */
  client?: RecommendClient;
  content?: ContentClient;
  endpoint?: string;
  siteKey?: string;
  /**
   * Answers fetched on the server (`fetchBatch`): rendered as-is on the server and when hydrating (no mismatch, no
   * refetch), each for the placement asked with its items and limit (the `request` `fetchBatch` adds to it). Read
   * when the provider creates its client (first render, or a new `endpoint`/`siteKey`, which takes them only if they
   * changed too: one store's answers are never shown for another).
   */
  initialResults?: AnsweredRecommendation[];
  /**
   * Reranker, onEvent, anonymousId, userToken, timeout… for the clients created here. When `tracker` is a Focal
   * instance (`createFocal()`), its `anonymousId` and signed-in shopper's `userToken` are sent by default, and its
   * consent to personalisation turns device reranking off when refused. The functions (`anonymousId`, `userToken`,
   * `personalization`, `fetch`, `sessionState`, `onEvent`) are always the latest render's; the other options are read
   * when the clients are created: changing one later logs an error naming it.
   */
  clientOptions?: Partial<RecommendClientOptions>;
  /** Tracks impressions, clicks and add-to-carts (`createFocal()`); absent on the server. */
  tracker?: TrackerLike;
  /**
   * Locale for prices, and the language promotions are asked in (the adapter maps it to one of the CMS's locales).
   * Give it explicitly so server and browser format the same. @default 'en'
   */
  locale?: string;
  children?: ReactNode;
}

// On commit, before the page's next task (events tracked right after hydration are heard); never on the server.
const useCommitEffect = typeof window === 'undefined' ? useEffect : useLayoutEffect;

/** The clientOptions that are functions: called through the latest props, so closures over app state stay current. */
const HOOKS = ['anonymousId', 'userToken', 'personalization', 'fetch', 'sessionState', 'onEvent'] as const;
type Hook = (...args: never[]) => unknown;

/** What the provider created for one endpoint and site key. */
interface Created {
  client?: RecommendClient;
  content?: ContentClient;
  /** The options and answers they were created with (what later renders are compared with). */
  options?: Partial<RecommendClientOptions>;
  initialResults?: AnsweredRecommendation[];
  /** The recommendation client's event listener (device reranking), connected to `clientOptions.onEvent` while mounted. */
  listener?: (event: ObservedEvent) => void;
  /** Commits using them now (StrictMode unmounts and mounts again): at 0 they are disposed. */
  held?: number;
}

/** Equal, or arrays / plain objects with equal entries (inline `breaker: { threshold: 3 }` each render is the same). */
function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  const plain = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object'
    && (Array.isArray(v) || Object.getPrototypeOf(v) === Object.prototype);
  if (!plain(a) || !plain(b) || Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.is(a[k], b[k]));
}

/**
 * Provides Focal to `<Recommendations>`, `<Bundle>`, `<PromoSlot>` and `useRecommendations()`.
 *
 * Props may change: `tracker`, `locale` and the function options are used from the latest render (a shopper who
 * signs in or changes consent is answered accordingly from the next request); a new `endpoint` or `siteKey` creates
 * new clients and lets the previous ones go (their placements are released, their event listener removed, they are
 * disposed); a new
 * `client`/`content` replaces the previous one. The other `clientOptions` and `initialResults` are read when the
 * clients are created: a later change logs an error naming it (give the provider a new `key` to start over).
 * @example <FocalProvider endpoint="https://recs.shop.example" siteKey="pk_live_…" locale="en-GB"><App /></FocalProvider>
 */
export function FocalProvider(props: FocalProviderProps) {
  const latest = useRef(props);
  latest.current = props;
  const { client: givenClient, content: givenContent, endpoint = '', siteKey = '', clientOptions, tracker, locale = 'en' } = props;
  if (!givenClient && (!endpoint || !siteKey)) {
    throw new Error('focal: <FocalProvider> needs client={…} or endpoint="…" and siteKey="…". See the @focal/widgets README, section "React".');
  }
  for (const name of HOOKS) {
    const hook = clientOptions?.[name];
    if (hook !== undefined && typeof hook !== 'function') {
      throw new TypeError(`focal: <FocalProvider> clientOptions.${name} must be a function, e.g. { userToken: () => focal.userToken }; got ${hook === null ? 'null' : typeof hook}`);
    }
  }
  // The answers the committed client was created with: a client for another store takes new ones only.
  const primed = useRef<AnsweredRecommendation[]>(undefined);
  /** What this provider created and has not disposed yet (see the disposing effect below). */
  const own = useRef<Created[]>([]);
  const needClient = !givenClient;
  const needContent = !givenContent && !!endpoint;
  // Created while rendering (children register placements with it during the same render) but without side effects:
  // its only subscription, the reranker's onEvent listener, is connected by the effect below, so a render React
  // throws away (StrictMode, transitions) leaves nothing behind.
  const created = useMemo((): Created => {
    if (!needClient && !needContent) return {};
    const made: Created = {};
    const current = () => latest.current;
    // The shopper as the current tracker knows them (a Focal instance: identify() may sign them in later).
    const shopper = (key: 'anonymousId' | 'userToken') => {
      const value = (current().tracker as Partial<Record<typeof key, unknown>> | undefined)?.[key];
      return typeof value === 'string' ? value : undefined;
    };
    const defaults: Partial<Record<(typeof HOOKS)[number], Hook>> = {
      anonymousId: () => shopper('anonymousId'),
      userToken: () => shopper('userToken'),
      // a shopper who refused personalisation keeps the server's order (no device reranking)
      personalization: () => (current().tracker as { consentState?: { personalization?: boolean } | null } | undefined)?.consentState?.personalization,
      fetch: (...args: Parameters<typeof fetch>) => fetch(...args),
    };
    const hooks = Object.fromEntries(HOOKS.map((name) => [name, name === 'onEvent'
      ? (listener: (event: ObservedEvent) => void) => {
        made.listener = listener;
        return () => { made.listener = undefined; };
      }
      : (...args: never[]) => ((current().clientOptions?.[name] ?? defaults[name]) as Hook | undefined)?.(...args)]));
    // On the server, placements without an initial result render their skeleton; nothing is fetched there.
    const server = typeof window === 'undefined' ? { fetch: () => Promise.reject(new Error('not fetched during server rendering')) } : {};
    const options = { ...clientOptions, ...hooks, endpoint, siteKey };
    made.options = clientOptions;
    if (needClient) {
      made.initialResults = same(props.initialResults, primed.current) && primed.current ? undefined : props.initialResults;
      made.client = createRecommendClient({ ...options, ...server, initialResults: made.initialResults });
    }
    if (needContent) made.content = createContentClient(options);
    own.current.push(made);
    return made;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the rest is read through `latest` or compared below
  }, [needClient, needContent, endpoint, siteKey]);

  // Device reranking listens to the shopper's events while this client is in use: connected on commit, removed when
  // the client is replaced or the provider unmounts (StrictMode's extra unmount and mount included).
  const subscribe = clientOptions?.onEvent;
  useCommitEffect(() => {
    if (created.initialResults) primed.current = created.initialResults;
    if (!created.listener || !subscribe) return;
    const off = subscribe((event) => created.listener?.(event));
    return () => { if (typeof off === 'function') off(); };
  }, [created, subscribe]);

  // The clients created here are disposed once no commit uses them (replaced by a new endpoint or siteKey, given ones
  // instead, or the provider unmounted), and so are those of a render React threw away (StrictMode calls the memo
  // twice; an interrupted render is rendered again from the start): their page listeners, shopper checks and IndexedDB
  // connection go with them. A task later, so StrictMode's unmount and mount again keeps them. A client the app gave
  // is never disposed here.
  useEffect(() => {
    created.held = (created.held ?? 0) + 1;
    return () => {
      created.held!--;
      setTimeout(() => {
        own.current = own.current.filter((made) => {
          if (made.held) return true;
          made.client?.dispose();
          made.content?.dispose?.();
          return false;
        });
      }, 0);
    };
  }, [created]);

  // What is read only when the clients are created must not change silently.
  const reported = useRef(new Set<string>());
  useEffect(() => {
    if (!created.client && !created.content) return;
    const before = created.options ?? {};
    const now = clientOptions ?? {};
    const changed = [...new Set([...Object.keys(before), ...Object.keys(now)])]
      .filter((name) => !(HOOKS as readonly string[]).includes(name) && !same(before[name as keyof typeof before], now[name as keyof typeof now]))
      .map((name) => `clientOptions.${name}`);
    const results = props.initialResults;
    if (created.client && results?.length && !same(results, created.initialResults) && !same(results, primed.current)) changed.push('initialResults');
    for (const name of changed) {
      if (reported.current.has(name)) continue;
      reported.current.add(name);
      console.error(`focal: <FocalProvider> ${name} changed after its clients were created and is not used: it is read when they are created (first render, or a new endpoint or siteKey). Keep it the same between renders (define it outside the component or with useMemo), or give <FocalProvider> a new key to start over with it.`);
    }
  });

  const client = givenClient ?? created.client!;
  const content = givenContent ?? created.content;
  const value = useMemo(() => ({ client, content, tracker, locale }), [client, content, tracker, locale]);
  return createElement(FocalContext.Provider, { value }, props.children);
}
