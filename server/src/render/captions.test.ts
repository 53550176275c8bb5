import { describe, expect, it } from 'vitest';
import { canDraw, captionCues, captionLabel, cleanText, drawFilters, filterPath, planText, titleSeconds, webvtt, wrapText, type PlanText } from './captions.ts';
import { planVlog, type PlanEvent } from './plan.ts';

const T0 = Date.parse('2024-05-01T01:00:00Z');
const events = (n: number): PlanEvent[] =>
  Array.from({ length: n }, (_, i) => ({
    eventId: `e${i}`,
    recordingId: `r${i}`,
    eventStart: new Date(T0 + i * 1e6),
    eventDuration: 10,
    recordingStart: new Date(T0 + i * 1e6),
    recordingDuration: 60,
    interestScores: [],
  }));
// 3 clips of 10 s... budget 20 s with 0.5 s crossfades: 7 s each (210 + 2·15 = 230 frames… see plan).
const plan = planVlog(events(3), { maxDuration: 20, transition: 'CROSSFADE', resolution: 'P480', aspect: 'LANDSCAPE', music: null });
const text = (o: Partial<PlanText> = {}): PlanText => ({
  titleCard: { title: '2024-05-01 的 Vlog', date: '2024年5月1日 星期三' },
  captions: 'SOFT',
  labels: { e0: '09:00 · 在廚房煎蛋做早餐', e1: '09:16 · 帶狗去公園散步', e2: '09:33 · <b>午睡</b> & 休息' },
  language: 'zho',
  ...o,
});

describe('caption text', () => {
  it('makes "time · summary" on one bounded line, or nothing without words', () => {
    expect(captionLabel('09:12', '在廚房煎蛋做早餐')).toBe('09:12 · 在廚房煎蛋做早餐');
    expect(captionLabel('09:12', '  two\nlines\t here ')).toBe('09:12 · two lines here');
    expect(captionLabel('09:12', '   ')).toBeUndefined();
    expect(captionLabel('09:12', null)).toBeUndefined();
    const long = cleanText('字'.repeat(100));
    expect([...long]).toHaveLength(80);
    expect(long.endsWith('…')).toBe(true);
  });

  it('wraps for drawtext by drawn width: CJK wide, Latin narrow, at most two lines', () => {
    expect(wrapText('字'.repeat(10), 100, 20)).toBe('字字字字字\n字字字字字');
    expect(wrapText('字'.repeat(30), 100, 20)).toBe('字字字字字\n字字字字…');
    expect(wrapText('walk the dog in the park', 150, 20)).toBe('walk the dog\nin the park');
    expect(wrapText('short', 1000, 20)).toBe('short');
  });
});

describe('plan text', () => {
  const ev = (id: string, iso: string, summary: string | null, action: string | null = null) => ({ id, startTime: new Date(iso), summary, action, scene: null });
  const base = {
    title: '2026-11-20 的 Vlog',
    date: '2026-11-20',
    timezone: 'Asia/Taipei',
    locale: 'zh-TW',
    titleCard: true,
    captions: 'SOFT' as const,
    events: [ev('a', '2026-11-20T01:12:00Z', '在廚房煎蛋做早餐'), ev('b', '2026-11-20T06:03:10Z', null, '散步'), ev('c', '2026-11-20T07:00:00Z', null)],
  };

  it('labels each event with its local time and words, and dates the card with a localised weekday', () => {
    expect(planText(base)).toEqual({
      titleCard: { title: '2026-11-20 的 Vlog', date: '2026年11月20日 星期五' },
      captions: 'SOFT',
      labels: { a: '09:12 · 在廚房煎蛋做早餐', b: '14:03 · 散步' },
      language: 'zho',
    });
    const en = planText({ ...base, locale: 'en', timezone: 'Europe/London', title: 'Vlog of 2026-11-20' })!;
    expect(en.titleCard!.date).toBe('Friday, 20 November 2026');
    expect(en.labels.a).toBe('01:12 · 在廚房煎蛋做早餐');
    expect(en.language).toBe('eng');
  });

  it('has nothing without a card and captions, and no labels without captions', () => {
    expect(planText({ ...base, titleCard: false, captions: 'NONE' })).toBeUndefined();
    expect(planText({ ...base, captions: 'NONE' })!.labels).toEqual({});
    expect(planText({ ...base, titleCard: false })!.titleCard).toBeUndefined();
  });
});

