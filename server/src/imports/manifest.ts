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

/** Collects every problem of one manifest while its parts are read. */
class Checker {
  readonly issues: ManifestIssue[] = [];
  /** The zone for date-times without an offset (the user's, once known). */
  tz = 'Asia/Taipei';

  constructor(
    readonly data: Record<string, Json>,
    private readonly baseDir: string,
  ) {}

  fail(p: string, message: string): void {
    this.issues.push({ path: p, message });
  }

  resolveFile(f: string): string {
    return path.resolve(this.baseDir, f);
  }

  checkKeys(obj: Record<string, Json>, at: string, allowed: string[]): void {
    for (const key of Object.keys(obj)) {
      if (key.startsWith('_') || key.startsWith('$') || allowed.includes(key)) continue;
      this.fail(at ? `${at}.${key}` : key, `unknown field (expected one of: ${allowed.join(', ')})`);
    }
  }

  str(obj: Record<string, Json>, key: string, at: string, opts: { required?: boolean; max?: number; allowEmpty?: boolean } = {}): string | undefined {
    const v = obj[key];
    const p = `${at}.${key}`;
    if (v === undefined || v === null) {
      if (opts.required) this.fail(p, 'is required');
      return undefined;
    }
    if (typeof v !== 'string') {
      this.fail(p, `must be a string, got ${JSON.stringify(v)}`);
      return undefined;
    }
    const t = v.trim();
    if (!t && !opts.allowEmpty) {
      if (opts.required) this.fail(p, 'must not be empty');
      return undefined;
    }
    if (opts.max && t.length > opts.max) this.fail(p, `must be at most ${opts.max} characters`);
    return t;
  }

  /** An optional date-time field; `text` is what was given (undefined when absent). */
  dateTime(obj: Record<string, Json>, at: string): { text?: string; value?: Date } {
    const text = this.str(obj, 'startTime', at);
    if (text === undefined) return {};
    const parsed = parseDateTime(text, this.tz);
    if (typeof parsed === 'string') {
      this.fail(`${at}.startTime`, parsed);
      return { text };
    }
    return { text, value: parsed };
  }

  /** The objects of a top-level array, each with its path, e.g. "events[3]" (lazily, so problems stay in order). */
  *items(key: string): Generator<{ at: string; obj: Record<string, Json> }> {
    const v = this.data[key];
    if (v === undefined || v === null) return;
    if (!Array.isArray(v)) return this.fail(key, 'must be an array');
    for (const [i, obj] of (v as Json[]).entries()) {
      const at = `${key}[${i}]`;
      if (!isObject(obj)) this.fail(at, 'must be an object');
      else yield { at, obj };
    }
  }
}

/**
 * Validates parsed JSON. `source` is the manifest file's path: relative media paths are
 * resolved against its folder. Throws a ManifestError listing every problem.
 */
export function parseManifest(data: Json, source: string): Manifest {
  if (!isObject(data)) throw new ManifestError(source, [{ path: '', message: 'must be a JSON object' }]);
  const c = new Checker(data, path.dirname(path.resolve(source)));
  c.checkKeys(data, '', ['user', 'recordings', 'events', 'diary', 'music']);
  const user = parseUser(c);
  if (user && isValidTimeZone(user.timezone)) c.tz = user.timezone;
  const recordings = parseRecordings(c);
  const events = parseEvents(c, new Set(recordings.ids.keys()));
  const diary = parseDiary(c);
  const music = parseMusic(c);
  if (!user && (recordings.list.length || events.length || diary.length) && !c.issues.some((x) => x.path.startsWith('user'))) {
    c.fail('user', 'is required when the manifest has recordings, events or diary entries');
  }
  if (c.issues.length) throw new ManifestError(source, c.issues);
  return { source: path.resolve(source), user, recordings: recordings.list, events, diary, music };
}

function parseUser(c: Checker): ManifestUser | undefined {
  const u = c.data.user;
  if (u === undefined || u === null) return undefined;
  if (!isObject(u)) {
    c.fail('user', 'must be an object');
    return undefined;
  }
  c.checkKeys(u, 'user', ['username', 'password', 'timezone', 'locale']);
  const username = c.str(u, 'username', 'user', { required: true, max: 64 });
  if (username && /[\s\p{Cc}]/u.test(username)) c.fail('user.username', 'must not contain spaces or control characters');
  const password = typeof u.password === 'string' ? u.password : undefined;
  if (u.password !== undefined && u.password !== null && typeof u.password !== 'string') c.fail('user.password', 'must be a string');
  const timezone = c.str(u, 'timezone', 'user', { max: 64 }) ?? 'Asia/Taipei';
  if (!isValidTimeZone(timezone)) c.fail('user.timezone', `unknown IANA time zone "${timezone}"`);
  const locale = c.str(u, 'locale', 'user', { max: 16 });
  return username ? { username, password, timezone, locale } : undefined;
}

