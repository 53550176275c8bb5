import { describe, expect, it } from 'vitest';
import { clampLimit, explain, lexicalTerms, MAX_REASONS, recommendEvents, resolveQuery, scoreEvents, selectFresh, DEFAULT_TUNING, type RecommendableEvent } from './recommend.ts';
import { eventFeatures } from './features.ts';

let seq = 0;
function ev(time: string | null, summary: string | null, action: string | null = null, scene: string | null = null, id?: string): RecommendableEvent {
  const [h, m] = (time ?? '00:00').split(':').map(Number);
  return { id: id ?? `e${++seq}`, startTime: time ? new Date(Date.UTC(2024, 4, 1, h!, m!)) : null, duration: 60, summary, action, scene };
}

const zhDay = (): RecommendableEvent[] => [
  ev('07:00', '男子坐在辦公桌前使用電腦', '工作', '辦公室', 'desk1'),
  ev('08:00', '女子牽著狗在公園散步', '散步', '公園', 'dog'),
  ev('09:00', '男子坐在辦公桌前使用電腦', '工作', '辦公室', 'desk2'),
  ev('12:00', '一家人在餐廳吃火鍋', '用餐', '餐廳', 'hotpot'),
  ev('14:00', '男子騎腳踏車沿著河堤前進', '騎車', '河堤', 'bike'),
  ev('17:30', '夕陽落入海面，天空一片橘紅', '觀景', '海邊', 'sunset'),
  ev('18:00', '男子坐在辦公桌前使用電腦', '工作', '辦公室', 'desk3'),
];
const ids = (recs: { eventId: string }[]) => recs.map((r) => r.eventId);

describe('recommendEvents — meaning, not only shared words', () => {
  it('finds 騎腳踏車 from 單車 in the diary, and says so as a pair', () => {
    const [first] = recommendEvents(zhDay(), { diary: '下午騎單車去河邊', limit: 3 });
    expect(first).toMatchObject({ eventId: 'bike', basis: 'DIARY' });
    expect(first!.reasons).toContain('單車 ≈ 腳踏車');
  });

  it('matches an English query against Chinese events through the dictionary', () => {
    const recs = recommendEvents(zhDay(), { query: 'dog park sunset', limit: 3 });
    expect(ids(recs.slice(0, 2)).sort()).toEqual(['dog', 'sunset']);
    expect(recs[0]!.basis).toBe('QUERY');
    expect(recs.flatMap((r) => r.reasons)).toEqual(expect.arrayContaining(['sunset ≈ 夕陽', 'dog ≈ 狗']));
  });

  it('matches a Chinese diary against English events', () => {
    const events = [ev('08:00', 'A woman walks a dog along a river', 'walking', 'riverside', 'walk'), ev('12:00', 'A man types at a desk', 'working', 'office', 'desk'), ev('18:00', 'A family eats dinner', 'eating', 'home', 'dinner')];
    const recs = recommendEvents(events, { diary: '早上帶狗去河邊', limit: 3 });
    expect(recs[0]).toMatchObject({ eventId: 'walk', basis: 'DIARY' });
    expect(recs[0]!.reasons).toEqual(expect.arrayContaining(['狗 ≈ dog']));
  });

  it('ranks a specific match above a generic one in English, reasons stemmed or paired', () => {
    const events = [ev('10:00', 'Children build a snowman in the garden'), ev('11:00', 'A man reads the newspaper'), ev('12:00', 'A woman buys fruit at the market')];
    const recs = recommendEvents(events, { query: 'The kids built a snowman, then I went to the market' });
    expect(ids(recs.slice(0, 2))).toEqual([events[0]!.id, events[2]!.id]);
    expect(recs[0]!.reasons).toEqual(expect.arrayContaining(['snowman', 'built ≈ build']));
    expect(recs[2]).toMatchObject({ eventId: events[1]!.id, basis: 'HIGHLIGHTS', reasons: [], score: 0 });
  });
});

