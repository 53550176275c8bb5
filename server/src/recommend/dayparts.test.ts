import { describe, expect, it } from 'vitest';
import { clauses, clockWindows, inWindows, keyWindows, windowOf } from './dayparts.ts';

type W = { start: number; end: number };
const hours = (w: W | null) => (w ? [w.start / 60, w.end / 60] : null);
const allHours = (ws: W[] | null) => (ws ? ws.map(hours) : null);

describe('dayparts — when in the day the diary says a thing happened', () => {
  it('reads the part of the day a clause names, in either language; none when it names none', () => {
    expect(hours(windowOf('早上帶狗去公園'))).toEqual([4.5, 11.5]);
    expect(hours(windowOf('下班後去健身房'))).toEqual([17, 24]);
    expect(hours(windowOf('in the afternoon we swam'))).toEqual([12, 18.5]);
    // Meals place what follows, in English as 午餐 and 晚餐 do in Chinese.
    expect(hours(windowOf('took Biscuit to the dog park at lunch'))).toEqual([11, 14.5]);
    expect(hours(windowOf('made tacos for dinner with Sam'))).toEqual([16, 22]);
    expect(hours(windowOf('after work I went bouldering'))).toEqual([16, 22]);
    expect(windowOf('a lunchbox of dumplings')).toBeNull();
    expect(windowOf('騎單車去河邊')).toBeNull();
    // The first marker of the clause wins: 中午 before 晚餐 is about noon.
    expect(hours(windowOf('中午吃了晚餐剩下的咖哩'))).toEqual([11, 14.5]);
    // A word that only contains the letters is not a marker.
    expect(windowOf('mornings are quiet')).toBeNull();
  });

  it('a clause inherits the part of the day until another clause names one; clauses before any have none', () => {
    const cs = clauses('今天休假。早上帶狗去公園，牠玩得很開心。下午騎單車去河邊，傍晚看夕陽。');
    expect(cs.map((c) => [c.text, allHours(c.window)])).toEqual([
      ['今天休假', null],
      ['早上帶狗去公園', [[4.5, 11.5]]],
      ['牠玩得很開心', [[4.5, 11.5]]],
      ['下午騎單車去河邊', [[12, 18.5]]],
      ['傍晚看夕陽', [[16, 20]]],
    ]);
  });

  it('breaks English clauses at dashes too', () => {
    expect(clauses('Morning run — then lunch at noon').map((c) => allHours(c.window))).toEqual([[[4.5, 12]], [[11, 14.5]]]);
  });

  it('reads clock times: exact with am/pm, both halves of the day without, within a named part of the day', () => {
    expect(clockWindows('glam at 7am w the girls').map(hours)).toEqual([[7, 8]]);
    expect(clockWindows('met at 10:30 for 2 hours').map(hours)).toEqual([[10.5, 11.5], [22.5, 23.5]]);
    expect(clockWindows('chippy shift 5 till 10').map(hours)).toEqual([[5, 10], [17, 22]]);
    expect(clockWindows('worked from 9 to 5').map(hours)).toEqual([[9, 17], [21, 29]]);
    expect(clockWindows('三點半去接小孩').map(hours)).toEqual([[3.5, 4.5], [15.5, 16.5]]);
    // Not a time: a score, a distance, "a little".
    expect(clockWindows('lost 6 to 2 and ran at 5 km pace')).toEqual([]);
    expect(clockWindows('快一點吧，有一點累')).toEqual([]);
    expect(clockWindows('喝到快一點').map(hours)).toEqual([[1, 2], [13, 14]]);
    // A clock time places its own clause (inside the part of the day when one is named); the next keeps the part of the day.
    const cs = clauses('凌晨四點出海，收網唔錯。晚上7點吃飯');
    expect(cs.map((c) => allHours(c.window))).toEqual([[[4, 5]], [[0, 6]], [[19, 20]]]);
  });

  it('keyWindows: every window a key was written under; null once it also appears without one', () => {
    const words = (c: string) => c.split(/\s+/).filter(Boolean);
    const w = keyWindows(clauses('cook first. morning cook. evening cook tea. afternoon tea'), words);
    expect(w.get('cook')).toBeNull();
    expect(w.get('tea')!.map(hours)).toEqual([[16, 22], [12, 18.5]]);
    expect(w.has('coffee')).toBe(false);
  });

  it('inWindows: an event overlapping a window (widened by the slack) is in it, also across midnight', () => {
    const evening = [{ start: 17 * 60, end: 24 * 60 }];
    expect(inWindows(18 * 60, 10, evening, 0)).toBe(true);
    expect(inWindows(7 * 60, 30, evening, 60)).toBe(false);
    // 16:30 for 10 minutes ends 20 minutes before 17:00: in with a 30-minute slack, out without.
    expect(inWindows(16 * 60 + 30, 10, evening, 30)).toBe(true);
    expect(inWindows(16 * 60 + 30, 10, evening, 0)).toBe(false);
    // 半夜 runs to 04:00 of the next day: 01:00 is in it.
    expect(inWindows(60, 20, [{ start: 21 * 60, end: 28 * 60 }], 0)).toBe(true);
  });
});
