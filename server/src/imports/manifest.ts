// The import manifest: a JSON file describing one user's recordings, the events cut from
// them, diary entries and music. Parsed and validated by hand; every problem is reported
// with its JSON path (e.g. `events[3].offset`), all at once.
//
// {
//   "user": { "username": "alice", "password": "only used when the user is created",
//             "timezone": "Asia/Taipei", "locale": "zh-TW" },
//   "recordings": [
//     { "id": "cam1-0900", "file": "cam1/0900.mp4", "startTime": "2026-11-20T09:00:00+08:00" } ],
//   "events": [
//     { "recording": "cam1-0900", "offset": 12.5, "duration": 20,
//       "action": "做早餐", "scene": "廚房", "summary": "在廚房煎蛋做早餐" },
//     { "recording": "cam1-0900", "startTime": "2026-11-20T09:03:10+08:00", "duration": 15, … } ],
//   "diary": [ { "date": "2026-11-20", "content": "…" } ],
//   "music": [ { "file": "music/morning.mp3", "name": "Morning", "composer": "…", "shared": true } ]
// }
//
// - Relative `file` paths are relative to the manifest's folder.
// - Times are ISO 8601. Without a zone offset ("2026-11-20T09:00:00") they are local times in
//   user.timezone. recordings[].startTime is optional: the file's creation_time tag is used
//   instead (an error if neither exists).
// - An event has exactly one of `offset` (seconds from the recording's start) or `startTime`;
//   `duration` (seconds, > 0) is required; action, scene and summary are optional text.
// - music[].shared (default true): true puts the track in the library every user sees
//   (user_id null); false makes it the manifest user's own.
// - `user` may be omitted only by a manifest that holds nothing but music.
// - Keys starting with "_" or "$" are ignored (comments, "$schema"); any other unknown key is
//   an error, so typos do not silently drop data.
import fs from 'node:fs/promises';
import path from 'node:path';
import { DATE_RANGE, isValidDate, isValidTimeZone, zonedTimeToUtc } from '../lib/dates.js';

export interface ManifestUser {
  username: string;
  password?: string;
  timezone: string;
  locale?: string;
}

export interface ManifestRecording {
  id: string;
  /** Absolute path. */
  file: string;
  startTime?: Date;
  /** e.g. "recordings[2]", for error messages. */
  at: string;
}

export interface ManifestEvent {
  recording: string;
  offset?: number;
  startTime?: Date;
  duration: number;
  action?: string;
  scene?: string;
  summary?: string;
  at: string;
}

export interface ManifestDiary {
  /** YYYY-MM-DD, a local calendar date. */
  date: string;
  content: string;
  at: string;
}

export interface ManifestMusic {
  /** Absolute path. */
  file: string;
  name: string;
  composer?: string;
  shared: boolean;
  at: string;
}

export interface Manifest {
  /** Absolute path of the manifest file (or the folder used to resolve relative paths). */
  source: string;
  user?: ManifestUser;
  recordings: ManifestRecording[];
  events: ManifestEvent[];
  diary: ManifestDiary[];
  music: ManifestMusic[];
}

export interface ManifestIssue {
  path: string;
  message: string;
}

export class ManifestError extends Error {
  constructor(
    readonly source: string,
    readonly issues: ManifestIssue[],
  ) {
    const shown = issues.slice(0, 20).map((i) => `  - ${i.path ? `${i.path}: ` : ''}${i.message}`);
    if (issues.length > 20) shown.push(`  … and ${issues.length - 20} more`);
    super(`invalid manifest ${source}:\n${shown.join('\n')}`);
    this.name = 'ManifestError';
  }
}

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Parses an ISO 8601 date-time; without an offset it is a local time in `tz`. */
export function parseDateTime(text: string, tz: string): Date | string {
  const m = ISO.exec(text.trim());
  if (!m) return 'must be an ISO 8601 date-time such as "2026-11-20T09:00:00+08:00"';
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const parts = {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: Number(h),
    minute: Number(mi),
    second: Number(s ?? 0),
    ms: frac ? Math.round(Number(`0.${frac}`) * 1000) : 0,
  };
  const check = new Date(Date.UTC(parts.year, parts.month - 1, parts.day));
  if (
    check.getUTCMonth() !== parts.month - 1 ||
    check.getUTCDate() !== parts.day ||
    parts.hour > 23 ||
    parts.minute > 59 ||
    parts.second > 59
  ) {
    return `"${text}" is not a valid date-time`;
  }
  if (!zone) return zonedTimeToUtc(parts, tz);
  const utc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second, parts.ms);
  if (zone.toUpperCase() === 'Z') return new Date(utc);
  const zm = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
  const offset = (zm[1] === '-' ? -1 : 1) * (Number(zm[2]) * 60 + Number(zm[3] ?? 0));
  return new Date(utc - offset * 60_000);
}