describe('recommendEvents — reasons are true', () => {
  it('a name matches only itself: 小黑 never pulls in 小美 through 小', () => {
    const events = [ev('09:00', '小黑在草地上追球', '玩耍', '草地', 'black'), ev('10:00', '小美在咖啡店喝咖啡', '喝咖啡', '咖啡店', 'mei'), ev('17:00', '夕陽映在河面上', '觀景', '河邊', 'sun')];
    const recs = recommendEvents(events, { query: '小黑 河邊 夕陽', limit: 3 });
    expect(ids(recs.slice(0, 2)).sort()).toEqual(['black', 'sun']);
    expect(recs.find((r) => r.eventId === 'black')!.reasons).toEqual(['小黑']);
    expect(recs.find((r) => r.eventId === 'mei')).toMatchObject({ basis: 'HIGHLIGHTS', reasons: [] });
  });

  it('never gives a filler word, a stop word or a lone character standing for a longer word as a reason', () => {
    const events = [ev('09:00', '女子一邊看書一邊喝茶', '閱讀', '客廳'), ev('11:00', '男子在小麵店吃麵', '用餐', '麵店'), ev('13:00', '小女孩在公園盪鞦韆', '玩耍', '公園')];
    const recs = recommendEvents(events, { diary: '一邊看一邊弄，早就忘了面子。只是小感冒。', limit: 3 });
    for (const r of recs) expect(r).toMatchObject({ basis: 'HIGHLIGHTS', reasons: [] });
  });

  it('every reason of every pick names words found on both sides', () => {
    const diary = '早上帶狗去公園散步，下午騎單車去河堤，傍晚看夕陽，晚上和家人吃火鍋。';
    const recs = recommendEvents(zhDay(), { diary });
    const byId = new Map(zhDay().map((e) => [e.id, `${e.summary} ${e.action} ${e.scene}`]));
    for (const r of recs) {
      if (r.basis === 'HIGHLIGHTS') {
        expect(r.reasons).toEqual([]);
        continue;
      }
      expect(r.reasons.length).toBeGreaterThan(0);
      for (const reason of r.reasons) {
        const [q, e = q] = reason.split(' ≈ ');
        expect(diary).toContain(q);
        expect(byId.get(r.eventId)).toContain(e);
      }
    }
  });

  it('drops reasons inside longer ones and keeps at most MAX_REASONS', () => {
    expect(explain(['河邊', '邊', '小美', '太陽', '曬太陽', '公園'])).toEqual(['河邊', '小美', '曬太陽', '公園']);
    expect(explain(['單車 ≈ 腳踏車', '腳踏車', '單車'])).toEqual(['單車 ≈ 腳踏車']);
    expect(explain(['a1', 'b2', 'c3', 'd4', 'e5', 'f6', 'g7'])).toHaveLength(MAX_REASONS);
  });
});

describe('recommendEvents — fusion of the two channels', () => {
  it('an event matched by words and by meaning outranks one matched by meaning alone', () => {
    const features = [ev('09:00', '男子騎腳踏車去市場'), ev('10:00', '男子騎單車去市場'), ev('11:00', '男子在家看電視')].map((e) => eventFeatures(e));
    const [exact, synonym, none] = scoreEvents(features, '騎單車');
    expect(synonym!.score).toBeGreaterThan(exact!.score);
    expect(exact!.score).toBeGreaterThan(0);
    expect(exact!.reasons()).toContain('單車 ≈ 腳踏車');
    expect(none).toMatchObject({ score: 0, hasReasons: false });
    expect(none!.reasons()).toEqual([]);
  });

  it('scores are normalised: the best event of the day scores 1 when both channels agree', () => {
    const features = zhDay().map((e) => eventFeatures(e));
    const scored = scoreEvents(features, '夕陽');
    expect(Math.max(...scored.map((s) => s.score))).toBeCloseTo(1, 6);
    const lexicalOnly = scoreEvents(features, '夕陽', { ...DEFAULT_TUNING, lexicalWeight: 1 });
    expect(lexicalOnly.filter((s) => s.score > 0).map((s) => s.index)).toEqual([5]);
  });
});

