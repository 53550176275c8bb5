// The bench must keep working: a smoke run of `bench/run.ts --quick` (subscriptions with fewer
// clients, and the recommender) end to end in a child process, checked field by field; the
// measurement layer on a real ffmpeg; the render helpers; and the report on a synthetic result
// that covers the sections the smoke run skips (render, API).
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { MediaTool } from '../server/src/media/ffmpeg.ts';
import { parseArgs, refreshReadme } from './run.ts';
import { evaluateTargets, toMarkdown, type BenchResult, renderTarget } from './report.ts';
import { measure, cpuTimes, descendantsOf } from './lib/proc.ts';
import { percentiles } from './subscriptions.ts';
import { bootstrapMean } from './recommend-quality.ts';
import { benchPlan, floorDecodeArgs, groupSpecs, type RenderGroup, type RenderRun } from './render.ts';
import type { BenchSource } from './render-sources.ts';
import type { ApiRun } from './api.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const run = promisify(execFile);

describe('bench/run.ts --quick (smoke)', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'dayreel-bench-smoke-'));
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  it('runs subscriptions and the recommender end to end and writes sane JSON and Markdown', { timeout: 150_000 }, async () => {
    const { stdout } = await run(
      process.execPath,
      ['--import', pathToFileURL(require.resolve('tsx')).href, path.join(HERE, 'run.ts'), '--quick', '--only', 'subscriptions,recommend', '--skip-heldout', '--subscribers', '300', '--out', out, '--quiet'],
      { cwd: path.join(HERE, '..'), timeout: 140_000, maxBuffer: 8 << 20, env: { ...process.env, NODE_OPTIONS: '' } },
    );
    expect(stdout).toContain('| section | target |');
    const file = path.join(out, 'quick-subscriptions+recommend.json');
    const r = JSON.parse(fs.readFileSync(file, 'utf8')) as BenchResult;

    expect(r).toMatchObject({ schema: 1, mode: 'quick', sections: ['subscriptions', 'recommend'], errors: [] });
    expect(r.durationSeconds).toBeGreaterThan(0);
    expect(r.machine.cores).toBeGreaterThan(0);
    expect(r.machine.ramBytes).toBeGreaterThan(0);
    expect(r.machine.node).toMatch(/^v\d+/);
    expect(r.machine.cpuModel.length).toBeGreaterThan(0);
    expect(r.machine.ffmpeg.length).toBeGreaterThan(0);
    expect(r.machine.ffmpeg[0]!.version).toMatch(/ffmpeg version/);

    const s = r.subscriptions!;
    expect(s.subscribers).toBe(300);
    expect(s.publishes).toBe(20);
    expect(s.incomplete).toBe(0);
    for (const p of [s.lastClientMs, s.firstClientMs, s.serverLastSendMs]) {
      expect(p.p50).toBeGreaterThan(0);
      expect(p.p50).toBeLessThan(10_000);
      expect(p.p99).toBeGreaterThanOrEqual(p.p50);
      expect(p.max).toBeGreaterThanOrEqual(p.p99);
    }
    expect(s.firstClientMs.p50).toBeLessThanOrEqual(s.lastClientMs.p50);
    expect(s.memory.heapPerSubscriberBytes).toBeGreaterThan(0);
    expect(s.memory.heapPerSubscriberBytes).toBeLessThan(10 << 20);
    expect(s.memory.subscribed.rss).toBeGreaterThan(s.memory.subscribed.heapUsed);
    // Idle means idle: a timer per subscriber or a busy loop would show here.
    expect(s.idleCpuMsPerSecond.without).toBeLessThan(200);
    expect(s.idleCpuMsPerSecond.with).toBeLessThan(200);
    // The fan-out is shared: each progress update is executed once, not once per subscriber.
    expect(s.executionsPerPublish).toBe(1);
    expect(s.serverCpuMsPerPublish).toBeGreaterThan(0);
    expect(s.connectSeconds).toBeGreaterThan(0);
    // The floor: the same frames on bare sockets, one per subscriber and publish.
    expect(s.tcpFloor).toMatchObject({ connections: 300, rounds: 20 });
    expect(s.tcpFloor!.frameBytes).toBeGreaterThan(150);
    expect(s.tcpFloor!.frameBytes).toBeLessThan(1000);
    expect(s.tcpFloor!.cpuMsPerRound).toBeGreaterThan(0);

    const q = r.recommend!;
    // --skip-heldout: the held-out days (round 2) are neither read nor scored by a test run.
    expect(q.heldout).toBeUndefined();
    expect(q.markdown).toContain('Held-out days not scored');
    expect(q.data.totalBytes).toBeGreaterThan(1e6);
    expect(q.data.loadMs).toBeGreaterThan(0);
    expect(q.data.vocabulary).toBe(40_000);
    expect(q.latency.events).toBe(200);
    expect(q.latency.warmDiaryMs.p50).toBeGreaterThan(0);
    expect(q.latency.warmDiaryCpuMs).toBeGreaterThan(0);
    expect(q.markdown).toContain('### Time per request');

    expect(r.targets.filter((t) => t.section === 'subscriptions').map((t) => t.target)).toEqual([
      'fan-out p99 ≤ 100 ms for 300 subscribers',
      'server CPU per publish ≤ 10 ms for 300 subscribers',
      'one GraphQL execution per progress update (all subscribers)',
      'idle subscribers cost ≤ 50 ms CPU per second (target: 10,000)',
    ]);
    expect(r.targets.find((t) => t.target.startsWith('one GraphQL execution'))).toMatchObject({ value: 1, met: true });
    expect(r.targets.filter((t) => t.section === 'recommend').map((t) => t.target)).toEqual([
      'per request ≤ 20 ms, 200 events (p50, features cached)',
      'per request ≤ 20 ms, 200 events (p95, features cached)',
    ]);
    for (const t of r.targets.filter((x) => x.kind !== 'check')) {
      // Each verdict follows from its own figures.
      expect(t.met).toBe(t.kind === 'max' ? t.value <= t.limit : t.value >= t.limit);
      expect(t.margin).toMatch(t.met ? /^met/ : /^missed/);
    }
    const md = fs.readFileSync(path.join(out, 'quick-subscriptions+recommend.md'), 'utf8');
    for (const heading of ['# Dayreel benchmarks (quick)', '## Targets', '## 3. Subscriptions', '## 4. Recommender quality', 'cores']) expect(md).toContain(heading);
  });
});

