// The labelled days of bench/recommend-data (format in its README): parsing and the metrics
// that are computed on them. Pure; no ranking here.
//
// Rounds: round 1 is bench/recommend-data/*.txt, round n ≥ 2 is bench/recommend-data/round<n>/*.txt.
// The held-out set is the highest round present (scored once, by the bench); every lower round
// has been scored and retired into tuning. Which rounds exist is read from the folder names
// only, and loading is per round, so tuning never reads the held-out files.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const LABELLED_DATA_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'recommend-data');

export type Split = 'tune' | 'heldout';
/** Which labelling round a day comes from: its folder (round 1: the top folder, round n: round<n>/). */
export type Round = number;

/** The folder of a round, relative to the data folder. */
export function roundDir(round: Round): string {
  return round === 1 ? '.' : `round${round}`;
}

/** The rounds present: 1, and n for every folder named round<n> (folder names only; no file is opened). */
export function presentRounds(dir = LABELLED_DATA_DIR): Round[] {
  const more = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => /^round(\d+)$/.exec(e.name)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
    .filter((n) => n >= 2);
  return [1, ...more.sort((a, b) => a - b)];
}

/** The held-out round: the highest present. */
export function heldoutRound(dir = LABELLED_DATA_DIR): Round {
  return Math.max(...presentRounds(dir));
}

/** The tuning rounds: every round below the held-out one. */
export function tuningRounds(dir = LABELLED_DATA_DIR): Round[] {
  const heldout = heldoutRound(dir);
  return presentRounds(dir).filter((r) => r < heldout);
}

export interface LabelledEvent {
  id: string;
  time: string;
  /** Seconds. */
  duration: number;
  action: string;
  scene: string;
  summary: string;
  relevant: boolean;
  /** Near-duplicate group letter, or null. */
  group: string | null;
}

export interface LabelledDay {
  id: string;
  lang: 'zh-Hant' | 'en' | 'mixed';
  split: Split;
  person: string;
  /** '' for a day without a diary. */
  diary: string;
  events: LabelledEvent[];
  file: string;
  round: Round;
}

const EVENT_LINE = /^(\*)?\s*(?:~([a-z]))?\s*(\d{2}:\d{2})\s+(\d+)\s+([^|]*)\|([^|]*)\|(.*)$/;

export function parseDays(text: string, file = '(text)', round: Round = 1): LabelledDay[] {
  const days: LabelledDay[] = [];
  let day: LabelledDay | null = null;
  let inEvents = false;
  text.split(/\r?\n/).forEach((raw, n) => {
    const line = raw.trim();
    const where = `${file}:${n + 1}`;
    if (!line) return;
    if (line.startsWith('## ')) {
      day = { id: line.slice(3).trim(), lang: 'en', split: 'tune', person: '', diary: '', events: [], file, round };
      days.push(day);
      inEvents = false;
      return;
    }
    if (!day) throw new Error(`${where}: text before the first "## day"`);
    const d: LabelledDay = day;
    if (inEvents) {
      const m = EVENT_LINE.exec(line);
      if (!m) throw new Error(`${where}: not an event line: ${line}`);
      d.events.push({
        id: `${d.id}-e${String(d.events.length + 1).padStart(2, '0')}`,
        relevant: m[1] === '*',
        group: m[2] ?? null,
        time: m[3]!,
        duration: Number(m[4]) * 60,
        action: m[5]!.trim(),
        scene: m[6]!.trim(),
        summary: m[7]!.trim(),
      });
      return;
    }
    const kv = /^(\w+):\s*(.*)$/.exec(line);
    if (!kv) throw new Error(`${where}: expected "key: value"`);
    const [, key, value] = kv as unknown as [string, string, string];
    if (key === 'lang') {
      if (value !== 'zh-Hant' && value !== 'en' && value !== 'mixed') throw new Error(`${where}: lang ${value}`);
      d.lang = value;
    } else if (key === 'split') {
      if (value !== 'tune' && value !== 'heldout') throw new Error(`${where}: split ${value}`);
      d.split = value;
    } else if (key === 'person') d.person = value;
    else if (key === 'diary') d.diary = value;
    else if (key === 'events') inEvents = true;
    else throw new Error(`${where}: unknown key ${key}`);
  });
  return days;
}

/** The days of the given rounds (default: the tuning rounds); files of other rounds are never read. */
export function loadLabelledDays(rounds: readonly Round[] = tuningRounds(), dir = LABELLED_DATA_DIR): LabelledDay[] {
  return rounds.flatMap((round) => {
    const folder = path.join(dir, roundDir(round));
    return fs
      .readdirSync(folder)
      .filter((f) => f.endsWith('.txt'))
      .sort()
      .flatMap((f) => parseDays(fs.readFileSync(path.join(folder, f), 'utf8'), path.join(roundDir(round), f), round));
  });
}

/** The days a set is made of: tuning = every day of a round below the held-out one (either split), held-out = that round. */
export type DaySet = 'tune' | 'heldout';

/** The rounds of a set, given the held-out round (default: the highest present). */
export function roundsOf(set: DaySet, heldout = heldoutRound()): Round[] {
  if (set === 'heldout') return [heldout];
  return Array.from({ length: heldout - 1 }, (_, i) => i + 1);
}

export function daysOf(set: DaySet, days: readonly LabelledDay[], heldout = heldoutRound()): LabelledDay[] {
  const rounds = roundsOf(set, heldout);
  return days.filter((d) => rounds.includes(d.round));
}

/** The reporting group of a day: its language, or "no diary" for a day without one (any language). */
export function groupOf(day: LabelledDay): string {
  return day.diary.trim() ? day.lang : 'no diary';
}

/** Relevant moments: a near-duplicate group counts once. */
export function relevantMoments(day: LabelledDay): number {
  const groups = new Set<string>();
  let n = 0;
  for (const e of day.events) {
    if (!e.relevant) continue;
    if (e.group) {
      if (groups.has(e.group)) continue;
      groups.add(e.group);
    }
    n++;
  }
  return n;
}

/** k of a day: min(10, relevant moments). */
export function kOf(day: LabelledDay): number {
  return Math.min(10, relevantMoments(day));
}

/** Precision of the first k picks; a second pick from one near-duplicate group never counts. */
export function precisionAtK(day: LabelledDay, ranked: readonly string[], k = kOf(day)): number {
  if (k <= 0) return 0;
  const byId = new Map(day.events.map((e) => [e.id, e]));
  const usedGroups = new Set<string>();
  let hits = 0;
  for (const id of ranked.slice(0, k)) {
    const e = byId.get(id);
    if (!e?.relevant) continue;
    if (e.group) {
      if (usedGroups.has(e.group)) continue;
      usedGroups.add(e.group);
    }
    hits++;
  }
  return hits / k;
}

/** Pairs of picks (within the first n) that belong to one near-duplicate group. */
export function nearDuplicatePairs(day: LabelledDay, ranked: readonly string[], n: number): number {
  const byId = new Map(day.events.map((e) => [e.id, e]));
  const perGroup = new Map<string, number>();
  for (const id of ranked.slice(0, n)) {
    const g = byId.get(id)?.group;
    if (g) perGroup.set(g, (perGroup.get(g) ?? 0) + 1);
  }
  let pairs = 0;
  for (const c of perGroup.values()) pairs += (c * (c - 1)) / 2;
  return pairs;
}
