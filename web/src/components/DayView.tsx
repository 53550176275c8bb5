// One day: its vlog as the hero (or the live progress of every one being made, each with its own
// cancel), the Generate vlog button, the timeline of its events with the AI's picks, its diary,
// and its earlier vlogs. A render that was canceled or failed stays at the top, where its
// progress was, with Retry and Delete. The dialog's work lives in sessionStorage (draftStore)
// and the open dialog is a history entry, so Back closes it instead of leaving the day.
import { skipToken, useApolloClient, useQuery } from '@apollo/client/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { loadDraft, saveDraft } from '../domain/draftStore.ts';
import { formatDateLong } from '../domain/format.ts';
import { isActive } from '../domain/progress.ts';
import type { SelectionLimits } from '../domain/selection.ts';
import { type DurationLimits, editState, type SettingsState } from '../domain/settings.ts';
import type { VlogCardFragment } from '../gql/graphql.ts';
import { errorSentence } from '../errorText.ts';
import { useI18n } from '../i18n.tsx';
import { DayQuery, DaysQuery, RecommendQuery } from '../operations.ts';
import { type RecommendationMap, toRecommendationMap } from './EventSelectionStep.tsx';
import { GenerateWizard } from './GenerateWizard.tsx';
import { ProgressPanel } from './ProgressPanel.tsx';
import { Timeline } from './Timeline.tsx';
import { VlogView } from './VlogView.tsx';
import { AutoVlogNotice } from './AutoVlogNotice.tsx';

export interface DayViewProps {
  date: string;
  timeZone: string;
  limits: SelectionLimits & DurationLimits;
}

/** How often the day is read again while one of its renders is active. */
const ACTIVE_POLL_MS = 8000;

/** How many AI picks the timeline highlights: about a third of the day, at least 3. */
export function highlightCount(events: number): number {
  return Math.min(events, Math.max(3, Math.ceil(events / 3)));
}

