/**
 * README snippets a developer pastes, run as written (extracted from the README, so an edit to either side that
 * breaks the other fails here): the email renderer's example, the adapter's config-error example and its first
 * `POST /v1/events` curl with the answer it shows.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@focal/server-adapter';
import { startTestAdapter, type TestAdapter } from '../helpers/adapter.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const readme = (path: string) => readFileSync(join(ROOT, path), 'utf8');
/** The fenced ```lang blocks of a README that contain `needle` (exactly one expected). */
function block(path: string, lang: string, needle: string): string {
  const blocks = [...readme(path).matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!).filter((b) => b.includes(needle));
  expect(blocks, `${path}: one \`\`\`${lang} block with ${needle}`).toHaveLength(1);
  return blocks[0]!;
}

describe('@focal/widgets README: the renderEmail example', () => {
  const file = join(ROOT, 'tests/unit', `.docs-email-snippet-${process.pid}.ts`);
  afterAll(() => rmSync(file, { force: true }));

  it('runs as pasted and renders the hero email it configures', async () => {
    writeFileSync(file, `${block('packages/widgets/README.md', 'ts', 'renderEmail(')}\nexport { html, text };\n`);
    const { html, text } = await import(/* @vite-ignore */ file) as { html: string; text: string };
    expect(html).toContain('lang="de-DE"');
    expect(html).toContain('Picked for you');
    expect(html).toContain('New frames for autumn');
    expect(html).toContain('href="https://shop.example/p/FR-1?pos=0"');
    expect(text).toContain('Aria Round (Lumen)');
    expect(text).toContain('See the frame: https://shop.example/p/FR-1?pos=0');
  });
});

describe('@focal/server-adapter README', () => {
  it('the configuration mistake it quotes is the line the adapter prints for it', () => {
    const quoted = /e\.g\. `(DATABASE_URL: databaseUrl: [^`]+)`, exit code 2/.exec(readme('packages/server-adapter/README.md'))?.[1];
    expect(quoted).toBeDefined();
    expect(() => loadConfig({ env: { DATABASE_URL: 'mysql://db/focal' } })).toThrow(`  - ${quoted}`);
  });

  describe('POST /v1/events, the curl example', () => {
    let adapter: TestAdapter;
    beforeAll(async () => { adapter = await startTestAdapter({ siteKey: 'pk_demo' }); });
    afterAll(async () => adapter?.close());

    it('is accepted with the answer it shows, and the same batch again is a duplicate', async () => {
      const curl = block('packages/server-adapter/README.md', 'sh', 'localhost:8787/v1/events');
      const body = /-d '([^']+)'/.exec(curl)?.[1];
      const shown = /^# (\{"accepted".*\})$/m.exec(curl)?.[1];
      expect(body && shown).toBeTruthy();
      const post = () => fetch(`${adapter.url}/v1/events`, {
        method: 'POST', headers: { 'x-focal-site-key': 'pk_demo', 'content-type': 'application/json' }, body: body!,
      });
      const first = await post();
      expect(first.status).toBe(200);
      const id = (JSON.parse(body!) as { events: Array<{ id: string }> }).events[0]!.id;
      // the README shortens the id to "019ab3c0-..."
      expect(await first.json()).toEqual(JSON.parse(shown!.replace(/"019ab3c0-\.\.\."/, JSON.stringify(id))));
      expect(await (await post()).json()).toMatchObject({ accepted: 0, duplicates: 1, results: [{ index: 0, id, status: 'duplicate' }] });
    });
  });
});