describe('recommendEvents — near-duplicates', () => {
  const day = () => [
    ev('09:00', '男子在公園遛狗', '散步', '公園', 'a1'),
    ev('09:02', '男子牽著狗在公園散步', '散步', '公園', 'a2'),
    ev('15:00', '女子和朋友在公園遛狗聊天', '散步', '公園', 'pm'),
    ev('16:00', '男子在書桌前打字', '工作', '書房', 'desk'),
  ];

  it('never picks two clips of one walk minutes apart; the same walk hours later is another moment', () => {
    const recs = recommendEvents(day(), { query: '公園遛狗', limit: 3 });
    expect(ids(recs)).toEqual(['a1', 'pm', 'desk']);
  });

  it('keeps the better of a pair', () => {
    const recs = recommendEvents(day(), { query: '牽著狗散步', limit: 2 });
    expect(ids(recs)[0]).toBe('a2');
    expect(ids(recs)).not.toContain('a1');
  });

  it('still returns every event when the limit leaves nothing else', () => {
    expect(recommendEvents(day(), { query: '公園遛狗', limit: 4 })).toHaveLength(4);
  });

  it('more of the same activity half an hour later waits behind a fresh moment that scores above half of it', () => {
    const cooking = () => [
      ev('15:00', 'A young woman stir-fries chicken in a wok', 'cooking', 'kitchen', 'wok'),
      ev('15:30', 'A young woman bastes a turkey in the oven', 'cooking', 'kitchen', 'oven'),
      ev('19:00', 'Friends sit around a table of dishes', 'eating', 'living room', 'dinner'),
    ];
    // Without the penalty the two cooking clips (half an hour apart, same action and place) come first.
    const plain = { ...DEFAULT_TUNING, duplicates: { ...DEFAULT_TUNING.duplicates, repeatFactor: 1 } };
    const q = { query: 'stir-fried chicken in a wok, basted a turkey in the oven, friends at a table', limit: 3 };
    expect(ids(recommendEvents(cooking(), q, plain))).toEqual(['wok', 'oven', 'dinner']);
    expect(ids(recommendEvents(cooking(), q))).toEqual(['wok', 'dinner', 'oven']);
    // A fresh moment scoring below half of the repeat still waits.
    expect(ids(recommendEvents(cooking(), { ...q, query: 'stir-fried chicken in a wok, basted a turkey in the oven, then dishes with friends' }))).toEqual(['wok', 'oven', 'dinner']);
  });
});

describe('recommendEvents — a diary word answered once', () => {
  it('a later event that only answers words an earlier pick already answered waits behind one that answers a new word', () => {
    const day = () => [
      ev('09:00', 'Two kids swim in the waves at the beach', 'swimming', 'beach', 'swim'),
      ev('15:00', 'Two kids sit on towels at the beach', 'resting', 'beach', 'towels'),
      ev('12:00', 'A girl licks a gelato at a kiosk', 'eating', 'kiosk', 'gelato'),
      ev('19:00', 'A man reads on the sofa', 'reading', 'living room', 'read'),
    ];
    const q = { diary: 'Beach day with the kids! The kids swam at the beach, then a gelato', limit: 2 };
    // Counted in full, "beach" and "kids" again outweigh the one new word.
    expect(ids(recommendEvents(day(), q, { ...DEFAULT_TUNING, answeredFactor: 1 }))).toEqual(['swim', 'towels']);
    const recs = recommendEvents(day(), q);
    expect(ids(recs)).toEqual(['swim', 'gelato']);
    // The score shown stays the event's own match.
    expect(recs[1]!.reasons).toEqual(['gelato']);
    expect(ids(recommendEvents(day(), { ...q, limit: 3 }))).toEqual(['swim', 'gelato', 'towels']);
  });
});

