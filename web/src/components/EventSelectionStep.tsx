// Step 1 of Generate vlog: tick the day's events by hand (手動勾選) or let the AI recommend
// them (AI推薦, replacing the selection), then Next (下一步) once the minimum is reached.
import { useId, useState } from 'react';
import type { ClipTrim } from '../domain/draftStore.ts';
import { localTime } from '../domain/format.ts';
import { type SelectionLimits, clampRecommendLimit, recommendLimitRange, selectionBlock } from '../domain/selection.ts';
import type { RecommendationBasis } from '../gql/graphql.ts';
import { useI18n } from '../i18n.tsx';
import { ClipPlayer } from './ClipPlayer.tsx';

export interface EventItem {
  id: string;
  startTime?: string | null;
  duration?: number | null;
  action?: string | null;
  scene?: string | null;
  summary?: string | null;
  thumbnailUrl?: string | null;
  recording?: { thumbnailUrl?: string | null; url?: string | null; startTime?: string | null; duration?: number | null } | null;
}

export interface Recommendation {
  eventId: string;
  reasons: readonly string[];
  score?: number;
  /** DIARY / QUERY: a real match; HIGHLIGHTS: one of the day's highlights, not a match. */
  basis?: RecommendationBasis;
}

type RecommendOutcome =
  { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; n: number; matched: number; byQuery: boolean } | { kind: 'error'; message: string };

/** Per event: its place in the AI's list (1-based) and why. */
export type RecommendationMap = ReadonlyMap<string, { rank: number; reasons: readonly string[] }>;

export function toRecommendationMap(recs: readonly Recommendation[]): Map<string, { rank: number; reasons: readonly string[] }> {
  return new Map(recs.map((r, i) => [r.eventId, { rank: i + 1, reasons: r.reasons }]));
}

export interface EventSelectionStepProps {
  titleId: string;
  events: readonly EventItem[];
  timeZone: string;
  limits: SelectionLimits;
  selected: ReadonlySet<string>;
  onSelectedChange: (next: Set<string>) => void;
  recommendations: RecommendationMap | null;
  onRecommendations: (map: RecommendationMap | null) => void;
  recommend: (limit: number, query: string | null) => Promise<Recommendation[]>;
  onNext: () => void;
  onCancel: () => void;
  /** A server error about the selection (createVlog's eventIds / date). */
  serverError?: string | null;
  loading?: boolean;
  /** Trims (in / out points inside events), by event id. */
  clips?: Readonly<Record<string, ClipTrim>>;
  onClipsChange?: (clips: Record<string, ClipTrim>) => void;
}

/** What the AI did, truthfully: matches, matches and highlights, or only highlights. */
function recommendOutcome(t: ReturnType<typeof useI18n>['t'], r: Extract<RecommendOutcome, { kind: 'done' }>): string {
  if (r.n === 0) return t.recommendEmpty;
  if (r.matched === 0) return r.byQuery ? t.recommendNoMatchQuery : t.recommendNoMatchDiary;
  if (r.matched < r.n) return t.recommendPartly(r.matched, r.n - r.matched);
  return t.recommendDone(r.n);
}

