// The bench's result as data (BenchResult, written as JSON), its targets (defined here, once) checked
// with how much they are met or missed by, and the Markdown report.
import type { MachineInfo } from './lib/proc.ts';
import type { RenderSection } from './render.ts';
import type { ApiRun, ApiSection } from './api.ts';
import type { SubscriptionSection } from './subscriptions.ts';
import type { QualitySection } from './quality.ts';
import type { StartupSection } from './startup.ts';

export const SECTIONS = ['render', 'api', 'subscriptions', 'recommend', 'startup'] as const;
export type SectionName = (typeof SECTIONS)[number];

export interface BenchResult {
  schema: 1;
  mode: 'quick' | 'full';
  sections: SectionName[];
  command: string;
  startedAt: string;
  finishedAt: string;
  durationSeconds: number;
  git: { commit: string | null; dirty: boolean | null };
  machine: MachineInfo & { loadAverageEnd: number[]; ffmpeg: { id: string; path: string; version: string }[] };
  render?: RenderSection;
  api?: ApiSection;
  subscriptions?: SubscriptionSection;
  recommend?: QualitySection;
  startup?: StartupSection;
  targets: TargetCheck[];
  errors: { section: SectionName; message: string }[];
}

export interface TargetCheck {
  section: SectionName;
  target: string;
  scope: string;
  value: number;
  limit: number;
  /** value must be ≤ limit ('max'), ≥ limit ('min'), or a yes/no check ('check': value 1 = yes). */
  kind: 'max' | 'min' | 'check';
  unit: string;
  met: boolean;
  /** "met, 12 % to spare" / "missed by 31 %". */
  margin: string;
}

function check(section: SectionName, target: string, scope: string, value: number, limit: number, kind: 'max' | 'min', unit: string): TargetCheck {
  const met = kind === 'max' ? value <= limit : value >= limit;
  const rel = kind === 'max' ? (value - limit) / limit : (limit - value) / limit;
  const pct = `${Math.abs(rel * 100).toFixed(rel !== 0 && Math.abs(rel) < 0.1 ? 1 : 0)} %`;
  return { section, target, scope, value, limit, kind, unit, met, margin: met ? `met, ${pct} to spare` : `missed by ${pct}` };
}

const res = (r: string) => (r === 'P720' ? '720p' : r === 'P1080' ? '1080p' : r);
const MB = 1024 * 1024;

/**
 * The render's limit against the floor (issues #6, #14): crossfades 1.10× (wall and CPU), cuts
 * 1.05×; Debian's build at 40 clips 1.3× (each process pays its dynamic start-up).
 */
export function renderTarget(binary: string, clips: number, transition: 'CROSSFADE' | 'CUT'): { what: string; limit: number; cpu: boolean } {
  const what = transition === 'CUT' ? 'cuts' : 'crossfades';
  if (binary === 'debian' && clips > 8) return { what, limit: 1.3, cpu: false };
  return transition === 'CUT' ? { what, limit: 1.05, cpu: false } : { what, limit: 1.1, cpu: true };
}