/**
 * Validates parsed JSON. `source` is the manifest file's path: relative media paths are
 * resolved against its folder. Throws a ManifestError listing every problem.
 */
export function parseManifest(data: Json, source: string): Manifest {
  const issues: ManifestIssue[] = [];
  const fail = (p: string, message: string) => {
    issues.push({ path: p, message });
  };
  const baseDir = path.dirname(path.resolve(source));
  const resolveFile = (f: string) => path.resolve(baseDir, f);

  const checkKeys = (obj: Record<string, Json>, at: string, allowed: string[]) => {
    for (const key of Object.keys(obj)) {
      if (key.startsWith('_') || key.startsWith('$') || allowed.includes(key)) continue;
      fail(at ? `${at}.${key}` : key, `unknown field (expected one of: ${allowed.join(', ')})`);
    }
  };
  const str = (obj: Record<string, Json>, key: string, at: string, opts: { required?: boolean; max?: number; allowEmpty?: boolean } = {}) => {
    const v = obj[key];
    const p = `${at}.${key}`;
    if (v === undefined || v === null) {
      if (opts.required) fail(p, 'is required');
      return undefined;
    }
    if (typeof v !== 'string') {
      fail(p, `must be a string, got ${JSON.stringify(v)}`);
      return undefined;
    }
    const t = v.trim();
    if (!t && !opts.allowEmpty) {
      if (opts.required) fail(p, 'must not be empty');
      return undefined;
    }
    if (opts.max && t.length > opts.max) fail(p, `must be at most ${opts.max} characters`);
    return t;
  };
  const arr = (key: string): Json[] => {
    const v = (data as Record<string, Json>)[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) {
      fail(key, 'must be an array');
      return [];
    }
    return v;
  };

  if (!isObject(data)) throw new ManifestError(source, [{ path: '', message: 'must be a JSON object' }]);
  checkKeys(data, '', ['user', 'recordings', 'events', 'diary', 'music']);

  // user
  let user: ManifestUser | undefined;
  if (data.user !== undefined && data.user !== null) {
    if (!isObject(data.user)) fail('user', 'must be an object');
    else {
      const u = data.user;
      checkKeys(u, 'user', ['username', 'password', 'timezone', 'locale']);
      const username = str(u, 'username', 'user', { required: true, max: 64 });
      if (username && /[\s\p{Cc}]/u.test(username)) fail('user.username', 'must not contain spaces or control characters');
      const password = u.password === undefined || u.password === null ? undefined : typeof u.password === 'string' ? u.password : undefined;
      if (u.password !== undefined && u.password !== null && typeof u.password !== 'string') fail('user.password', 'must be a string');
      const timezone = str(u, 'timezone', 'user', { max: 64 }) ?? 'Asia/Taipei';
      if (!isValidTimeZone(timezone)) fail('user.timezone', `unknown IANA time zone "${timezone}"`);
      const locale = str(u, 'locale', 'user', { max: 16 });
      if (username) user = { username, password, timezone, locale };
    }
  }
  const tz = user && isValidTimeZone(user.timezone) ? user.timezone : 'Asia/Taipei';

  // recordings
  const recordings: ManifestRecording[] = [];
  const recordingIds = new Map<string, string>();
  arr('recordings').forEach((r, i) => {
    const at = `recordings[${i}]`;
    if (!isObject(r)) return fail(at, 'must be an object');
    checkKeys(r, at, ['id', 'file', 'startTime']);
    const id = str(r, 'id', at, { required: true, max: 200 });
    const file = str(r, 'file', at, { required: true });
    let startTime: Date | undefined;
    const st = str(r, 'startTime', at);
    if (st !== undefined) {
      const parsed = parseDateTime(st, tz);
      if (typeof parsed === 'string') fail(`${at}.startTime`, parsed);
      else startTime = parsed;
    }
    if (id && recordingIds.has(id)) fail(`${at}.id`, `duplicate id "${id}" (also ${recordingIds.get(id)})`);
    if (id) recordingIds.set(id, at);
    if (id && file) recordings.push({ id, file: resolveFile(file), startTime, at });
  });
  const files = new Map<string, string>();
  for (const r of recordings) {
    if (files.has(r.file)) fail(`${r.at}.file`, `same file as ${files.get(r.file)}`);
    else files.set(r.file, r.at);
  }

  // events
  const events: ManifestEvent[] = [];
  arr('events').forEach((e, i) => {
    const at = `events[${i}]`;
    if (!isObject(e)) return fail(at, 'must be an object');
    checkKeys(e, at, ['recording', 'offset', 'startTime', 'duration', 'action', 'scene', 'summary']);
    const recording = str(e, 'recording', at, { required: true });
    if (recording && !recordingIds.has(recording)) fail(`${at}.recording`, `no recording with id "${recording}" in recordings[]`);
    let offset: number | undefined;
    let startTime: Date | undefined;
    if (e.offset !== undefined && e.offset !== null) {
      if (typeof e.offset !== 'number' || !Number.isFinite(e.offset) || e.offset < 0) fail(`${at}.offset`, 'must be a number of seconds ≥ 0');
      else offset = e.offset;
    }
    const st = str(e, 'startTime', at);
    if (st !== undefined) {
      const parsed = parseDateTime(st, tz);
      if (typeof parsed === 'string') fail(`${at}.startTime`, parsed);
      else startTime = parsed;
    }
    const hasOffset = e.offset !== undefined && e.offset !== null;
    if (hasOffset && st !== undefined) fail(at, 'give either offset or startTime, not both');
    if (!hasOffset && st === undefined) fail(at, 'needs offset (seconds into the recording) or startTime');
    let duration = 0;
    if (e.duration === undefined || e.duration === null) fail(`${at}.duration`, 'is required');
    else if (typeof e.duration !== 'number' || !Number.isFinite(e.duration) || e.duration <= 0) fail(`${at}.duration`, 'must be a number of seconds > 0');
    else duration = e.duration;
    const action = str(e, 'action', at, { max: 500 });
    const scene = str(e, 'scene', at, { max: 500 });
    const summary = str(e, 'summary', at, { max: 5000 });
    if (recording) events.push({ recording, offset, startTime, duration, action, scene, summary, at });
  });

  // diary
  const diary: ManifestDiary[] = [];
  const dates = new Map<string, string>();
  arr('diary').forEach((d, i) => {
    const at = `diary[${i}]`;
    if (!isObject(d)) return fail(at, 'must be an object');
    checkKeys(d, at, ['date', 'content']);
    const date = str(d, 'date', at, { required: true });
    if (date && !isValidDate(date)) fail(`${at}.date`, `must be a calendar date YYYY-MM-DD from ${DATE_RANGE.min} to ${DATE_RANGE.max}, got "${date}"`);
    const content = str(d, 'content', at, { required: true, max: 100_000 });
    if (date && dates.has(date)) fail(`${at}.date`, `duplicate date ${date} (also ${dates.get(date)})`);
    if (date) dates.set(date, at);
    if (date && content) diary.push({ date, content, at });
  });

  // music
  const music: ManifestMusic[] = [];
  arr('music').forEach((m, i) => {
    const at = `music[${i}]`;
    if (!isObject(m)) return fail(at, 'must be an object');
    checkKeys(m, at, ['file', 'name', 'composer', 'shared']);
    const file = str(m, 'file', at, { required: true });
    const name = str(m, 'name', at, { max: 200 }) ?? (file ? path.parse(file).name : undefined);
    const composer = str(m, 'composer', at, { max: 200 });
    let shared = true;
    if (m.shared !== undefined && m.shared !== null) {
      if (typeof m.shared !== 'boolean') fail(`${at}.shared`, 'must be true or false');
      else shared = m.shared;
    }
    if (!shared && !data.user) fail(`${at}.shared`, 'false needs a user');
    if (file && name) music.push({ file: resolveFile(file), name, composer, shared, at });
  });

  if (!user && (recordings.length || events.length || diary.length) && !issues.some((x) => x.path.startsWith('user'))) {
    fail('user', 'is required when the manifest has recordings, events or diary entries');
  }
  if (issues.length) throw new ManifestError(source, issues);
  return { source: path.resolve(source), user, recordings, events, diary, music };
}

/** Reads and validates a manifest file. */
export async function loadManifest(file: string): Promise<Manifest> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ManifestError(file, [{ path: '', message: code === 'ENOENT' ? 'file not found' : (err as Error).message }]);
  }
  let data: Json;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new ManifestError(file, [{ path: '', message: `not valid JSON: ${(err as Error).message}` }]);
  }
  return parseManifest(data, file);
}
