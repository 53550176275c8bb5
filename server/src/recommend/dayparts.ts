// When in the day the diary says a thing happened. Diaries tell the day in order and say when
// (早上…, 下午…, "at lunch…", "in the evening…"): a word written under 晚上 is about the
// evening, so an evening event answers it better than a breakfast that shares the word 煮.
//
// The text is cut into clauses at sentence and clause punctuation; a clause that names a part
// of the day sets it, and the clauses after it inherit it until another one does. Clauses before
// the first such word have none (no constraint). A clock time (7am, 5 till 10, 凌晨四點, 三點半)
// places only its own clause: the hour after it, a.m. and p.m. both when the diary does not say.
// Pure and deterministic.
import { normalizeText } from './tokenize.ts';

/** Minutes after local midnight, [start, end); end may pass 1440 (半夜 runs past midnight). */
export interface DayWindow {
  start: number;
  end: number;
}

export interface Clause {
  text: string;
  /** The parts of the day the clause is about (several: 3 o'clock, a.m. or p.m.); null when the diary has not said. */
  window: DayWindow[] | null;
}

const h = (from: number, to: number): DayWindow => ({ start: Math.round(from * 60), end: Math.round(to * 60) });

/**
 * Words naming a part of the day, longest first where one contains another (一大早 before 一早).
 * Meals are included: "吃完午餐後…" and "after lunch" place what follows about noon onwards.
 */
const MARKERS: ReadonlyArray<readonly [RegExp, DayWindow]> = [
  [/凌晨|三更半夜/u, h(0, 6)],
  [/一大早|大清早|清晨|透早|一早|早上|早晨|朝早|今朝|早餐|早飯|早午餐/u, h(4.5, 11.5)],
  [/上午/u, h(7, 12)],
  [/中午|午餐|午飯|午休|晌午|日頭赤焰焰/u, h(11, 14.5)],
  [/下午|午後|下晝|晏晝/u, h(12, 18.5)],
  [/傍晚|黃昏|日落時|夕陽時/u, h(16, 20)],
  [/晚上|晚餐|晚飯|今晚|夜裡|夜晚|入夜|暗時|暗頓|晚間|下班後/u, h(17, 24)],
  [/半夜|深夜|午夜|睡前/u, h(21, 28)],
  [/\b(?:early morning|dawn|sunrise)\b/u, h(4, 9)],
  [/\b(?:morning|breakfast)\b/u, h(4.5, 12)],
  [/\b(?:brunch)\b/u, h(9, 14)],
  [/\b(?:noon|midday|lunch|lunchtime)\b/u, h(11, 14.5)],
  [/\b(?:afternoon)\b/u, h(12, 18.5)],
  [/\b(?:evening|dinner|supper|after work|after school)\b/u, h(16, 22)],
  [/\b(?:tonight|at night)\b/u, h(17, 26)],
  [/\b(?:midnight|bedtime)\b/u, h(21, 28)],
];

// Split before normalising: normalizeText turns dashes (a clause break in English) into spaces.
// ASCII punctuation before a digit is not a break: 10:30, 2.5.
const CLAUSE_BREAK = /[。！？；：，、\n—–]+|[,.!?;:]+(?!\d)|\s-\s/u;

/** Which part of the day a clause names, if any: the first marker in it. */
export function windowOf(clause: string): DayWindow | null {
  let best: { at: number; window: DayWindow } | null = null;
  for (const [re, window] of MARKERS) {
    const m = re.exec(clause);
    if (m && (!best || m.index < best.at)) best = { at: m.index, window };
  }
  return best?.window ?? null;
}

/** What is told at a clock time starts then: the hour after it. */
const AT_CLOCK_MINUTES = 60;
const HAN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 兩: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const EN_EXACT = /\b(\d{1,2})(?::([0-5]\d))?\s*([ap])\.?m\b\.?/gu;
// "5 till 10", "from 9 to 5"; a bare "6 to 2" is as likely a score.
const EN_RANGE = /\b(?:from (\d{1,2})(?::[0-5]\d)?\s*to|(\d{1,2})(?::[0-5]\d)?\s*(?:till|til|until))\s*(\d{1,2})(?::[0-5]\d)?(?![\d:]|\s*(?:[ap]\.?m|min|hour|hr|km|mile|kg|%|people|time|goal|year|point|pound|dollar|euro|mph))/gu;
const EN_AT = /\bat (\d{1,2})(?::([0-5]\d))?(?![\d:]|\s*(?:[ap]\.?m|min|hour|hr|km|mile|kg|%|people|time|goal|year|point|pound|dollar|euro|mph|th|st|nd|rd))/gu;
// 一點 is also "a little" (快一點, 有一點): an hour only after 到, 約 or a part of the day.
const ZH_CLOCK = /(?:(到快|到|約|凌晨|早上|上午|中午|下午|傍晚|晚上|半夜|夜晚)?)(十[一二]?|[零〇一二兩三四五六七八九]|\d{1,2})點(半)?/gu;

