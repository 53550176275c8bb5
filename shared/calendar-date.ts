// The one calendar-date rule, for the server (server/src/lib/dates.ts: what the API and the
// importer accept) and the SPA (web/src/domain/format.ts: dates in its URL and date picker).
// Pure and without imports, so both take it as it is: the server through tsx, the SPA through
// Vite (which builds files outside web/, and serves the repository in development).

/** YYYY-MM-DD, the parts captured. */
export const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The dates Dayreel accepts anywhere (API, import, SPA): recordings of a life, with room on both
 * sides. Bounded so that every date's next day, local-day range and DATE column stay valid.
 */
export const DATE_RANGE = { min: '1900-01-01', max: '2999-12-31' } as const;

/** A real calendar date in YYYY-MM-DD form within DATE_RANGE (2026-02-30 and 9999-12-31 are rejected). */
export function isValidDate(value: string): boolean {
  const m = DATE_PATTERN.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  const real = t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
  return real && value >= DATE_RANGE.min && value <= DATE_RANGE.max;
}
