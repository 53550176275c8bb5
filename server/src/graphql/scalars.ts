// Date: a local calendar date (YYYY-MM-DD, real dates in DATE_RANGE). DateTime: ISO 8601 with an
// offset. Date *arguments* are only required to be short strings here; input-guard.ts checks them
// before any resolver runs, so the error can name the argument (extensions.field).
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { invalidDateMessage, isValidDate } from '../lib/dates.js';

function invalid(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

function parseDate(value: unknown): string {
  if (typeof value !== 'string' || !isValidDate(value)) {
    throw invalid(invalidDateMessage('Date', value));
  }
  return value;
}

/** Arguments: a string of at most this length (the date itself is checked by input-guard.ts). */
const MAX_DATE_INPUT = 32;
function parseDateInput(value: unknown): string {
  if (typeof value !== 'string' || value.length > MAX_DATE_INPUT) throw invalid(invalidDateMessage('Date', value));
  return value;
}

export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  description: "A calendar date in the caller's time zone, YYYY-MM-DD.",
  serialize: (value) => {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    return parseDate(value);
  },
  parseValue: parseDateInput,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw invalid('Date must be a string YYYY-MM-DD');
    return parseDateInput(ast.value);
  },
});

const DATETIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function parseDateTime(value: unknown): Date {
  if (typeof value !== 'string' || !DATETIME_RE.test(value) || Number.isNaN(Date.parse(value))) {
    throw invalid(`DateTime must be ISO 8601 with an offset, got ${JSON.stringify(value)}`);
  }
  return new Date(value);
}

export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description: 'An instant, ISO 8601 with offset.',
  serialize: (value) => {
    if (value instanceof Date) return value.toISOString();
    if (typeof value === 'string') return parseDateTime(value).toISOString();
    throw new TypeError(`DateTime cannot represent ${JSON.stringify(value)}`);
  },
  parseValue: parseDateTime,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw invalid('DateTime must be a string');
    return parseDateTime(ast.value);
  },
});