export function evaluateTargets(r: Pick<BenchResult, 'render' | 'api' | 'subscriptions' | 'recommend' | 'startup'>): TargetCheck[] {
  const out: TargetCheck[] = [];
  for (const x of r.startup?.runs ?? []) {
    const [limit, scope] = x.start === 'first' ? [30, 'empty data directory (demo generated)'] : [5, 'existing data directory'];
    out.push(check('startup', `\`npm start\` serving within ${limit} s`, scope, x.servingSeconds, limit, 'max', 's'));
  }
  if (r.render) {
    for (const g of r.render.groups) {
      const scope = `${g.binary} ffmpeg, ${f0(g.outputSeconds)} s, ${res(g.resolution)}, ${g.clips} clips`;
      for (const x of g.renders) {
        const t = renderTarget(g.binary, g.clips, x.transition);
        out.push(check('render', `${t.what} ≤ ${t.limit}× the floor (wall)`, scope, x.vsFloorWall, t.limit, 'max', '×'));
        if (x.transition === 'CROSSFADE' && t.cpu) out.push(check('render', `${t.what} ≤ ${t.limit}× the floor (CPU)`, scope, x.vsFloorCpu, t.limit, 'max', '×'));
      }
      for (const x of g.renders) {
        if (x.olderSpeedupWall !== null) {
          out.push(check('render', '≥ 1.8× faster than the older approach at equal output (wall)', `${scope}, ${x.transition === 'CUT' ? 'cuts' : 'crossfades'}`, x.olderSpeedupWall, 1.8, 'min', '×'));
        }
      }
      if (g.clips === 8) {
        for (const x of g.renders) {
          out.push(check('render', 'peak memory of the render processes ≤ 400 MB at 8 clips', `${scope}, ${x.transition === 'CUT' ? 'cuts' : 'crossfades'}`, x.ffmpegPeakBytes / MB, 400, 'max', 'MB'));
        }
      }
    }
    for (const f of r.render.failures ?? []) {
      const t = renderTarget(f.binary, f.clips, f.transition ?? 'CROSSFADE');
      const what = f.step === 'render' ? `${t.what} ≤ ${t.limit}× the floor (wall)` : f.step === 'older' ? '≥ 1.8× faster than the older approach at equal output (wall)' : 'the floor could be measured';
      out.push({
        section: 'render', target: what, scope: `${f.binary} ffmpeg, ${res(f.resolution)}, ${f.clips} clips${f.transition ? `, ${f.transition === 'CUT' ? 'cuts' : 'crossfades'}` : ''}`,
        value: 0, limit: 0, kind: 'check', unit: 'failed', met: false, margin: `${f.step} failed: ${f.message.slice(0, 160)}`,
      });
    }
    for (const g of r.render.growth) {
      out.push(
        check('render', `memory grows < 2× from ${g.fromClips} to ${g.toClips} clips`, `${g.binary} ffmpeg, ${res(g.resolution)}, ${g.transition === 'CUT' ? 'cuts' : 'crossfades'}`, g.memory, 2, 'max', '×'),
      );
    }
  }
  if (r.api) {
    // The targets are for the 200-event day; other days are reported in the tables only.
    for (const c of r.api.cases.filter((c) => c.query === 'eventsByDate' && (c.events ?? 200) === 200)) {
      out.push(check('api', `eventsByDate ≥ 50 % of the raw ceiling (req/s, ${r.api.connections} connections)`, `${c.backend}, ${c.events ?? 200} events`, c.throughputRatio * 100, 50, 'min', '%'));
      if (c.atHalfRawRate) {
        out.push(check('api', 'eventsByDate p99 ≤ 50 ms at half the raw ceiling (open loop)', `${c.backend}, ${c.atHalfRawRate.offeredPerSecond} req/s offered`, c.atHalfRawRate.dayreel.latencyMs.p99, 50, 'max', 'ms'));
      }
    }
  }
  if (r.subscriptions) {
    const s = r.subscriptions;
    out.push(check('subscriptions', `fan-out p99 ≤ 100 ms for ${s.subscribers} subscribers`, 'last client', s.lastClientMs.p99, 100, 'max', 'ms'));
    if (s.serverCpuMsPerPublish !== undefined) {
      out.push(check('subscriptions', `server CPU per publish ≤ 10 ms for ${s.subscribers} subscribers`, `foreign load ${pct(s.foreignLoad ?? NaN)}`, s.serverCpuMsPerPublish, 10, 'max', 'ms'));
    }
    if (s.executionsPerPublish !== undefined) {
      out.push(check('subscriptions', 'one GraphQL execution per progress update (all subscribers)', `${s.subscribers} subscribers`, s.executionsPerPublish, 1, 'max', '×'));
    }
    // The target is for 10,000 idle subscribers; a smaller run is reported against it as it is.
    out.push(check('subscriptions', 'idle subscribers cost ≤ 50 ms CPU per second (target: 10,000)', `${s.subscribers} idle subscribers`, s.idleCpuMsPerSecond.with, 50, 'max', 'ms/s'));
  }
  if (r.recommend) {
    const g = r.recommend.heldout?.groups ?? {};
    const days = `round-${r.recommend.heldout?.rounds.join(', ')} days`;
    const precisionTargets: Array<[string, number]> = [['zh-Hant', 0.75], ['en', 0.75], ['mixed', 0.5]];
    for (const [lang, limit] of precisionTargets) {
      const x = g[lang];
      if (!x) continue;
      out.push(check('recommend', `held-out precision@k ≥ ${limit}`, `${lang}, ${x.days} ${days} (95 % CI ${f2(x.ci95[0])}–${f2(x.ci95[1])})`, x.precision, limit, 'min', 'ratio'));
    }
    const all = g['all days'];
    if (all) {
      const pairs = all.duplicatePairsAtK;
      out.push({
        section: 'recommend',
        target: 'held-out near-duplicate pairs both picked (top k) = 0',
        scope: `all ${all.days} ${days}`,
        value: pairs,
        limit: 0,
        kind: 'max',
        unit: 'pairs',
        met: pairs === 0,
        margin: pairs === 0 ? 'met' : `missed: ${pairs} pairs`,
      });
      out.push(check('recommend', 'held-out gain over Intl.Segmenter BM25 ≥ 0.15', `all ${all.days} ${days} (95 % CI ${f2(all.gainCi95[0])}–${f2(all.gainCi95[1])})`, all.gain, 0.15, 'min', 'ratio'));
    }
    const l = r.recommend.latency;
    out.push(check('recommend', 'per request ≤ 20 ms, 200 events (p50, features cached)', 'the day’s diary', l.warmDiaryMs.p50, 20, 'max', 'ms'));
    out.push(check('recommend', 'per request ≤ 20 ms, 200 events (p95, features cached)', `the day’s diary; p95 on a shared machine (load ${f1(l.loadAverage)})`, l.warmDiaryMs.p95, 20, 'max', 'ms'));
  }
  return out;
}

