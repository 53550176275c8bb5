import { describe, expect, it } from 'vitest';
import { dictionaries } from '../i18n.tsx';
import { monotonicPercent, progressSentence, type ProgressLike, roundEta } from './progress.ts';

const words = (locale: 'en' | 'zh-TW') => {
  const t = dictionaries[locale];
  return {
    phase: (p: ProgressLike) => (p.phase === 'RENDERING' && p.step && p.totalSteps ? t.renderingClip(p.step, p.totalSteps) : t.phase[p.phase] ?? p.phase),
    percent: t.percent,
    eta: (s: number) => {
      const r = roundEta(s);
      return r.unit === 's' ? t.aboutSeconds(r.value) : t.aboutMinutes(r.value);
    },
    joiner: t.sentenceJoiner,
  };
};

describe('progress', () => {
  it('reads like a sentence', () => {
    const p: ProgressLike = { status: 'PROCESSING', phase: 'RENDERING', percent: 64.4, step: 5, totalSteps: 12, etaSeconds: 21 };
    expect(progressSentence(p, 64.4, words('en'))).toBe('Rendering clip 5 of 12 — 64 % — about 20 s left');
    expect(progressSentence(p, 64.4, words('zh-TW'))).toBe('正在剪輯第 5 段（共 12 段） — 64% — 約剩 20 秒');
    expect(progressSentence({ ...p, phase: 'QUEUED', step: null, etaSeconds: null }, 0, words('en'))).toBe('Waiting in line — 0 %');
    expect(progressSentence({ ...p, phase: 'DONE', status: 'COMPLETED' }, 100, words('en'))).toBe('Done');
  });

  it('never goes backwards', () => {
    let shown = monotonicPercent(null, 10);
    shown = monotonicPercent(shown, 40);
    shown = monotonicPercent(shown, 35);
    expect(shown).toBe(40);
    expect(monotonicPercent(shown, 120)).toBe(100);
  });

  it('rounds the time left', () => {
    expect(roundEta(3.2)).toEqual({ unit: 's', value: 4 });
    expect(roundEta(21)).toEqual({ unit: 's', value: 20 });
    expect(roundEta(150)).toEqual({ unit: 'min', value: 3 });
  });
});