describe('recommendEvents — generic English words', () => {
  it('a word frequent in general English (city) weighs less than a specific one (sunset), even when both are rare in the day', () => {
    const day = () => [
      ev('13:30', 'A car moves through city traffic', 'driving', 'car', 'traffic'),
      ev('15:30', 'A man and a woman stand by a monument as the sun goes down', 'watching the sunset', 'hilltop', 'sunset'),
      ev('10:00', 'A man reads', 'reading', 'sofa', 'read'),
    ];
    const q = { query: 'a walk to catch the sunset over the city', limit: 2 };
    expect(ids(recommendEvents(day(), q, { ...DEFAULT_TUNING, commonRank: 0 }))).toEqual(['traffic', 'sunset']);
    const recs = recommendEvents(day(), q);
    expect(ids(recs)).toEqual(['sunset', 'traffic']);
    expect(recs[1]!.reasons).toEqual(['city']);
  });
});

describe('selectFresh', () => {
  const c = (index: number, score: number) => ({ index, score });
  const run = (sorted: Array<{ index: number; score: number }>, limit: number, dup: number[][], rep: number[][], factor = 0.5) => {
    const chosen: number[] = [];
    const pairs = (list: number[][]) => (i: number) => chosen.some((x) => list.some(([a, b]) => (a === i && b === x) || (b === i && a === x)));
    const repeated = pairs(rep);
    for (const s of selectFresh(sorted, limit, pairs(dup), (x) => (repeated(x.index) ? x.score * factor : x.score))) chosen.push(s.index);
    return chosen;
  };

  it('takes the best first, skips duplicates of a pick, and stops at the limit', () => {
    expect(run([c(0, 1), c(1, 0.9), c(2, 0.5)], 2, [[0, 1]], [])).toEqual([0, 2]);
    expect(run([c(0, 1), c(1, 0.9), c(2, 0.5)], 5, [], [])).toEqual([0, 1, 2]);
    expect(run([], 3, [], [])).toEqual([]);
  });

  it('asks for a candidate’s worth given the picks so far', () => {
    const chosen: number[] = [];
    // After 0 is picked, 1 is worth a third of its score: 2 goes first.
    const fresh = (s: { index: number; score: number }) => (s.index === 1 && chosen.includes(0) ? s.score / 3 : s.score);
    for (const s of selectFresh([c(0, 1), c(1, 0.9), c(2, 0.5)], 3, () => false, fresh)) chosen.push(s.index);
    expect(chosen).toEqual([0, 2, 1]);
  });

  it('a repeat of a pick counts at the factor: a fresh candidate above that goes first, one below does not', () => {
    expect(run([c(0, 1), c(1, 0.9), c(2, 0.5)], 3, [], [[0, 1]])).toEqual([0, 2, 1]);
    expect(run([c(0, 1), c(1, 0.9), c(2, 0.4)], 3, [], [[0, 1]])).toEqual([0, 1, 2]);
    expect(run([c(0, 1), c(1, 0.9), c(2, 0.5)], 3, [], [[0, 1]], 1)).toEqual([0, 1, 2]);
  });
});

describe('recommendEvents — no diary, or nothing matched: the day’s highlights', () => {
  const day = () => [
    ev('08:00', '男子在辦公桌前打字', '工作', '辦公室'),
    ev('10:00', '男子在辦公桌前看螢幕', '工作', '辦公室'),
    ev('12:00', '朋友們在餐廳為他慶生吹蠟燭', '慶生', '餐廳', 'bday'),
    ev('14:00', '男子在辦公桌前打字', '工作', '辦公室'),
    ev('19:00', '男子和朋友在海邊看夕陽', '觀景', '海邊', 'beach'),
    ev('22:00', '男子刷牙', '刷牙', '浴室', 'teeth'),
  ];

  it('picks the rare outings and occasions, not the routine, and calls them highlights', () => {
    const recs = recommendEvents(day(), { limit: 2 });
    expect(ids(recs).sort()).toEqual(['bday', 'beach']);
    for (const r of recs) expect(r).toMatchObject({ basis: 'HIGHLIGHTS', score: 0, reasons: [] });
  });

  it('says HIGHLIGHTS for every pick when nothing in the diary matched', () => {
    const recs = recommendEvents(day(), { diary: 'zzz qqq', limit: 3 });
    expect(recs.every((r) => r.basis === 'HIGHLIGHTS')).toBe(true);
  });
});

