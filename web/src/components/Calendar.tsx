// A month calendar fed by `days`: days with events stand out (with their count and the state
// of their vlog); any day can be opened. The grid is one tab stop (roving tabindex): arrows move
// by a day or a week, Home / End to the week's ends, Page Up / Page Down by a month.
import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
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

/** Where a key moves the focused day of the calendar grid; null for keys it doesn't handle. */
export function calendarKeyTarget(date: string, key: string): string | null {
  const d = new Date(`${date}T00:00:00Z`);
  const addDays = (n: number) => {
    d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
  };
  const addMonths = (n: number) => {
    const day = d.getUTCDate();
    const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1));
    const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
    target.setUTCDate(Math.min(day, last));
    return target.toISOString().slice(0, 10);
  };
  switch (key) {
    case 'ArrowLeft': return addDays(-1);
    case 'ArrowRight': return addDays(1);
    case 'ArrowUp': return addDays(-7);
    case 'ArrowDown': return addDays(7);
    case 'Home': return addDays(-d.getUTCDay());
    case 'End': return addDays(6 - d.getUTCDay());
    case 'PageUp': return addMonths(-1);
    case 'PageDown': return addMonths(1);
    default: return null;
  }
}

/** The month's days as weeks of seven, Sunday first, padded with nulls. */
function monthWeeks(month: { y: number; m: number }): (number | null)[][] {
  const first = new Date(Date.UTC(month.y, month.m, 1));
  const lead = first.getUTCDay();
  const count = new Date(Date.UTC(month.y, month.m + 1, 0)).getUTCDate();
  const cells: (number | null)[] = [...Array.from({ length: lead }, () => null), ...Array.from({ length: count }, (_, i) => i + 1)];
  while (cells.length % 7) cells.push(null);
  const weeks: (number | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

export function Calendar({ days, selected, today, onSelect }: CalendarProps) {
  const { t, locale } = useI18n();
  const [month, setMonth] = useState(() => ym(selected));
  const [focusDate, setFocusDate] = useState(selected);
  const moveFocus = useRef(false);
  const gridRef = useRef<HTMLTableElement>(null);
  useEffect(() => {
    setMonth(ym(selected));
    setFocusDate(selected);
  }, [selected]);
  useEffect(() => {
    if (!moveFocus.current) return;
    moveFocus.current = false;
    gridRef.current?.querySelector<HTMLElement>(`[data-date="${focusDate}"]`)?.focus();
  }, [focusDate, month]);
  const byDate = useMemo(() => new Map(days.map((d) => [d.date, d])), [days]);
  const weeks = monthWeeks(month);

  const shift = (delta: number) => {
    const d = new Date(Date.UTC(month.y, month.m + delta, 1));
    setMonth({ y: d.getUTCFullYear(), m: d.getUTCMonth() });
    setFocusDate(iso(d.getUTCFullYear(), d.getUTCMonth(), 1));
  };
  // The one tab stop: the focused day if it is in the month shown, else the month's first day.
  const tabDate = ym(focusDate).y === month.y && ym(focusDate).m === month.m ? focusDate : iso(month.y, month.m, 1);
  const onGridKey = (e: KeyboardEvent<HTMLTableElement>) => {
    const next = calendarKeyTarget(tabDate, e.key);
    if (!next) return;
    e.preventDefault();
    moveFocus.current = true;
    setFocusDate(next);
    setMonth(ym(next));
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
      <table className="calendar-grid" role="grid" aria-labelledby="calendar-heading" ref={gridRef} onKeyDown={onGridKey}>
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
              {week.map((d, di) =>
                d === null ? (
                  <td key={di} role="gridcell" />
                ) : (
                  <DayCell
                    key={di}
                    day={d}
                    date={iso(month.y, month.m, d)}
                    info={byDate.get(iso(month.y, month.m, d))}
                    selected={selected}
                    today={today}
                    tabDate={tabDate}
                    onOpen={(date) => {
                      setFocusDate(date);
                      onSelect(date);
                    }}
                  />
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <RecentDays days={days} selected={selected} onSelect={onSelect} />
    </section>
  );
}

/** One day of the grid: its number, a dot when it has events, and a full name for screen readers. */
function DayCell(props: {
  day: number;
  date: string;
  info: DayInfo | undefined;
  selected: string;
  today: string;
  tabDate: string;
  onOpen: (date: string) => void;
}) {
  const { day: d, date, info, selected, today, tabDate, onOpen } = props;
  const { t } = useI18n();
  const n = info?.eventCount ?? 0;
  const status = info?.vlogStatus ?? null;
  const cls = [
    'day',
    n > 0 ? 'has-events' : 'empty',
    date === selected ? 'selected' : '',
    date === today ? 'today' : '',
    status ? `vlog-${status.toLowerCase()}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <td role="gridcell">
      <button
        type="button"
        className={cls}
        aria-current={date === selected ? 'date' : undefined}
        tabIndex={date === tabDate ? 0 : -1}
        onClick={() => onOpen(date)}
        data-date={date}
      >
        {/* The name starts with the visible number (WCAG 2.5.3), then says the rest. */}
        <span className="day-number">{d}</span>
        <span className="visually-hidden"> {t.dayButtonLabel(date, n, status ? (t.vlogStatus[status] ?? status) : null)}</span>
        {n > 0 && <span className="day-dot" aria-hidden="true" />}
      </button>
    </td>
  );
}

/** The newest days with events, as shortcuts below the grid. */
function RecentDays({ days, selected, onSelect }: Pick<CalendarProps, 'days' | 'selected' | 'onSelect'>) {
  const { t } = useI18n();
  return days.length > 0 ? (
    <div className="recent-days">
      <h3 className="subheading">{t.recentDays}</h3>
      <ul>
        {days.slice(0, 6).map((d) => (
          <li key={d.date}>
            <button
              type="button"
              className={`recent-day${d.date === selected ? ' selected' : ''}`}
              aria-current={d.date === selected ? 'date' : undefined}
              onClick={() => onSelect(d.date)}
            >
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
  );
}
