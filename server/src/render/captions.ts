// Words in the vlog, pure: the opening title card (title, date with a localised weekday) and one
// caption per clip from its event ("09:12 · 在廚房煎蛋做早餐"), as cues on the output clock.
// They reach the viewer two ways:
//   SOFT    a subtitle track in the MP4 (mov_text) and a WebVTT file the web player shows — the
//           browser draws the text, so every script renders;
//   BURNED  drawn into the picture with ffmpeg's drawtext, only where the build has drawtext and
//           a font that covers Traditional Chinese is installed (config CAPTION_FONT; Debian's
//           fonts-wqy-microhei). Without them a BURNED vlog gets the soft track instead.
// The title card is drawn whenever it can be (it is part of the picture), else it is the first cue.
import type { RenderPlan } from './plan.ts';

export const CAPTION_MODES = ['NONE', 'SOFT', 'BURNED'] as const;
export type CaptionMode = (typeof CAPTION_MODES)[number];

/** The words a plan carries, frozen when the vlog is created. */
export interface PlanText {
  /** Title and date line of the opening card; absent without a card. */
  titleCard?: { title: string; date: string };
  captions: CaptionMode;
  /** Caption of each event by id ("09:12 · summary"); events without one get no caption. */
  labels: Record<string, string>;
  /** ISO 639-2 language of the words, for the subtitle track. */
  language: string;
}

export interface Cue {
  start: number;
  end: number;
  text: string;
}

/** Longest caption (characters) kept; longer summaries are cut with an ellipsis. */
export const CAPTION_MAX_CHARS = 80;
/** How long the title card shows, at most (seconds). */
export const TITLE_SECONDS = 3;

/** One line, no control characters, bounded. */
export function cleanText(text: string, max = CAPTION_MAX_CHARS): string {
  // eslint-disable-next-line no-control-regex
  const one = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
  const chars = [...one];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : one;
}

/** A caption from an event's local time and summary (or action, or scene). */
export function captionLabel(time: string, summary: string | null | undefined): string | undefined {
  const words = cleanText(summary ?? '');
  return words ? `${time} · ${words}` : undefined;
}

/** The words of a new vlog, from its settings and events; undefined when it has none. */
export function planText(o: {
  title: string;
  /** YYYY-MM-DD, the vlog's day. */
  date: string;
  timezone: string;
  locale: string;
  titleCard: boolean;
  captions: CaptionMode;
  events: { id: string; startTime: Date; summary?: string | null; action?: string | null; scene?: string | null }[];
}): PlanText | undefined {
  if (!o.titleCard && o.captions === 'NONE') return undefined;
  const zh = o.locale.toLowerCase().startsWith('zh');
  const locale = zh ? 'zh-TW' : 'en-GB';
  // The day itself, not an instant: format its noon in UTC so no timezone moves it.
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone: 'UTC' }).format(new Date(`${o.date}T12:00:00Z`));
  const clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: o.timezone });
  const labels: Record<string, string> = {};
  if (o.captions !== 'NONE') {
    for (const e of o.events) {
      const label = captionLabel(clock.format(e.startTime), e.summary || e.action || e.scene);
      if (label) labels[e.id] = label;
    }
  }
  return {
    ...(o.titleCard ? { titleCard: { title: cleanText(o.title, 200), date } } : {}),
    captions: o.captions,
    labels,
    language: zh ? 'zho' : 'eng',
  };
}

/** Seconds the title card covers: the first clip's own part, at most TITLE_SECONDS. */
export function titleSeconds(plan: Pick<RenderPlan, 'segments' | 'transition' | 'fps'>): number {
  const first = plan.segments[0];
  if (!first) return 0;
  const own = first.frames - (plan.segments.length > 1 ? plan.transition.frames : 0);
  return Math.min(TITLE_SECONDS, own / plan.fps);
}

/**
 * The soft cues: the title card first (unless it is drawn), then each clip's caption from the
 * middle of the crossfade into it to the middle of the crossfade out of it, after the card.
 */
