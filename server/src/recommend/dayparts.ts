// When in the day the diary says a thing happened. Diaries tell the day in order and say when
// (早上…, 下午…, "after lunch…", "in the evening…"): a word written under 晚上 is about the
// evening, so an evening event answers it better than a breakfast that shares the word 煮.
//
// The text is cut into clauses at sentence and clause punctuation; a clause that names a part
// of the day sets it, and the clauses after it inherit it until another one does. Clauses before
// the first such word have none (no constraint). Pure and deterministic.
import { normalizeText } from './tokenize.ts';

/** Minutes after local midnight, [start, end); end may pass 1440 (半夜 runs past midnight). */
export interface DayWindow {
  start: number;
  end: number;
}

export interface Clause {
  text: string;
  /** The part of the day the clause is about; null when the diary has not said. */
  window: DayWindow | null;
}

const h = (from: number, to: number): DayWindow => ({ start: Math.round(from * 60), end: Math.round(to * 60) });

/**
 * Words naming a part of the day, longest first where one contains another (一大早 before 一早).
 * Meals are included: "吃完午餐後…" and "after lunch" place what follows about noon onwards.
 */
const MARKERS: ReadonlyArray<readonly [RegExp, DayWindow]> = [
  [/凌晨|三更半夜/u, h(0, 6)],
  [/一大早|大清早|清晨|透早|一早|早上|早晨|早餐|早飯|早午餐/u, h(4.5, 11.5)],
  [/上午/u, h(7, 12)],
  [/中午|午餐|午飯|午休|晌午|日頭赤焰焰/u, h(11, 14.5)],
  [/下午|午後|下晝/u, h(12, 18.5)],
  [/傍晚|黃昏|日落時|夕陽時/u, h(16, 20)],
  [/晚上|晚餐|晚飯|今晚|夜裡|夜晚|入夜|暗時|暗頓|晚間|下班後/u, h(17, 24)],
  [/半夜|深夜|午夜|睡前/u, h(21, 28)],
  [/\b(?:early morning|dawn)\b/u, h(4, 9)],
  [/\b(?:morning)\b/u, h(4.5, 12)],
  [/\b(?:noon|midday)\b/u, h(11, 14.5)],
  [/\b(?:afternoon)\b/u, h(12, 18.5)],
  [/\b(?:evening)\b/u, h(16, 22)],
  [/\b(?:tonight|at night)\b/u, h(17, 26)],
  [/\b(?:midnight)\b/u, h(21, 28)],
];

// Split before normalising: normalizeText turns dashes (a clause break in English) into spaces.
const CLAUSE_BREAK = /[。！？；：，、,.!?;:\n—–]+|\s-\s/u;

/** Which part of the day a clause names, if any: the first marker in it. */
export function windowOf(clause: string): DayWindow | null {
  let best: { at: number; window: DayWindow } | null = null;
  for (const [re, window] of MARKERS) {
    const m = re.exec(clause);
    if (m && (!best || m.index < best.at)) best = { at: m.index, window };
  }
  return best?.window ?? null;
}

/** The text's clauses, each with the part of the day it is about. */
export function clauses(text: string): Clause[] {
  const out: Clause[] = [];
  let current: DayWindow | null = null;
  for (const raw of text.split(CLAUSE_BREAK)) {
    const piece = normalizeText(raw);
    if (!piece.trim()) continue;
    current = windowOf(piece) ?? current;
    out.push({ text: piece, window: current });
  }
  return out;
}

/**
 * Per key (a word, a unit), the windows of the clauses it occurs in; null when it occurs in one
 * with no window (then it constrains nothing). Keys never seen are absent (no constraint either).
 */
export function keyWindows(text: string, keysOf: (clause: string) => Iterable<string>): Map<string, DayWindow[] | null> {
  const out = new Map<string, DayWindow[] | null>();
  for (const c of clauses(text)) {
    for (const key of keysOf(c.text)) {
      const seen = out.get(key);
      if (seen === null) continue;
      if (!c.window) out.set(key, null);
      else if (seen) seen.push(c.window);
      else out.set(key, [c.window]);
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
