// recommendEvents through GraphQL over real HTTP on a real database: meaning across words and
// languages, the basis of each pick, no near-duplicates, and fresh results after an edit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/server.js';
import { createUser, seedDay, type SeededDay } from '../testing/fixtures.js';
import { startOfLocalDay } from '../lib/dates.js';

let t: TestServer;
let dana: string;
let erin: string;
let day: SeededDay;
const DATE = '2026-11-21';
const QUERY = `query($d: Date!, $limit: Int, $q: String) { recommendEvents(date: $d, limit: $limit, query: $q) { score reasons basis event { id summary } } }`;

// [local time, minutes, summary, action, scene]
const EVENTS: Array<[string, number, string, string, string]> = [
  ['08:00', 20, '男子坐在辦公桌前使用電腦', '工作', '辦公室'],
  ['09:00', 10, '男子在公園遛狗', '散步', '公園'],
  ['09:12', 10, '男子牽著狗在公園散步', '散步', '公園'],
  ['10:30', 30, '男子坐在辦公桌前使用電腦', '工作', '辦公室'],
  ['12:00', 30, '一家人在餐廳吃火鍋', '用餐', '餐廳'],
  ['13:30', 30, '男子坐在辦公桌前使用電腦', '工作', '辦公室'],
  ['14:00', 20, '男子騎腳踏車沿著河堤前進', '騎車', '河堤'],
  ['15:00', 30, '男子坐在辦公桌前使用電腦', '工作', '辦公室'],
  ['17:30', 15, '夕陽落入海面，天空一片橘紅', '觀景', '海邊'],
  ['19:00', 30, '朋友們在熱炒店為他慶生吹蠟燭', '慶生', '餐廳'],
  ['21:00', 30, '男子躺在床上滑手機', '滑手機', '臥室'],
  ['22:30', 10, '男子刷牙', '刷牙', '浴室'],
];
const idOf = (summary: string) => day.eventIds[EVENTS.findIndex((e) => e[2] === summary)]!;

beforeAll(async () => {
  t = await startTestServer();
  const deps = { prisma: t.app.db.prisma, storage: t.app.storage, tool: t.app.tool };
  const user = await createUser(deps.prisma, 'dana', { timezone: 'Asia/Taipei', locale: 'zh-TW' });
  await createUser(deps.prisma, 'erin', { timezone: 'Asia/Taipei' });
  day = await seedDay(deps, user.id, { date: DATE, diary: '下午騎單車去河邊，傍晚看夕陽。早上帶狗去公園。' });
  const dayStart = startOfLocalDay(DATE, 'Asia/Taipei').getTime();
  for (const [i, [time, minutes, summary, action, scene]] of EVENTS.entries()) {
    const [h, m] = time.split(':').map(Number);
    await deps.prisma.event.update({
      where: { id: day.eventIds[i]! },
      data: { startTime: new Date(dayStart + (h! * 60 + m!) * 60_000), duration: minutes * 60, summary, action, scene },
    });
  }
  dana = await t.login('dana');
  erin = await t.login('erin');
}, 180_000);

afterAll(async () => {
  await t?.stop();
});

type Rec = { score: number; reasons: string[]; basis: string; event: { id: string; summary: string } };
const recommend = async (token: string, vars: { limit?: number; q?: string }) => {
  const res = await t.gql<{ recommendEvents: Rec[] }>(QUERY, { d: DATE, ...vars }, token);
  expect(res.errors).toBeUndefined();
  return res.data!.recommendEvents;
};

describe('recommendEvents over GraphQL', () => {
  it('matches the diary by meaning (單車 ≈ 腳踏車) and keeps one of two clips of one walk', async () => {
    // Eight distinct moments: the four identical office clips are one (the same shot again), the two walk clips one.
    const recs = await recommend(dana, { limit: 8 });
    expect(recs).toHaveLength(8);
    const matched = recs.filter((r) => r.basis === 'DIARY');
    expect(matched.map((r) => r.event.id)).toEqual(expect.arrayContaining([idOf('男子騎腳踏車沿著河堤前進'), idOf('夕陽落入海面，天空一片橘紅')]));
    expect(recs.find((r) => r.event.id === idOf('男子騎腳踏車沿著河堤前進'))!.reasons).toContain('單車 ≈ 腳踏車');
    const walks = recs.filter((r) => [idOf('男子在公園遛狗'), idOf('男子牽著狗在公園散步')].includes(r.event.id));
    expect(walks).toHaveLength(1);
    expect(walks[0]!.basis).toBe('DIARY');
    // Matches first, then highlights; highlights carry no reasons and score 0.
    const firstHighlight = recs.findIndex((r) => r.basis === 'HIGHLIGHTS');
    expect(recs.slice(firstHighlight).every((r) => r.basis === 'HIGHLIGHTS' && r.reasons.length === 0 && r.score === 0)).toBe(true);
    expect(recs.slice(0, firstHighlight).every((r) => r.score > 0 && r.reasons.length > 0)).toBe(true);
  });

  it('answers an English query about Chinese events, with translation pairs as reasons', async () => {
    const recs = await recommend(dana, { limit: 3, q: 'sunset and a bike ride' });
    expect(recs.slice(0, 2).map((r) => r.event.id).sort()).toEqual([idOf('男子騎腳踏車沿著河堤前進'), idOf('夕陽落入海面，天空一片橘紅')].sort());
    expect(recs[0]!.basis).toBe('QUERY');
    expect(recs.flatMap((r) => r.reasons)).toEqual(expect.arrayContaining(['sunset ≈ 夕陽']));
  });

  it('says when nothing matched: every pick is a highlight, and the highlights are not routine', async () => {
    const recs = await recommend(dana, { limit: 3, q: 'zzz qqq' });
    expect(recs.every((r) => r.basis === 'HIGHLIGHTS' && r.reasons.length === 0)).toBe(true);
    const routine = ['男子坐在辦公桌前使用電腦', '男子躺在床上滑手機', '男子刷牙'];
    for (const r of recs) expect(routine).not.toContain(r.event.summary);
  });

  it('sees an edited event at once (features are keyed by content)', async () => {
    const before = await recommend(dana, { limit: 1, q: '火鍋' });
    expect(before[0]).toMatchObject({ basis: 'QUERY', event: { id: idOf('一家人在餐廳吃火鍋') } });
    await t.app.db.prisma.event.update({ where: { id: idOf('一家人在餐廳吃火鍋') }, data: { summary: '一家人在餐廳吃牛排' } });
    const after = await recommend(dana, { limit: 1, q: '火鍋' });
    expect(after[0]!.basis).toBe('HIGHLIGHTS');
    await t.app.db.prisma.event.update({ where: { id: idOf('一家人在餐廳吃火鍋') }, data: { summary: '一家人在餐廳吃火鍋' } });
  });

  it("shows nothing of another user's day", async () => {
    expect(await recommend(erin, { limit: 5, q: '夕陽' })).toEqual([]);
  });
});
