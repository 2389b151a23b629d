import { describe, expect, it } from 'vitest';
import { detectColumns, parseSessionLog, parseTime } from '../../src/training/session-log.js';
import { preprocess, restrictTest, splitLastDays, toSessions } from '../../src/training/sessions.js';

describe('session log columns', () => {
  it('detects the delimiter and the usual column names', () => {
    expect(detectColumns('session_id;user_id;item_id;timeframe;eventdate')).toEqual({ delimiter: ';', session: 'session_id', item: 'item_id', time: 'timeframe', day: 'eventdate' });
    expect(detectColumns('SessionId,ItemId,Time')).toEqual({ delimiter: ',', session: 'SessionId', item: 'ItemId', time: 'Time' });
    expect(detectColumns('session\titem\ttimestamp\tcategory')).toEqual({ delimiter: '\t', session: 'session', item: 'item', time: 'timestamp' });
    expect(detectColumns('"session_id","item_id","eventdate"')).toMatchObject({ delimiter: ',', time: 'eventdate' });
  });

  it('says which column is missing', () => {
    expect(() => detectColumns('sid,item_id,time')).toThrow(/session column/);
    expect(() => detectColumns('session_id,sku,when')).toThrow(/item column.*time column/);
  });

  it('reads ISO text, epoch seconds and epoch milliseconds', () => {
    expect(parseTime('2026-11-24T10:00:00Z')).toBe(Date.parse('2026-11-24T10:00:00Z'));
    expect(parseTime('1396861200')).toBe(1396861200000);
    expect(parseTime('1396861200123')).toBe(1396861200123);
    expect(parseTime('2016-05-09')).toBe(Date.parse('2016-05-09'));
    expect(parseTime('2014-04-07 10:51:09.277')).toBe(Date.parse('2014-04-07T10:51:09.277Z'));
    expect(parseTime('2014-04-07T10:51:09+02:00')).toBe(Date.parse('2014-04-07T08:51:09Z'));
    expect(parseTime('soon')).toBeNaN();
  });

  it('reads a log\'s zone-less times the same on every machine: as UTC, like its bare days', () => {
    const zone = process.env.TZ;
    process.env.TZ = 'Europe/Berlin'; // a data person's laptop; CI runs in UTC
    try {
      // two hours apart, across the night the clocks went forward in Berlin
      expect(parseTime('2016-03-27 03:30:00') - parseTime('2016-03-27 01:30:00')).toBe(2 * 3_600_000);
      expect(parseTime('2016-05-09 00:00:00')).toBe(parseTime('2016-05-09'));
      // a day column written with its midnight, plus the timeframe
      const { rows } = parseSessionLog('session_id;item_id;timeframe;eventdate\n1;a;500;2016-05-09 00:00:00\n');
      expect(rows[0].time).toBe(Date.UTC(2016, 4, 9) + 500);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('adds a relative timeframe to the day and skips unreadable rows', () => {
    const { rows, skipped } = parseSessionLog('session_id;user_id;item_id;timeframe;eventdate\n1;NA;a;500;2016-05-09\n1;NA;b;100;2016-05-09\n2;NA;;5;2016-05-10\n');
    expect(rows).toEqual([
      { session: '1', item: 'a', time: Date.parse('2016-05-09') + 500 },
      { session: '1', item: 'b', time: Date.parse('2016-05-09') + 100 },
    ]);
    expect(skipped).toBe(1);
    expect(toSessions(rows)[0].items).toEqual(['b', 'a']);
  });

  it('reads a log saved with a byte order mark (Excel\'s "CSV UTF-8"), and says which row it could not read', () => {
    const { rows, skipped, firstSkipped } = parseSessionLog('\uFEFFsession_id,item_id,timestamp\r\n1,a,2016-05-09T10:00:00\r\n1,b,2016-05-09T10:01:00\r\n2,c,09/05/2016 10:02\r\n');
    expect(rows.map((r) => r.item)).toEqual(['a', 'b']);
    expect(skipped).toBe(1);
    expect(firstSkipped).toBe('line 4: timestamp "09/05/2016 10:02" is not a time');
  });

  it('reads a TSV log with epoch seconds', () => {
    const { rows } = parseSessionLog('SessionId\tItemId\tTime\r\ns1\tx\t1000\r\ns1\ty\t1001\r\n');
    expect(rows.map((r) => [r.item, r.time])).toEqual([['x', 1_000_000], ['y', 1_001_000]]);
  });
});

describe('preprocessing and split', () => {
  const day = 86_400_000;
  const s = (id: string, items: string[], startDay: number) => ({ id, items, times: items.map((_, k) => startDay * day + k * 1000) });
  it('drops rare items, then short sessions', () => {
    const sessions = [s('1', ['a', 'b', 'z'], 0), s('2', ['a', 'b'], 1), s('3', ['a', 'z'], 2), s('4', ['b'], 3)];
    const out = preprocess(sessions, 2, 2);
    expect(out.map((x) => [x.id, x.items])).toEqual([['1', ['a', 'b', 'z']], ['2', ['a', 'b']], ['3', ['a', 'z']]]);
    expect(preprocess(sessions, 3, 2).map((x) => x.id)).toEqual(['1', '2']);
  });
  it('splits off sessions ending in the last days and removes test items unknown in training', () => {
    const sessions = [s('1', ['a', 'b'], 0), s('2', ['b', 'c'], 5), s('3', ['a', 'new', 'c'], 9), s('4', ['new', 'a'], 10)];
    const { train, test } = splitLastDays(sessions, 2);
    expect(train.map((x) => x.id)).toEqual(['1', '2']);
    expect(test.map((x) => [x.id, x.items])).toEqual([['3', ['a', 'c']]]);
    expect(restrictTest(train, [s('5', ['c', 'b'], 11)])[0].items).toEqual(['c', 'b']);
  });
  it('splits a log of a full data set\'s size (300,000 sessions)', () => {
    const sessions = Array.from({ length: 300_000 }, (_, i) => ({ id: String(i), items: ['a', 'b'], times: [i * 10_000, i * 10_000 + 1000] }));
    const { train, test } = splitLastDays(sessions, 1); // the newest ends on day 34.7: the last 8,640 sessions are test
    expect([train.length, test.length]).toEqual([291_360, 8_640]);
  });
});