export function EventSelectionStep(props: EventSelectionStepProps) {
  const { titleId, events, timeZone, limits, selected, onSelectedChange, recommendations, onNext, onCancel, serverError, loading, clips, onClipsChange } =
    props;
  const { t } = useI18n();
  const id = useId();
  const total = events.length;
  const [watching, setWatching] = useState<string | null>(null);

  const count = events.filter((e) => selected.has(e.id)).length;
  const block = loading ? null : selectionBlock(limits, total, count);
  const reasonId = `${id}-reason`;

  const toggle = (eventId: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(eventId);
    else next.delete(eventId);
    onSelectedChange(next);
  };

  const trimChange = (eventId: string) =>
    onClipsChange
      ? (trim: ClipTrim | null) => {
          const { [eventId]: _old, ...rest } = clips ?? {};
          onClipsChange(trim ? { ...rest, [eventId]: trim } : rest);
        }
      : undefined;

  return (
    <div className="wizard-step">
      <header className="wizard-header">
        <p className="eyebrow">{t.stepOf(1, 2)}</p>
        <h2 id={titleId}>{t.selectEvents}</h2>
        <p className="muted">{t.selectIntro}</p>
      </header>

      <div className="wizard-body">
        {loading ? (
          <p className="loading-line" role="status">
            {t.loading}
          </p>
        ) : total === 0 ? (
          <p className="empty-state" role="status">
            {t.noEventsDay}
          </p>
        ) : (
          <>
            <RecommendBox id={id} {...props} />

            <div className="select-toolbar">
              <span className="toolbar-label">{t.manualPick}</span>
              <button type="button" className="button secondary small" onClick={() => onSelectedChange(new Set(events.map((e) => e.id)))}>
                {t.selectAll}
              </button>
              <button type="button" className="button secondary small" onClick={() => onSelectedChange(new Set())}>
                {t.selectNone}
              </button>
              <output className="counter" aria-live="polite" data-testid="selected-count">
                {t.selectedCount(count, total)}
              </output>
            </div>

            <ul className="event-list" aria-label={t.selectEvents}>
              {events.map((e) => (
                <EventRow
                  key={e.id}
                  event={e}
                  idPrefix={id}
                  timeZone={timeZone}
                  rec={recommendations?.get(e.id)}
                  checked={selected.has(e.id)}
                  onToggle={(on) => toggle(e.id, on)}
                  watching={watching === e.id}
                  onWatch={() => setWatching(watching === e.id ? null : e.id)}
                  trim={clips?.[e.id] ?? null}
                  onTrimChange={trimChange(e.id)}
                />
              ))}
            </ul>
          </>
        )}
      </div>

      <SelectionFooter reasonId={reasonId} block={block} serverError={serverError} loading={loading} onCancel={onCancel} onNext={onNext} />
    </div>
  );
}

