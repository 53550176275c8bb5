// Per-request DataLoaders: every per-row lookup of one operation (a segment's event and
// recording, a vlog's segments, job and links, a window's track) is batched into one query per
// kind and cached for that operation only. Built with the context, so a loader never outlives
// its request or sees another caller's rows (each batch is filtered by the caller's id).
import DataLoader from 'dataloader';
import type { Music, User, VlogSegment } from '../generated/prisma/client.js';
import type { JobRecord } from '../jobs/jobs.js';
import type { ListedEvent, ListedRecording } from '../events/service.js';
import type { ShareLinkView } from '../sharing/service.js';
import type { Services } from '../services.js';

export interface Loaders {
  event: DataLoader<string, ListedEvent | null>;
  recording: DataLoader<string, ListedRecording | null>;
  music: DataLoader<string, Music | null>;
  job: DataLoader<string, JobRecord | null>;
  segments: DataLoader<string, VlogSegment[]>;
  shareLinks: DataLoader<string, ShareLinkView[]>;
}

/** Rows in the order of `keys`, null where a key has none. */
function byKey<T extends { id: string }>(keys: readonly string[], rows: T[]): (T | null)[] {
  const map = new Map(rows.map((r) => [r.id, r]));
  return keys.map((k) => map.get(k) ?? null);
}

/** The loaders of one operation; `user` null means the caller is anonymous (every lookup is empty). */
export function createLoaders(services: Services, user: User | null): Loaders {
  const uid = user?.id ?? -1;
  return {
    event: new DataLoader(async (ids) => byKey(ids, await services.events.eventsByIds(uid, ids))),
    recording: new DataLoader(async (ids) => byKey(ids, await services.events.recordingsByIds(uid, ids))),
    music: new DataLoader(async (ids) => byKey(ids, await services.music.byIds(uid, ids))),
    job: new DataLoader(async (ids) => byKey(ids, await services.jobs.ofUser(uid, ids))),
    segments: new DataLoader((vlogIds) => services.vlogs.segmentsOf(vlogIds)),
    shareLinks: new DataLoader((vlogIds) => services.sharing.listForVlogs(uid, vlogIds)),
  };
}
