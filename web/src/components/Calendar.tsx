// A month calendar fed by `days`: days with events stand out (with their count and the state
// of their vlog); any day can be opened.
import { useEffect, useMemo, useState } from 'react';
import { formatMonth } from '../domain/format.ts';
import { useI18n } from '../i18n.tsx';

export interface DayInfo {
  date: string;
  eventCount: number;
  vlogStatus?: string | null;
}

export interface CalendarProps {
  days: readonly DayInfo[];
  selected: string;
  today: string;
  onSelect: (date: string) => void;
}

function ym(date: string): { y: number; m: number } {
  return { y: Number(date.slice(0, 4)), m: Number(date.slice(5, 7)) - 1 };
}
function iso(y: number, m: number, d: number): string {
  return `${y}-${String(m + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function Calendar({ days, selected, today, onSelect }: CalendarProps) {
  const { t, locale } = useI18n();
  const [month, setMonth] = useState(() => ym(selected));
  useEffect(() => setMonth(ym(selected)), [selected]);
  const byDate = useMemo(() => new Map(days.map((d) => [d.date, d])), [days]);

  const first = new Date(Date.UTC(month.y, month.m, 1));
  const lead = first.getUTCDay();
  const count = new Date(Date.UTC(month.y, month.m + 1, 0)).getUTCDate();
  const cells: (number | null)[] = [...Array.from({ length: lead }, () => null), ...Array.from({ length: count }, (_, i) => i + 1)];
  while (cells.length % 7) cells.push(null);
  const weeks: (number | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));

  const shift = (delta: number) => {
    const d = new Date(Date.UTC(month.y, month.m + delta, 1));
    setMonth({ y: d.getUTCFullYear(), m: d.getUTCMonth() });
  };
  const monthLabel = formatMonth(month.y, month.m, locale);

  return (
    <section className="calendar card" aria-labelledby="calendar-heading">
      <div className="calendar-head">
        <button type="button" className="icon-button" onClick={() => shift(-1)} aria-label={t.previousMonth}>
          <span aria-hidden="true">‹</span>
        </button>
        <h2 id="calendar-heading" aria-live="polite">
          <span className="visually-hidden">{t.calendar}: </span>
          {monthLabel}
        </h2>
        <button type="button" className="icon-button" onClick={() => shift(1)} aria-label={t.nextMonth}>
          <span aria-hidden="true">›</span>
        </button>
      </div>
      <table className="calendar-grid">
        <thead>
          <tr>
            {t.weekdaysShort.map((w) => (
              <th key={w} scope="col" abbr={w}>
                {w}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week, wi) => (
            <tr key={wi}>
              {week.map((d, di) => {
                if (d === null) return <td key={di} />;
                const date = iso(month.y, month.m, d);
                const info = byDate.get(date);
                const n = info?.eventCount ?? 0;
                const status = info?.vlogStatus ?? null;
                const cls = ['day', n > 0 ? 'has-events' : 'empty', date === selected ? 'selected' : '', date === today ? 'today' : '', status ? `vlog-${status.toLowerCase()}` : '']
                  .filter(Boolean)
                  .join(' ');
                return (
                  <td key={di}>
                    <button
                      type="button"
                      className={cls}
                      aria-current={date === selected ? 'date' : undefined}
                      aria-label={t.dayButtonLabel(date, n, status ? t.vlogStatus[status] ?? status : null)}
                      onClick={() => onSelect(date)}
                      data-date={date}
                    >
                      <span className="day-number">{d}</span>
                      {n > 0 && <span className="day-dot" aria-hidden="true" />}
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {days.length > 0 ? (
        <div className="recent-days">
          <h3 className="subheading">{t.recentDays}</h3>
          <ul>
            {days.slice(0, 6).map((d) => (
              <li key={d.date}>
                <button type="button" className={`recent-day${d.date === selected ? ' selected' : ''}`} aria-current={d.date === selected ? 'date' : undefined} onClick={() => onSelect(d.date)}>
                  <span>{d.date}</span>
                  <span className="muted">{t.eventsCount(d.eventCount)}</span>
                  {d.vlogStatus && <span className={`status-chip small ${d.vlogStatus.toLowerCase()}`}>{t.vlogStatus[d.vlogStatus] ?? d.vlogStatus}</span>}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="muted">{t.noDays}</p>
      )}
    </section>
  );
}
