// The Generate dialog's work, kept in this tab's sessionStorage per day, so that a reload, an
// expired session and the sign-in after it lose nothing: which events are ticked, the step,
// the settings, trims, and the idempotency key (a re-sent Generate makes one vlog, not two).
// Cleared when the vlog is created and on an explicit sign-out.
import type { SettingsState } from './settings.ts';

export interface ClipTrim {
  /** Seconds inside the event. */
  start: number;
  end: number;
}

export interface WizardDraft {
  open: boolean;
  step: 1 | 2;
  selected: string[];
  settings: SettingsState | null;
  idempotencyKey: string | null;
  clips: Record<string, ClipTrim>;
}

const PREFIX = 'dayreel.draft.';
export const SIGNED_OUT_KEY = 'dayreel.signedOut';

export const EMPTY_DRAFT: WizardDraft = { open: false, step: 1, selected: [], settings: null, idempotencyKey: null, clips: {} };

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null; // storage blocked: work is kept in memory only
  }
}

export function loadDraft(date: string): WizardDraft {
  const raw = storage()?.getItem(PREFIX + date);
  if (!raw) return EMPTY_DRAFT;
  try {
    const d = JSON.parse(raw) as Partial<WizardDraft>;
    return {
      open: d.open === true,
      step: d.step === 2 ? 2 : 1,
      selected: Array.isArray(d.selected) ? d.selected.filter((x): x is string => typeof x === 'string') : [],
      settings: d.settings && typeof d.settings === 'object' && d.settings.draft ? d.settings : null,
      idempotencyKey: typeof d.idempotencyKey === 'string' ? d.idempotencyKey : null,
      clips: d.clips && typeof d.clips === 'object' ? d.clips : {},
    };
  } catch {
    return EMPTY_DRAFT;
  }
}

/** Merges `patch` into the day's stored draft. */
export function saveDraft(date: string, patch: Partial<WizardDraft>): void {
  const s = storage();
  if (!s) return;
  try {
    s.setItem(PREFIX + date, JSON.stringify({ ...loadDraft(date), ...patch }));
  } catch {
    /* quota: keep going without it */
  }
}

export function clearDraft(date: string): void {
  storage()?.removeItem(PREFIX + date);
}

export function clearAllDrafts(): void {
  const s = storage();
  if (!s) return;
  for (const key of Object.keys(s)) if (key.startsWith(PREFIX)) s.removeItem(key);
}

/** The session ended on its own (not by Sign out): the login screen says so and resumes. */
export function markSignedOut(on: boolean): void {
  const s = storage();
  if (!s) return;
  if (on) s.setItem(SIGNED_OUT_KEY, '1');
  else s.removeItem(SIGNED_OUT_KEY);
}

export function wasSignedOut(): boolean {
  return storage()?.getItem(SIGNED_OUT_KEY) === '1';
}