describe('measurement', () => {
  it('counts the CPU and the peak memory of a real ffmpeg child', { timeout: 60_000 }, async () => {
    const tool = await MediaTool.create();
    const before = cpuTimes();
    const m = await measure(() => tool.run(['-f', 'lavfi', '-i', 'testsrc2=s=640x360:r=30:d=3', '-c:v', 'libx264', '-preset', 'ultrafast', '-f', 'null', '-']), { filter: /ffmpeg/ });
    expect(m.wallSeconds).toBeGreaterThan(0);
    expect(m.childCpuSeconds).toBeGreaterThan(0.02);
    expect(cpuTimes().children).toBeGreaterThan(before.children);
    expect(m.memory.processesSeen).toBeGreaterThanOrEqual(1);
    expect(m.memory.maxProcessPeak).toBeGreaterThan(5 << 20);
    expect(m.memory.concurrentPeak).toBeGreaterThanOrEqual(m.memory.maxProcessPeak * 0.5);
    expect(m.memory.rootPeak).toBeGreaterThan(0);
    expect(m.foreignLoad).toBeGreaterThanOrEqual(0);
    expect(m.foreignLoad).toBeLessThanOrEqual(1);
    const sleeper = spawn('sleep', ['30']);
    try {
      await new Promise((r) => sleeper.once('spawn', r));
      expect(descendantsOf(process.pid)).toContain(sleeper.pid);
    } finally {
      sleeper.kill();
    }
  });

  it('percentiles by nearest rank; a deterministic bootstrap', () => {
    const v = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentiles(v)).toMatchObject({ p50: 50, p90: 90, p99: 99, max: 100, mean: 50.5 });
    expect(percentiles([7])).toMatchObject({ p50: 7, p99: 7 });
    expect(Number.isNaN(percentiles([]).p50)).toBe(true);
    const diffs = [0.1, 0.2, 0, 0.1, 0.3, 0.1];
    expect(bootstrapMean(diffs)).toEqual(bootstrapMean(diffs));
    const [lo, hi] = bootstrapMean(diffs);
    expect(lo).toBeGreaterThan(0);
    expect(hi).toBeLessThanOrEqual(0.3);
  });
});