// ---------------------------------------------------------------- Markdown

const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '–');
const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '–');
const f0 = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '–');
const mb = (b: number) => (Number.isFinite(b) ? (b / MB).toFixed(0) : '–');
const pct = (x: number) => (Number.isFinite(x) ? `${Math.round(x * 100)} %` : '–');
const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
const head = (cells: string[], align?: string[]) => [row(cells), row(align ?? cells.map((_, i) => (i === 0 ? '---' : '---:')))].join('\n');

function targetValue(t: TargetCheck): string {
  if (t.unit === 'failed') return 'failed';
  if (t.kind === 'check') return `${t.value >= 0 ? '+' : ''}${t.value.toFixed(1)} points`;
  if (t.unit === '×') return `${t.value.toFixed(2)}×`;
  if (t.unit === '%') return `${t.value.toFixed(0)} %`;
  if (t.unit === 'ratio') return t.value.toFixed(3);
  return `${t.value.toFixed(t.unit === 'ms' ? 0 : 0)} ${t.unit}`;
}

export function machineMarkdown(r: BenchResult): string {
  const m = r.machine;
  return [
    `- **Machine:** ${m.cpuModel}, ${m.cores} cores, ${(m.ramBytes / 1024 ** 3).toFixed(1)} GB RAM, ${m.platform}, kernel ${m.kernel}`,
    `- **Node** ${m.node}; **ffmpeg:** ${m.ffmpeg.map((b) => `${b.id} — \`${b.version}\``).join('; ') || 'n/a'}`,
    `- **Load average** (1/5/15 min) at start ${m.loadAverage.join(' / ')}, at end ${m.loadAverageEnd.join(' / ')} — the machine is shared; each step also records the share of CPU other work took ("foreign load").`,
    `- **Run:** \`${r.command}\` (${r.mode}), ${r.startedAt}, ${(r.durationSeconds / 60).toFixed(1)} min, commit ${r.git.commit?.slice(0, 10) ?? '?'}${r.git.dirty ? ' (+ uncommitted changes)' : ''}`,
  ].join('\n');
}

