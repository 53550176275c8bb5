import { beforeEach, describe, expect, it } from 'vitest';
import { clearAllDrafts, clearDraft, loadDraft, markSignedOut, saveDraft, wasSignedOut } from './draftStore.ts';

describe('wizard draft in sessionStorage', () => {
  beforeEach(() => sessionStorage.clear());

  it('merges patches per day and reads them back', () => {
    saveDraft('2026-11-20', { selected: ['a', 'b'], open: true });
    saveDraft('2026-11-20', { step: 2 });
    saveDraft('2026-11-21', { selected: ['z'] });
    expect(loadDraft('2026-11-20')).toMatchObject({ open: true, step: 2, selected: ['a', 'b'] });
    expect(loadDraft('2026-11-21').selected).toEqual(['z']);
    clearDraft('2026-11-20');
    expect(loadDraft('2026-11-20')).toMatchObject({ open: false, selected: [] });
    clearAllDrafts();
    expect(loadDraft('2026-11-21').selected).toEqual([]);
  });

  it('ignores garbage', () => {
    sessionStorage.setItem('dayreel.draft.2026-11-20', '{not json');
    expect(loadDraft('2026-11-20').selected).toEqual([]);
    sessionStorage.setItem('dayreel.draft.2026-11-20', JSON.stringify({ selected: [1, 'x'], step: 7, settings: 'no' }));
    expect(loadDraft('2026-11-20')).toMatchObject({ selected: ['x'], step: 1, settings: null });
  });

  it('remembers that the session ended on its own', () => {
    expect(wasSignedOut()).toBe(false);
    markSignedOut(true);
    expect(wasSignedOut()).toBe(true);
    markSignedOut(false);
    expect(wasSignedOut()).toBe(false);
  });
});
