import { describe, expect, it } from 'vitest';
import { gapMinutes, isNearDuplicate } from './duplicates.ts';
import { eventFeatures } from './features.ts';
import { DEFAULT_TUNING } from './recommend.ts';

const at = (hhmm: string, minutes: number, summary: string, action: string, scene: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  const event = { startTime: new Date(Date.UTC(2026, 0, 1, h!, m!)), duration: minutes * 60, summary, action, scene };
  return { event, features: eventFeatures(event) };
};
const t = DEFAULT_TUNING.duplicates;

describe('near-duplicates', () => {
  it('measures the gap from the end of one event to the start of the other (0 when they overlap)', () => {
    const a = at('09:00', 15, 'x', 'a', 's');
    expect(gapMinutes(a.event, at('09:20', 5, 'x', 'a', 's').event)).toBe(5);
    expect(gapMinutes(at('09:20', 5, 'x', 'a', 's').event, a.event)).toBe(5);
    expect(gapMinutes(a.event, at('09:10', 5, 'x', 'a', 's').event)).toBe(0);
    expect(gapMinutes(a.event, { startTime: null, duration: 60 })).toBe(Infinity);
  });

  it('same action and place, minutes apart, similar summaries: a duplicate', () => {
    const a = at('15:20', 12, '黑色的狗在草地上奔跑，追著另一隻狗', '遛狗', '河濱公園');
    const b = at('15:34', 10, '黑狗在草地上和別的狗追逐玩耍', '遛狗', '河濱公園');
    expect(isNearDuplicate(a, b, t)).toBe(true);
    const en1 = at('14:40', 45, 'A woman climbs a rocky path up a grassy slope', 'hiking', 'hills');
    const en2 = at('15:28', 30, 'A woman walks along a rocky path on a grassy slope', 'hiking', 'hills');
    expect(isNearDuplicate(en1, en2, t)).toBe(true);
  });

  it('same action and place a few minutes apart: one activity split into clips, even when the summaries differ', () => {
    const a = at('09:30', 25, '男孩把臉貼在玻璃上看企鵝在水中游泳', '觀賞企鵝', '動物園企鵝館');
    const b = at('09:57', 10, '女子拉著男孩的手要離開,男孩搖頭不肯走', '觀賞企鵝', '動物園企鵝館');
    expect(isNearDuplicate(a, b, t)).toBe(true);
    // The same labels with a longer pause between them are separate moments unless the summaries agree.
    expect(isNearDuplicate(a, at('10:10', 10, '女子拉著男孩的手要離開,男孩搖頭不肯走', '觀賞企鵝', '動物園企鵝館'), t)).toBe(false);
    // Different places a few minutes apart are not one activity.
    expect(isNearDuplicate(a, at('09:57', 10, '女子拉著男孩的手要離開,男孩搖頭不肯走', '觀賞企鵝', '紀念品店'), t)).toBe(false);
  });

  it('the same activity hours later, or a different activity next door, is not', () => {
    const a = at('09:00', 10, '男子在公園遛狗', '散步', '公園');
    expect(isNearDuplicate(a, at('15:00', 10, '男子在公園遛狗', '散步', '公園'), t)).toBe(false);
    expect(isNearDuplicate(a, at('09:12', 10, '女子在公園長椅上看書', '閱讀', '公園'), t)).toBe(false);
  });

  it('without matching labels only near-identical summaries count', () => {
    const a = at('09:00', 10, 'A man walks a dog in the park', 'walking', 'park');
    expect(isNearDuplicate(a, at('09:11', 10, 'A man walks a dog in the park', 'dog walk', 'park'), t)).toBe(true);
    expect(isNearDuplicate(a, at('09:11', 10, 'A dog drinks water from a bowl', 'resting', 'park'), t)).toBe(false);
  });
});
