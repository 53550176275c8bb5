// One day: its vlog as the hero (or the live progress of the one being made), the Generate vlog
// button, the timeline of its events with the AI's picks, its diary, and its earlier vlogs.
import { skipToken, useApolloClient, useQuery } from '@apollo/client/react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { formatDateLong } from '../domain/format.ts';
import { isActive } from '../domain/progress.ts';
import type { SelectionLimits } from '../domain/selection.ts';
import { type DurationLimits, editState, type SettingsState } from '../domain/settings.ts';
import type { VlogCardFragment } from '../gql/graphql.ts';
import { readError } from '../gqlErrors.ts';
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
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const [wizardOpen, setWizardOpen] = useState(false);
  /** Set when the wizard makes a new version of a finished vlog. */
  const [editFrom, setEditFrom] = useState<SettingsState | null>(null);
  const edit = (v: VlogCardFragment) => {
    setSelected(new Set(v.segments.flatMap((s) => (s.event ? [s.event.id] : []))));
    setEditFrom(editState(v));
    setWizardOpen(true);
  };
  const closeWizard = () => {
    setWizardOpen(false);
    setEditFrom(null);
  };
  const [autoplayId, setAutoplayId] = useState<string | null>(null);
  const generateRef = useRef<HTMLButtonElement>(null);

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
  const active = vlogs.find((v) => isActive(v.status)) ?? (byDate && isActive(byDate.status) ? byDate : null);
  const hero = byDate && byDate.id !== active?.id ? byDate : (vlogs.find((v) => v.id !== active?.id && v.status === 'COMPLETED') ?? null);
  const older = vlogs.filter((v) => v.id !== hero?.id && v.id !== active?.id);
  const rendering = !!active;

  const dayError = day.error && !day.data ? readError(day.error) : null;

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
              disabled={rendering || !eventsLoaded}
              aria-describedby={rendering ? 'generate-disabled-reason' : undefined}
              onClick={() => {
                setEditFrom(null);
                setWizardOpen(true);
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
          </p>
        )}

        {dayError && (
          <div className="notice error" role="alert">
            <p>{dayError.network ? t.networkError : t.unexpectedError(dayError.general[0] ?? '')}</p>
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

        {active && (
          <ProgressPanel
            key={active.id}
            vlog={active}
            onTerminal={(p) => {
              if (p.status === 'COMPLETED') setAutoplayId(active.id);
              void client.refetchQueries({ include: [DayQuery, DaysQuery] });
            }}
          />
        )}
        {hero ? (
          <VlogView vlog={hero} timeZone={timeZone} hero autoPlay={autoplayId === hero.id} onEdit={rendering ? undefined : () => edit(hero)} />
        ) : (
          !active &&
          eventsLoaded && (
            <div className="empty-hero card">
              <div className="empty-hero-art" aria-hidden="true">
                <span>▶</span>
              </div>
              <h2>{t.noVlogYet}</h2>
              <p className="muted">{events.length > 0 ? t.noVlogHint : t.noEventsDay}</p>
            </div>
          )
        )}
      </section>

      {eventsLoaded && (
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
                <VlogView vlog={v} timeZone={timeZone} onEdit={rendering ? undefined : () => edit(v)} />
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
          onCreated={closeWizard}
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
