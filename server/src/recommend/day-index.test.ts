import { describe, expect, it } from 'vitest';
import { dayIndex } from './day-index.ts';
import { eventFeatures } from './features.ts';
import { DEFAULT_TUNING } from './recommend.ts';

const day = (summaries: string[]) => summaries.map((summary) => eventFeatures({ summary, action: '散步', scene: '公園' }));

describe('dayIndex — built once per day, rebuilt when its events change', () => {
  it('the same events give the same index; an edited, added or reordered event a new one', () => {
    const a = dayIndex(day(['女子牽著狗散步', '男子騎腳踏車']), DEFAULT_TUNING);
    expect(dayIndex(day(['女子牽著狗散步', '男子騎腳踏車']), DEFAULT_TUNING)).toBe(a);
    const edited = dayIndex(day(['女子牽著貓散步', '男子騎腳踏車']), DEFAULT_TUNING);
    expect(edited).not.toBe(a);
    expect(edited.bm25.documentFrequency('w:狗')).toBe(0);
    expect(dayIndex(day(['女子牽著狗散步', '男子騎腳踏車', '一家人吃火鍋']), DEFAULT_TUNING).bm25.size).toBe(3);
    expect(dayIndex(day(['男子騎腳踏車', '女子牽著狗散步']), DEFAULT_TUNING)).not.toBe(a);
    expect(dayIndex(day(['女子牽著狗散步', '男子騎腳踏車']), { ...DEFAULT_TUNING, k1: 2 })).not.toBe(a);
  });

  it('the vocabulary maps units to events both ways', () => {
    const { vocabulary } = dayIndex(day(['狗在草地上', '狗在河邊']), DEFAULT_TUNING);
    const dog = vocabulary.units.findIndex((u) => u.text === '狗');
    expect(vocabulary.unitEvents[dog]).toEqual([0, 1]);
    for (const e of [0, 1]) expect(vocabulary.eventUnits[e]).toContain(dog);
  });
});
