// The demo day: on an empty database, user demo / demo1234 gets yesterday (Asia/Taipei) as a
// day of five recordings, fourteen events, a diary and three music tracks. The generated media
// are cached in <dataDir>/demo-cache/<version>/ so a fresh database does not regenerate them;
// only the manifest (which carries the date) is written anew each time.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import type { MediaTool } from '../media/ffmpeg.js';
import type { StepProgress } from '../lib/work-progress.js';
import { importManifest, type ImportOptions, type ImportResult } from '../imports/import.js';
import { buildDemoManifest, DEMO_MUSIC, DEMO_RECORDINGS, DEMO_USER, DEMO_VERSION, demoDate } from './content.js';
import { generateDemoMedia } from './media.js';

export { DEMO_USER, DEMO_VERSION, demoDate } from './content.js';
export { generateDemoMedia } from './media.js';

export interface EnsureDemoOptions extends Pick<ImportOptions, 'prisma' | 'storage' | 'tool' | 'hashPassword'> {
  dataDir: string;
  log?: (msg: string) => void;
  /** The demo day (YYYY-MM-DD); default yesterday in Asia/Taipei. */
  date?: string;
  /** demoMediaDir's answer when the caller already started it (to overlap it with other work). */
  media?: Promise<DemoMedia>;
}

export interface EnsureDemoResult {
  created: boolean;
  /** The media came from the cache (no ffmpeg generation). */
  cached?: boolean;
  date?: string;
  import?: ImportResult;
  generateMs?: number;
  importMs?: number;
}

async function exists(p: string): Promise<boolean> {
  return fs.stat(p).then(
    () => true,
    () => false,
  );
}

/** Logs a progress line whenever the step changes or another 10 % is done. */
function throttledLog(log: (msg: string) => void, what: string) {
  let lastStep = '';
  let lastTenth = -1;
  return (p: StepProgress) => {
    const tenth = Math.floor(p.percent / 10);
    if (p.step === lastStep && tenth === lastTenth) return;
    lastStep = p.step;
    lastTenth = tenth;
    log(`${what}: ${p.step} ${p.done}/${p.total} — ${Math.floor(p.percent)} %`);
  };
}

export interface DemoMedia {
  dir: string;
  /** Generated now (not taken from the cache). */
  generated: boolean;
  /** Milliseconds it took. */
  ms: number;
}

/** The cached demo media folder, generated when missing. Returns whether it was generated. */
export async function demoMediaDir(
  tool: MediaTool,
  dataDir: string,
  log: (msg: string) => void = () => {},
): Promise<DemoMedia> {
  const t0 = Date.now();
  const root = path.join(dataDir, 'demo-cache');
  const dir = path.join(root, DEMO_VERSION);
  if (await exists(path.join(dir, 'READY'))) return { dir, generated: false, ms: Date.now() - t0 };
  await fs.mkdir(root, { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
  log(`demo: generating media into ${dir}`);
  try {
    await generateDemoMedia(tool, tmp, throttledLog(log, 'demo media'));
    await fs.writeFile(path.join(tmp, 'READY'), `${DEMO_VERSION}\n`);
    await fs.rm(dir, { recursive: true, force: true });
    await fs.rename(tmp, dir);
  } catch (err) {
    await fs.rm(tmp, { recursive: true, force: true });
    // Another process may have finished the same cache meanwhile.
    if (await exists(path.join(dir, 'READY'))) return { dir, generated: false, ms: Date.now() - t0 };
    throw err;
  }
  // Older versions of the demo media are of no further use.
  for (const name of await fs.readdir(root)) {
    if (name !== DEMO_VERSION && !name.includes('.tmp-')) await fs.rm(path.join(root, name), { recursive: true, force: true });
  }
  return { dir, generated: true, ms: Date.now() - t0 };
}

/** Creates the demo user and day when the database has no users; otherwise does nothing. */
export async function ensureDemo(opts: EnsureDemoOptions): Promise<EnsureDemoResult> {
  const log = opts.log ?? (() => {});
  if ((await opts.prisma.user.count()) > 0) return { created: false };

  const { dir, generated, ms: generateMs } = await (opts.media ?? demoMediaDir(opts.tool, opts.dataDir, log));
  if (!generated) log(`demo: using cached media in ${dir}`);

  // The cached manifest names the files actually written (music may be .m4a on some builds).
  const cachedManifest = JSON.parse(await fs.readFile(path.join(dir, 'manifest.json'), 'utf8')) as {
    recordings: { file: string }[];
    music: { file: string }[];
  };
  const actual = new Map<string, string>([
    ...DEMO_RECORDINGS.map((r, i) => [r.file, cachedManifest.recordings[i]?.file ?? r.file] as [string, string]),
    ...DEMO_MUSIC.map((m, i) => [m.file, cachedManifest.music[i]?.file ?? m.file] as [string, string]),
  ]);
  const date = opts.date ?? demoDate();
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'dayreel-demo-'));
  try {
    const manifestPath = path.join(tmp, 'manifest.json');
    const manifest = buildDemoManifest(date, (f) => path.join(dir, actual.get(f) ?? f));
    await fs.writeFile(manifestPath, JSON.stringify(manifest, null, 2));
    const t1 = Date.now();
    let result: ImportResult;
    try {
      result = await importManifest({
        prisma: opts.prisma,
        storage: opts.storage,
        tool: opts.tool,
        manifestPath,
        hashPassword: opts.hashPassword,
        onProgress: throttledLog(log, 'demo import'),
      });
    } catch (err) {
      // Another process created the demo user at the same time: fine.
      if (await opts.prisma.user.findUnique({ where: { username: DEMO_USER.username } })) {
        log('demo: another process created the demo day');
        return { created: false };
      }
      throw err;
    }
    const importMs = Date.now() - t1;
    log(
      `demo: user ${DEMO_USER.username} / ${DEMO_USER.password}, day ${date}: ${result.recordings.created} recordings, ` +
        `${result.events.created} events, ${result.music.created} music tracks (media ${generated ? 'generated' : 'cached'} ` +
        `${(generateMs / 1000).toFixed(1)} s, import ${(importMs / 1000).toFixed(1)} s)`,
    );
    return { created: true, cached: !generated, date, import: result, generateMs, importMs };
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
}