function renderMarkdown(s: RenderSection): string {
  const lines: string[] = ['## 1. Render', ''];
  lines.push(
    `Vlogs of 20 and 60 s (music, blurred fill) from ${s.sources.length} sources: ${s.sources.map((x) => `${x.name} ${x.width}×${x.height}${x.sar !== 1 ? ` SAR ${x.sar}` : ''} ${x.fps} fps${x.rotation ? ` rot ${x.rotation}°` : ''}${x.hasAudio ? '' : ' no audio'} ${f0(x.seconds)} s`).join('; ')}.`,
    '',
    head(['ffmpeg', 'vlog s', 'clips', 'res', 'transitions', 'wall s', 'CPU s', 'realtime ×', 'ffmpeg peak MB (max 1 proc)', 'Node peak MB', 'output MB', 'floor wall s', '÷ floor wall / CPU', 'older ÷ render wall / CPU', 'foreign load']),
  );
  for (const g of s.groups) {
    for (const x of g.renders) {
      lines.push(
        row([
          g.binary, f0(g.outputSeconds), g.clips, res(g.resolution), x.transition === 'CUT' ? 'cuts' : 'crossfades', f1(x.wallSeconds), f1(x.cpuSeconds), f2(x.realtimeFactor),
          `${mb(x.ffmpegPeakBytes)} (${mb(x.ffmpegMaxProcessBytes)})`, mb(x.nodePeakBytes), f1(x.bytes / 1e6), f1(x.floorWallSeconds),
          `**${f2(x.vsFloorWall)}** / ${f2(x.vsFloorCpu)}`, x.olderSpeedupWall === null ? '–' : `**${f2(x.olderSpeedupWall)}** / ${f2(x.olderSpeedupCpu ?? NaN)}`, pct(x.foreignLoad),
        ]),
      );
    }
  }
  lines.push('', 'The floor and the older approach, same binary, same run:', '');
  lines.push(head(['ffmpeg', 'vlog s', 'clips', 'res', 'decode + fill wall / CPU s (crossfade plan; cut plan)', 'encode only wall / CPU s', 'encode-only output MB', 'older wall / CPU s', 'older peak MB', 'older output MB (length s)', 'foreign load (encode / older)']));
  for (const g of s.groups) {
    const d = (t: 'CROSSFADE' | 'CUT') => {
      const x = g.floor.decode[t];
      return x ? `${f1(x.wallSeconds)} / ${f1(x.cpuSeconds)}` : '–';
    };
    const o = g.older;
    lines.push(
      row([
        g.binary, f0(g.outputSeconds), g.clips, res(g.resolution), `${d('CROSSFADE')}; ${d('CUT')}`, `${f1(g.floor.encode.wallSeconds)} / ${f1(g.floor.encode.cpuSeconds)}`, f1(g.floor.encode.bytes / 1e6),
        o ? `${f1(o.wallSeconds)} / ${f1(o.cpuSeconds)}` : '–', o ? mb(o.ffmpegPeakBytes) : '–', o ? `${f1(o.bytes / 1e6)} (${f1(o.seconds)})` : '–',
        `${pct(g.floor.encode.foreignLoad)} / ${o ? pct(o.foreignLoad) : '–'}`,
      ]),
    );
  }
  if (s.growth.length) {
    lines.push('', 'Growth with the number of clips (same output length):', '');
    lines.push(head(['ffmpeg', 'res', 'transitions', 'clips', 'ffmpeg peak memory', 'wall', 'CPU']));
    for (const g of s.growth) {
      lines.push(row([g.binary, res(g.resolution), g.transition === 'CUT' ? 'cuts' : 'crossfades', `${g.fromClips} → ${g.toClips}`, `${f2(g.memory)}×`, `${f2(g.wall)}×`, `${f2(g.cpu)}×`]));
    }
  }
  if (s.failures?.length) {
    lines.push('', '**Failed steps** (the product\'s render failing on this binary is a finding, not a bench error):', '');
    for (const f of s.failures) {
      lines.push(`- ${f.binary} ffmpeg, ${res(f.resolution)}, ${f.clips} clips, ${f.step}${f.transition ? ` (${f.transition === 'CUT' ? 'cuts' : 'crossfades'})` : ''}: ${f.message}`);
      if (f.args) lines.push(`  <details><summary>ffmpeg arguments</summary>\n\n  \`${f.args.join(' ').replace(/`/g, "'")}\`\n  </details>`);
    }
  }
  lines.push('', `<sub>${s.method}${s.generatedSeconds ? ` Sources generated in this run (${f0(s.generatedSeconds)} s, not timed).` : ''}</sub>`);
  return lines.join('\n');
}

/** The server's pauses in an open-loop run: loop delay p99 / max, and GC count, longest (longest major). */
function pausesCells(x: ApiRun): [string, string] {
  const p = x.serverPauses;
  if (!p) return ['—', '—'];
  return [`${f1(p.loopDelayMs.p99)} / ${f1(p.loopDelayMs.max)}`, `${p.gc.count}, ${f1(p.gc.maxMs)} (${p.gc.major} major${p.gc.major ? `, ${f1(p.gc.majorMaxMs)}` : ''})`];
}

