import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TUNING,
  FALLBACK_QUERY,
  clampLimit,
  recommendEvents,
  resolveQuery,
  type RecommendableEvent,
} from './recommend.ts';

let seq = 0;
function ev(time: string | null, summary: string | null, action: string | null = null, scene: string | null = null, id?: string): RecommendableEvent {
  const [h, m] = (time ?? '00:00').split(':').map(Number);
  return {
    id: id ?? `e${++seq}`,
    startTime: time ? new Date(Date.UTC(2024, 4, 1, h!, m!)) : null,
    duration: 60,
    summary,
    action,
    scene,
  };
}

const zhDay = (): RecommendableEvent[] => [
  ev('07:00', '男子坐在辦公桌前使用電腦', '工作', '辦公室', 'desk1'),
  ev('08:00', '女子牽著小狗在公園散步', '散步', '公園', 'dog'),
  ev('09:00', '男子坐在辦公桌前使用電腦', '工作', '辦公室', 'desk2'),
  ev('12:00', '一家人在餐廳吃火鍋', '用餐', '餐廳', 'hotpot'),
  ev('17:30', '夕陽落入海面，天空一片橘紅', '觀景', '海邊', 'sunset'),
  ev('18:00', '男子坐在辦公桌前使用電腦', '工作', '辦公室', 'desk3'),
];

describe('recommendEvents — scoring and reasons', () => {
  it('ranks the events the diary talks about first (BM25 over segmented Chinese)', () => {
    const recs = recommendEvents(zhDay(), { diary: '傍晚去海邊看夕陽，天空好美。早上帶小狗去公園散步。' });
    expect(recs.slice(0, 2).map((r) => r.eventId).sort()).toEqual(['dog', 'sunset']);
    expect(recs[0]!.score).toBeGreaterThan(0);
    expect(recs[0]!.score).toBeGreaterThanOrEqual(recs[1]!.score);
  });

  it('a more specific match outranks a generic one', () => {
    const events = [
      ev('10:00', 'A woman walks along the street'),
      ev('11:00', 'A woman walks a brown dog along the river'),
      ev('12:00', 'A man reads a newspaper'),
    ];
    const recs = recommendEvents(events, { query: 'walked the dog by the river', diversity: 1 });
    expect(recs.map((r) => r.eventId)).toEqual([events[1]!.id, events[0]!.id, events[2]!.id]);
  });

  it('names the matched query words as reasons, best first', () => {
    const recs = recommendEvents(zhDay(), { query: '夕陽 海邊 電影' });
    const sunset = recs.find((r) => r.eventId === 'sunset')!;
    expect(sunset.reasons).toEqual(expect.arrayContaining(['夕陽', '海邊']));
    expect(sunset.reasons).not.toContain('電影');
    const english = recommendEvents([ev('10:00', 'Children build a snowman in the garden'), ev('11:00', 'A man reads')], {
      query: 'The children built a snowman',
    });
    expect(english[0]!.reasons).toEqual(expect.arrayContaining(['snowman', 'build', 'child']));
  });

  it('never returns empty reasons with a positive score, and fills with score 0 and no reasons', () => {
    const recs = recommendEvents(zhDay(), { query: '夕陽' });
    for (const r of recs) {
      if (r.score > 0) expect(r.reasons.length).toBeGreaterThan(0);
      else expect(r.reasons).toEqual([]);
    }
    expect(recs[0]).toMatchObject({ eventId: 'sunset' });
    expect(recs.filter((r) => r.score > 0)).toHaveLength(1);
    expect(recs).toHaveLength(6); // asked for the default 20, the day has 6: all of them
  });

  it('matches partial Chinese words through characters (海灘 ~ 沙灘)', () => {
    const events = [ev('09:00', '兩人赤腳走在沙灘上'), ev('10:00', '男子在書桌前打字'), ev('11:00', '女子在廚房洗碗'), ev('12:00', '男孩在客廳看電視')];
    const recs = recommendEvents(events, { query: '到了海灘先脫鞋' });
    expect(recs[0]).toMatchObject({ eventId: events[0]!.id, reasons: ['海灘'] });
  });
});

