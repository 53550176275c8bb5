// The import use case's public shapes: options, result, progress and its one error type.
import type { PrismaClient } from '../generated/prisma/client.js';
import type { StepProgress } from '../lib/work-progress.js';
import type { MediaTool } from '../media/ffmpeg.js';
import type { Storage } from '../media/storage/storage.js';

/** Steps: probe | hash | analyse | database | done. */
export type ImportProgress = StepProgress;

export interface ImportOptions {
  prisma: PrismaClient;
  storage: Storage;
  tool: MediaTool;
  manifestPath: string;
  hashPassword: (password: string) => Promise<string>;
  onProgress?: (p: ImportProgress) => void;
  signal?: AbortSignal;
  /** ffmpeg processes at once (default 2). */
  concurrency?: number;
  /** Thumbnail width in pixels (default 320). */
  thumbnailWidth?: number;
  /** Transaction timeout in ms (default 120 000). */
  transactionTimeoutMs?: number;
}

export interface ImportCounts {
  created: number;
  /** Already present and unchanged. */
  skipped: number;
  /** Present, text fields changed (events, diary). */
  updated: number;
}

export interface ImportResult {
  /** null for a music-only manifest without a user. */
  userId: number | null;
  userCreated: boolean;
  recordings: ImportCounts;
  events: ImportCounts;
  diary: ImportCounts;
  music: ImportCounts;
  /** Storage objects written. */
  storedObjects: number;
  /** Things that were kept as they were (e.g. an existing user's time zone differs). */
  warnings: string[];
  elapsedMs: number;
}

/** An import that did not happen; nothing was written. `problems` are one line each. */
export class ImportError extends Error {
  constructor(
    message: string,
    readonly problems: string[] = [],
  ) {
    super(problems.length ? `${message}:\n${problems.map((p) => `  - ${p}`).join('\n')}` : message);
    this.name = 'ImportError';
  }
}

/** Throws an ImportError listing `problems` when there are any. */
export function throwIfProblems(source: string, problems: string[]): void {
  if (problems.length) throw new ImportError(`cannot import ${source}`, problems);
}
