// Errors are typed once here, thrown by services, and mapped once to GraphQL errors
// (extensions.code, and extensions.field for bad input) in graphql/errors.ts.
export type ErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'CONFLICT';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'AppError';
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

export function conflict(message: string, field?: string): AppError {
  return new AppError('CONFLICT', message, field);
}
