// Imports a manifest (see manifest.ts): one user's recordings, events, diary and music.
//
// A use case in four steps, so that a bad input never leaves anything behind:
//   1. inspect (inspect.ts): validate the manifest; stat, probe and hash every file (read only);
//   2. plan (existing.ts reads, plan.ts decides — pure): what to create, update or skip;
//   3. stage (stage.ts): analyse and put new media into Storage, remembering every key;
//   4. commit (commit.ts): every row in ONE transaction; if 3 or 4 fails, the staged objects
//      are deleted.
// A new user's id is reserved from the users sequence before step 3 (no row written), so
// storage keys can carry it: users/<id>/recordings/<uuid>.mp4.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { WorkProgress } from '../lib/work-progress.js';
import { CanceledError } from '../media/ffmpeg.js';
import { COST, rowCount } from './cost.js';
import { commitImport } from './commit.js';
import { readExisting, reserveUserId } from './existing.js';
import { inspectFiles } from './inspect.js';
import { loadManifest } from './manifest.js';
import { countKinds, planImport, type ImportPlan } from './plan.js';
import { stageMedia, StagedObjects } from './stage.js';
import { ImportError, type ImportOptions, type ImportResult } from './types.js';

export { ImportError, type ImportCounts, type ImportOptions, type ImportProgress, type ImportResult } from './types.js';

export async function importManifest(opts: ImportOptions): Promise<ImportResult> {
  const started = Date.now();
  const { prisma, signal } = opts;
  const concurrency = opts.concurrency ?? 2;
  const progress = new WorkProgress(opts.onProgress);
  const manifest = await loadManifest(opts.manifestPath);
  const files = await inspectFiles(manifest, { tool: opts.tool, progress, concurrency, signal });
  const plan = planImport(manifest, files, await readExisting(prisma, manifest, files));
  const userId = plan.newUser ? await reserveUserId(prisma) : plan.existingUserId;

  const objects = new StagedObjects(opts.storage, signal);
  const tmpDir = await fs.mkdtemp(path.join(os.tmpdir(), 'dayreel-import-'));
  try {
    const stageOptions = { tool: opts.tool, objects, progress, userId, tmpDir, concurrency, signal };
    const staged = await stageMedia(plan, { ...stageOptions, thumbnailWidth: opts.thumbnailWidth ?? 320 });
    const rows = rowCount(manifest);
    progress.report('database', 0, rows);
    const passwordHash = plan.newUser ? await opts.hashPassword(plan.newUser.password) : undefined;
    await commitImport(prisma, plan, staged, { userId, passwordHash, timeoutMs: opts.transactionTimeoutMs ?? 120_000 });
    progress.advance(COST.database + rows * COST.dbPerRow);
    progress.report('done', rows, rows);
    return resultOf(plan, userId, objects.keys.length, Date.now() - started);
  } catch (err) {
    await objects.rollback();
    if (err instanceof CanceledError || err instanceof ImportError) throw err;
    const message = (err as Error).message ?? String(err);
    throw new ImportError(`import of ${manifest.source} failed, nothing was written: ${message}`);
  } finally {
    await fs.rm(tmpDir, { recursive: true, force: true });
  }
}

function resultOf(plan: ImportPlan, userId: number | null, storedObjects: number, elapsedMs: number): ImportResult {
  return {
    userId,
    userCreated: plan.newUser !== null,
    recordings: countKinds(plan.recordings),
    events: countKinds(plan.events),
    diary: countKinds(plan.diary),
    music: countKinds(plan.music),
    storedObjects,
    warnings: plan.warnings,
    elapsedMs,
  };
}
