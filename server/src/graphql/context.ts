// What every resolver gets: the caller (or null), the services, and how to reach the caller
// with URLs and cookies. Built per HTTP request and per WebSocket subscription.
import type { User } from '../generated/prisma/client.js';
import type { Services } from '../services.js';
import { unauthenticated } from '../lib/errors.js';
import { createLoaders, type Loaders } from './loaders.js';

export interface GraphQLContext {
  user: User | null;
  token: string | undefined;
  services: Services;
  /** This operation's batched per-row lookups (graphql/loaders.ts). */
  loaders: Loaders;
  /** Origin for absolute media URLs, e.g. http://127.0.0.1:4000. */
  origin: string;
  /** The caller's network address (for sign-in throttling), when the transport knows it. */
  client?: string;
  /** Only over HTTP: sets or clears the session cookie. */
  setSessionCookie?(token: string, expiresAt: Date): void;
  clearSessionCookie?(): void;
}

export function requireUser(ctx: GraphQLContext): User {
  if (!ctx.user) throw unauthenticated();
  return ctx.user;
}

/** A context for one operation: its own loaders, so nothing cached outlives it or crosses callers. */
export function operationContext(base: Omit<GraphQLContext, 'loaders'>): GraphQLContext {
  return { ...base, loaders: createLoaders(base.services, base.user) };
}