/** AI推薦: how many and what to look for; its picks replace the selection. */
function RecommendBox(props: { id: string } & Pick<EventSelectionStepProps, 'events' | 'limits' | 'recommend' | 'onSelectedChange' | 'onRecommendations'>) {
  const { id, events, limits, recommend, onSelectedChange, onRecommendations } = props;
  const { t } = useI18n();
  const total = events.length;
  const range = recommendLimitRange(limits, total);
  const [limitText, setLimitText] = useState(() => String(range.min));
  const [query, setQuery] = useState('');
  const [recState, setRecState] = useState<RecommendOutcome>({ kind: 'idle' });

  const runRecommend = async () => {
    const limit = clampRecommendLimit(limitText.trim() === '' ? null : Number(limitText), limits, total);
    setLimitText(String(limit));
    setRecState({ kind: 'busy' });
    try {
      const recs = await recommend(limit, query.trim() || null);
      const dayIds = new Set(events.map((e) => e.id));
      const picked = recs.filter((r) => dayIds.has(r.eventId));
      // The AI's picks replace whatever was ticked before.
      onSelectedChange(new Set(picked.map((r) => r.eventId)));
      onRecommendations(toRecommendationMap(picked));
      const matched = picked.filter((r) => r.basis !== 'HIGHLIGHTS').length;
      setRecState({ kind: 'done', n: picked.length, matched, byQuery: !!query.trim() });
    } catch (e) {
      setRecState({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  };

  return (
    <section className="recommend-box" aria-labelledby={`${id}-ai`}>
      <h3 id={`${id}-ai`} className="visually-hidden">
        {t.aiRecommend}
      </h3>
      <div className="recommend-fields">
        <label className="field compact">
          <span className="field-label">{t.recommendLimit}</span>
          <input
            type="number"
            inputMode="numeric"
            min={range.min}
            max={range.max}
            step={1}
            value={limitText}
            onChange={(e) => setLimitText(e.target.value)}
            aria-describedby={`${id}-limit-hint`}
          />
          <span id={`${id}-limit-hint`} className="field-hint">
            {t.recommendLimitHint(range.min, range.max)}
          </span>
        </label>
        <label className="field grow">
          <span className="field-label">{t.recommendQuery}</span>
          <input type="text" value={query} onChange={(e) => setQuery(e.target.value)} aria-describedby={`${id}-query-hint`} />
          <span id={`${id}-query-hint`} className="field-hint">
            {t.recommendQueryHint}
          </span>
        </label>
        <button type="button" className="button accent" onClick={runRecommend} disabled={recState.kind === 'busy'}>
          <span aria-hidden="true">✦ </span>
          {t.aiRecommend}
        </button>
      </div>
      <p className={`status-line${recState.kind === 'error' ? ' error' : ''}`} role="status" aria-live="polite" data-testid="recommend-status">
        {recState.kind === 'busy' && t.recommending}
        {recState.kind === 'done' && recommendOutcome(t, recState)}
        {recState.kind === 'error' && t.recommendFailed(recState.message)}
      </p>
    </section>
  );
}

interface EventRowProps {
  event: EventItem;
  idPrefix: string;
  timeZone: string;
  rec: { rank: number; reasons: readonly string[] } | undefined;
  checked: boolean;
  onToggle: (on: boolean) => void;
  watching: boolean;
  onWatch: () => void;
  trim: ClipTrim | null;
  onTrimChange?: (trim: ClipTrim | null) => void;
}

/** One event: its checkbox, thumbnail, time, what happened, the AI's reasons, and its player. */
function EventRow({ event: e, idPrefix: id, timeZone, rec, checked, onToggle, watching, onWatch, trim, onTrimChange }: EventRowProps) {
  const { t, length } = useI18n();
  const time = localTime(e.startTime, timeZone);
  const thumb = e.thumbnailUrl ?? e.recording?.thumbnailUrl ?? null;
  const what = [e.action, e.scene].filter(Boolean).join(' · ');
  return (
    <li className={`event-row${checked ? ' checked' : ''}${rec ? ' recommended' : ''}`}>
      <label>
        <input
          type="checkbox"
          checked={checked}
          onChange={(ev) => onToggle(ev.target.checked)}
          aria-label={t.selectEventLabel(time, what || e.summary || '')}
          data-event-id={e.id}
        />
        <span className="thumb">
          {thumb ? <img src={thumb} alt="" loading="lazy" decoding="async" /> : <span className="thumb-empty">{t.noThumbnail}</span>}
        </span>
        <span className="event-text">
          <span className="event-meta">
            <span className="event-time">{time}</span>
            <span className="event-duration">{length(e.duration)}</span>
            {rec && (
              <span className="badge recommend">
                ★ {t.recommended} {t.rank(rec.rank)}
              </span>
            )}
          </span>
          <span className="event-what">
            {e.action && <strong>{e.action}</strong>}
            {e.scene && <span className="event-scene">{e.scene}</span>}
          </span>
          <span className="event-summary">{e.summary || t.noSummary}</span>
          {rec && rec.reasons.length > 0 && (
            <span className="reasons">
              <span className="reasons-label">{t.reasonsLabel}</span>
              {rec.reasons.map((r) => (
                <span key={r} className="chip">
                  {r}
                </span>
              ))}
            </span>
          )}
        </span>
      </label>
      <button
        type="button"
        className="button secondary small watch-button"
        aria-expanded={watching}
        aria-controls={`${id}-watch-${e.id}`}
        onClick={onWatch}
        aria-label={watching ? t.closePlayer : t.watchEvent(time, what || e.summary || '')}
        data-testid="watch-event"
      >
        <span aria-hidden="true">{watching ? '✕' : '▶'}</span> {watching ? t.closePlayer : t.watch}
        {trim && <span className="chip trimmed">✂</span>}
      </button>
      <div id={`${id}-watch-${e.id}`} className="event-watch" hidden={!watching}>
        {watching && <ClipPlayer event={e} timeZone={timeZone} autoFocus trim={trim} onTrimChange={onTrimChange} />}
      </div>
    </li>
  );
}

/** Why Next is blocked (or the server's complaint about the selection), Cancel and Next. */
function SelectionFooter(
  props: { reasonId: string; block: ReturnType<typeof selectionBlock> } & Pick<EventSelectionStepProps, 'serverError' | 'loading' | 'onCancel' | 'onNext'>,
) {
  const { reasonId, block, serverError, loading, onCancel, onNext } = props;
  const { t } = useI18n();
  return (
    <footer className="wizard-footer">
      <div className="footer-messages">
        {serverError && (
          <p className="field-error" role="alert">
            {serverError}
          </p>
        )}
        {block && (
          <p id={reasonId} className="block-reason" data-testid="next-reason">
            {t.block(block)}
          </p>
        )}
      </div>
      <div className="button-row">
        <button type="button" className="button secondary" onClick={onCancel}>
          {t.cancel}
        </button>
        <button type="button" className="button primary" disabled={!!block || loading} aria-describedby={block ? reasonId : undefined} onClick={onNext}>
          {t.next}
        </button>
      </div>
    </footer>
  );
}
