import { describe, expect, it } from 'vitest';
import { touchSession } from '../../src/identity/session.js';

const MIN = 60_000;
let n = 0;
const newId = () => `s${++n}`;

describe('sessions', () => {
  it('keeps a session alive while events come within 30 minutes', () => {
    let s = touchSession(null, 0, 30 * MIN, 24 * 60 * MIN, newId);
    const first = s.id;
    for (let t = 29 * MIN; t < 5 * 60 * MIN; t += 29 * MIN) s = touchSession(s, t, 30 * MIN, 24 * 60 * MIN, newId);
    expect(s.id).toBe(first);
  });

  it('ends a session after 30 minutes idle', () => {
    const s = touchSession(null, 0, 30 * MIN, 24 * 60 * MIN, newId);
    expect(touchSession(s, 30 * MIN + 1, 30 * MIN, 24 * 60 * MIN, newId).id).not.toBe(s.id);
  });

  it('ends a session after 24 hours even when active', () => {
    let s = touchSession(null, 0, 30 * MIN, 24 * 60 * MIN, newId);
    const first = s.id;
    let t = 0;
    while (t <= 24 * 60 * MIN) { t += 20 * MIN; s = touchSession(s, t, 30 * MIN, 24 * 60 * MIN, newId); }
    expect(s.id).not.toBe(first);
    expect(s.startedMs).toBe(t);
  });
});
