import { describe, expect, it } from 'vitest';
import * as real from '@preact/signals-core';
import * as mini from './script-signals.js';

// The script tag replaces @preact/signals-core by script-signals.ts: the calls it uses must behave the same.
describe.each([['@preact/signals-core', real], ['script-signals', mini]] as const)('%s', (_, s) => {
  it('subscribe hears the current value, then each change (not equal writes), until unsubscribed', () => {
    const x = s.signal(1);
    const heard: number[] = [];
    const stop = x.subscribe((v: number) => heard.push(v));
    x.value = 2;
    x.value = 2;
    x.value = 3;
    stop();
    x.value = 4;
    expect(heard).toEqual([1, 2, 3]);
    expect(x.peek()).toBe(4);
  });

  it('batch notifies once, after the outermost batch, with the last value', () => {
    const x = s.signal('a');
    const heard: string[] = [];
    x.subscribe((v: string) => heard.push(v));
    const out = s.batch(() => {
      x.value = 'b';
      s.batch(() => { x.value = 'c'; });
      expect(heard).toEqual(['a']);
      return 42;
    });
    expect(out).toBe(42);
    expect(heard).toEqual(['a', 'c']);
  });
});
