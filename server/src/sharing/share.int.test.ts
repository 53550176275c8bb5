// Share links over real HTTP on a real database: created and listed through GraphQL, opened
// with no sign-in, media by Range through the link, expiry by an injected clock, revocation
// at the next request, and nothing else of the owner reachable through a link.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/server.js';
import { createUser, PASSWORD, seedDay } from '../testing/fixtures.js';
import { seedCompletedVlog } from '../testing/vlogs.js';
import { SHARE_PAGE_LIMIT } from '../http/share.js';
import { createDayreelClient, CreateShareLinkDocument, LoginDocument, RevokeShareLinkDocument, ShareLinksDocument } from '../../../client/index.js';

const DAY = 86_400_000;
let now = Date.parse('2026-11-21T02:00:00Z');
let t: TestServer;
let alice: string;
let bob: string;
let vlogId: string;
let otherVlogId: string;
let bobVlogId: string;
let videoKey: string;
let recordingKey: string;

const CREATE = `mutation($v: ID!, $d: Int, $n: String) { createShareLink(vlogId: $v, expiresInDays: $d, note: $n) { id url note expiresAt createdAt } }`;
const REVOKE = `mutation($id: ID!) { revokeShareLink(id: $id) }`;
const LINKS = `query($id: ID!) { vlog(id: $id) { shareLinks { id url note expiresAt } } }`;

beforeAll(async () => {
  t = await startTestServer({ autoVlogCheckSeconds: 0 }, { clock: () => new Date(now) });
  const deps = { prisma: t.app.db.prisma, storage: t.app.storage, tool: t.app.tool };
  const a = await createUser(deps.prisma, 'alice', { locale: 'zh-TW' });
  const b = await createUser(deps.prisma, 'bob');
  const day = await seedDay(deps, a.id, { date: '2026-11-20', recordings: 1, diary: '今天的日記：秘密的內容' });
  recordingKey = (await deps.prisma.recording.findUniqueOrThrow({ where: { id: day.recordingIds[0]! } })).storageKey;
  const vlog = await seedCompletedVlog(deps, a.id, { date: '2026-11-20', title: '<b>週五</b> & 小雯的一天' });
  vlogId = vlog.id;
  videoKey = vlog.storageKey!;
  otherVlogId = (await seedCompletedVlog(deps, a.id, { date: '2026-11-19', title: 'Another day entirely', colour: 'red' })).id;
  bobVlogId = (await seedCompletedVlog(deps, b.id, { date: '2026-11-20', title: "Bob's day" })).id;
  alice = await t.login('alice');
  bob = await t.login('bob');
});

afterAll(async () => {
  await t?.stop();
});

async function create(vars: Record<string, unknown>, token = alice) {
  const res = await t.gql(CREATE, vars, token);
  if (!res.data?.createShareLink) throw new Error(JSON.stringify(res.errors));
  return res.data.createShareLink as { id: string; url: string; note: string | null; expiresAt: string; createdAt: string };
}

const page = (url: string, headers: Record<string, string> = {}) => fetch(url, { headers: { 'accept-language': 'en-US,en;q=0.9', ...headers } });

describe('creating share links', () => {
  it('refuses bad input with the field named, and writes nothing', async () => {
    const before = await t.app.db.prisma.shareLink.count();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ v: vlogId, d: 3 }, 'BAD_USER_INPUT', 'expiresInDays'],
      [{ v: vlogId, d: 0 }, 'BAD_USER_INPUT', 'expiresInDays'],
      [{ v: vlogId, n: 'x'.repeat(201) }, 'BAD_USER_INPUT', 'note'],
      [{ v: bobVlogId }, 'NOT_FOUND', ''],
      [{ v: 'not-a-uuid' }, 'NOT_FOUND', ''],
    ];
    for (const [vars, code, field] of cases) {
      const res = await t.gql(CREATE, vars, alice);
      expect(res.errors?.[0]?.extensions?.code, JSON.stringify(vars)).toBe(code);
      if (field) expect(res.errors?.[0]?.extensions?.field).toBe(field);
    }
    const anonymous = await t.gql(CREATE, { v: vlogId });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await t.app.db.prisma.shareLink.count()).toBe(before);
  });

  it('refuses a vlog that is not finished', async () => {
    const p = t.app.db.prisma;
    await p.vlog.update({ where: { id: otherVlogId }, data: { status: 'processing' } });
    const res = await t.gql(CREATE, { v: otherVlogId }, alice);
    await p.vlog.update({ where: { id: otherVlogId }, data: { status: 'completed' } });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'vlogId' });
  });

  it('defaults to 7 days, keeps the note, and lists the working links on the vlog', async () => {
    const link = await create({ v: vlogId, n: '  for 小雯  ' });
    expect(link.note).toBe('for 小雯');
    expect(Date.parse(link.expiresAt) - now).toBe(7 * DAY);
    expect(link.url).toMatch(new RegExp(`^${t.url}/s/[0-9a-f]{32}[A-Za-z0-9_-]{32}$`));
    const listed = await t.gql(LINKS, { id: vlogId }, alice);
    expect(listed.data.vlog.shareLinks).toContainEqual({ id: link.id, url: link.url, note: 'for 小雯', expiresAt: link.expiresAt });
    // The URL is not in the database: only the id is, and the token needs the server's secret.
    const row = await t.app.db.prisma.shareLink.findUniqueOrThrow({ where: { id: link.id } });
    expect(JSON.stringify(row)).not.toContain(link.url.split('/s/')[1]!.slice(32));
  });
});

