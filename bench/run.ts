// Dayreel's benchmarks: render cost against the ffmpeg floor and the older system,
// API throughput against a raw node:http + pg ceiling, subscription fan-out, recommender quality.
// Every figure that is compared is a ratio taken within one run, because the machine is shared.
//
//   npm run bench                          everything (10–30 min on 2 busy cores)
//   npm run bench -- --quick               a few minutes: 8 clips at 720p, short API runs, …
//   npm run bench -- --only render,api     some sections (render, api, subscriptions, recommend, startup)
//
// Other flags: --out <dir> (default bench/results), --name <base name>, --binaries npm,debian,
// --refresh-readme (only rewrite bench/README.md's table from results/latest.json),
// --resolutions 720p,1080p (--quick: the render's frame sizes, default 720p),
// --full-matrix (every render combination on every binary), --clips 8,40 and --seconds 20,60
// (only the render groups of those clip counts / vlog lengths), --backends pglite,postgres,
// --database-url <postgresql://…> (default $BENCH_DATABASE_URL, $TEST_DATABASE_URL or
// postgres@127.0.0.1:5432), --subscribers <n>, --quiet, --skip-heldout (recommend: data and
// latency only, the held-out days are not read — for smoke tests and latency work).
// Writes <out>/<name>.json and <name>.md (name: "latest" for a full run of every section,
// "quick" for --quick, with "-<sections>" appended for --only); a full run of every section into
// bench/results also refreshes the table quoted in bench/README.md. Progress goes to stderr.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { log, setQuiet } from './lib/log.ts';
import { machineInfo, hasProcfs } from './lib/proc.ts';
import { evaluateTargets, machineMarkdown, SECTIONS, toMarkdown, targetsMarkdown, type BenchResult, type SectionName } from './report.ts';
import type { BinaryInfo, Resolution } from './render.ts';
import type { Backend } from './api.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_OUT = path.join(HERE, 'results');
const README = path.join(HERE, 'README.md');

export interface RunOptions {
  quick: boolean;
  only: SectionName[];
  out: string;
  name?: string;
  binaries?: BinaryInfo['id'][];
  /** Quick runs: the render's frame sizes (default 720p). */
  resolutions?: Resolution[];
  fullMatrix: boolean;
  /** Only the render groups with these clip counts / vlog lengths. */
  clips?: number[];
  seconds?: number[];
  backends?: Backend[];
  databaseUrl?: string;
  subscribers?: number;
  quiet: boolean;
  /** Only rewrite bench/README.md's table from results/latest.json. */
  refreshReadme?: boolean;
  /** Recommend section: do not read or score the held-out days. */
  skipHeldout?: boolean;
}

const ALIASES: Record<string, SectionName> = {
  render: 'render', renders: 'render',
  api: 'api',
  subscriptions: 'subscriptions', subs: 'subscriptions', subscription: 'subscriptions',
  recommend: 'recommend', recommender: 'recommend', quality: 'recommend',
  startup: 'startup', start: 'startup',
};

export function parseArgs(argv: string[]): RunOptions {
  const opts: RunOptions = { quick: false, only: [], out: DEFAULT_OUT, fullMatrix: false, quiet: false };
  const list = (v: string | undefined, flag: string) => {
    if (!v) throw new Error(`${flag} needs a value`);
    return v.split(',').map((x) => x.trim()).filter(Boolean);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--quick': opts.quick = true; break;
      case '--full-matrix': opts.fullMatrix = true; break;
      case '--quiet': opts.quiet = true; break;
      case '--refresh-readme': opts.refreshReadme = true; break;
      case '--skip-heldout': opts.skipHeldout = true; break;
      case '--only':
        opts.only = list(value(), flag).map((s) => {
          const name = ALIASES[s.toLowerCase()];
          if (!name) throw new Error(`unknown section "${s}" (sections: ${SECTIONS.join(', ')})`);
          return name;
        });
        break;
      case '--out': opts.out = path.resolve(value() ?? ''); break;
      case '--name': opts.name = value(); break;
      case '--binaries': opts.binaries = list(value(), flag) as BinaryInfo['id'][]; break;
      case '--backends': opts.backends = list(value(), flag) as Backend[]; break;
      case '--database-url': opts.databaseUrl = value(); break;
      case '--subscribers': opts.subscribers = Number(value()); break;
      case '--clips': opts.clips = list(value(), flag).map(Number); break;
      case '--seconds': opts.seconds = list(value(), flag).map(Number); break;
      case '--resolutions':
        opts.resolutions = list(value(), flag).map((r) => {
          if (r !== '720p' && r !== '1080p') throw new Error(`--resolutions: 720p or 1080p, not "${r}"`);
          return r === '720p' ? 'P720' : 'P1080';
        });
        break;
      case '--help': case '-h':
        process.stdout.write(fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').filter((l) => l.startsWith('//')).map((l) => l.slice(3)).join('\n') + '\n');
        process.exit(0);
        break;
      default: throw new Error(`unknown argument "${a}" (try --help)`);
    }
  }
  for (const b of opts.binaries ?? []) if (b !== 'npm' && b !== 'debian') throw new Error(`--binaries: npm or debian, not "${b}"`);
  for (const b of opts.backends ?? []) if (b !== 'pglite' && b !== 'postgres') throw new Error(`--backends: pglite or postgres, not "${b}"`);
  if (opts.subscribers !== undefined && !(Number.isInteger(opts.subscribers) && opts.subscribers > 0)) throw new Error('--subscribers must be a positive integer');
  return opts;
}

function git(): BenchResult['git'] {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: HERE, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: HERE, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().length > 0;
    return { commit, dirty };
  } catch {
    return { commit: null, dirty: null };
  }
}