describe('arguments', () => {
  it('parses sections, aliases and options; rejects the unknown', () => {
    const o = parseArgs(['--quick', '--only', 'subs,quality', '--out=/tmp/x', '--binaries', 'npm', '--subscribers', '10', '--skip-heldout']);
    expect(o).toMatchObject({ quick: true, only: ['subscriptions', 'recommend'], out: '/tmp/x', binaries: ['npm'], subscribers: 10, skipHeldout: true });
    expect(parseArgs(['--only', 'recommend']).skipHeldout).toBeUndefined();
    expect(parseArgs([]).only).toEqual([]);
    expect(() => parseArgs(['--only', 'nope'])).toThrow(/unknown section/);
    expect(() => parseArgs(['--frobnicate'])).toThrow(/unknown argument/);
    expect(() => parseArgs(['--binaries', 'brew'])).toThrow(/npm or debian/);
    expect(() => parseArgs(['--subscribers', '0'])).toThrow(/positive/);
    expect(parseArgs(['--refresh-readme']).refreshReadme).toBe(true);
    expect(parseArgs(['--only', 'startup,api']).only).toEqual(['startup', 'api']);
    expect(parseArgs(['--quick', '--resolutions', '720p,1080p']).resolutions).toEqual(['P720', 'P1080']);
    expect(() => parseArgs(['--resolutions', '4k'])).toThrow(/720p or 1080p/);
  });
});

const source = (name: string, o: Partial<BenchSource> = {}): BenchSource => ({
  name, kind: name, path: `/media/${name}.mp4`, width: 1920, height: 1080, fps: 30, sar: 1, rotation: 0, hasAudio: true, duration: 30, ...o,
});
const sources = [
  source('a'), source('b', { fps: 25, width: 1280, height: 720 }), source('c', { width: 1080, height: 1920 }), source('d', { width: 640, height: 480, fps: 15, duration: 36 }),
  source('e', { hasAudio: false }), source('f', { duration: 22.022 }), source('g', { rotation: 90 }), source('h', { width: 1440, sar: 4 / 3, duration: 40 }),
];

