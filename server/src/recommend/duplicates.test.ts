import { describe, expect, it } from 'vitest';
import { gapMinutes, isNearDuplicate, isOneMoment, similarScene } from './duplicates.ts';
import { eventFeatures } from './features.ts';
import { DEFAULT_TUNING, recommendEvents } from './recommend.ts';

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
    expect(isNearDuplicate(a, at('15:00', 10, '女子和朋友在公園遛狗聊天', '散步', '公園'), t)).toBe(false);
    // (Beyond the adjacent-event window: 5 minutes end to start.)
    expect(isNearDuplicate(a, at('09:20', 10, '女子在公園長椅上看書', '閱讀', '公園'), t)).toBe(false);
  });

  it('without matching labels only near-identical summaries count', () => {
    const a = at('09:00', 10, 'A man walks a dog in the park', 'walking', 'park');
    expect(isNearDuplicate(a, at('09:11', 10, 'A man walks a dog in the park', 'dog walk', 'park'), t)).toBe(true);
    expect(isNearDuplicate(a, at('09:11', 10, 'A dog drinks water from a bowl', 'resting', 'lawn'), t)).toBe(false);
  });

  it('same scene, another action, minutes apart (end to start), summaries agreeing: one moment', () => {
    // Round 3's pairs: brunch then talking over the notebook in one café; the view then a selfie on one summit.
    const brunch = at('10:00', 50, '金髮男子和一名女子在咖啡廳吃鬆餅和炒蛋，桌上攤著筆記本', '用餐', '咖啡廳');
    const talk = at('10:55', 50, '金髮男子和女子對著筆記本上寫的中文字說話並大笑', '聊天', '咖啡廳');
    expect(isNearDuplicate(brunch, talk, t)).toBe(true);
    const view = at('10:00', 10, '三名男子站在岩石上，遠處是九龍的高樓和維港', '觀景', '山頂');
    expect(isNearDuplicate(view, at('10:12', 5, '三名男子在山頂岩石上自拍', '拍照', '山頂'), t)).toBe(true);
    // Start to start the café pair is 55 minutes apart: the gap that counts is end to start (5).
    expect(gapMinutes(brunch.event, talk.event)).toBe(5);
    // The same two, an hour apart, are separate moments.
    expect(isNearDuplicate(brunch, at('11:50', 50, '金髮男子和女子對著筆記本上寫的中文字說話並大笑', '聊天', '咖啡廳'), t)).toBe(false);
  });

  it('same action in the next place, minutes apart, summaries agreeing: one moment', () => {
    const stairs = at('08:30', 25, '兩名穿著制服的搬家工人扛著大衣櫃走下樓梯', '搬運', '樓梯間');
    expect(isNearDuplicate(stairs, at('08:58', 20, '搬家工人把紙箱一個個搬上貨車', '搬運', '公寓門口'), t)).toBe(true);
  });

  it('the same shot again, hours later (same labels, near-identical summary), is a duplicate; a different one is not', () => {
    const morning = at('09:30', 20, 'a woman rides a train', 'ride subway', 'subway car');
    expect(isNearDuplicate(morning, at('17:50', 20, 'a woman rides a train', 'ride subway', 'subway car'), t)).toBe(true);
    expect(isNearDuplicate(morning, at('17:50', 20, 'a woman mouths words while reading printed pages on a train', 'ride subway', 'subway car'), t)).toBe(false);
  });

  it('adjacent events that share neither label stay apart', () => {
    const cook = at('18:30', 30, 'Two people chop onions and warm tortillas on a pan', 'cooking', 'kitchen');
    expect(isNearDuplicate(cook, at('19:05', 30, 'Two people eat tacos at a table', 'eating', 'dining room'), t)).toBe(false);
  });

  it('keeps the better event of a group: the lower-scored one is the one dropped', () => {
    const events = [
      { id: 'talk', startTime: new Date(Date.UTC(2026, 0, 1, 10, 55)), duration: 3000, summary: '金髮男子和女子對著筆記本上寫的中文字說話並大笑', action: '聊天', scene: '咖啡廳' },
      { id: 'brunch', startTime: new Date(Date.UTC(2026, 0, 1, 10, 0)), duration: 3000, summary: '金髮男子和一名女子在咖啡廳吃鬆餅和炒蛋，桌上攤著筆記本', action: '用餐', scene: '咖啡廳' },
      { id: 'market', startTime: new Date(Date.UTC(2026, 0, 1, 19, 0)), duration: 1800, summary: '金髮男子在夜市吃臭豆腐', action: '吃小吃', scene: '夜市' },
    ];
    const ids = recommendEvents(events, { diary: '和語言交換夥伴吃鬆餅早午餐，晚上去夜市吃臭豆腐', limit: 2 }).map((r) => r.eventId);
    expect(ids).toEqual(expect.arrayContaining(['brunch', 'market']));
    expect(ids).not.toContain('talk');
  });

  it('one moment on looser evidence: an activity resumed within resumedGapMinutes, or the same place right after with agreeing summaries', () => {
    const before = at('10:45', 90, 'A young man writes molecule diagrams in a notebook at a library table', 'studying', 'library');
    const after = at('14:00', 60, 'A young man types notes on a laptop', 'studying', 'library');
    expect(isNearDuplicate(before, after, t)).toBe(false);
    expect(isOneMoment(before, after, t)).toBe(true);
    expect(isOneMoment(before, at('18:30', 60, 'A young man types notes on a laptop', 'studying', 'library'), t)).toBe(false);
    const picnic = at('11:30', 40, 'A family sits on a checkered blanket on a large lawn with sandwiches', 'picnicking', 'park lawn');
    const bubbles = at('12:20', 50, 'A girl runs across the large lawn chasing soap bubbles a man blows', 'playing', 'park lawn');
    expect(isOneMoment(picnic, bubbles, t)).toBe(true);
    // Right after, whatever the labels, when the summaries agree: the same outing.
    const unlock = at('13:15', 10, 'three people unlock shared bikes with their phones', 'unlock bikes', 'street');
    expect(isOneMoment(unlock, at('13:28', 25, 'three people cycle along a bike lane on shared bikes', 'cycle', 'bike lane'), t)).toBe(true);
    expect(isOneMoment(unlock, at('13:28', 25, 'a dog sleeps under a table', 'resting', 'cafe'), t)).toBe(false);
    // Another place, or long after: separate moments.
    expect(isOneMoment(picnic, at('12:20', 50, 'A girl runs across the large lawn chasing soap bubbles a man blows', 'playing', 'playground'), t)).toBe(false);
    expect(isOneMoment(picnic, at('13:30', 50, 'A girl runs across the large lawn chasing soap bubbles a man blows', 'playing', 'park lawn'), t)).toBe(false);
  });

  it('a place named two ways is one place: equal, one inside the other, or a shared word or Han bigram', () => {
    const scene = (s: string) => eventFeatures({ summary: 'x', action: 'a', scene: s });
    expect(similarScene(scene('海旁'), scene('海旁露天酒吧'))).toBe(true);
    expect(similarScene(scene('擁擠的老街年貨大街'), scene('老街南北貨行'))).toBe(true);
    expect(similarScene(scene('park lawn'), scene('lawn by the lake'))).toBe(true);
    // One shared character is not a shared place (稻田, 田埂); neither is no scene at all.
    expect(similarScene(scene('稻田'), scene('田埂'))).toBe(false);
    expect(similarScene(scene('park lawn'), scene('playground'))).toBe(false);
    expect(similarScene(scene(''), scene(''))).toBe(false);
    // The sunset and the beers on the same waterfront, 45 minutes apart: one moment.
    const beers = at('18:00', 30, '三人拿著啤酒望著海面', '喝酒', '海旁露天酒吧');
    const sunset = at('18:45', 20, '天色變成橘紅，三人互相拍照', '看日落', '海旁');
    expect(isNearDuplicate(beers, sunset, t)).toBe(false);
    expect(isOneMoment(beers, sunset, t)).toBe(true);
    expect(isOneMoment(beers, at('19:45', 20, '天色變成橘紅，三人互相拍照', '看日落', '海旁'), t)).toBe(false);
  });

  it('events that are one moment on looser evidence stay apart only when the diary tells of each separately', () => {
    const events = [
      { id: 'trail', startTime: new Date(Date.UTC(2026, 0, 1, 14, 0)), duration: 3600, summary: 'A man hikes a wooden boardwalk trail through the reeds of a marsh', action: 'hiking', scene: 'marsh' },
      { id: 'bird', startTime: new Date(Date.UTC(2026, 0, 1, 15, 10)), duration: 600, summary: 'A man on a boardwalk in the marsh watches a tall white egret stab at a fish', action: 'birdwatching', scene: 'marsh' },
      { id: 'diner', startTime: new Date(Date.UTC(2026, 0, 1, 12, 0)), duration: 1800, summary: 'A group of people eat burgers at a diner', action: 'eating', scene: 'diner' },
    ];
    const timed = events.map((event) => ({ event, features: eventFeatures(event) }));
    expect(isNearDuplicate(timed[0]!, timed[1]!, t)).toBe(false);
    expect(isOneMoment(timed[0]!, timed[1]!, t)).toBe(true);
    const picks = (diary: string) => recommendEvents(events, { diary, limit: 2 }).map((r) => r.eventId).sort();
    // The diary tells of the egret (tall, white, fish) besides the trail: two moments.
    expect(picks('Hiked the wooden boardwalk trail through the reeds, then watched a tall white egret stab at a fish.')).toEqual(['bird', 'trail']);
    // It tells of the trail only: one moment, and the day's other event instead.
    expect(picks('Hiked the wooden boardwalk trail through the reeds of the marsh.')).toEqual(['diner', 'trail']);
  });
});