export function DayView({ date, timeZone, limits }: DayViewProps) {
  const { t, locale } = useI18n();
  const client = useApolloClient();
  const day = useQuery(DayQuery, { variables: { date }, fetchPolicy: 'cache-and-network' });
  const events = day.data?.eventsByDate ?? [];
  const eventsLoaded = !!day.data;
  const highlight = useQuery(
    RecommendQuery,
    eventsLoaded && events.length > 0 ? { variables: { date, limit: highlightCount(events.length) }, fetchPolicy: 'cache-first' } : skipToken,
  );
  const [picked, setPicked] = useState<RecommendationMap | null>(null);
  const [selected, setSelected] = useState<Set<string>>(() => new Set(loadDraft(date).selected));
  const [wizardOpen, setWizardOpen] = useState(() => loadDraft(date).open);
  /** Set when the wizard makes a new version of a finished vlog. */
  const [editFrom, setEditFrom] = useState<SettingsState | null>(null);
  const [autoplayId, setAutoplayId] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const generateRef = useRef<HTMLButtonElement>(null);

  useEffect(() => saveDraft(date, { selected: [...selected] }), [date, selected]);

  // The open dialog is a history entry: Back closes it (and Forward opens it again).
  const inWizardEntry = () => (window.history.state as { wizard?: string } | null)?.wizard === date;
  const openWizard = useCallback(() => {
    setWizardOpen(true);
    saveDraft(date, { open: true });
    if (!inWizardEntry()) window.history.pushState({ ...((window.history.state as object | null) ?? {}), wizard: date }, '', window.location.href);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [date]);
  const closeWizard = () => {
    setWizardOpen(false);
    setEditFrom(null);
    saveDraft(date, { open: false });
    if (inWizardEntry()) window.history.back();
  };
  /** A new version of a finished vlog: the wizard starts from its events and settings. */
  const edit = (v: VlogCardFragment) => {
    setSelected(new Set(v.segments.flatMap((seg) => (seg.event ? [seg.event.id] : []))));
    setEditFrom(editState(v));
    openWizard();
  };
  useEffect(() => {
    // A dialog restored after a reload or a sign-in gets its history entry back.
    if (wizardOpen && !inWizardEntry()) openWizard();
    const onPop = () => {
      const open = inWizardEntry();
      setWizardOpen(open);
      saveDraft(date, { open });
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [date]);

  const timelinePicks = useMemo<RecommendationMap | null>(() => {
    if (picked) return picked;
    const recs = highlight.data?.recommendEvents;
    return recs ? toRecommendationMap(recs.map((r) => ({ eventId: r.event.id, reasons: r.reasons }))) : null;
  }, [picked, highlight.data]);

  // Another tab may have started, finished or deleted a vlog: look again when this tab is back.
  useEffect(() => {
    const refresh = () => {
      if (document.visibilityState === 'visible') void client.refetchQueries({ include: [DayQuery, DaysQuery] });
    };
    document.addEventListener('visibilitychange', refresh);
    window.addEventListener('focus', refresh);
    return () => {
      document.removeEventListener('visibilitychange', refresh);
      window.removeEventListener('focus', refresh);
    };
  }, [client]);

  const vlogs = day.data?.vlogs.nodes ?? [];
  const byDate = day.data?.vlogByDate ?? null;
  // Every render of the day that is queued or running (two tabs may each have started one).
  const actives = vlogs.filter((v) => isActive(v.status));
  if (byDate && isActive(byDate.status) && !actives.some((v) => v.id === byDate.id)) actives.unshift(byDate);
  const activeIds = new Set(actives.map((v) => v.id));
  // The newest finished attempt, when it was canceled or failed, stays where its progress was.
  const latest = vlogs.find((v) => !activeIds.has(v.id)) ?? null;
  const outcome = latest && (latest.status === 'CANCELED' || latest.status === 'FAILED') ? latest : null;
  const completed = byDate?.status === 'COMPLETED' ? byDate : (vlogs.find((v) => v.status === 'COMPLETED') ?? null);
  const hero = completed && completed.id !== outcome?.id ? completed : null;
  const older = vlogs.filter((v) => v.id !== hero?.id && v.id !== outcome?.id && !activeIds.has(v.id));
  const rendering = actives.length > 0;
  const noEvents = eventsLoaded && events.length === 0;
  const generateBlocked = rendering ? 'generate-disabled-reason' : noEvents ? 'generate-no-events' : undefined;

  // While something renders, look again now and then: another tab (or app) may start a render
  // of this day too, and this page shows every one of them.
  const { startPolling, stopPolling } = day;
  useEffect(() => {
    if (!rendering) return;
    startPolling(ACTIVE_POLL_MS);
    return () => stopPolling();
  }, [rendering, startPolling, stopPolling]);

  const dayError = day.error && !day.data ? day.error : null;
  const refetchDay = () => void client.refetchQueries({ include: [DayQuery, DaysQuery] });

  return (
    <div className="day">
      <section className="day-hero" aria-labelledby="day-heading">
        <div className="day-title-row">
          <div>
            <p className="eyebrow">{date}</p>
            <h1 id="day-heading">{formatDateLong(date, locale)}</h1>
          </div>
          <div className="generate">
            <button
              ref={generateRef}
              type="button"
              className="button primary large"
              disabled={rendering || !eventsLoaded || noEvents}
              aria-describedby={generateBlocked}
              onClick={() => {
                setEditFrom(null);
                openWizard();
              }}
              data-testid="generate-vlog"
            >
              <svg className="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                <rect x="2.5" y="5" width="13" height="14" rx="2.5" fill="none" stroke="currentColor" strokeWidth="2" />
                <path d="M15.5 10.2 21.5 7v10l-6-3.2z" fill="currentColor" />
              </svg>
              {t.generateVlog}
            </button>
          </div>
        </div>
        {rendering && (
          <p id="generate-disabled-reason" className="muted">
            {t.generateDisabledRendering}
            {actives.length > 1 && ` ${t.activeRenders(actives.length)}`}
          </p>
        )}
        {noEvents && (
          <p id="generate-no-events" className="muted" data-testid="no-events">
            {t.generateDisabledNoEvents}
          </p>
        )}
        {notice && (
          <p className="notice" role="status" data-testid="day-notice">
            {notice}
          </p>
        )}

        {dayError && (
          <div className="notice error" role="alert">
            <p>{errorSentence(dayError, t)}</p>
            <button type="button" className="button secondary" onClick={() => void day.refetch()}>
              {t.retry}
            </button>
          </div>
        )}
        <AutoVlogNotice date={date} />
        {!eventsLoaded && !dayError && (
          <p className="loading-line" role="status">
            {t.loading}
          </p>
        )}

        {actives.map((active) => (
          <ProgressPanel
            key={active.id}
            vlog={active}
            onTerminal={(p) => {
              // Focus follows the outcome: the player, or "Canceled / Failed — Retry / Delete".
              setAutoplayId(active.id);
              refetchDay();
            }}
            onGone={setNotice}
          />
        ))}
        {outcome && <VlogView key={outcome.id} vlog={outcome} timeZone={timeZone} hero takeFocus={autoplayId === outcome.id} onGone={setNotice} />}
        {hero ? (
          <VlogView
            key={hero.id}
            vlog={hero}
            timeZone={timeZone}
            hero
            autoPlay={autoplayId === hero.id}
            onGone={setNotice}
            onEdit={rendering ? undefined : () => edit(hero)}
          />
        ) : (
          !rendering &&
          !outcome &&
          eventsLoaded && (
            <div className="empty-hero card">
              <div className="empty-hero-art" aria-hidden="true">
                <svg viewBox="0 0 24 24" className="icon" focusable="false">
                  <rect x="3" y="4" width="18" height="17" rx="2.5" fill="none" stroke="currentColor" strokeWidth="1.8" />
                  <path d="M3 9h18M8 2.5v3M16 2.5v3" stroke="currentColor" strokeWidth="1.8" fill="none" />
                </svg>
              </div>
              <h2>{noEvents ? t.noEventsDay : t.noVlogYet}</h2>
              {!noEvents && <p className="muted">{t.noVlogHint}</p>}
            </div>
          )
        )}
      </section>

      {eventsLoaded && !noEvents && (
        <section className="card" aria-labelledby="timeline-heading">
          <h2 id="timeline-heading">{t.timeline}</h2>
          <Timeline events={events} timeZone={timeZone} recommendations={timelinePicks} />
        </section>
      )}

      {day.data?.diary?.content && (
        <section className="card diary" aria-labelledby="diary-heading">
          <h2 id="diary-heading">{t.diary}</h2>
          <p>{day.data.diary.content}</p>
        </section>
      )}

      {older.length > 0 && (
        <section className="card" aria-labelledby="older-heading">
          <h2 id="older-heading">{t.olderVlogs}</h2>
          <ul className="vlog-list">
            {older.map((v) => (
              <li key={v.id}>
                <VlogView vlog={v} timeZone={timeZone} onGone={setNotice} onEdit={rendering ? undefined : () => edit(v)} />
              </li>
            ))}
          </ul>
        </section>
      )}

      {wizardOpen && (
        <GenerateWizard
          date={date}
          timeZone={timeZone}
          events={events}
          eventsLoading={!eventsLoaded}
          limits={limits}
          selected={selected}
          onSelectedChange={setSelected}
          recommendations={picked}
          onRecommendations={setPicked}
          onClose={closeWizard}
          onCreated={() => {
            // A new dialog starts at step 1 with fresh settings and a new idempotency key; the
            // ticked events stay ticked, as before.
            saveDraft(date, { step: 1, settings: null, idempotencyKey: null, clips: {} });
            closeWizard();
          }}
          initialSettings={editFrom ?? undefined}
          fallbackFocus={() => {
            const h = document.querySelector<HTMLElement>('[data-testid="progress-panel"] h2');
            h?.setAttribute('tabindex', '-1');
            return h ?? generateRef.current;
          }}
        />
      )}
    </div>
  );
}