/** Recordings, and where each id was first given (ids and files must be unique). */
function parseRecordings(c: Checker): { list: ManifestRecording[]; ids: Map<string, string> } {
  const list: ManifestRecording[] = [];
  const ids = new Map<string, string>();
  for (const { at, obj: r } of c.items('recordings')) {
    c.checkKeys(r, at, ['id', 'file', 'startTime']);
    const id = c.str(r, 'id', at, { required: true, max: 200 });
    const file = c.str(r, 'file', at, { required: true });
    const startTime = c.dateTime(r, at).value;
    if (id && ids.has(id)) c.fail(`${at}.id`, `duplicate id "${id}" (also ${ids.get(id)})`);
    if (id) ids.set(id, at);
    if (id && file) list.push({ id, file: c.resolveFile(file), startTime, at });
  }
  const files = new Map<string, string>();
  for (const r of list) {
    if (files.has(r.file)) c.fail(`${r.at}.file`, `same file as ${files.get(r.file)}`);
    else files.set(r.file, r.at);
  }
  return { list, ids };
}

function parseEvents(c: Checker, recordingIds: Set<string>): ManifestEvent[] {
  const events: ManifestEvent[] = [];
  for (const { at, obj: e } of c.items('events')) {
    c.checkKeys(e, at, ['recording', 'offset', 'startTime', 'duration', 'action', 'scene', 'summary']);
    const recording = c.str(e, 'recording', at, { required: true });
    if (recording && !recordingIds.has(recording)) c.fail(`${at}.recording`, `no recording with id "${recording}" in recordings[]`);
    const hasOffset = e.offset !== undefined && e.offset !== null;
    let offset: number | undefined;
    if (hasOffset) {
      if (typeof e.offset !== 'number' || !Number.isFinite(e.offset) || e.offset < 0) c.fail(`${at}.offset`, 'must be a number of seconds ≥ 0');
      else offset = e.offset;
    }
    const start = c.dateTime(e, at);
    if (hasOffset && start.text !== undefined) c.fail(at, 'give either offset or startTime, not both');
    if (!hasOffset && start.text === undefined) c.fail(at, 'needs offset (seconds into the recording) or startTime');
    let duration = 0;
    if (e.duration === undefined || e.duration === null) c.fail(`${at}.duration`, 'is required');
    else if (typeof e.duration !== 'number' || !Number.isFinite(e.duration) || e.duration <= 0) c.fail(`${at}.duration`, 'must be a number of seconds > 0');
    else duration = e.duration;
    const action = c.str(e, 'action', at, { max: 500 });
    const scene = c.str(e, 'scene', at, { max: 500 });
    const summary = c.str(e, 'summary', at, { max: 5000 });
    if (recording) events.push({ recording, offset, startTime: start.value, duration, action, scene, summary, at });
  }
  return events;
}

function parseDiary(c: Checker): ManifestDiary[] {
  const diary: ManifestDiary[] = [];
  const dates = new Map<string, string>();
  for (const { at, obj: d } of c.items('diary')) {
    c.checkKeys(d, at, ['date', 'content']);
    const date = c.str(d, 'date', at, { required: true });
    if (date && !isValidDate(date)) c.fail(`${at}.date`, `must be a calendar date YYYY-MM-DD from ${DATE_RANGE.min} to ${DATE_RANGE.max}, got "${date}"`);
    const content = c.str(d, 'content', at, { required: true, max: 100_000 });
    if (date && dates.has(date)) c.fail(`${at}.date`, `duplicate date ${date} (also ${dates.get(date)})`);
    if (date) dates.set(date, at);
    if (date && content) diary.push({ date, content, at });
  }
  return diary;
}

function parseMusic(c: Checker): ManifestMusic[] {
  const music: ManifestMusic[] = [];
  for (const { at, obj: m } of c.items('music')) {
    c.checkKeys(m, at, ['file', 'name', 'composer', 'shared']);
    const file = c.str(m, 'file', at, { required: true });
    const name = c.str(m, 'name', at, { max: 200 }) ?? (file ? path.parse(file).name : undefined);
    const composer = c.str(m, 'composer', at, { max: 200 });
    let shared = true;
    if (m.shared !== undefined && m.shared !== null) {
      if (typeof m.shared !== 'boolean') c.fail(`${at}.shared`, 'must be true or false');
      else shared = m.shared;
    }
    if (!shared && !c.data.user) c.fail(`${at}.shared`, 'false needs a user');
    if (file && name) music.push({ file: c.resolveFile(file), name, composer, shared, at });
  }
  return music;
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
