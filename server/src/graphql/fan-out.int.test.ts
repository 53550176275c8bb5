// The subscription fan-out (graphql/fan-out.ts) on the real server with real graphql-ws clients:
// frames in order and `complete` last, nothing left behind when a subscriber leaves in any of the
// ways it can, nothing for a subscriber whose session ended, execution errors shaped as over
// HTTP, and a client that stops reading closed instead of buffered for without end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestServer, collect, type TestServer } from '../testing/server.js';
import { createUser } from '../testing/fixtures.js';
import { uuidv7 } from '../lib/uuid.js';
import type { ProgressState } from '../vlogs/progress.js';
import { SubscriptionFanOut, SLOW_CLIENT } from './fan-out.js';

const PROGRESS = `subscription($id: ID!) { vlogProgress(vlogId: $id) { status phase percent message } }`;
/** Small, so that a client which stops reading crosses it soon after the kernel's buffers are full. */
const MAX_BUFFERED = 64 * 1024;

let t: TestServer;
let userId: number;
let alice: string;
const fanOut = new SubscriptionFanOut(MAX_BUFFERED);

beforeAll(async () => {
  t = await startTestServer({ runner: false }, { fanOut });
  userId = (await createUser(t.app.db.prisma, 'alice')).id;
  alice = await t.login('alice');
}, 120_000);

afterAll(async () => {
  await t?.stop();
});

async function renderingVlog(): Promise<string> {
  const vlog = await t.app.db.prisma.vlog.create({ data: { userId, title: 'v', targetDate: new Date('2026-11-20'), status: 'processing', settings: {} } });
  return vlog.id;
}

const report = (vlogId: string, percent: number, message = `at ${percent}`) =>
  t.app.services.progress.report(vlogId, uuidv7(), { phase: 'RENDERING', percent, message });

function finalState(vlogId: string): ProgressState {
  return { vlogId, status: 'COMPLETED', phase: 'DONE', percent: 100, message: 'done', step: null, totalSteps: null, etaSeconds: null, error: null, errorCode: null, updatedAt: new Date().toISOString() };
}

const watchers = (vlogId: string) => t.app.services.progress.watchers(vlogId);