describe('render helpers', () => {
  it('plans 8 and 40 clips of a 60 s vlog over the 8 sources', () => {
    for (const clips of [8, 40]) {
      for (const t of ['CUT', 'CROSSFADE'] as const) {
        const plan = benchPlan(sources, clips, 'P720', t, 60);
        expect(plan.segments).toHaveLength(clips);
        expect(plan.totalDuration).toBeCloseTo(60, 1);
        expect(new Set(plan.segments.map((s) => s.recordingId)).size).toBe(8);
      }
    }
  });

  it('decodes and fills exactly the planned windows in the floor, audio only where there is some', () => {
    const plan = benchPlan(sources, 8, 'P720', 'CUT', 60);
    const args = floorDecodeArgs(plan, Object.fromEntries(sources.map((s) => [s.name, s])));
    expect(args.filter((a) => a === '-i')).toHaveLength(8);
    expect(args.filter((a) => /^\d+:a:0$/.test(a))).toHaveLength(7);
    // Every clip's picture goes through the render's fill, on labels of its own.
    const graph = args[args.indexOf('-filter_complex') + 1]!;
    for (let i = 0; i < 8; i++) expect(graph).toContain(`[${i}:v:0]fps=30`);
    expect(args.filter((a) => /^\[v_\d\]$/.test(a))).toHaveLength(8);
    expect(graph).toMatch(/boxblur/);
    expect(args.slice(-3)).toEqual(['-f', 'null', '-']);
    const durations = args.flatMap((a, i) => (a === '-t' ? [Number(args[i + 1])] : []));
    expect(durations.reduce((a, b) => a + b, 0)).toBeCloseTo(60, 1);
  });

  it('runs every combination on the first binary and the 720p ones on the second', () => {
    const g = groupSpecs(['npm', 'debian'], { quick: false });
    expect(g.map((x) => `${x.binary} ${x.seconds} ${x.clips} ${x.resolution} ${x.older}`)).toEqual([
      'npm 60 8 P720 true', 'npm 20 8 P720 false', 'npm 60 8 P1080 true', 'npm 20 8 P1080 false', 'npm 60 40 P720 false',
      'debian 60 8 P720 true', 'debian 60 8 P1080 true', 'debian 60 40 P720 false',
    ]);
    expect(groupSpecs(['npm', 'debian'], { quick: true })).toHaveLength(1);
    expect(groupSpecs(['npm'], { quick: true, resolutions: ['P720', 'P1080'] }).map((x) => `${x.resolution} ${x.seconds}`)).toEqual(['P720 20', 'P1080 20']);
    expect(groupSpecs(['npm'], { quick: false, fullMatrix: true })).toHaveLength(6);
    expect(groupSpecs(['npm', 'debian'], { quick: false, clips: [40] }).map((x) => `${x.binary} ${x.clips}`)).toEqual(['npm 40', 'debian 40']);
    expect(groupSpecs(['npm', 'debian'], { quick: false, seconds: [60] })).toHaveLength(6);
    expect(parseArgs(['--clips', '8,40', '--seconds', '60'])).toMatchObject({ clips: [8, 40], seconds: [60] });
  });
});

// A synthetic full result: the report and the targets must handle every section.
function renderRun(transition: 'CUT' | 'CROSSFADE', wall: number, floor: number, peakMB: number, older: number | null): RenderRun {
  const mb = 1024 * 1024;
  return {
    transition, wallSeconds: wall, cpuSeconds: wall * 1.8, nodeCpuSeconds: 1, ffmpegPeakBytes: peakMB * mb, ffmpegMaxProcessBytes: (peakMB / 2) * mb, processes: 12,
    nodePeakBytes: 90 * mb, nodeStartBytes: 80 * mb, foreignLoad: 0.3, bytes: 20e6, seconds: 60, realtimeFactor: 60 / wall, floorWallSeconds: floor, floorCpuSeconds: floor * 1.8,
    vsFloorWall: wall / floor, vsFloorCpu: wall / floor, olderSpeedupWall: older, olderSpeedupCpu: older,
  };
}
function apiRun(server: ApiRun['server'], rps: number, p99: number): ApiRun {
  return { server, round: 1, requestsPerSecond: rps, latencyMs: { mean: p99 / 2, p50: p99 / 2, p90: p99, p99, max: p99 }, requests: rps * 10, errors: 0, non2xx: 0, timeouts: 0, bytesPerResponse: 110_000, serverCpuMsPerRequest: 1000 / rps, foreignLoad: 0.2 };
}

