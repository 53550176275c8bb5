// The day as a timeline: a 24-hour strip showing the shape of the day, then the events as
// thumbnails grouped under their hour. AI picks carry a ★ and the words that matched.
import { useState } from 'react';
import { localHourFraction, localTime } from '../domain/format.ts';
import { useI18n } from '../i18n.tsx';
import { ClipPlayer } from './ClipPlayer.tsx';
import type { EventItem, RecommendationMap } from './EventSelectionStep.tsx';

export interface TimelineProps {
  events: readonly EventItem[];
  timeZone: string;
  recommendations: RecommendationMap | null;
}

export function Timeline({ events, timeZone, recommendations }: TimelineProps) {
  const { t, length } = useI18n();
  const [open, setOpen] = useState<string | null>(null);
  if (events.length === 0) {
    return <p className="empty-state">{t.noEventsDay}</p>;
  }
  const groups = new Map<number, EventItem[]>();
  for (const e of events) {
    const h = Math.floor(localHourFraction(e.startTime, timeZone) ?? 0);
    const list = groups.get(h) ?? [];
    list.push(e);
    groups.set(h, list);
  }
  const first = events[0];
  const last = events[events.length - 1];

  return (
    <div className="timeline">
      <p className="muted">
        {t.timelineSummary(events.length, localTime(first?.startTime, timeZone), localTime(last?.startTime, timeZone))}
      </p>
      <div className="day-strip" aria-hidden="true">
        {[0, 3, 6, 9, 12, 15, 18, 21, 24].map((h) => (
          <span key={h} className={`strip-tick${h === 0 ? ' first' : h === 24 ? ' last' : ''}`} style={{ left: `${(h / 24) * 100}%` }}>
            <span>{String(h).padStart(2, '0')}</span>
          </span>
        ))}
        {events.map((e) => {
          const h = localHourFraction(e.startTime, timeZone) ?? 0;
          const w = Math.max(0.35, ((e.duration ?? 0) / 3600 / 24) * 100);
          return <span key={e.id} className={`strip-mark${recommendations?.has(e.id) ? ' recommended' : ''}`} style={{ left: `${(h / 24) * 100}%`, width: `${w}%` }} />;
        })}
      </div>
      {recommendations && recommendations.size > 0 && <p className="legend">{t.recommendedLegend}</p>}
      <ol className="hours">
        {[...groups.entries()].map(([hour, list]) => (
          <li key={hour} className="hour">
            <h3 className="hour-label">{t.hourLabel(String(hour).padStart(2, '0'))}</h3>
            <ul className="moments">
              {list.map((e) => {
                const rec = recommendations?.get(e.id);
                const thumb = e.thumbnailUrl ?? e.recording?.thumbnailUrl ?? null;
                const expanded = open === e.id;
                const detailsId = `moment-${e.id}`;
                return (
                  <li key={e.id} className={`moment${rec ? ' recommended' : ''}`}>
                    <button type="button" className="moment-button" aria-expanded={expanded} aria-controls={detailsId} onClick={() => setOpen(expanded ? null : e.id)}>
                      <span className="thumb">
                        {thumb ? <img src={thumb} alt="" loading="lazy" decoding="async" /> : <span className="thumb-empty">{t.noThumbnail}</span>}
                        {rec && (
                          <span className="badge recommend on-thumb">
                            ★ <span className="visually-hidden">{t.recommended} </span>
                            {rec.rank}
                          </span>
                        )}
                      </span>
                      <span className="moment-time">{localTime(e.startTime, timeZone)}</span>
                      <span className="moment-what">{e.action || e.summary || '—'}</span>
                    </button>
                    {rec && rec.reasons.length > 0 && (
                      <p className="reasons">
                        <span className="visually-hidden">{t.recommendedBecause(rec.reasons.join(', '))}</span>
                        {rec.reasons.slice(0, 3).map((r) => (
                          <span key={r} className="chip" aria-hidden="true">
                            {r}
                          </span>
                        ))}
                      </p>
                    )}
                    <div id={detailsId} className="moment-details" hidden={!expanded}>
                      {expanded && <ClipPlayer event={e} timeZone={timeZone} />}
                      <p>{e.summary || t.noSummary}</p>
                      <p className="muted">
                        {[e.scene, length(e.duration)].filter(Boolean).join(' · ')}
                      </p>
                    </div>
                  </li>
                );
              })}
            </ul>
          </li>
        ))}
      </ol>
    </div>
  );
}
