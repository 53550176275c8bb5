// One day: its vlog as the hero (or the live progress of every one being made, each with its own
// cancel), the Generate vlog button, the timeline of its events with the AI's picks, its diary,
// and its earlier vlogs. A render that was canceled or failed stays at the top, where its
// progress was, with Retry and Delete. The dialog's work lives in sessionStorage (draftStore)
// and the open dialog is a history entry, so Back closes it instead of leaving the day.
import type { ApolloClient } from '@apollo/client';
import { skipToken, useApolloClient, useQuery } from '@apollo/client/react';
import { type RefObject, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { loadDraft, saveDraft } from '../domain/draftStore.ts';
import { formatDateLong } from '../domain/format.ts';
import { isActive } from '../domain/progress.ts';
import type { SelectionLimits } from '../domain/selection.ts';
import { type SettingsLimits, editState, type SettingsState } from '../domain/settings.ts';
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
  limits: SelectionLimits & SettingsLimits;
}

/** How often the day is read again while one of its renders is active. */
const ACTIVE_POLL_MS = 8000;

/** How many AI picks the timeline highlights: about a third of the day, at least 3. */
export function highlightCount(events: number): number {
  return Math.min(events, Math.max(3, Math.ceil(events / 3)));
}

/** The dialog's state (kept in draftStore) and its history entry: Back closes it, Forward opens it again. */
function useGenerateDialog(date: string) {
  const [selected, setSelected] = useState<Set<string>>(() => new Set(loadDraft(date).selected));
  const [wizardOpen, setWizardOpen] = useState(() => loadDraft(date).open);
  /** Set when the wizard makes a new version of a finished vlog. */
  const [editFrom, setEditFrom] = useState<SettingsState | null>(null);

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

  return {
    selected,
    setSelected,
    wizardOpen,
    editFrom,
    setEditFrom,
    openWizard,
    closeWizard,
    edit,
  };
}

/** Another tab may have started, finished or deleted a vlog: look again when this tab is back. */
function useRefreshOnReturn(client: ApolloClient) {
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
}

/** Where each vlog of the day goes: live progress, the failed/canceled outcome, the hero, the older ones. */
function arrangeVlogs<V extends Pick<VlogCardFragment, 'id' | 'status'>>(vlogs: readonly V[], byDate: V | null) {
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
  return { actives, outcome, hero, older };
}

/** The events the timeline highlights: the ones picked in the dialog, else the recommender's top third. */
function useTimelinePicks(date: string, eventCount: number, picked: RecommendationMap | null): RecommendationMap | null {
  const highlight = useQuery(
    RecommendQuery,
    eventCount > 0 ? { variables: { date, limit: highlightCount(eventCount) }, fetchPolicy: 'cache-first' } : skipToken,
  );
  return useMemo<RecommendationMap | null>(() => {
    if (picked) return picked;
    const recs = highlight.data?.recommendEvents;
    return recs ? toRecommendationMap(recs.map((r) => ({ eventId: r.event.id, reasons: r.reasons }))) : null;
  }, [picked, highlight.data]);
}

/** While something renders, look again now and then: another tab (or app) may start a render
 *  of this day too, and this page shows every one of them. */
function usePollWhileRendering(rendering: boolean, startPolling: (ms: number) => void, stopPolling: () => void) {
  useEffect(() => {
    if (!rendering) return;
    startPolling(ACTIVE_POLL_MS);
    return () => stopPolling();
  }, [rendering, startPolling, stopPolling]);
}