describe('opening a link without signing in', () => {
  it('shows the player, the title and the date — nothing else — with noindex', async () => {
    const link = await create({ v: vlogId });
    const res = await page(link.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('x-robots-tag')).toContain('noindex');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    // The app's own security headers (helmet) cover the public page too, its CSP made stricter.
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('<meta name="robots" content="noindex, nofollow">');
    expect(html).toContain('&lt;b&gt;週五&lt;/b&gt; &amp; 小雯的一天');
    expect(html).toContain('<time datetime="2026-11-20">Friday, November 20, 2026</time>');
    const token = link.url.split('/s/')[1]!;
    expect(html).toContain(`<video controls playsinline preload="metadata" src="/s/${token}/video.mp4" poster="/s/${token}/poster.jpg"`);
    for (const secret of ['alice', '秘密', '煎蛋', 'Another day', "Bob's", 'users/', '/media/', vlogId]) expect(html, secret).not.toContain(secret);
    expect(html).not.toContain('<track'); // this vlog has no captions
  });

  it('streams the video by Range, and the poster', async () => {
    const link = await create({ v: vlogId });
    const file = fs.readFileSync(await t.app.storage.localCopy(videoKey).then((c) => c.path));
    const part = await fetch(`${link.url}/video.mp4`, { headers: { range: 'bytes=100-299' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-299/${file.length}`);
    expect(part.headers.get('content-type')).toBe('video/mp4');
    expect(part.headers.get('cache-control')).toBe('no-store');
    expect(Buffer.from(await part.arrayBuffer()).equals(file.subarray(100, 300))).toBe(true);
    const whole = await fetch(`${link.url}/video.mp4`);
    expect(whole.status).toBe(200);
    expect(Buffer.from(await whole.arrayBuffer()).equals(file)).toBe(true);
    const head = await fetch(`${link.url}/video.mp4`, { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe(String(file.length));
    const poster = await fetch(`${link.url}/poster.jpg`);
    expect(poster.status).toBe(200);
    expect(poster.headers.get('content-type')).toBe('image/jpeg');
    expect((await poster.arrayBuffer()).byteLength).toBeGreaterThan(100);
    expect((await fetch(`${link.url}/video.mp4`, { headers: { range: `bytes=${file.length}-` } })).status).toBe(416);
  });

  it('adds a captions track when the vlog has captions', async () => {
    const link = await create({ v: vlogId });
    expect((await fetch(`${link.url}/captions.vtt`)).status).toBe(404);
    const vtt = 'WEBVTT\n\n00:00.000 --> 00:02.000\n09:12 · 在廚房煎蛋做早餐\n';
    // As the renderer leaves it: the WebVTT beside the video, named in the vlog's settings.
    const captionsKey = videoKey.replace(/\.mp4$/, '.vtt');
    await t.app.storage.put(captionsKey, Buffer.from(vtt));
    const vlogs = t.app.db.prisma.vlog;
    const { settings } = await vlogs.findUniqueOrThrow({ where: { id: vlogId } });
    await vlogs.update({ where: { id: vlogId }, data: { settings: { ...(settings as object), captions_key: captionsKey } } });
    try {
      const html = await (await page(link.url)).text();
      expect(html).toContain(`<track kind="captions" src="/s/${link.url.split('/s/')[1]}/captions.vtt"`);
      const res = await fetch(`${link.url}/captions.vtt`);
      expect(res.headers.get('content-type')).toBe('text/vtt; charset=utf-8');
      expect(await res.text()).toBe(vtt);
    } finally {
      await vlogs.update({ where: { id: vlogId }, data: { settings: settings as object } });
      await t.app.storage.delete(captionsKey);
    }
  });

  it('reaches nothing else: no other file, no other vlog, no session', async () => {
    const link = await create({ v: vlogId });
    const token = link.url.split('/s/')[1]!;
    for (const p of ['other.mp4', '..%2F..%2Fmedia', 'poster.png', 'video.mp4%2F..%2F..', 'video.mp4/more']) {
      expect((await fetch(`${link.url}/${p}`)).status, p).toBe(404);
    }
    // A token with one character changed, or made for another id, opens nothing.
    const forged = token.slice(0, 40) + (token[40] === 'A' ? 'B' : 'A') + token.slice(41);
    expect((await page(`${t.url}/s/${forged}`)).status).toBe(404);
    expect((await fetch(`${t.url}/s/${forged}/video.mp4`)).status).toBe(404);
    // The owner's media stays behind sign-in; the token is not a session.
    expect((await fetch(`${t.url}/media/${recordingKey}`)).status).toBe(401);
    expect((await fetch(`${t.url}/media/${recordingKey}`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    const me = await t.gql('{ me { id } }', {}, token);
    expect(me.data.me).toBeNull();
    const events = await t.gql('{ eventsByDate(date: "2026-11-20") { id } }', {}, token);
    expect(events.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('expiry and revocation', () => {
  it('expire on the clock: the 1-day link stops after a day, the 7-day one after seven', async () => {
    const day = await create({ v: vlogId, d: 1 });
    const week = await create({ v: vlogId, d: 7 });
    const start = now;
    try {
      now = start + DAY - 1;
      expect((await page(day.url)).status).toBe(200);
      now = start + DAY;
      const gone = await page(day.url);
      expect(gone.status).toBe(404);
      expect(gone.headers.get('x-robots-tag')).toContain('noindex');
      expect(await gone.text()).toContain('expired or was turned off');
      expect((await fetch(`${day.url}/video.mp4`, { headers: { range: 'bytes=0-9' } })).status).toBe(404);
      expect((await page(week.url)).status).toBe(200);
      const listed = (await t.gql(LINKS, { id: vlogId }, alice)).data.vlog.shareLinks.map((l: { id: string }) => l.id);
      expect(listed).toContain(week.id);
      expect(listed).not.toContain(day.id);
      now = start + 7 * DAY;
      expect((await page(week.url)).status).toBe(404);
    } finally {
      now = start;
    }
  });

  it('revocation stops the page and a video being streamed at its next Range request', async () => {
    const link = await create({ v: vlogId, n: 'grandma' });
    const first = await fetch(`${link.url}/video.mp4`, { headers: { range: 'bytes=0-1023' } });
    expect(first.status).toBe(206);
    await first.arrayBuffer();
    // Bob cannot revoke it: it behaves like a missing id.
    const foreign = await t.gql(REVOKE, { id: link.id }, bob);
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await fetch(`${link.url}/video.mp4`, { headers: { range: 'bytes=1024-2047' } })).status).toBe(206);
    expect((await t.gql(REVOKE, { id: link.id }, alice)).data.revokeShareLink).toBe(true);
    expect((await fetch(`${link.url}/video.mp4`, { headers: { range: 'bytes=1024-2047' } })).status).toBe(404);
    expect((await page(link.url)).status).toBe(404);
    expect((await t.gql(REVOKE, { id: link.id }, alice)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const listed = (await t.gql(LINKS, { id: vlogId }, alice)).data.vlog.shareLinks.map((l: { id: string }) => l.id);
    expect(listed).not.toContain(link.id);
  });

  it('deleting the vlog ends its links', async () => {
    const link = await create({ v: otherVlogId });
    expect((await page(link.url)).status).toBe(200);
    expect((await t.gql(`mutation($id: ID!) { deleteVlog(id: $id) }`, { id: otherVlogId }, alice)).data.deleteVlog).toBe(otherVlogId);
    expect((await page(link.url)).status).toBe(404);
    expect(await t.app.db.prisma.shareLink.count({ where: { vlogId: otherVlogId } })).toBe(0);
  });
});

describe('the typed client', () => {
  it('creates, lists and revokes links with typed results', async () => {
    const client = createDayreelClient(`${t.url}/graphql`);
    const { login } = await client.request(LoginDocument, { username: 'alice', password: PASSWORD });
    client.setToken(login.token);
    const { createShareLink } = await client.request(CreateShareLinkDocument, { vlogId, expiresInDays: 30, note: 'for the family' });
    expect(Date.parse(createShareLink.expiresAt) - now).toBe(30 * DAY);
    const { vlog } = await client.request(ShareLinksDocument, { vlogId });
    expect(vlog?.shareLinks.map((l) => l.id)).toContain(createShareLink.id);
    expect((await client.request(RevokeShareLinkDocument, { id: createShareLink.id })).revokeShareLink).toBe(true);
    expect((await fetch(createShareLink.url)).status).toBe(404);
  });
});

describe('rate limiting', () => {
  it('answers 429 with Retry-After once a client has opened too many pages in a minute', async () => {
    const url = `${t.url}/s/${'0'.repeat(64)}`;
    let status = 0;
    let n = 0;
    let res: Response | undefined;
    while (n <= SHARE_PAGE_LIMIT && status !== 429) {
      res = await page(url);
      status = res.status;
      await res.text();
      n += 1;
    }
    expect(status).toBe(429);
    expect(Number(res!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(res!.headers.get('x-robots-tag')).toContain('noindex');
  });
});
