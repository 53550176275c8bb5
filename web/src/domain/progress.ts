// A vlog's render progress as the user reads it: a percent that never goes backwards and a
// sentence ("Rendering clip 5 of 12 — 64 % — about 20 s left").

import type { ProgressPhase as Phase, VlogStatus as Status } from '../gql/graphql.ts';

export type { Phase, Status };

export interface ProgressLike {
  status: Status;
  phase: Phase;
  percent: number;
  message?: string | null;
  step?: number | null;
  totalSteps?: number | null;
  etaSeconds?: number | null;
  error?: string | null;
}

export function isActive(status: Status | null | undefined): boolean {
  return status === 'PENDING' || status === 'PROCESSING';
}

export function isTerminal(status: Status | null | undefined): boolean {
  return status === 'COMPLETED' || status === 'FAILED' || status === 'CANCELED';
}

/** 0–100, never below what was already shown (a retry starts a new render, so reset then). */
export function monotonicPercent(shown: number | null, next: number): number {
  const n = Math.min(100, Math.max(0, Number.isFinite(next) ? next : 0));
  return shown == null ? n : Math.max(shown, n);
}

export interface ProgressWords {
  phase: (p: ProgressLike) => string;
  percent: (n: number) => string;
  eta: (seconds: number) => string;
  joiner: string;
}

/** Phase words — percent — time left, each part only when known. */
export function progressSentence(p: ProgressLike, shownPercent: number, words: ProgressWords): string {
  const parts = [words.phase(p)];
  if (p.phase !== 'DONE' && p.phase !== 'FAILED' && p.phase !== 'CANCELED') {
    parts.push(words.percent(Math.floor(shownPercent)));
    if (p.etaSeconds != null && Number.isFinite(p.etaSeconds) && p.etaSeconds >= 0 && shownPercent > 0) {
      parts.push(words.eta(p.etaSeconds));
    }
  }
  return parts.join(words.joiner);
}

/** "about 20 s" / "about 2 min": seconds up to 90, then whole minutes. */
export function roundEta(seconds: number): { unit: 's' | 'min'; value: number } {
  if (seconds < 10) return { unit: 's', value: Math.max(1, Math.ceil(seconds)) };
  if (seconds < 90) return { unit: 's', value: Math.round(seconds / 5) * 5 };
  return { unit: 'min', value: Math.round(seconds / 60) };
}