describe('cues', () => {
  it('opens with the title card, then one caption per clip between the crossfade middles', () => {
    const cues = captionCues(plan, text(), { titleDrawn: false });
    const T = titleSeconds(plan);
    expect(T).toBe(3);
    expect(cues[0]).toEqual({ start: 0, end: 3, text: '2024-05-01 的 Vlog\n2024年5月1日 星期三' });
    const [a, b, c] = plan.segments;
    const half = plan.transition.frames / 2 / 30;
    expect(cues.slice(1)).toEqual([
      { start: 3, end: Math.round((a!.outputStart + a!.duration - half) * 1000) / 1000, text: '09:00 · 在廚房煎蛋做早餐' },
      { start: Math.round((b!.outputStart + half) * 1000) / 1000, end: Math.round((b!.outputStart + b!.duration - half) * 1000) / 1000, text: '09:16 · 帶狗去公園散步' },
      { start: Math.round((c!.outputStart + half) * 1000) / 1000, end: plan.totalDuration, text: '09:33 · <b>午睡</b> & 休息' },
    ]);
    // Cues never overlap and stay inside the video.
    for (let i = 1; i < cues.length; i++) expect(cues[i]!.start).toBeGreaterThanOrEqual(cues[i - 1]!.end);
    expect(cues.at(-1)!.end).toBeLessThanOrEqual(plan.totalDuration);
  });

  it('leaves out a drawn title card, captions when NONE, and events without words', () => {
    expect(captionCues(plan, text(), { titleDrawn: true })[0]!.text).toBe('09:00 · 在廚房煎蛋做早餐');
    expect(captionCues(plan, text({ captions: 'NONE' }), { titleDrawn: false })).toHaveLength(1);
    expect(captionCues(plan, text({ captions: 'NONE', titleCard: undefined }), { titleDrawn: false })).toEqual([]);
    expect(captionCues(plan, text({ labels: { e1: 'x' } }), { titleDrawn: true }).map((c) => c.text)).toEqual(['x']);
  });

  it('writes WebVTT with escaped text (an escaped > cannot end a cue timing)', () => {
    const vtt = webvtt([
      { start: 0, end: 3, text: 'Title\nDate' },
      { start: 62.5, end: 3725.25, text: '<b>午睡</b> & --> x' },
    ]);
    expect(vtt).toBe('WEBVTT\n\n1\n00:00:00.000 --> 00:00:03.000\nTitle\nDate\n\n2\n00:01:02.500 --> 01:02:05.250\n&lt;b&gt;午睡&lt;/b&gt; &amp; --&gt; x\n');
  });
});

describe('drawn words', () => {
  const files = { font: '/usr/share/fonts/wqy: it\'s.ttc', title: '/w/title.txt', date: '/w/date.txt', caption: '/w/c0.txt' };

  it('escapes paths for the option and graph parsers', () => {
    expect(filterPath("/a/b c/it's:x,y[1];z")).toBe("/a/b c/it\\\\\\'s\\\\:x\\,y\\[1\\]\\;z");
  });

  it('draws the title card over a darkened first clip, fading out, then the caption after it', () => {
    const f = drawFilters(plan, 0, files);
    expect(f[0]).toBe("drawbox=x=0:y=0:w=iw:h=ih:color=black@0.45:t=fill:enable='lt(t\\,3)'");
    expect(f[1]).toContain(`fontfile=${filterPath(files.font)}:textfile=/w/title.txt:fontsize=48:fontcolor=white:expansion=none`);
    expect(f[1]).toContain("alpha='if(lt(t\\,2.5)\\,1\\,(3-t)/0.5)'");
    expect(f[2]).toContain('textfile=/w/date.txt:fontsize=24');
    expect(f[3]).toContain('textfile=/w/c0.txt:fontsize=22:fontcolor=white:expansion=none');
    expect(f[3]).toContain('box=1:boxcolor=black@0.5');
    expect(f[3]).toContain("enable='gte(t\\,3)'");
  });

  it('draws only the caption on later clips, for the whole clip', () => {
    const f = drawFilters(plan, 1, { font: '/f.ttf', caption: '/w/c1.txt' });
    expect(f).toHaveLength(1);
    expect(f[0]).not.toContain('enable');
    expect(drawFilters(plan, 1, { font: '/f.ttf' })).toEqual([]);
  });

  it('draws only with drawtext and a font', () => {
    expect(canDraw({ drawtext: true }, '/f.ttc')).toBe(true);
    expect(canDraw({ drawtext: true }, undefined)).toBe(false);
    expect(canDraw({ drawtext: false }, '/f.ttc')).toBe(false);
  });
});
