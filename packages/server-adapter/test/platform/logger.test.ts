import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/logger.js';

describe('createLogger', () => {
  const original = process.stdout.write.bind(process.stdout);
  afterEach(() => { process.stdout.write = original; });

  it('writes the lines of one event-loop turn to stdout in one write, one JSON object per line, in order', async () => {
    const chunks: string[] = [];
    process.stdout.write = ((chunk: string | Uint8Array) => { chunks.push(String(chunk)); return true; }) as typeof process.stdout.write;
    const a = createLogger('info');
    const b = createLogger('error');
    a.info('request', { requestId: 'r1', status: 200 });
    b.info('not at this level');
    b.error('boom', { error: 'x' });
    a.info('request', { requestId: 'r2', status: 404 });
    expect(chunks).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(chunks).toHaveLength(1);
    const lines = chunks[0]!.split('\n');
    expect(lines.pop()).toBe('');
    const parsed = lines.map((l) => JSON.parse(l));
    expect(parsed.map((l) => [l.level, l.msg, l.requestId])).toEqual([['info', 'request', 'r1'], ['error', 'boom', undefined], ['info', 'request', 'r2']]);
    for (const l of parsed) expect(new Date(l.time).toISOString()).toBe(l.time);
  });

  it('calls a given writer once per line, and writes nothing when silent', () => {
    const lines: string[] = [];
    const logger = createLogger('info', (line) => lines.push(line));
    logger.info('one', { n: 1 });
    logger.error('two');
    createLogger('silent', (line) => lines.push(line)).error('never');
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['one', 'two']);
  });
});