function hanHour(text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  if (text.startsWith('十')) return 10 + (HAN_DIGITS[text[1] ?? ''] ?? 0);
  return HAN_DIGITS[text] ?? NaN;
}

/** An hour of the clock that may be a.m. or p.m.: both, as windows starting then. */
function eitherHalf(hour: number, minute: number, until?: number): DayWindow[] {
  if (!(hour >= 0 && hour <= 24)) return [];
  const halves = hour === 0 || hour > 12 ? [hour] : hour === 12 ? [0, 12] : [hour, hour + 12];
  return halves.map((h24) => {
    const start = h24 * 60 + minute;
    const end = until === undefined ? start + AT_CLOCK_MINUTES : (until <= hour ? until + 12 : until) * 60 + (h24 - hour) * 60;
    return { start, end: Math.max(end, start + AT_CLOCK_MINUTES) };
  });
}

/** The clock times a clause names (7am, at 10:30, 5 till 10, 凌晨四點, 三點半), as windows; several when a.m. or p.m. is not said. */
export function clockWindows(clause: string): DayWindow[] {
  const out: DayWindow[] = [];
  for (const m of clause.matchAll(EN_EXACT)) {
    const hour = Number(m[1]) % 12 + (m[3] === 'p' ? 12 : 0);
    if (Number(m[1]) <= 12) out.push({ start: hour * 60 + Number(m[2] ?? 0), end: hour * 60 + Number(m[2] ?? 0) + AT_CLOCK_MINUTES });
  }
  if (out.length) return out;
  for (const m of clause.matchAll(EN_RANGE)) {
    const [from, to] = [Number(m[1] ?? m[2]), Number(m[3])];
    if (from <= 12 && to <= 12) out.push(...eitherHalf(from, 0, to));
  }
  for (const m of clause.matchAll(EN_AT)) out.push(...eitherHalf(Number(m[1]), Number(m[2] ?? 0)));
  for (const m of clause.matchAll(ZH_CLOCK)) {
    if (m[2] === '一' && !m[1]) continue;
    out.push(...eitherHalf(hanHour(m[2]!), m[3] ? 30 : 0));
  }
  return out;
}

/** The text's clauses, each with the part of the day it is about. */
export function clauses(text: string): Clause[] {
  const out: Clause[] = [];
  let current: DayWindow[] | null = null;
  for (const raw of text.split(CLAUSE_BREAK)) {
    const piece = normalizeText(raw);
    if (!piece.trim()) continue;
    const marker = windowOf(piece);
    if (marker) current = [marker];
    // A clock time places its own clause (within the part of the day when one is named); the
    // clauses after it keep the part of the day.
    const clock = clockWindows(piece);
    const near = current ? clock.filter((c) => current!.some((w) => c.start < w.end && c.end > w.start)) : clock;
    out.push({ text: piece, window: near.length ? near : current });
  }
  return out;
}

/**
 * Per key (a word, a unit), the windows of the clauses it occurs in; null when it occurs in one
 * with no window (then it constrains nothing). Keys never seen are absent (no constraint either).
 */
export function keyWindows(of: readonly Clause[], keysOf: (clause: string) => Iterable<string>): Map<string, DayWindow[] | null> {
  const out = new Map<string, DayWindow[] | null>();
  for (const c of of) {
    for (const key of keysOf(c.text)) {
      const seen = out.get(key);
      if (seen === null) continue;
      if (!c.window) out.set(key, null);
      else if (seen) seen.push(...c.window);
      else out.set(key, [...c.window]);
    }
  }
  return out;
}

/** Whether an event from `start` for `minutes` overlaps any of the windows, widened by `slack` minutes. */
export function inWindows(start: number, minutes: number, windows: readonly DayWindow[], slack: number): boolean {
  const end = start + Math.max(0, minutes);
  return windows.some((w) => overlaps(start, end, w, slack) || overlaps(start + 1440, end + 1440, w, slack));
}

function overlaps(start: number, end: number, w: DayWindow, slack: number): boolean {
  return start <= w.end + slack && end >= w.start - slack;
}
