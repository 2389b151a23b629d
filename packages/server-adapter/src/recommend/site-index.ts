import { Product, type EventType } from '@focal/sdk-core/contracts';
import type { Store } from '../store/store.js';
import { StrategyIndex, type StrategyIndexOptions } from '../strategies/index.js';

/** Event types that change the index; the others are not read. */
export const INDEXED_EVENT_TYPES: EventType[] = ['product_view', 'add_to_cart', 'remove_from_cart', 'purchase', 'identify'];

/** Sequence numbers re-read behind the last one seen, for events whose transaction committed late. */
const SEQ_OVERLAP = 500;
const PAGE = 10_000;

/**
 * One site's {@link StrategyIndex}, kept current from the store: loads the catalog and every stored event once, then
 * tails the events table by its `seq` column and reloads the catalog when its change counter moved. Each process keeps its own,
 * so any number of adapter processes can share one PostgreSQL. Syncs are serialised.
 */
export class SiteIndex {
  readonly index: StrategyIndex;
  private lastSeq = 0;
  /** Newest seq of the events table and how many events the last SEQ_OVERLAP seqs hold, at the last read. */
  private storeStamp = '';
  private catalogStamp = '';
  private readonly recentIds = new Set<string>();
  /** `shopper_erasures` rows seen (applied, or older than the first load), and the largest seq among them. */
  private readonly erasures = new Set<number>();
  private erasureSeq = 0;
  /** Rows of the site deleted past their retention before the first load (`shopper_erasure_counts`). */
  private erasuresPruned = 0;
  /** When `shopper_erasures` was last read (epoch ms; 0 before the first read). */
  erasuresReadAt = 0;
  private loaded = false;
  private running: Promise<boolean> | undefined;
  private lastSyncAt = 0;
  readonly ready: Promise<void>;
  /** Whether the first load finished (`ready` resolved). */
  isReady = false;

  /** Catalog rows that failed the `Product` contract at the last load (left out of recommendations). */
  invalidProducts: string[] = [];
  /**
   * Products the site held at the last load, and how many of them were left out: a catalog larger than
   * `MAX_INDEXED_PRODUCTS` (100,000) is cut (in stock first), with a warning to `onWarning`.
   */
  catalogSize = { stored: 0, leftOut: 0 };

  constructor(private readonly store: Store, readonly siteKey: string, options: StrategyIndexOptions = {}, private readonly onCatalogChange: () => void = () => {},
    private readonly onWarning: (message: string, fields: Record<string, unknown>) => void = () => {}) {
    this.index = new StrategyIndex({ refreshMs: 2000, ...options });
    this.ready = this.sync().then(() => {
      this.isReady = true;
    });
  }

  /** Time of the last finished sync (epoch ms). */
  get syncedAt(): number {
    return this.lastSyncAt;
  }

  /** Reads new events and a changed catalog; resolves with whether the catalog changed. Concurrent calls share one run. */
  sync(): Promise<boolean> {
    if (!this.running) {
      this.running = this.run().finally(() => {
        this.running = undefined;
        this.lastSyncAt = Date.now();
      });
    }
    return this.running;
  }

  /** Starts a sync in the background when the last one is older than `intervalMs` (errors go to `onError`). */
  refresh(intervalMs: number, onError: (error: Error) => void): void {
    if (this.running || Date.now() - this.lastSyncAt < intervalMs) return;
    this.sync().catch(onError);
  }

  /** A sync that starts after every call before it returned (a run already under way may predate a change). */
  async syncAfter(): Promise<boolean> {
    await this.running?.catch(() => undefined);
    return this.sync();
  }

  private async run(): Promise<boolean> {
    const changed = await this.syncCatalog();
    // Erasures before events: an erasure committed by now has deleted its events, so the tail below cannot bring them back.
    await this.forgetErased();
    await this.tail();
    this.loaded = true;
    return changed;
  }

  /**
   * Forgets the shoppers erased (GDPR) in any process since the last sync, from `shopper_erasures`. Rows that existed
   * at the first load are only noted (their events were already gone). Re-reads a few seqs behind the newest seen,
   * for erasures whose transaction committed late.
   */
  private async forgetErased(): Promise<void> {
    const readAt = Date.now();
    // one statement (one snapshot): the pruned count and the rows left agree, whatever a prune does meanwhile
    const result = await this.store.sql.query<{ seq: number | null; user_id: string | null; anonymous_ids: string[] | null; pruned: number }>(
      `SELECT e.seq, e.user_id, e.anonymous_ids, p.pruned
       FROM (SELECT coalesce(max(pruned), 0)::bigint AS pruned FROM shopper_erasure_counts WHERE site_key = $1) p
       LEFT JOIN shopper_erasures e ON e.site_key = $1 AND e.seq > $2 ORDER BY e.seq`,
      [this.siteKey, Math.max(0, this.erasureSeq - SEQ_OVERLAP)]);
    if (!this.loaded) this.erasuresPruned = Number(result.rows[0]?.pruned ?? 0);
    for (const row of result.rows) {
      if (row.seq === null) continue;
      const seq = Number(row.seq);
      if (this.erasures.has(seq)) continue;
      this.erasures.add(seq);
      if (seq > this.erasureSeq) this.erasureSeq = seq;
      if (this.loaded) this.index.shoppers.erase({ ...(row.user_id ? { userId: row.user_id } : {}), anonymousIds: row.anonymous_ids ?? [] });
    }
    // every erasure of the site counted once, also those deleted before this process loaded: the same in every process
    this.index.shoppers.epoch = this.erasuresPruned + this.erasures.size;
    this.erasuresReadAt = readAt;
  }

