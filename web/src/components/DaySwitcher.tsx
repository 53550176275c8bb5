// The day switcher at the top of every screen size: previous day, a date picker, next day.
// (The month calendar stays in the sidebar on wide screens and below the day on phones.)
import { isIsoDate, shiftDate } from '../domain/format.ts';
import { useI18n } from '../i18n.tsx';

export function DaySwitcher({ date, onSelect }: { date: string; onSelect: (date: string) => void }) {
  const { t } = useI18n();
  return (
    <nav className="day-switcher" aria-label={t.daySwitcher}>
      <button type="button" className="icon-button" onClick={() => onSelect(shiftDate(date, -1))} aria-label={t.previousDay} data-testid="previous-day">
        <span aria-hidden="true">‹</span>
      </button>
      <label className="day-switcher-date">
        <span className="visually-hidden">{t.dateInput}</span>
        <input
          type="date"
          value={date}
          required
          onChange={(e) => {
            if (isIsoDate(e.target.value)) onSelect(e.target.value);
          }}
          data-testid="date-input"
        />
      </label>
      <button type="button" className="icon-button" onClick={() => onSelect(shiftDate(date, 1))} aria-label={t.nextDay} data-testid="next-day">
        <span aria-hidden="true">›</span>
      </button>
    </nav>
  );
}
