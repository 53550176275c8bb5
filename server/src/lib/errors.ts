// Errors are typed once here, thrown by services, and mapped once to GraphQL errors
// (extensions.code, and extensions.field for bad input) in graphql/errors.ts.
export type ErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'UNAUTHENTICATED' | 'RATE_LIMITED';

export class AppError extends Error {
  /**
   * graphql-js copies an original error's `extensions` onto the GraphQLError it wraps it in;
   * Apollo turns `extensions.http` into the response's status and headers (and drops it).
   */
  readonly extensions?: { http: { status: number; headers: Map<string, string> } };

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    /** Extra machine-readable facts for the client, e.g. { retryAfter: 30 }. */
    readonly details?: Record<string, string | number>,
    http?: { status: number; headers?: Record<string, string> },
  ) {
    super(message);
    this.name = 'AppError';
    if (http) this.extensions = { http: { status: http.status, headers: new Map(Object.entries(http.headers ?? {})) } };
  }
}

/** Bad input; `field` names the argument or input field at fault (e.g. "musicEnd"). */
export function badInput(field: string, message: string): AppError {
  return new AppError('BAD_USER_INPUT', message, field);
}

/** Missing — and, on purpose, also another user's: ids never reveal that they exist. */
export function notFound(what: string, id?: string): AppError {
  return new AppError('NOT_FOUND', id ? `${what} ${id} was not found` : `${what} was not found`);
}

export function unauthenticated(): AppError {
  return new AppError('UNAUTHENTICATED', 'sign in first: no valid session token was given');
}

/** Too many attempts: retry after `seconds` (HTTP 429 with Retry-After where HTTP applies). */
export function rateLimited(message: string, seconds: number): AppError {
  const retryAfter = Math.max(1, Math.ceil(seconds));
  return new AppError('RATE_LIMITED', message, undefined, { retryAfter }, { status: 429, headers: { 'retry-after': String(retryAfter) } });
}