function apiMarkdown(s: ApiSection): string {
  const lines: string[] = ['## 2. API', ''];
  lines.push(`Days of ${[s.events].flat().join(' and ')} events; ${s.connections} connections.${s.skipped.length ? ` Skipped: ${s.skipped.map((x) => `${x.backend} (${x.reason})`).join('; ')}.` : ''}`, '');
  lines.push(head(['database', 'query', 'events', 'server', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'server CPU ms/req', 'KB/response', 'errors', 'foreign load']));
  const name = { dayreel: '**Dayreel**', 'dayreel-uncached': 'Dayreel, without kept answers', 'dayreel-production': 'Dayreel, NODE_ENV=production', raw: 'raw (node:http + pg)', 'raw-prisma-trips': "raw, Prisma's 4 round trips" } as const;
  for (const c of s.cases) {
    for (const x of [c.dayreel, ...(c.dayreelUncached ? [c.dayreelUncached] : []), ...(c.dayreelProduction ? [c.dayreelProduction] : []), c.raw, ...(c.rawPrismaTrips ? [c.rawPrismaTrips] : [])]) {
      lines.push(
        row([
          c.backend, c.query, c.events ?? 200, name[x.server], f1(x.requestsPerSecond), f0(x.latencyMs.p50), f0(x.latencyMs.p90), f0(x.latencyMs.p99), f1(x.serverCpuMsPerRequest),
          f1(x.bytesPerResponse / 1024), x.errors + x.non2xx + x.timeouts, pct(x.foreignLoad),
        ]),
      );
    }
  }
  lines.push('', head(['database', 'query', 'events', 'Dayreel ÷ raw, req/s', 'raw ÷ Dayreel, CPU per request', 'without kept answers ÷ raw, req/s / CPU']));
  for (const c of s.cases) {
    const u = c.dayreelUncached;
    const uncached = u ? `${pct(u.requestsPerSecond / c.raw.requestsPerSecond)} / ${pct(c.raw.serverCpuMsPerRequest / u.serverCpuMsPerRequest)}` : '—';
    lines.push(row([c.backend, c.query, c.events ?? 200, `**${pct(c.throughputRatio)}**`, pct(c.cpuRatio), uncached]));
  }
  const open = s.cases.filter((c) => c.atHalfRawRate);
  if (open.length) {
    lines.push(
      '',
      'At a fixed offered rate, half the raw server\'s best (open loop, evenly spaced, latency from each request\'s scheduled time):',
      '',
      head(['database', 'events', 'offered req/s', 'server', 'served req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'server CPU ms/req', 'generator lag p99 ms', 'server loop delay p99 / max ms', 'server GC: pauses, longest ms (major)', 'errors', 'foreign load']),
    );
    for (const c of open) {
      const h = c.atHalfRawRate!;
      for (const x of [h.dayreel, h.raw]) {
        lines.push(
          row([
            c.backend, c.events ?? 200, h.offeredPerSecond, name[x.server], f1(x.requestsPerSecond), f1(x.latencyMs.p50), f1(x.latencyMs.p90), `**${f1(x.latencyMs.p99)}**`, f0(x.latencyMs.max),
            f1(x.serverCpuMsPerRequest), x.generator ? f1(x.generator.sendLagMs.p99) : '—', pausesCells(x)[0], pausesCells(x)[1], x.errors + x.non2xx + x.timeouts, pct(x.foreignLoad),
          ]),
        );
      }
      for (const x of c.autocannonAtHalfRawRate ? [c.autocannonAtHalfRawRate.dayreel, c.autocannonAtHalfRawRate.raw] : []) {
        lines.push(
          row([
            c.backend, c.events ?? 200, h.offeredPerSecond, `${name[x.server]}, autocannon overallRate (earlier method)`, f1(x.requestsPerSecond), f1(x.latencyMs.p50), f1(x.latencyMs.p90), f1(x.latencyMs.p99), f0(x.latencyMs.max),
            f1(x.serverCpuMsPerRequest), '—', '—', '—', x.errors + x.non2xx + x.timeouts, pct(x.foreignLoad),
          ]),
        );
      }
    }
  }
  lines.push('', `<sub>${s.method}</sub>`);
  return lines.join('\n');
}

/** The floor under the server's CPU per publish (bench/tcp-floor.ts), when measured. */
function tcpFloorSentence(s: SubscriptionSection): string {
  const f = s.tcpFloor;
  if (!f) return '';
  return ` Floor: writing a ${f.frameBytes}-byte frame to each of ${f.connections} bare loopback TCP connections (node:net, no WebSocket or GraphQL) cost the writer ${f1(f.cpuMsPerRound)} ms CPU per round` +
    (s.serverCpuMsPerPublish !== undefined ? ` — the server's CPU per publish is ${f1(s.serverCpuMsPerPublish / f.cpuMsPerRound)}× that.` : '.');
}

function subscriptionsMarkdown(s: SubscriptionSection): string {
  const m = s.memory;
  return [
    '## 3. Subscriptions',
    '',
    head(['subscribers', 'publishes', 'last client p50 / p90 / p99 / max ms', 'first client p50 / p99 ms', 'server, last send p50 / p99 ms', 'report() p50 / p99 ms', 'incomplete', 'heap / RSS per subscriber KB', 'heap kept per subscriber after leaving KB', 'idle server CPU without → with subscribers', 'all leave at once']),
    row([
      s.subscribers, s.publishes, `${f0(s.lastClientMs.p50)} / ${f0(s.lastClientMs.p90)} / **${f0(s.lastClientMs.p99)}** / ${f0(s.lastClientMs.max)}`, `${f0(s.firstClientMs.p50)} / ${f0(s.firstClientMs.p99)}`,
      `${f0(s.serverLastSendMs.p50)} / ${f0(s.serverLastSendMs.p99)}`, `${f0(s.reportMs.p50)} / ${f0(s.reportMs.p99)}`, s.incomplete, `${f1(m.heapPerSubscriberBytes / 1024)} / ${f1(m.rssPerSubscriberBytes / 1024)}`, f1(m.heapRetainedPerSubscriberBytes / 1024),
      `${f0(s.idleCpuMsPerSecond.without)} → ${f0(s.idleCpuMsPerSecond.with)} ms/s`, `${f1(s.leaving.seconds)} s, ${f1(s.leaving.serverCpuSeconds)} s CPU`,
    ]),
    '',
    `${s.serverCpuMsPerPublish !== undefined ? `Server CPU per publish to all ${s.subscribers}: ${f1(s.serverCpuMsPerPublish)} ms (${f1(s.executionsPerPublish ?? NaN)} GraphQL executions per publish); foreign load during the publishes: ${pct(s.foreignLoad ?? NaN)}. ` : ''}Connecting and subscribing all ${s.subscribers} clients took ${f1(s.connectSeconds)} s. Server heap ${mb(m.before.heapUsed)} → ${mb(m.subscribed.heapUsed)} MB subscribed → ${mb(m.afterPublishes.heapUsed)} MB after the publishes → ${mb(m.afterLeaving.heapUsed)} MB after everyone left; RSS ${mb(m.before.rss)} → ${mb(m.subscribed.rss)} → ${mb(m.afterPublishes.rss)} → ${mb(m.afterLeaving.rss)} MB.${tcpFloorSentence(s)}`,
    '',
    `<sub>${s.method}</sub>`,
  ].join('\n');
}

function startupMarkdown(s: StartupSection): string {
  const lines = ['## 5. Start-up', '', head(['start', 'listening s', 'serving s'])];
  for (const x of s.runs) lines.push(row([x.start === 'first' ? 'first (empty data directory, demo generated)' : 'second (existing data directory)', f1(x.listeningSeconds), `**${f1(x.servingSeconds)}**`]));
  lines.push('', `Load average at the end: ${s.loadAverage.map(f1).join(' ')}.`, '', `<sub>${s.method}</sub>`);
  return lines.join('\n');
}

function qualityMarkdown(s: QualitySection): string {
  return ['## 4. Recommender quality', '', s.markdown, '', `<sub>${s.method}</sub>`].join('\n');
}

export function targetsMarkdown(targets: TargetCheck[]): string {
  const lines = [head(['section', 'target', 'scope', 'measured', 'status'], ['---', '---', '---', '---:', '---'])];
  for (const t of targets) lines.push(row([t.section, t.target, t.scope, targetValue(t), `${t.met ? '✅' : '❌'} ${t.margin}`]));
  const met = targets.filter((t) => t.met).length;
  lines.push('', `${met} of ${targets.length} checks met.`);
  return lines.join('\n');
}

export function toMarkdown(r: BenchResult): string {
  const parts = [`# Dayreel benchmarks (${r.mode})`, '', machineMarkdown(r), ''];
  if (r.errors.length) parts.push('**Errors:**', '', ...r.errors.map((e) => `- ${e.section}: ${e.message.split('\n')[0]}`), '');
  parts.push('## Targets', '', targetsMarkdown(r.targets), '');
  if (r.render) parts.push(renderMarkdown(r.render), '');
  if (r.api) parts.push(apiMarkdown(r.api), '');
  if (r.subscriptions) parts.push(subscriptionsMarkdown(r.subscriptions), '');
  if (r.recommend) parts.push(qualityMarkdown(r.recommend), '');
  if (r.startup) parts.push(startupMarkdown(r.startup), '');
  return parts.join('\n');
}