describe('recommendEvents — limits, ids, empty fields, determinism', () => {
  it('clamps the limit to [0, events] with 20 as the default', () => {
    expect(recommendEvents([], { diary: '今天很開心' })).toEqual([]);
    expect(recommendEvents(zhDay(), { query: '夕陽', limit: 0 })).toEqual([]);
    expect(recommendEvents(zhDay(), { query: '夕陽', limit: 2.9 })).toHaveLength(2);
    expect(recommendEvents(zhDay(), { query: '夕陽', limit: Number.NaN })).toHaveLength(zhDay().length);
    expect(clampLimit(undefined, 30)).toBe(20);
    expect(clampLimit(-3, 5)).toBe(0);
  });

  it('returns each event once even when ids repeat', () => {
    const recs = recommendEvents([...zhDay(), { ...zhDay()[5]! }], { query: '夕陽', limit: 50 });
    expect(new Set(ids(recs)).size).toBe(recs.length);
    expect(recs).toHaveLength(zhDay().length);
  });

  it('scores every event by its own fields; an empty summary can match on action and scene', () => {
    const events = [ev('09:00', null, '游泳', '海邊', 'swim'), ev('10:00', '', '睡覺', '臥室', 'sleep'), ev('11:00', '女子在廚房煮紅燒魚', '烹飪', '廚房', 'fish'), ev('12:00', null, null, null, 'nothing')];
    const byId = new Map(recommendEvents(events, { diary: '晚餐煮了紅燒魚，下午去海邊游泳' }).map((r) => [r.eventId, r]));
    expect(byId.get('swim')!.reasons).toEqual(expect.arrayContaining(['游泳', '海邊']));
    expect(byId.get('fish')!.reasons).toEqual(expect.arrayContaining(['紅燒', '魚']));
    expect(byId.get('fish')!.reasons).not.toContain('游泳');
    expect(byId.get('nothing')).toMatchObject({ score: 0, basis: 'HIGHLIGHTS' });
  });

  it('uses the query over the diary; no text means highlights', () => {
    expect(resolveQuery({ query: '夕陽', diary: '火鍋' })).toEqual({ text: '夕陽', basis: 'QUERY' });
    expect(resolveQuery({ query: '  ', diary: '火鍋' })).toEqual({ text: '火鍋', basis: 'DIARY' });
    expect(resolveQuery({ query: null, diary: ' ' })).toEqual({ text: '', basis: 'HIGHLIGHTS' });
    expect(recommendEvents(zhDay(), { query: '夕陽', diary: '火鍋', limit: 1 })[0]!.eventId).toBe('sunset');
  });

  it('gives the same list for the same input, whatever the input order', () => {
    const diary = '早上帶狗去公園散步，傍晚去海邊看夕陽，晚餐吃火鍋。';
    const matched = (events: RecommendableEvent[]) => recommendEvents(events, { diary }).filter((r) => r.basis === 'DIARY');
    expect(matched(zhDay())).toEqual(matched(zhDay()));
    expect(matched([...zhDay()].reverse())).toEqual(matched(zhDay()));
  });
});

describe('recommendEvents — related words', () => {
  it('an event only related to the diary (no reason to show) comes before the plain highlights, as a highlight', () => {
    const events = [
      ev('08:00', 'A man types at a desk', 'working', 'office', 'desk'),
      ev('12:00', 'A woman slices a chocolate cake', 'eating', 'cafe', 'cake'),
      ev('15:00', 'A family watches fireworks at a festival', 'watching', 'festival', 'fireworks'),
    ];
    const recs = recommendEvents(events, { diary: 'dessert', limit: 3 });
    expect(recs[0]).toMatchObject({ eventId: 'cake', basis: 'HIGHLIGHTS', reasons: [] });
    // Without the diary the festival is the day's highlight.
    expect(recommendEvents(events, { limit: 3 })[0]!.eventId).toBe('fireworks');
  });
});