describe('recommendEvents — limits and empty input', () => {
  it('returns [] for an empty day', () => {
    expect(recommendEvents([], { diary: '今天很開心' })).toEqual([]);
    expect(recommendEvents([], {})).toEqual([]);
  });

  it('clamps the limit to [0, events.length] with 20 as the default', () => {
    const day = zhDay();
    expect(recommendEvents(day, { query: '夕陽', limit: 0 })).toEqual([]);
    expect(recommendEvents(day, { query: '夕陽', limit: -3 })).toEqual([]);
    expect(recommendEvents(day, { query: '夕陽', limit: 2 })).toHaveLength(2);
    expect(recommendEvents(day, { query: '夕陽', limit: 2.9 })).toHaveLength(2);
    expect(recommendEvents(day, { query: '夕陽', limit: 100 })).toHaveLength(day.length);
    expect(recommendEvents(day, { query: '夕陽', limit: Number.NaN })).toHaveLength(day.length);
    const many = Array.from({ length: 30 }, (_, i) => ev(`${String(6 + Math.floor(i / 2)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`, `事件 ${i}`));
    expect(recommendEvents(many, {})).toHaveLength(20);
    expect(clampLimit(undefined, 5)).toBe(5);
    expect(clampLimit(3, 5)).toBe(3);
  });

  it('returns each event at most once, even when ids repeat in the input', () => {
    const day = [...zhDay(), { ...zhDay()[4]! }];
    const recs = recommendEvents(day, { query: '夕陽', limit: 50 });
    expect(new Set(recs.map((r) => r.eventId)).size).toBe(recs.length);
    expect(recs).toHaveLength(6);
  });
});

describe('recommendEvents — empty summaries (the old id misalignment)', () => {
  it('scores every event by its own id; an empty summary can match on action and scene', () => {
    const events = [
      ev('09:00', null, '游泳', '海邊', 'swim-null'),
      ev('10:00', '', '睡覺', '臥室', 'sleep-empty'),
      ev('11:00', '女子在廚房煮紅燒魚', '烹飪', '廚房', 'fish'),
      ev('12:00', null, null, null, 'nothing'),
    ];
    const recs = recommendEvents(events, { diary: '晚餐煮了紅燒魚，下午去海邊游泳' });
    const byId = new Map(recs.map((r) => [r.eventId, r]));
    expect(byId.get('fish')!.reasons).toEqual(expect.arrayContaining(['紅燒', '魚', '煮']));
    expect(byId.get('fish')!.score).toBeGreaterThan(0);
    expect(byId.get('swim-null')!.score).toBeGreaterThan(0);
    expect(byId.get('swim-null')!.reasons).toEqual(expect.arrayContaining(['海邊', '游泳']));
    expect(byId.get('sleep-empty')!.score).toBe(0);
    expect(byId.get('nothing')).toMatchObject({ score: 0, reasons: [] });
    expect(byId.get('fish')!.reasons).not.toContain('游泳');
  });
});

