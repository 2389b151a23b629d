/**
 * `focal-adapter report` prints names that come from shoppers' events (variant, strategy, model version: free text
 * in the contract) to the operator's terminal. Control characters in them are shown escaped, never sent to the
 * terminal: an ESC sequence could recolour, rewrite or hide lines of the report, or set the terminal's title.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestAdapter, type TestAdapter } from '../../../../tests/helpers/adapter.js';
import type { Report } from '../../src/report/build.js';
import { formatReport, runReport } from '../../src/report/cli.js';
import { makeEvent } from '../fixtures.js';

const NASTY = '\u001b[2J\u001b[1;1Hall good\u001b]0;pwned\u0007\u009b31m';

describe('focal-adapter report text with control characters in event fields (real adapter)', () => {
  let adapter: TestAdapter;
  beforeAll(async () => {
    adapter = await startTestAdapter();
    const rec = { requestId: 'r1', placement: 'pdp-similar', productId: 'FR-002', position: 0, variant: NASTY, strategy: NASTY, modelVersion: NASTY };
    const response = await fetch(`${adapter.url}/v1/events`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-focal-site-key': adapter.siteKey },
      body: JSON.stringify({ events: [makeEvent('rec_impression', { properties: rec }), makeEvent('rec_click', { properties: rec })] }),
    });
    expect((await response.json()).accepted).toBe(2);
  });
  afterAll(() => adapter?.close());

  it('prints them escaped', async () => {
    const response = await fetch(`${adapter.url}/v1/admin/report`, { headers: { authorization: `Bearer ${adapter.adminKey}` } });
    const lines = formatReport((await response.json()) as Report);
    const text = lines.join('\n');
    expect(text).toContain('\\u001b[2J\\u001b[1;1Hall good\\u001b]0;pwned\\u0007\\u009b31m');
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });
});

describe('focal-adapter report --json with DEL and C1 control characters in event fields (real adapter, on-disk store)', () => {
  // DEL, a one-byte CSI (U+009B, a C1 control that terminals act on), OSC (U+009D) and ST (U+009C), plus C0 ESC
  const C1 = 'v\u007f\u009b2J\u009d0;pwned\u009c\u001b[31m\u0085end';
  const dir = mkdtempSync(join(tmpdir(), 'focal-report-json-'));
  let siteKey = '';
  beforeAll(async () => {
    const adapter = await startTestAdapter({ dataDir: dir });
    siteKey = adapter.siteKey;
    const rec = { requestId: 'r1', placement: 'pdp-similar', productId: 'FR-002', position: 0, variant: C1, strategy: C1, modelVersion: C1 };
    const response = await fetch(`${adapter.url}/v1/events`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-focal-site-key': adapter.siteKey },
      body: JSON.stringify({ events: [makeEvent('rec_impression', { properties: rec }), makeEvent('rec_click', { properties: rec })] }),
    });
    expect((await response.json()).accepted).toBe(2);
    await adapter.close();
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints them as \\u escapes: valid JSON that parses back to the same strings, nothing raw for the terminal', async () => {
    const printed: string[] = [];
    await runReport(['--json', '--data-dir', dir, '--site', siteKey], (line) => printed.push(line));
    const text = printed.join('\n');
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(text).toContain('\\u007f\\u009b2J\\u009d0;pwned\\u009c\\u001b[31m\\u0085end');
    const report = JSON.parse(text) as Report;
    expect(report.models.map((m) => m.version)).toContain(C1);
    expect(JSON.stringify(report)).toContain(JSON.stringify(C1));
  }, 60_000);
});
