import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` (fast, node or happy-dom, msw/fake-indexeddb where the network or IndexedDB is needed)
 * and `browser` (Playwright driving Debian's Chromium against real servers on loopback).
 * Workspace packages resolve to their TypeScript sources through the `@focal/source` export condition.
 */
export default defineConfig({
  resolve: { conditions: ['@focal/source'] },
  ssr: { resolve: { conditions: ['@focal/source'], externalConditions: ['@focal/source'] } },
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.{ts,tsx}', 'packages/*/test/**/*.test.{ts,tsx}', 'tests/unit/**/*.test.{ts,tsx}'],
          exclude: ['**/*.browser.test.{ts,tsx}', '**/node_modules/**', '**/dist/**'],
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['packages/*/test/**/*.browser.test.{ts,tsx}', 'tests/browser/**/*.browser.test.{ts,tsx}'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          // after the unit project, not beside it: projects without a group order run at the same time, so Chromium
          // pages shared the 2 cores with the unit files (fuzz, PGlite, PostgreSQL) and waits for the widgets (whose
          // requests give up after 800 ms, by design) failed by chance under that load
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
