// recommendEvents(query:) is bounded: an over-long query is refused before any work, and the
// tokeniser is linear in the query's length (ICU's segmenter alone took 26 s on "早餐 " × 32,000).
// Real HTTP against a real server and database. Timings here are loose ceilings that only a
// regression to super-linear work would break; the real figures are in the bench.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/server.js';
import { createUser, seedDay } from '../testing/fixtures.js';
import { MAX_QUERY_LENGTH } from '../recommend/recommend.js';
import { tokenize } from '../recommend/tokenize.js';

let t: TestServer;
let token: string;
const DATE = '2026-11-20';
const QUERY = 'query($d: Date!, $q: String) { recommendEvents(date: $d, limit: 3, query: $q) { score reasons event { id } } }';

beforeAll(async () => {
  t = await startTestServer();
  const deps = { prisma: t.app.db.prisma, storage: t.app.storage, tool: t.app.tool };
  const user = await createUser(deps.prisma, 'carol', { timezone: 'Asia/Taipei', locale: 'zh-TW' });
  await seedDay(deps, user.id, { date: DATE, recordings: 2 });
  token = await t.login('carol');
}, 120_000);

afterAll(async () => {
  await t?.stop();
});

describe('recommendEvents query length', () => {
  it('refuses a 224 KB query with BAD_USER_INPUT on the query field, quickly', async () => {
    const huge = '早餐 '.repeat(32_000); // 96,000 characters, ≈ 224 KB of UTF-8 JSON
    expect(Buffer.byteLength(huge)).toBeGreaterThanOrEqual(224_000);
    const started = performance.now();
    const res = await t.gql(QUERY, { d: DATE, q: huge }, token);
    const ms = performance.now() - started;
    expect(res.data).toBeNull();
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'query' });
    expect(res.errors?.[0]?.message).toContain(String(MAX_QUERY_LENGTH));
    expect(ms).toBeLessThan(3_000); // before the fix: 26 s of tokenising
  });

  it('refuses one character over the limit and accepts exactly the limit', async () => {
    const over = await t.gql(QUERY, { d: DATE, q: 'a'.repeat(MAX_QUERY_LENGTH + 1) }, token);
    expect(over.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'query' });
    const atLimit = '早餐 '.repeat(Math.floor(MAX_QUERY_LENGTH / 3)).padEnd(MAX_QUERY_LENGTH, '早');
    expect(atLimit).toHaveLength(MAX_QUERY_LENGTH);
    const ok = await t.gql(QUERY, { d: DATE, q: atLimit }, token);
    expect(ok.errors).toBeUndefined();
    expect(ok.data.recommendEvents).toHaveLength(3);
  });

  it('tokenises a maximum-length query of worst-case content well within a request budget', () => {
    const worst = '早餐 '.repeat(Math.ceil(MAX_QUERY_LENGTH / 3)).slice(0, MAX_QUERY_LENGTH);
    tokenize(worst); // warm ICU
    const started = performance.now();
    const words = tokenize(worst);
    const ms = performance.now() - started;
    expect(words.length).toBeGreaterThan(600);
    expect(ms).toBeLessThan(500); // ≈ a few ms when linear; see bench/ for the figure
  });

  it('tokenises text far beyond the cap in linear time (the segmenter is fed bounded chunks)', () => {
    const started = performance.now();
    const words = tokenize('早餐 '.repeat(32_000));
    expect(words).toHaveLength(32_000);
    expect(performance.now() - started).toBeLessThan(5_000); // one ICU call on it: ≈ 26 s
  });
});
