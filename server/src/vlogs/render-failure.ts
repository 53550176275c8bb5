// Why a render failed, in words a person can act on. A pure decision over the error a render
// threw (and its causes): the code and sentence go to the vlog and the API; the detail (paths,
// encoder output) goes only to the server log.
import { MediaError } from '../media/ffmpeg.js';
import { JobTimeoutError } from '../jobs/runner.js';
import type { VlogErrorCode } from '../graphql/generated/resolvers-types.js';

export type { VlogErrorCode };

export const FAILURE_SENTENCES: Record<VlogErrorCode, string> = {
  SOURCE_UNREADABLE: 'A recording or the music of this vlog could not be read: it is missing, changed since import, or damaged.',
  DISK_FULL: "The server's disk is full (disk full): free some space, then retry.",
  ENCODER_FAILED: 'The video encoder failed on this footage; retry, or pick other events.',
  TIMED_OUT: 'The render took longer than the server allows and was stopped; try a shorter vlog or a lower resolution.',
  INTERNAL: 'Something went wrong on the server; retry, and tell the administrator if it keeps failing.',
};

/** A failure whose kind is already known where it happened (a missing source, a disk check). */
export class RenderFailure extends Error {
  constructor(
    readonly failureCode: VlogErrorCode,
    /** For the log only. */
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(detail, options);
    this.name = 'RenderFailure';
  }
}

const DISK_FULL_CODES = new Set(['ENOSPC', 'EDQUOT']);
const DISK_FULL_TEXT = /No space left on device|Disk quota exceeded|ENOSPC/i;
/** What ffmpeg/ffprobe say when an input file is not (or no longer) readable media. */
const UNREADABLE_TEXT = /Invalid data found when processing input|moov atom not found|No such file or directory|could not find codec parameters|Error while decoding|Invalid NAL unit|cannot read media file/i;

/** The error and its causes, outermost first (bounded: a cycle must not hang). */
function chain(err: unknown): unknown[] {
  const out: unknown[] = [];
  for (let e: unknown = err; e != null && out.length < 8; e = (e as { cause?: unknown }).cause) out.push(e);
  return out;
}

function textOf(e: unknown): string {
  if (e instanceof MediaError) return `${e.message}\n${e.stderrTail}`;
  return e instanceof Error ? e.message : String(e);
}

/** The code of a render failure: a full disk wins wherever it appears, then the first known kind. */
export function classifyRenderFailure(err: unknown): VlogErrorCode {
  const causes = chain(err);
  if (causes.some((e) => DISK_FULL_CODES.has((e as NodeJS.ErrnoException)?.code ?? '') || DISK_FULL_TEXT.test(textOf(e)))) return 'DISK_FULL';
  for (const e of causes) {
    if (e instanceof RenderFailure) return e.failureCode;
    if (e instanceof JobTimeoutError) return 'TIMED_OUT';
    if (e instanceof MediaError) return UNREADABLE_TEXT.test(textOf(e)) ? 'SOURCE_UNREADABLE' : 'ENCODER_FAILED';
  }
  return 'INTERNAL';
}

/** Everything about a failure for the server log: each cause's message, and the encoder's last lines. */
export function failureDetail(err: unknown): string {
  return chain(err)
    .map((e) => (e instanceof MediaError && e.stderrTail ? `${textOf(e).trim()}` : e instanceof Error ? (e.stack ?? e.message) : String(e)))
    .join('\ncaused by: ');
}