export function DayView({ date, timeZone, limits }: DayViewProps) {
  const { t } = useI18n();
  const client = useApolloClient();
  const day = useQuery(DayQuery, { variables: { date }, fetchPolicy: 'cache-and-network' });
  const events = day.data?.eventsByDate ?? [];
  const eventsLoaded = !!day.data;
  const [picked, setPicked] = useState<RecommendationMap | null>(null);
  const dialog = useGenerateDialog(date);
  const { edit, openWizard, setEditFrom } = dialog;
  const [autoplayId, setAutoplayId] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const generateRef = useRef<HTMLButtonElement>(null);

  const timelinePicks = useTimelinePicks(date, eventsLoaded ? events.length : 0, picked);

  useRefreshOnReturn(client);

  const { actives, outcome, hero, older } = arrangeVlogs(day.data?.vlogs.nodes ?? [], day.data?.vlogByDate ?? null);
  const rendering = actives.length > 0;
  const noEvents = eventsLoaded && events.length === 0;
  usePollWhileRendering(rendering, day.startPolling, day.stopPolling);

  const dayError = day.error && !day.data ? day.error : null;
  const refetchDay = () => void client.refetchQueries({ include: [DayQuery, DaysQuery] });

  return (
    <div className="day">
      <section className="day-hero" aria-labelledby="day-heading">
        <DayHeading
          date={date}
          generateRef={generateRef}
          rendering={rendering}
          activeCount={actives.length}
          eventsLoaded={eventsLoaded}
          noEvents={noEvents}
          onGenerate={() => {
            setEditFrom(null);
            openWizard();
          }}
        />
        <DayStatus date={date} notice={notice} dayError={dayError} eventsLoaded={eventsLoaded} onRetry={() => void day.refetch()} />

        <DayVlogs
          actives={actives}
          outcome={outcome}
          hero={hero}
          showEmpty={!rendering && eventsLoaded}
          noEvents={noEvents}
          timeZone={timeZone}
          autoplayId={autoplayId}
          onTerminal={(id) => {
            // Focus follows the outcome: the player, or "Canceled / Failed — Retry / Delete".
            setAutoplayId(id);
            refetchDay();
          }}
          onGone={setNotice}
          onEdit={rendering ? undefined : edit}
        />
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

      {older.length > 0 && <OlderVlogs vlogs={older} timeZone={timeZone} onGone={setNotice} onEdit={rendering ? undefined : edit} />}

      {dialog.wizardOpen && (
        <DayWizard
          date={date}
          timeZone={timeZone}
          events={events}
          eventsLoading={!eventsLoaded}
          limits={limits}
          dialog={dialog}
          recommendations={picked}
          onRecommendations={setPicked}
          generateRef={generateRef}
        />
      )}
    </div>
  );
}

/** The date, the Generate vlog button and why it is disabled, if it is. */
function DayHeading(props: {
  date: string;
  generateRef: RefObject<HTMLButtonElement | null>;
  rendering: boolean;
  activeCount: number;
  eventsLoaded: boolean;
  noEvents: boolean;
  onGenerate: () => void;
}) {
  const { date, generateRef, rendering, activeCount, eventsLoaded, noEvents, onGenerate } = props;
  const { t, locale } = useI18n();
  const generateBlocked = rendering ? 'generate-disabled-reason' : noEvents ? 'generate-no-events' : undefined;
  return (
    <>
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
            onClick={onGenerate}
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
          {activeCount > 1 && ` ${t.activeRenders(activeCount)}`}
        </p>
      )}
      {noEvents && (
        <p id="generate-no-events" className="muted" data-testid="no-events">
          {t.generateDisabledNoEvents}
        </p>
      )}
    </>
  );
}

/** No vlog yet (or no events at all) for this day. */
function EmptyHero({ noEvents }: { noEvents: boolean }) {
  const { t } = useI18n();
  return (
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
  );
}