function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/**
 * Replaces the block between the markers in bench/README.md with the machine and the targets
 * table of a full run (the rest is in results/latest.md).
 */
export function refreshReadme(result: BenchResult, readme = README): boolean {
  if (!fs.existsSync(readme)) return false;
  const text = fs.readFileSync(readme, 'utf8');
  const start = '<!-- bench:latest:start -->';
  const end = '<!-- bench:latest:end -->';
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) return false;
  const body = [
    `_Latest full run, ${result.startedAt.slice(0, 10)}; every table in [results/latest.md](results/latest.md), the data in [results/latest.json](results/latest.json)._`,
    '',
    machineMarkdown(result),
    '',
    targetsMarkdown(result.targets),
  ].join('\n');
  writeAtomic(readme, `${text.slice(0, a + start.length)}\n\n${body}\n\n${text.slice(b)}`);
  return true;
}

export async function runBench(opts: RunOptions): Promise<{ result: BenchResult; files: { json: string; markdown: string } }> {
  setQuiet(opts.quiet);
  if (!hasProcfs()) throw new Error('the bench reads /proc (Linux only)');
  const sections = opts.only.length ? SECTIONS.filter((s) => opts.only.includes(s)) : [...SECTIONS];
  const startedAt = new Date();
  const t0 = performance.now();
  const machine = machineInfo();
  log(`Dayreel bench (${opts.quick ? 'quick' : 'full'}): ${sections.join(', ')} — ${machine.cpuModel}, ${machine.cores} cores, load ${machine.loadAverage.join(' ')}`);
  const result: BenchResult = {
    schema: 1,
    mode: opts.quick ? 'quick' : 'full',
    sections,
    command: ['npm run bench --', ...process.argv.slice(2)].join(' ').replace(/ --$/, ''),
    startedAt: startedAt.toISOString(),
    finishedAt: '',
    durationSeconds: 0,
    git: git(),
    machine: { ...machine, loadAverageEnd: [], ffmpeg: [] },
    targets: [],
    errors: [],
  };

  for (const section of sections) {
    try {
      if (section === 'render') {
        const { runRenderBench } = await import('./render.ts');
        result.render = await runRenderBench({ quick: opts.quick, binaries: opts.binaries, fullMatrix: opts.fullMatrix, resolutions: opts.resolutions, clips: opts.clips, seconds: opts.seconds });
        result.machine.ffmpeg = result.render.binaries.map((b) => ({ id: b.id, path: b.path, version: b.version }));
      } else if (section === 'api') {
        const { runApiBench } = await import('./api.ts');
        result.api = await runApiBench({ quick: opts.quick, backends: opts.backends, databaseUrl: opts.databaseUrl });
      } else if (section === 'subscriptions') {
        const { runSubscriptionBench } = await import('./subscriptions.ts');
        result.subscriptions = await runSubscriptionBench({ quick: opts.quick, subscribers: opts.subscribers });
      } else if (section === 'recommend') {
        const { runQualityBench } = await import('./quality.ts');
        log(opts.skipHeldout ? 'recommend: data and latency (held-out days skipped)' : 'recommend: evaluating the held-out labelled days');
        result.recommend = runQualityBench({ skipHeldout: opts.skipHeldout });
      } else if (section === 'startup') {
        const { runStartupBench } = await import('./startup.ts');
        result.startup = await runStartupBench();
      }
    } catch (err) {
      const message = (err as Error).stack ?? String(err);
      log(`${section} FAILED: ${message}`);
      result.errors.push({ section, message });
    }
  }
  if (result.machine.ffmpeg.length === 0) {
    // Record the binaries even when the render section did not run (or failed before reporting them).
    try {
      const { findBinaries } = await import('./render.ts');
      result.machine.ffmpeg = (await findBinaries()).map((b) => ({ id: b.info.id, path: b.info.path, version: b.info.version }));
    } catch {
      // no ffmpeg: nothing to record
    }
  }

  result.targets = evaluateTargets(result);
  result.machine.loadAverageEnd = machineInfo().loadAverage;
  result.finishedAt = new Date().toISOString();
  result.durationSeconds = (performance.now() - t0) / 1000;

  const everything = sections.length === SECTIONS.length;
  const name = opts.name ?? `${opts.quick ? 'quick' : 'latest'}${everything ? '' : `-${sections.join('+')}`}`;
  fs.mkdirSync(opts.out, { recursive: true });
  const json = path.join(opts.out, `${name}.json`);
  const markdownFile = path.join(opts.out, `${name}.md`);
  const markdown = toMarkdown(result);
  writeAtomic(json, `${JSON.stringify(result, null, 2)}\n`);
  writeAtomic(markdownFile, markdown);
  if (everything && !opts.quick && !opts.name && path.resolve(opts.out) === DEFAULT_OUT && result.errors.length === 0) refreshReadme(result);
  log(`wrote ${path.relative(process.cwd(), json)} and ${path.relative(process.cwd(), markdownFile)} in ${(result.durationSeconds / 60).toFixed(1)} min`);
  return { result, files: { json, markdown: markdownFile } };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let code = 0;
  try {
    const opts = parseArgs(process.argv.slice(2));
    if (opts.refreshReadme) {
      const latest = JSON.parse(fs.readFileSync(path.join(DEFAULT_OUT, 'latest.json'), 'utf8')) as BenchResult;
      process.stdout.write(refreshReadme(latest) ? 'bench/README.md refreshed\n' : 'bench/README.md has no markers\n');
      process.exit(0);
    }
    const { result } = await runBench(opts);
    process.stdout.write(`${targetsMarkdown(result.targets)}\n`);
    if (result.errors.length) code = 1;
  } catch (err) {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    code = 2;
  }
  // WebSocket clients and pools may keep handles open for a while after they are closed.
  process.exit(code);
}