describe('subscription fan-out', () => {
  it('sends every update in order, the final state, then completes — one execution per update for all', async () => {
    const vlogId = await renderingVlog();
    const subs = [collect(t.ws(alice), PROGRESS, { id: vlogId }), collect(t.ws(alice), PROGRESS, { id: vlogId })];
    await expect.poll(() => subs.every((s) => s.messages.length === 1), { timeout: 20_000 }).toBe(true);
    const before = fanOut.executions;
    // Published back to back, without waiting for any frame.
    await Promise.all([report(vlogId, 10), report(vlogId, 20), report(vlogId, 30)]);
    await t.app.services.progress.publish(finalState(vlogId));
    const [a, b] = await Promise.all(subs.map((s) => s.done));
    expect(a!.map((m) => m.data.vlogProgress.percent)).toEqual([0, 10, 20, 30, 100]);
    expect(a!.at(-1)).toEqual({ data: { vlogProgress: { status: 'COMPLETED', phase: 'DONE', percent: 100, message: 'done' } } });
    expect(b).toEqual(a);
    expect(fanOut.executions - before).toBe(4);
    await expect.poll(() => watchers(vlogId)).toBe(0);
  }, 60_000);

  it('lets go of a subscriber that unsubscribes, closes its socket or logs out, and sends it nothing more', async () => {
    const vlogId = await renderingVlog();
    const token = await t.login('alice');
    const staying = collect(t.ws(alice), PROGRESS, { id: vlogId });
    const unsubscribing = collect(t.ws(alice), PROGRESS, { id: vlogId });
    const closing = t.ws(alice);
    const closed = collect(closing, PROGRESS, { id: vlogId });
    const loggingOut = collect(t.ws(token), PROGRESS, { id: vlogId });
    // Their sockets close under them: an error for the client, expected here.
    for (const gone of [closed, loggingOut]) gone.done.catch(() => {});
    const all = [staying, unsubscribing, closed, loggingOut];
    await expect.poll(() => all.every((s) => s.messages.length === 1), { timeout: 20_000 }).toBe(true);
    expect(watchers(vlogId)).toBe(4);

    unsubscribing.unsubscribe();
    await closing.dispose();
    await t.gql('mutation { logout }', {}, token);
    await expect.poll(() => watchers(vlogId), { timeout: 10_000 }).toBe(1);
    await report(vlogId, 50);
    await expect.poll(() => staying.messages.length, { timeout: 10_000 }).toBe(2);
    for (const gone of [unsubscribing, closed, loggingOut]) expect(gone.messages).toHaveLength(1);
    staying.unsubscribe();
    await expect.poll(() => watchers(vlogId)).toBe(0);
  }, 60_000);

  it('sends an execution error shaped as over HTTP, to every subscriber of the message', async () => {
    const vlogId = await renderingVlog();
    const subs = [collect(t.ws(alice), PROGRESS, { id: vlogId }), collect(t.ws(alice), PROGRESS, { id: vlogId })];
    await expect.poll(() => subs.every((s) => s.messages.length === 1), { timeout: 20_000 }).toBe(true);
    // A state missing a non-null field: the selection fails for everyone who gets it.
    const broken = { ...finalState(vlogId), status: 'PROCESSING', percent: 60, phase: null } as unknown as ProgressState;
    await t.app.services.progress.publish(broken);
    await expect.poll(() => subs.every((s) => s.messages.length === 2), { timeout: 20_000 }).toBe(true);
    for (const s of subs) {
      const [error] = s.messages[1]!.errors!;
      expect(s.messages[1]!.data).toBeNull();
      expect(error).toMatchObject({ path: ['vlogProgress', 'phase'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      expect(JSON.stringify(error)).not.toMatch(/stack|at .*\.ts/);
    }
    subs.forEach((s) => s.unsubscribe());
  }, 60_000);

  it('closes a socket whose client stopped reading (1013) instead of buffering for it, while the others get every frame', async () => {
    const vlogId = await renderingVlog();
    const reading = collect(t.ws(alice), PROGRESS, { id: vlogId });
    const stalled = await rawSubscriber(vlogId);
    await expect.poll(() => reading.messages.length === 1 && stalled.frames() === 1, { timeout: 20_000 }).toBe(true);
    stalled.socket.pause();
    // As large as PostgreSQL's NOTIFY carries (the other test backend's bus).
    const big = 'x'.repeat(6000);
    const closedBefore = fanOut.slowClosed;
    let publishes = 0;
    // Each once the reading client has the one before: it is never behind, the stalled one ever
    // more — until the kernel's buffers for it are full and the server's own passes MAX_BUFFERED.
    while (fanOut.slowClosed === closedBefore) {
      publishes++;
      if (publishes > 20_000) throw new Error('the stalled socket was never closed');
      await report(vlogId, 1, `${publishes} ${big}`);
      await expect.poll(() => reading.messages.length, { timeout: 20_000, interval: 1 }).toBe(publishes + 1);
    }
    stalled.socket.resume();
    const { code } = await stalled.closed;
    expect(code).toBe(SLOW_CLIENT.code);
    expect(stalled.frames()).toBeLessThan(publishes + 1);
    // Counted for operators (/metrics: dayreel_websocket_slow_clients_closed_total).
    expect((await t.app.metrics.slowClientsClosed.get()).values[0]?.value).toBe(fanOut.slowClosed);
    await expect.poll(() => watchers(vlogId), { timeout: 40_000 }).toBe(1);
    reading.unsubscribe();
  }, 120_000);
});

/** A graphql-transport-ws client on a bare `ws` socket, so the test can stop it reading (ws's pause()). */
async function rawSubscriber(vlogId: string) {
  const socket = new WebSocket(`${t.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  let frames = 0;
  const closed = new Promise<{ code: number }>((resolve) => socket.once('close', (code) => resolve({ code })));
  socket.on('message', (data) => {
    const msg = JSON.parse(String(data)) as { type: string };
    if (msg.type === 'connection_ack') socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: PROGRESS, variables: { id: vlogId } } }));
    if (msg.type === 'next') frames++;
  });
  await new Promise((resolve) => socket.once('open', resolve));
  socket.send(JSON.stringify({ type: 'connection_init', payload: { token: alice } }));
  return { socket, closed, frames: () => frames };
}