describe('lexical channel — the bigram backoff', () => {
  it('a dictionary word ICU left in characters (外|送) is a query term matched as its bigram; a fragment is not', () => {
    expect(lexicalTerms('叫了外送').map((t) => t.wordFeature)).toContain('b:外送');
    expect(lexicalTerms('搭小巴').map((t) => t.word)).not.toContain('搭小');
    const events = [ev('19:00', '男子打開外送餐盒在茶几上吃晚餐', '用餐', '客廳', 'delivery'), ev('12:00', '男子在餐廳吃午餐', '用餐', '餐廳', 'lunch')];
    const [first] = recommendEvents(events, { diary: '晚上懶得出門，叫了外送', limit: 2 });
    expect(first).toMatchObject({ eventId: 'delivery', basis: 'DIARY' });
    expect(first!.reasons).toContain('外送');
  });
});

describe('recommendEvents — the diary says when', () => {
  const day = () => [
    ev('07:30', '男子在廚房煮咖啡', '煮咖啡', '廚房', 'coffee'),
    ev('12:10', '男子在公司附近吃便當', '吃飯', '餐廳', 'lunch'),
    ev('19:00', '男子在廚房煮義大利麵', '煮飯', '廚房', 'pasta'),
  ];

  it('a word written under 晚上 prefers the evening event that has it', () => {
    const diary = '中午吃便當。晚上在廚房煮麵。';
    expect(ids(recommendEvents(day(), { diary, limit: 3 }).slice(0, 2))).toEqual(['lunch', 'pasta']);
    // With the time of day off, the morning coffee in the same kitchen competes on 廚房 and 煮.
    const off = { ...DEFAULT_TUNING, dayparts: { factor: 1, slack: 60 } };
    const [scoredOn, scoredOff] = [DEFAULT_TUNING, off].map((t) => scoreEvents(day().map((e) => eventFeatures(e)), diary, t, [{ start: 450, minutes: 10 }, { start: 730, minutes: 20 }, { start: 1140, minutes: 30 }]));
    expect(scoredOn![0]!.score).toBeLessThan(scoredOff![0]!.score);
    expect(scoredOn![2]!.score).toBeCloseTo(scoredOff![2]!.score, 6);
  });

  it('reads event times in the user\'s time zone', () => {
    // 23:30 UTC is 07:30 in Taipei: the diary's 早上 is that event, not the one at 11:00 UTC (19:00 there).
    const events = [
      { ...ev(null, '男子在廚房煮咖啡', '煮', '廚房', 'morning'), startTime: new Date(Date.UTC(2024, 3, 30, 23, 30)) },
      { ...ev(null, '男子在廚房煮咖啡', '煮', '廚房', 'evening'), startTime: new Date(Date.UTC(2024, 4, 1, 11, 0)) },
    ];
    expect(recommendEvents(events, { diary: '早上煮咖啡', limit: 1, timeZone: 'Asia/Taipei' })[0]!.eventId).toBe('morning');
    expect(recommendEvents(events, { diary: '晚上煮咖啡', limit: 1, timeZone: 'Asia/Taipei' })[0]!.eventId).toBe('evening');
  });
});

describe('recommendEvents — a programme about it is not the thing itself', () => {
  const day = () => [
    ev('10:00', '老婦人把糯米和餡料包進粽葉', '包粽子', '廚房', 'wrap'),
    ev('11:00', '電視美食節目示範怎麼包粽子和煮粽子', '看電視', '客廳', 'tv'),
    ev('12:00', '老婦人在公園散步', '散步', '公園', 'walk'),
  ];

  it('a TV show about 粽子 scores below wrapping 粽子, and only a fraction of what it would', () => {
    const [first] = recommendEvents(day(), { diary: '今天包粽子，包了三十個', limit: 3 });
    expect(first!.eventId).toBe('wrap');
    const score = (screenFactor: number) => scoreEvents(day().map((e) => eventFeatures(e)), '包粽子', { ...DEFAULT_TUNING, screenFactor })[1]!.score;
    expect(score(DEFAULT_TUNING.screenFactor)).toBeLessThan(score(1));
  });

  it('a diary about watching TV still finds the TV', () => {
    expect(recommendEvents(day(), { diary: '下午看電視', limit: 1 })[0]!.eventId).toBe('tv');
  });
});