export function captionCues(plan: Pick<RenderPlan, 'segments' | 'transition' | 'fps' | 'totalDuration'>, text: PlanText, opts: { titleDrawn: boolean }): Cue[] {
  const cues: Cue[] = [];
  const card = text.titleCard ? titleSeconds(plan) : 0;
  if (text.titleCard && !opts.titleDrawn && card > 0) {
    cues.push({ start: 0, end: card, text: `${cleanText(text.titleCard.title, 200)}\n${cleanText(text.titleCard.date)}` });
  }
  if (text.captions === 'NONE') return cues;
  const half = plan.transition.frames / 2 / plan.fps;
  const n = plan.segments.length;
  for (const seg of plan.segments) {
    const label = text.labels[seg.eventId];
    if (!label) continue;
    const start = Math.max(card, seg.outputStart + (seg.index > 0 ? half : 0));
    const end = Math.min(plan.totalDuration, seg.outputStart + seg.duration - (seg.index < n - 1 ? half : 0));
    if (end - start >= 0.5) cues.push({ start: round3(start), end: round3(end), text: label });
  }
  return cues;
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;

function vttTime(s: number): string {
  const ms = Math.round(s * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const sec = Math.floor((ms % 60_000) / 1000);
  const pad = (v: number, n = 2) => String(v).padStart(n, '0');
  return `${pad(h)}:${pad(m)}:${pad(sec)}.${pad(ms % 1000, 3)}`;
}

/** A WebVTT file; text is escaped (&, <, >), so it can hold no tag and no cue timing. */
export function webvtt(cues: Cue[]): string {
  const body = cues.map((c, i) => {
    const text = c.text
      .split('\n')
      .map((l) => l.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'))
      .join('\n');
    return `${i + 1}\n${vttTime(c.start)} --> ${vttTime(c.end)}\n${text}\n`;
  });
  return ['WEBVTT', '', ...body].join('\n');
}

/**
 * A path as a value inside a filter graph: escaped for the option parser (\ ' :) and then for
 * the graph parser (\ ' [ ] , ;).
 */
export function filterPath(path: string): string {
  const option = path.replace(/[\\':]/g, '\\$&');
  return option.replace(/[\\'[\],;]/g, '\\$&');
}

/** Rough drawn width of one character in font sizes: CJK and other wide scripts ≈ 1, else ≈ 0.6. */
function charWidth(ch: string): number {
  return /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u.test(ch) ? 1 : 0.6;
}

/**
 * Lines of at most `width` pixels at `size` (drawtext does not wrap): greedy, breaking after a
 * space where there is one, at most `maxLines` lines, the last one cut with an ellipsis.
 */
export function wrapText(text: string, width: number, size: number, maxLines = 2): string {
  const chars = [...text];
  const lines: string[] = [];
  let line: string[] = [];
  let w = 0;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const cw = charWidth(ch) * size;
    if (w + cw > width && line.length > 0) {
      // Break here at a space, else after the line's last space when there is one, else here.
      const space = ch === ' ' ? -1 : line.lastIndexOf(' ');
      const carry = space > 0 ? line.splice(space + 1) : [];
      lines.push(line.join('').trimEnd());
      line = carry;
      w = carry.reduce((a, c) => a + charWidth(c) * size, 0);
      if (lines.length === maxLines) {
        const last = [...lines[maxLines - 1]!];
        lines[maxLines - 1] = `${last.slice(0, Math.max(1, last.length - 1)).join('')}…`;
        return lines.join('\n');
      }
    }
    if (ch === ' ' && line.length === 0) continue; // no line starts with a space
    line.push(ch);
    w += cw;
  }
  if (line.length) lines.push(line.join(''));
  return lines.join('\n');
}

/** Text files a clip's drawn words are read from (drawtext textfile=: no escaping of the words). */
export interface DrawFiles {
  font: string;
  title?: string;
  date?: string;
  caption?: string;
}

/**
 * drawtext filters for one clip: the title card (darkened, title and date, fading out) on the
 * first clip, and the clip's caption at the bottom on a translucent box.
 */
export function drawFilters(plan: Pick<RenderPlan, 'width' | 'height' | 'segments' | 'transition' | 'fps'>, index: number, files: DrawFiles): string[] {
  const { width: W, height: H } = plan;
  const short = Math.min(W, H);
  const sizes = drawSizes(W, H);
  const font = `fontfile=${filterPath(files.font)}`;
  const out: string[] = [];
  if (index === 0 && files.title && files.date) {
    const T = Math.round(titleSeconds(plan) * 1000) / 1000;
    const fade = Math.min(0.5, T / 3);
    const on = `enable='lt(t\\,${T})'`;
    const alpha = `alpha='if(lt(t\\,${T - fade})\\,1\\,(${T}-t)/${fade})'`;
    out.push(`drawbox=x=0:y=0:w=iw:h=ih:color=black@0.45:t=fill:${on}`);
    out.push(`drawtext=${font}:textfile=${filterPath(files.title)}:fontsize=${sizes.title}:fontcolor=white:expansion=none:x=(w-text_w)/2:y=h/2-text_h-${Math.round(short / 40)}:${alpha}:${on}`);
    out.push(`drawtext=${font}:textfile=${filterPath(files.date)}:fontsize=${sizes.date}:fontcolor=white:expansion=none:x=(w-text_w)/2:y=h/2+${Math.round(short / 40)}:${alpha}:${on}`);
  }
  if (files.caption) {
    const size = sizes.caption;
    const after = index === 0 && files.title ? `:enable='gte(t\\,${Math.round(titleSeconds(plan) * 1000) / 1000})'` : '';
    out.push(
      `drawtext=${font}:textfile=${filterPath(files.caption)}:fontsize=${size}:fontcolor=white:expansion=none:line_spacing=${Math.round(size / 4)}:box=1:boxcolor=black@0.5:boxborderw=${Math.round(size / 3)}:x=(w-text_w)/2:y=h-text_h-${Math.round(short / 14)}${after}`,
    );
  }
  return out;
}

/** Font sizes of the drawn words for an output frame (title, date, caption). */
export function drawSizes(W: number, H: number): { title: number; date: number; caption: number; width: number } {
  const short = Math.min(W, H);
  return { title: Math.round(short / 10), date: Math.round(short / 20), caption: Math.round(short / 22), width: Math.round(W * 0.9) };
}

/** Whether the words can be drawn into the picture here. */
export function canDraw(caps: { drawtext: boolean }, font: string | undefined): font is string {
  return caps.drawtext && !!font;
}
