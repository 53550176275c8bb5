// The only writer of vlog rows. Every change of a vlog's state is one named transition here,
// one SQL statement run inside the caller's transaction (a service's Prisma transaction or the
// job ledger's, through db/sql.ts), so a transition commits with whatever it belongs to —
// the job's outcome, the job's creation, its cancel.
//
//   queued ──rendering──▶ processing ──completed──▶ completed
//     ▲                     │  │ └────failed────▶ failed ──retried──▶ queued
//     └─────requeued────────┘  └────canceled──▶ canceled ─retried─▶ queued
import type { Sql } from '../db/sql.js';
import { uuidv7 } from '../lib/uuid.js';
import { ACTIVE_STATUSES, type VlogSettings, type VlogStatus } from './settings.js';

/** Status literals for SQL, checked against the one list in settings.ts. */
function statusSql(...statuses: readonly VlogStatus[]): string {
  return statuses.map((s) => `'${s}'`).join(', ');
}
const ACTIVE = statusSql(...ACTIVE_STATUSES);

export interface NewVlog {
  id: string;
  userId: number;
  title: string;
  /** YYYY-MM-DD. */
  date: string;
  settings: VlogSettings;
  idempotencyKey: string | null;
  origin: 'manual' | 'auto';
}

export interface NewSegment {
  /** Null once the event is deleted (the segment stays as part of the render). */
  eventId: string | null;
  recordingId: string;
  startOffset: number;
  endOffset: number;
  outputStart: number | null;
}

/** What a finished render stored. */
export interface RenderedFiles {
  video_key: string;
  thumbnail_key: string;
  captions_key?: string | null;
  piece_keys?: string[];
  duration: number;
  size_bytes: number;
}

/** A queued vlog and its selection, one segment row per event in order. */
export async function queued(tx: Sql, vlog: NewVlog, segments: NewSegment[]): Promise<void> {
  await tx.query(
    `INSERT INTO vlogs (id, user_id, title, target_date, status, progress, settings, idempotency_key, origin, updated_at)
     VALUES ($1::uuid, $2::int, $3, $4::date, ${statusSql('pending')}, 0, $5::jsonb, $6, $7, now())`,
    [vlog.id, vlog.userId, vlog.title, vlog.date, JSON.stringify(vlog.settings), vlog.idempotencyKey, vlog.origin],
  );
  if (!segments.length) return;
  const values: unknown[] = [vlog.id];
  const rows = segments.map((s, i) => {
    values.push(uuidv7(), s.eventId, s.recordingId, i, s.startOffset, s.endOffset, s.outputStart);
    const p = (k: number) => `$${values.length - 6 + k}`;
    return `(${p(0)}::uuid, $1::uuid, ${p(1)}::uuid, ${p(2)}::uuid, ${p(3)}::int, ${p(4)}::float8, ${p(5)}::float8, ${p(6)}::float8)`;
  });
  await tx.query(
    `INSERT INTO vlog_segments (id, vlog_id, event_id, recording_id, sequence_order, start_offset, end_offset, output_start) VALUES ${rows.join(', ')}`,
    values,
  );
}

/** A job claimed the vlog's render (unless the vlog was canceled meanwhile). */
export async function rendering(tx: Sql, vlogId: string): Promise<void> {
  await tx.query(
    `UPDATE vlogs SET status = ${statusSql('processing')}, progress = 0, error = NULL, error_code = NULL, status_message = 'Preparing the clips', updated_at = now()
     WHERE id = $1::uuid AND status IN (${ACTIVE})`,
    [vlogId],
  );
}

/** How far the render got; percent never goes back, and a cancel or failure that landed meanwhile stays. */
export async function progressed(tx: Sql, vlogId: string, percent: number, message: string | null): Promise<void> {
  await tx.query(
    `UPDATE vlogs SET progress = GREATEST(progress, $2::float8), status_message = $3, updated_at = now()
     WHERE id = $1::uuid AND status = ${statusSql('processing')}`,
    [vlogId, percent, message],
  );
}

/** The render is stored. Returns the keys of the render it replaced (a retry of a completed vlog), to delete after commit. */
export async function completed(tx: Sql, vlogId: string, files: RenderedFiles): Promise<string[]> {
  const { rows } = await tx.query(`SELECT s3_key, thumbnail_key, settings->>'captions_key' AS captions_key FROM vlogs WHERE id = $1::uuid`, [vlogId]);
  const kept = new Set([files.video_key, files.thumbnail_key, files.captions_key]);
  const replaced = [rows[0]?.s3_key, rows[0]?.thumbnail_key, rows[0]?.captions_key].filter((k): k is string => !!k && !kept.has(k));
  await tx.query(
    `UPDATE vlogs SET status = ${statusSql('completed')}, progress = 100, status_message = 'Done', error = NULL, error_code = NULL,
       s3_key = $2, thumbnail_key = $3, duration = $4::float8, size_bytes = $5::bigint, updated_at = now(),
       settings = (CASE WHEN $6::text IS NULL THEN settings - 'captions_key' ELSE settings || jsonb_build_object('captions_key', $6::text) END)
         || jsonb_build_object('piece_keys', $7::jsonb)
     WHERE id = $1::uuid`,
    [vlogId, files.video_key, files.thumbnail_key, files.duration, files.size_bytes, files.captions_key ?? null, JSON.stringify(files.piece_keys ?? [])],
  );
  return replaced;
}

/** error: a sentence safe to show; code: its kind (render-failure.ts). */
export async function failed(tx: Sql, vlogId: string, error: string, code: string): Promise<void> {
  await tx.query(
    `UPDATE vlogs SET status = ${statusSql('failed')}, error = $2, error_code = $3, status_message = 'Failed', updated_at = now() WHERE id = $1::uuid`,
    [vlogId, error, code],
  );
}

export async function canceled(tx: Sql, vlogId: string): Promise<void> {
  await tx.query(`UPDATE vlogs SET status = ${statusSql('canceled')}, status_message = 'Canceled', updated_at = now() WHERE id = $1::uuid`, [vlogId]);
}

/** Its render was interrupted (shutdown, a dead worker) and waits for another attempt. */
export async function requeued(tx: Sql, vlogId: string): Promise<void> {
  await tx.query(
    `UPDATE vlogs SET status = ${statusSql('pending')}, progress = 0, status_message = 'Waiting to resume', updated_at = now()
     WHERE id = $1::uuid AND status IN (${ACTIVE})`,
    [vlogId],
  );
}

/** Queued again under a new job (settings carry its id). */
export async function retried(tx: Sql, vlogId: string, settings: VlogSettings): Promise<void> {
  await tx.query(
    `UPDATE vlogs SET status = ${statusSql('pending')}, progress = 0, error = NULL, error_code = NULL, status_message = NULL, settings = $2::jsonb, updated_at = now()
     WHERE id = $1::uuid`,
    [vlogId, JSON.stringify(settings)],
  );
}

/** The vlog and (by cascade) its segments and share links. */
export async function deleted(tx: Sql, vlogId: string): Promise<void> {
  await tx.query(`DELETE FROM vlogs WHERE id = $1::uuid`, [vlogId]);
}
