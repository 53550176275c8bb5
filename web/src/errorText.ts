// Every error the SPA shows is a sentence in the page's language, chosen by the server's
// extensions.code (and extensions.field): the server's own text is English and may carry ids,
// so it is never shown as is.
import { readError } from './gqlErrors.ts';
import type { Dict } from './i18n.tsx';

/** The label the page uses for a createVlog input field. */
export function fieldLabel(field: string, t: Dict): string {
  const labels: Record<string, string> = {
    title: t.title,
    musicId: t.music,
    musicStart: t.windowStart,
    musicEnd: t.windowEnd,
    musicVolume: t.volume,
    musicFade: t.fade,
    resolution: t.resolution,
    aspect: t.aspect,
    maxDuration: t.targetLength,
    transition: t.transition,
    date: t.dateInput,
  };
  return labels[field] ?? field;
}

/** The sentence for a field the server refused. */
export function fieldSentence(field: string, t: Dict): string {
  if (field === 'eventIds' || field === 'clips') return t.errEvents;
  if (field === 'id') return t.errStale;
  return t.errField(fieldLabel(field, t));
}

/** One sentence for any error of a query or mutation. */
export function errorSentence(error: unknown, t: Dict): string {
  const r = readError(error);
  if (r.network) return t.networkError;
  const field = Object.keys(r.fields)[0];
  if (r.codes.includes('UNAUTHENTICATED')) return t.errSignedOut;
  if (r.codes.includes('NOT_FOUND')) return t.errNotFound;
  if (r.codes.includes('FORBIDDEN')) return t.errForbidden;
  if (r.codes.includes('CONFLICT')) return t.errConflict;
  if (r.codes.includes('RATE_LIMITED')) {
    if (r.limit !== undefined) return t.tooManyActiveVlogs(r.limit);
    return t.loginRateLimited(r.retryAfter ?? 60);
  }
  if (r.codes.includes('BAD_USER_INPUT') && field) return fieldSentence(field, t);
  return t.errUnexpected;
}

/** Field errors of a createVlog answer, each as the page's sentence. */
export function localizedFields(error: unknown, t: Dict): Record<string, string> {
  const r = readError(error);
  return Object.fromEntries(Object.keys(r.fields).map((f) => [f, fieldSentence(f, t)]));
}
