// Accounts and sessions. A session token is 32 random bytes; only its SHA-256 is stored.
import crypto from 'node:crypto';
import type { Prisma } from '../db/database.js';
import type { EventBus } from '../bus/event-bus.js';
import type { User } from '../generated/prisma/client.js';
import { AppError, badInput } from '../lib/errors.js';
import { isValidTimeZone } from '../lib/dates.js';
import { verifyPassword } from './password.js';

export const LOCALES = ['zh-TW', 'en'] as const;

function tokenHash(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

/**
 * Sessions looked up in the last few seconds, so a burst of requests (a page load, an app
 * polling) costs one database read, not one each. A logout clears its entry on every process
 * at once (SESSION_ENDED_TOPIC on the event bus); a profile change clears this process's entries.
 */
const SESSION_CACHE_MS = 5000;
const SESSION_CACHE_SIZE = 10_000;

/** Event-bus topic announcing a session that ended (logout), so every process forgets it and closes its sockets. */
export const SESSION_ENDED_TOPIC = 'auth:session-ended';

export interface LiveSession {
  user: User;
  /** SHA-256 of the token: how sockets and revocations name a session without holding the token. */
  tokenHash: string;
  expiresAt: number;
}

export class AuthService {
  private readonly sessions = new Map<string, { user: User; expiresAt: number; until: number }>();
  private readonly endedListeners = new Set<(tokenHash: string) => void>();
  private unsubscribe?: () => void;

  constructor(
    private readonly prisma: Prisma,
    private readonly sessionDays: number,
    /** Where logouts are announced to every process (none: this process only). */
    private readonly bus?: EventBus,
  ) {}

  /** Follows logouts made on other processes; call once at start. */
  async listen(): Promise<void> {
    if (!this.bus || this.unsubscribe) return;
    this.unsubscribe = await this.bus.subscribe<{ tokenHash?: unknown }>(SESSION_ENDED_TOPIC, (msg) => {
      if (typeof msg?.tokenHash === 'string') this.ended(msg.tokenHash);
    });
  }

  /** Calls listener with the token hash of every session that ends (here or on another process). */
  onSessionEnded(listener: (tokenHash: string) => void): () => void {
    this.endedListeners.add(listener);
    return () => this.endedListeners.delete(listener);
  }

  private ended(hash: string): void {
    this.sessions.delete(hash);
    for (const listener of [...this.endedListeners]) listener(hash);
  }

  async login(username: string, password: string): Promise<{ token: string; expiresAt: Date; user: User }> {
    const user = await this.prisma.user.findUnique({ where: { username: username.trim() } });
    // The same message whether the user exists or not.
    if (!user || !(await verifyPassword(password, user.passwordHash))) {
      throw new AppError('UNAUTHENTICATED', 'wrong username or password');
    }
    const token = crypto.randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.sessionDays * 86_400_000);
    await this.prisma.session.create({ data: { tokenHash: tokenHash(token), userId: user.id, expiresAt } });
    return { token, expiresAt, user };
  }

  /** The user a token belongs to, or null when it is unknown or expired. */
  async userForToken(token: string | undefined): Promise<User | null> {
    return (await this.sessionForToken(token))?.user ?? null;
  }

  /** The live session of a token, or null when it is unknown or expired. */
  async sessionForToken(token: string | undefined): Promise<LiveSession | null> {
    if (!token || token.length > 200) return null;
    const hash = tokenHash(token);
    const now = Date.now();
    const cached = this.sessions.get(hash);
    if (cached && cached.until > now) return cached.expiresAt > now ? { user: cached.user, tokenHash: hash, expiresAt: cached.expiresAt } : null;
    const session = await this.prisma.session.findUnique({ where: { tokenHash: hash }, include: { user: true } });
    if (!session || session.expiresAt.getTime() <= now) {
      this.sessions.delete(hash);
      return null;
    }
    if (this.sessions.size >= SESSION_CACHE_SIZE) this.sessions.clear();
    const expiresAt = session.expiresAt.getTime();
    this.sessions.set(hash, { user: session.user, expiresAt, until: now + SESSION_CACHE_MS });
    return { user: session.user, tokenHash: hash, expiresAt };
  }

  /** Ends a session everywhere: the row, every process's cache and every socket signed in with it. */
  async logout(token: string | undefined): Promise<void> {
    if (!token) return;
    const hash = tokenHash(token);
    this.sessions.delete(hash);
    await this.prisma.session.deleteMany({ where: { tokenHash: hash } });
    this.ended(hash);
    // Best effort: were the bus down, other processes still drop the session within their 5 s
    // cache and close its sockets at their next operation (they re-check the session).
    await this.bus?.publish(SESSION_ENDED_TOPIC, { tokenHash: hash }).catch(() => {});
  }

  private forgetUser(userId: number): void {
    for (const [hash, entry] of this.sessions) if (entry.user.id === userId) this.sessions.delete(hash);
  }

  async updateMe(userId: number, input: { timezone?: string | null; locale?: string | null }): Promise<User> {
    const data: { timezone?: string; locale?: string } = {};
    if (input.timezone != null) {
      if (!isValidTimeZone(input.timezone)) {
        throw badInput('timezone', `timezone must be an IANA time zone such as Asia/Taipei, got "${input.timezone}"`);
      }
      data.timezone = input.timezone;
    }
    if (input.locale != null) {
      if (!(LOCALES as readonly string[]).includes(input.locale)) {
        throw badInput('locale', `locale must be one of ${LOCALES.join(', ')}, got "${input.locale}"`);
      }
      data.locale = input.locale;
    }
    const user = await this.prisma.user.update({ where: { id: userId }, data });
    this.forgetUser(userId);
    return user;
  }
}
