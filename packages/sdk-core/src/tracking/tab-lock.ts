import type { Kv } from '../identity/kv.js';

/**
 * Runs `work` while holding the cross-tab flush lock (Web Locks), so only one tab flushes at a time.
 * The holder renews a lease (a timestamp in first-party storage) before each request; when the lock is busy
 * and the lease is older than `leaseMs` (a frozen or stuck tab), the lock is stolen. `held()` turns false in
 * a tab whose lock was stolen, so it stops taking new batches; events it had in flight may then be sent
 * twice, which the server answers as `duplicate` (ids are the idempotency key).
 * Returns false when another tab holds the lock. Without Web Locks, runs `work` at once.
 */
export async function withFlushLock(
  name: string, leaseMs: number, kv: Kv, work: (held: () => boolean) => Promise<void>,
  locks: LockManager | undefined = typeof navigator === 'undefined' ? undefined : navigator.locks,
): Promise<boolean> {
  const leaseKey = `${name}.lease`;
  if (!locks) {
    await work(() => true);
    return true;
  }
  let stolen = false;
  let renewed = 0;
  const held = () => {
    const now = Date.now();
    if (!stolen && now - renewed > leaseMs / 4) {
      kv.set(leaseKey, String(now + leaseMs));
      renewed = now;
    }
    return !stolen;
  };
  const run = async (lock: Lock | null) => {
    if (!lock) return false;
    await work(held);
    return true;
  };
  const attempt = (options: LockOptions) => {
    const p = locks.request(name, options, run);
    return p.catch(() => { stolen = true; return true; });
  };
  if (await attempt({ ifAvailable: true })) return true;
  const until = Number(kv.get(leaseKey));
  if (until && Date.now() > until) return attempt({ steal: true });
  return false;
}