  /**
   * Whether this index may have missed erasures: it has not read `shopper_erasures` for `maxAgeMs` (an idle site), so
   * rows deleted past their retention meanwhile were never applied. The engine then loads the site afresh from the
   * store, where the erased events are gone.
   */
  isStale(maxAgeMs: number, now = Date.now()): boolean {
    return this.isReady && now - this.erasuresReadAt > maxAgeMs;
  }

  private async syncCatalog(): Promise<boolean> {
    // the site's change counter (migration 0005), bumped by every committed write of its products; not
    // max(updated_at), which an import committing after a later-begun one left unchanged
    const result = await this.store.sql.query<{ v: number }>(
      'SELECT coalesce((SELECT version FROM catalog_versions WHERE site_key = $1), 0)::int8 AS v', [this.siteKey]);
    const stamp = String(result.rows[0]?.v ?? 0);
    if (stamp === this.catalogStamp) return false;
    // with the listing times the store records, so ageDays is the same in every process, after a restart and in train
    const snapshot = await this.store.catalog.snapshot(this.siteKey);
    const rows = snapshot.products;
    // Validated once here, so candidates built from them need not re-check the product fields per answer.
    const products = rows.filter((p) => Product.safeParse(p).success);
    this.invalidProducts = rows.filter((p) => !products.includes(p)).map((p) => String((p as { id?: unknown }).id));
    this.catalogSize = { stored: snapshot.total, leftOut: snapshot.total - rows.length };
    if (snapshot.warning) {
      this.onWarning(`recommendations: catalog cut: ${snapshot.warning}`, { site: this.siteKey, products: snapshot.total, inStock: snapshot.inStock, loaded: rows.length });
    }
    this.index.setCatalog(products, undefined, snapshot.listings);
    this.catalogStamp = stamp;
    this.onCatalogChange();
    return true;
  }

  private async tail(): Promise<void> {
    // The newest seq alone misses a transaction that took a lower seq and committed after a higher one was read (it
    // leaves max(seq) unchanged: on a quiet site, indexed only once a later event came). The count of events in the
    // last SEQ_OVERLAP seqs changes then too; it reads at most that many entries of the seq index.
    // Not the admin export's rule (only transactions older than every open one, events.exportPage): that waits for
    // the oldest open transaction on the whole server, and a catalog import or a seed would stop the index meanwhile.
    const result = await this.store.sql.query<{ newest: number; recent: number }>(
      `SELECT m.newest, (SELECT count(*) FROM events WHERE seq > m.newest - $1)::int AS recent
       FROM (SELECT coalesce(max(seq), 0)::int8 AS newest FROM events) m`, [SEQ_OVERLAP]);
    const stamp = `${result.rows[0]?.newest ?? 0}:${result.rows[0]?.recent ?? 0}`;
    if (stamp === this.storeStamp) return;
    this.storeStamp = stamp;
    for (;;) {
      const events = await this.store.events.list({
        siteKey: this.siteKey, afterSeq: Math.max(0, this.lastSeq - SEQ_OVERLAP), types: INDEXED_EVENT_TYPES, limit: PAGE,
      });
      let fresh = 0;
      for (const stored of events) {
        if (stored.seq > this.lastSeq) this.lastSeq = stored.seq;
        if (this.recentIds.has(stored.id)) continue;
        this.remember(stored.id);
        this.index.ingest(stored.event, Date.parse(stored.eventTime));
        fresh++;
      }
      if (events.length < PAGE || !fresh) return;
    }
  }

  private remember(id: string): void {
    this.recentIds.add(id);
    if (this.recentIds.size > 4 * SEQ_OVERLAP + PAGE) {
      const drop = this.recentIds.size - (2 * SEQ_OVERLAP + PAGE);
      let i = 0;
      for (const old of this.recentIds) {
        if (i++ >= drop) break;
        this.recentIds.delete(old);
      }
    }
  }
}