/** A notice from a vlog that went away, the day's load error with Retry, the auto-vlog notice, loading. */
function DayStatus(props: {
  date: string;
  notice: string | null;
  dayError: Parameters<typeof errorSentence>[0] | null;
  eventsLoaded: boolean;
  onRetry: () => void;
}) {
  const { date, notice, dayError, eventsLoaded, onRetry } = props;
  const { t } = useI18n();
  return (
    <>
      {notice && (
        <p className="notice" role="status" data-testid="day-notice">
          {notice}
        </p>
      )}

      {dayError && (
        <div className="notice error" role="alert">
          <p>{errorSentence(dayError, t)}</p>
          <button type="button" className="button secondary" onClick={onRetry}>
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
    </>
  );
}

/** The day's earlier vlogs, each with Edit while nothing renders. */
function OlderVlogs(props: { vlogs: readonly VlogCardFragment[]; timeZone: string; onGone: (notice: string) => void; onEdit?: (v: VlogCardFragment) => void }) {
  const { vlogs, timeZone, onGone, onEdit } = props;
  const { t } = useI18n();
  return (
    <section className="card" aria-labelledby="older-heading">
      <h2 id="older-heading">{t.olderVlogs}</h2>
      <ul className="vlog-list">
        {vlogs.map((v) => (
          <li key={v.id}>
            <VlogView vlog={v} timeZone={timeZone} onGone={onGone} onEdit={onEdit && (() => onEdit(v))} />
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The day's renders in progress, a canceled or failed last attempt, and the finished vlog (or an empty card). */
function DayVlogs(props: {
  actives: readonly VlogCardFragment[];
  outcome: VlogCardFragment | null;
  hero: VlogCardFragment | null;
  /** Nothing renders and the events are loaded: an empty card stands in for a missing hero. */
  showEmpty: boolean;
  noEvents: boolean;
  timeZone: string;
  autoplayId: string | null;
  onTerminal: (vlogId: string) => void;
  onGone: (notice: string) => void;
  onEdit?: (v: VlogCardFragment) => void;
}) {
  const { actives, outcome, hero, showEmpty, noEvents, timeZone, autoplayId, onTerminal, onGone, onEdit } = props;
  return (
    <>
      {actives.map((active) => (
        <ProgressPanel key={active.id} vlog={active} onTerminal={() => onTerminal(active.id)} onGone={onGone} />
      ))}
      {outcome && <VlogView key={outcome.id} vlog={outcome} timeZone={timeZone} hero takeFocus={autoplayId === outcome.id} onGone={onGone} />}
      {hero ? (
        <VlogView
          key={hero.id}
          vlog={hero}
          timeZone={timeZone}
          hero
          autoPlay={autoplayId === hero.id}
          onGone={onGone}
          onEdit={onEdit && (() => onEdit(hero))}
        />
      ) : (
        showEmpty && !outcome && <EmptyHero noEvents={noEvents} />
      )}
    </>
  );
}

type DayWizardProps = Pick<DayViewProps, 'date' | 'timeZone' | 'limits'> &
  Pick<Parameters<typeof GenerateWizard>[0], 'events' | 'eventsLoading' | 'recommendations' | 'onRecommendations'> & {
    dialog: ReturnType<typeof useGenerateDialog>;
    generateRef: RefObject<HTMLButtonElement | null>;
  };

/** The Generate vlog dialog; after a vlog is created, the next one starts at step 1 again. */
function DayWizard({ date, timeZone, events, eventsLoading, limits, dialog, recommendations, onRecommendations, generateRef }: DayWizardProps) {
  return (
    <GenerateWizard
      date={date}
      timeZone={timeZone}
      events={events}
      eventsLoading={eventsLoading}
      limits={limits}
      selected={dialog.selected}
      onSelectedChange={dialog.setSelected}
      recommendations={recommendations}
      onRecommendations={onRecommendations}
      onClose={dialog.closeWizard}
      onCreated={() => {
        // A new dialog starts at step 1 with fresh settings and a new idempotency key; the
        // ticked events stay ticked, as before.
        saveDraft(date, {
          step: 1,
          settings: null,
          idempotencyKey: null,
          clips: {},
        });
        dialog.closeWizard();
      }}
      initialSettings={dialog.editFrom ?? undefined}
      fallbackFocus={() => {
        const h = document.querySelector<HTMLElement>('[data-testid="progress-panel"] h2');
        h?.setAttribute('tabindex', '-1');
        return h ?? generateRef.current;
      }}
    />
  );
}
