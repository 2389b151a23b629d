/**
 * The set-up the createFocal() unit suites share: the fake adapter listening for the whole file, `make()` creating
 * Focal instances with unit-test defaults on a fresh IndexedDB database each, all destroyed after every test.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createFocal, type Focal, type FocalOptions } from '../../src/focal.js';
import { ENDPOINT, fakeAdapter } from './fake-adapter.js';
import { sharedStorage } from './tabs.js';

export function focalHarness(prefix: string, defaults: Partial<FocalOptions>) {
  const adapter = fakeAdapter();
  const live: Focal[] = [];
  beforeAll(() => adapter.server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => adapter.server.close());
  afterEach(() => {
    for (const f of live.splice(0)) f.destroy();
    adapter.requests.length = 0;
  });
  let n = 0;
  /** A database name no other test uses. */
  const newDb = () => `${prefix}-${++n}-${Date.now()}`;
  const make = (extra: Partial<FocalOptions> = {}): Focal => {
    const focal = createFocal({ endpoint: ENDPOINT, siteKey: 'pk_unit', storage: newDb(), ...defaults, ...extra });
    live.push(focal);
    return focal;
  };
  return {
    adapter,
    newDb,
    make,
    /**
     * The store's tabs in one browser: one localStorage they share (`storage`, see tabs.ts) and one IndexedDB queue
     * (`db`); each `openTab()` opens one more tab, a Focal made with `extra`.
     */
    oneBrowser(extra: Partial<FocalOptions> = {}) {
      const storage = sharedStorage();
      const db = newDb();
      return { storage, db, openTab: () => storage.open(() => make({ storage: db, ...extra })) };
    },
  };
}
