/**
 * The set-up the createFocal() unit suites share: the fake adapter listening for the whole file, `make()` creating
 * Focal instances with unit-test defaults on a fresh IndexedDB database each, all destroyed after every test.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createFocal, type Focal, type FocalOptions } from '../../src/focal.js';
import { ENDPOINT, fakeAdapter } from './fake-adapter.js';

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
  return {
    adapter,
    newDb,
    make(extra: Partial<FocalOptions> = {}): Focal {
      const focal = createFocal({ endpoint: ENDPOINT, siteKey: 'pk_unit', storage: newDb(), ...defaults, ...extra });
      live.push(focal);
      return focal;
    },
  };
}