describe('recommendEvents — diversity over the day', () => {
  const day = () => [
    ev('09:00', '男子在公園遛狗', '散步', '公園', 'a1'),
    ev('09:02', '男子在公園遛狗', '散步', '公園', 'a2'),
    ev('09:04', '男子在公園遛狗', '散步', '公園', 'a3'),
    ev('15:00', '下午女子帶狗在公園和朋友遛狗聊天', '散步', '公園', 'pm'),
    ev('16:00', '男子在書桌前打字', '工作', '書房', 'desk'),
  ];
  const noRoutine = { ...DEFAULT_TUNING, routine: 0 };

  it('without diversity, near-identical morning events crowd out the afternoon', () => {
    const recs = recommendEvents(day(), { query: '公園遛狗', limit: 2, diversity: 1 }, noRoutine);
    expect(recs.map((r) => r.eventId)).toEqual(['a1', 'a2']);
  });

  it('with diversity (MMR), the afternoon event makes the top 2', () => {
    const recs = recommendEvents(day(), { query: '公園遛狗', limit: 2 }, noRoutine);
    expect(recs.map((r) => r.eventId)).toEqual(['a1', 'pm']);
    expect(recommendEvents(day(), { query: '公園遛狗', limit: 2 }).map((r) => r.eventId)).toContain('pm');
  });

  it('fills unmatched picks spread over the day rather than bunched', () => {
    const events = ['06:00', '06:10', '06:20', '12:00', '12:10', '18:00', '18:10', '23:00'].map((t, i) => ev(t, `事件${i}`, null, null, `t${t}`));
    const recs = recommendEvents(events, { query: 'zzz', limit: 3 });
    expect(recs.every((r) => r.score === 0 && r.reasons.length === 0)).toBe(true);
    const hours = recs.map((r) => Number(r.eventId.slice(1, 3))).sort((a, b) => a - b);
    expect(hours[0]).toBe(6);
    expect(hours[2]).toBe(23);
    expect(hours[1]).toBeGreaterThanOrEqual(12);
    expect(hours[1]).toBeLessThanOrEqual(18);
  });

  it('handles events without a start time', () => {
    const events = [ev(null, '女子在公園遛狗'), ev('10:00', '男子在公園遛狗'), ev(null, '男子打字')];
    const recs = recommendEvents(events, { query: '遛狗' });
    expect(recs).toHaveLength(3);
    expect(recs.slice(0, 2).every((r) => r.score > 0)).toBe(true);
  });
});

describe('recommendEvents — query precedence', () => {
  it('uses the query over the diary, the diary over the fallback', () => {
    expect(resolveQuery({ query: '夕陽', diary: '火鍋' })).toBe('夕陽');
    expect(resolveQuery({ query: '   ', diary: '火鍋' })).toBe('火鍋');
    expect(resolveQuery({ query: null, diary: null })).toBe(FALLBACK_QUERY);
    expect(resolveQuery({ query: '', diary: ' ' })).toBe(FALLBACK_QUERY);

    expect(recommendEvents(zhDay(), { query: '夕陽', diary: '火鍋', limit: 1 })[0]!.eventId).toBe('sunset');
    expect(recommendEvents(zhDay(), { query: ' ', diary: '火鍋', limit: 1 })[0]!.eventId).toBe('hotpot');
  });

  it('falls back to 今天發生的有趣、開心、有意義的事情 without query or diary', () => {
    const events = [ev('09:00', '男子打字'), ev('13:00', '孩子們在公園開心地玩耍'), ev('20:00', '女子洗碗')];
    const recs = recommendEvents(events, {});
    expect(recs[0]).toMatchObject({ eventId: events[1]!.id, reasons: ['開心'] });
  });
});

describe('recommendEvents — determinism', () => {
  it('returns the same list for the same input', () => {
    const diary = '早上帶小狗去公園散步，傍晚去海邊看夕陽，晚餐吃火鍋。';
    const a = recommendEvents(zhDay(), { diary, limit: 6 });
    const b = recommendEvents(zhDay(), { diary, limit: 6 });
    expect(b).toEqual(a);
  });

  it('does not depend on the order the events are given in (for distinct scores)', () => {
    const diary = '早上帶小狗去公園散步，傍晚去海邊看夕陽，晚餐吃火鍋。';
    const matched = (events: RecommendableEvent[]) => recommendEvents(events, { diary }).filter((r) => r.score > 0);
    expect(matched([...zhDay()].reverse())).toEqual(matched(zhDay()));
  });
});

describe('explain', () => {
  it('drops words inside longer matched words, keeping the rank order', async () => {
    const { explain, MAX_REASONS } = await import('./recommend.ts');
    expect(explain(['河邊', '邊', '小', '太陽', '曬太陽', '公園', '小美'])).toEqual(['河邊', '小美', '曬太陽', '公園']);
    expect(explain(['狗', '貓'])).toEqual(['狗', '貓']);
    expect(explain(['a1', 'b2', 'c3', 'd4', 'e5', 'f6', 'g7'])).toHaveLength(MAX_REASONS);
  });
});