describe('targets and report', () => {
  const stats = { wallSeconds: 10, cpuSeconds: 18, nodeCpuSeconds: 1, ffmpegPeakBytes: 2e8, ffmpegMaxProcessBytes: 1e8, processes: 1, nodePeakBytes: 9e7, nodeStartBytes: 8e7, foreignLoad: 0.1 };
  const group = (clips: number, runs: RenderRun[]): RenderGroup => ({
    binary: 'npm', clips, resolution: 'P720', width: 1280, height: 720, outputSeconds: 60,
    floor: { encode: { ...stats, bytes: 1e7 }, decode: { CUT: stats, CROSSFADE: stats } }, renders: runs,
    older: clips === 8 ? { ...stats, wallSeconds: 90, bytes: 2e7, seconds: 61, realtimeFactor: 0.6 } : null,
  });
  const result: Pick<BenchResult, 'render' | 'api' | 'subscriptions' | 'recommend' | 'startup'> = {
    startup: { runs: [{ start: 'first', listeningSeconds: 20, servingSeconds: 24 }, { start: 'second', listeningSeconds: 6, servingSeconds: 6.5 }], loadAverage: [3, 3, 3], method: 'm' },
    render: {
      binaries: [{ id: 'npm', path: '/x/ffmpeg', version: 'ffmpeg version N', xfade: false }],
      sources: [], music: { seconds: 90 }, vlogSeconds: 60, generatedSeconds: 0, method: 'm',
      groups: [group(8, [renderRun('CROSSFADE', 22, 20, 300, 4), renderRun('CUT', 21.5, 20, 450, 2)]), group(40, [renderRun('CROSSFADE', 30, 20, 330, null)])],
      growth: [{ binary: 'npm', resolution: 'P720', transition: 'CROSSFADE', fromClips: 8, toClips: 40, memory: 1.1, wall: 1.36, cpu: 1.3 }],
      failures: [{ binary: 'debian', clips: 8, resolution: 'P720', step: 'render', transition: 'CUT', message: 'ffmpeg failed (exit 1): amerge', args: ['-i', 'x'] }],
    },
    api: {
      connections: 50, durationSeconds: 10, rounds: 2, events: [200], backends: ['pglite'], skipped: [], method: 'm',
      cases: [{
        backend: 'pglite', query: 'eventsByDate', events: 200, dayreel: apiRun('dayreel', 40, 900), raw: apiRun('raw', 100, 400), throughputRatio: 0.4, cpuRatio: 0.4, runs: [],
        atHalfRawRate: { offeredPerSecond: 50, durationSeconds: 10, dayreel: { ...apiRun('dayreel', 50, 60), generator: { sendLagMs: { p50: 0.2, p99: 1.5, max: 3 }, cpuMsPerRequest: 0.3, errorCodes: {} }, serverPauses: { loopDelayMs: { p50: 5.1, p99: 9.4, max: 41 }, gc: { count: 12, totalMs: 30, maxMs: 7.25, major: 1, majorMaxMs: 7.25 } } }, raw: apiRun('raw', 50, 12) }, autocannonAtHalfRawRate: { dayreel: apiRun('dayreel', 50, 250), raw: apiRun('raw', 50, 120) },
      }],
    },
  };

  it('says which targets are met and by how much', () => {
    const t = evaluateTargets(result);
    const find = (target: RegExp, scope: RegExp) => t.find((x) => target.test(x.target) && scope.test(x.scope))!;
    expect(find(/crossfades ≤ 1.1× the floor \(wall\)/, /8 clips/)).toMatchObject({ met: true, value: 1.1 });
    expect(find(/crossfades ≤ 1.1× the floor \(CPU\)/, /8 clips/)).toMatchObject({ met: true, value: 1.1 });
    expect(find(/cuts ≤ 1.05/, /8 clips/)).toMatchObject({ met: false, margin: 'missed by 2.4 %' });
    expect(find(/crossfades ≤ 1.1× the floor \(wall\)/, /40 clips/)).toMatchObject({ met: false, margin: 'missed by 36 %' });
    expect(find(/1.8× faster/, /cuts/)).toMatchObject({ met: true, value: 2 });
    expect(find(/1.8× faster/, /crossfades/)).toMatchObject({ met: true });
    expect(find(/400 MB/, /cuts/)).toMatchObject({ met: false, value: 450 });
    expect(find(/grows < 2×/, /crossfades/)).toMatchObject({ met: true });
    expect(find(/50 %/, /pglite/)).toMatchObject({ met: false, value: 40, margin: 'missed by 20 %' });
    expect(find(/serving within 30 s/, /empty/)).toMatchObject({ met: true, value: 24, margin: 'met, 20 % to spare' });
    expect(find(/serving within 5 s/, /existing/)).toMatchObject({ met: false, value: 6.5, margin: 'missed by 30 %' });
    expect(find(/p99 ≤ 50 ms at half/, /pglite, 50 req\/s/)).toMatchObject({ met: false, value: 60, margin: 'missed by 20 %' });
    expect(find(/cuts ≤ 1.05/, /debian/)).toMatchObject({ met: false, margin: 'render failed: ffmpeg failed (exit 1): amerge' });
  });

  it('holds Debian at 40 clips to 1.3× the floor and every other render to 1.10× (crossfades) and 1.05× (cuts)', () => {
    expect(renderTarget('debian', 40, 'CROSSFADE')).toMatchObject({ limit: 1.3, cpu: false });
    expect(renderTarget('debian', 8, 'CROSSFADE')).toMatchObject({ limit: 1.1, cpu: true });
    expect(renderTarget('npm', 40, 'CUT')).toMatchObject({ limit: 1.05 });
  });

  it('renders every section to Markdown', () => {
    const full: BenchResult = {
      schema: 1, mode: 'full', sections: ['render', 'api'], command: 'npm run bench', startedAt: '2024-01-01T00:00:00Z', finishedAt: '2024-01-01T00:10:00Z', durationSeconds: 600,
      git: { commit: 'abcdef1234567', dirty: false },
      machine: { cpuModel: 'CPU', cores: 2, ramBytes: 8 << 30, node: 'v20.20.0', platform: 'linux x64', kernel: '6', loadAverage: [1, 1, 1], loadAverageEnd: [2, 2, 2], ffmpeg: [{ id: 'npm', path: '/x', version: 'ffmpeg version N' }] },
      ...result,
      targets: evaluateTargets(result),
      errors: [],
    };
    const md = toMarkdown(full);
    const readme = path.join(os.tmpdir(), `bench-readme-${process.pid}.md`);
    fs.writeFileSync(readme, 'intro\n<!-- bench:latest:start -->\nSTALE-TABLE\n<!-- bench:latest:end -->\nafter\n');
    expect(refreshReadme(full, readme)).toBe(true);
    const text = fs.readFileSync(readme, 'utf8');
    fs.rmSync(readme);
    expect(text).not.toContain('STALE-TABLE');
    expect(text).toMatch(/^intro\n<!-- bench:latest:start -->[\s\S]*2 cores[\s\S]*\| section \| target \|[\s\S]*<!-- bench:latest:end -->\nafter\n$/);
    for (const s of ['## 5. Start-up', '| second (existing data directory) | 6.0 | **6.5** |', '| pglite | 200 | 50 | **Dayreel** | 50.0 | 30.0 | 60.0 | **60.0** | 60 | 20.0 | 1.5 | 9.4 / 41.0 | 12, 7.3 (1 major, 7.3) | 0 | 20 % |', '| pglite | 200 | 50 | raw (node:http + pg) | 50.0 | 6.0 | 12.0 | **12.0** | 12 | 20.0 | — | — | — | 0 | 20 % |', '| pglite | 200 | 50 | **Dayreel**, autocannon overallRate (earlier method) | 50.0 | 125.0 | 250.0 | 250.0 | 250 |', '## 1. Render', '## 2. API', 'Growth with the number of clips', '**1.10** / 1.10', '| pglite | eventsByDate | 200 | **40 %** |', '❌ missed by 20 %', '**Failed steps**', '| failed | ❌ render failed']) expect(md).toContain(s);
  });
});
