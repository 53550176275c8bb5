// Accounts and sessions. A session token is 32 random bytes; only its SHA-256 is stored.
import crypto from 'node:crypto';
import type { Prisma } from '../db/database.js';
import type { EventBus } from '../bus/event-bus.js';
import type { User } from '../generated/prisma/client.js';
import { AppError, badInput, rateLimited } from '../lib/errors.js';
import { isValidTimeZone } from '../lib/dates.js';
import { dummyHash, hashPassword, needsRehash, verifyPassword } from './password.js';
import { attemptKeys, LoginThrottle, type ThrottleLimits } from './throttle.js';

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
/** Longer names cannot exist (users.username is VARCHAR(64)); longer passwords only cost hashing time. */
const MAX_USERNAME = 64;
const MAX_PASSWORD = 1024;

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
  private readonly throttle: LoginThrottle;
  private readonly endedListeners = new Set<(tokenHash: string) => void>();
  private unsubscribe?: () => void;

  constructor(
    private readonly prisma: Prisma,
    private readonly sessionDays: number,
    throttle: ThrottleLimits,
    /** Where logouts are announced to every process (none: this process only). */
    private readonly bus?: EventBus,
  ) {
    this.throttle = new LoginThrottle(prisma, throttle);
  }

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

  /**
   * Signs in, throttled per username and per client address (`client`, when the transport knows
   * it). Known and unknown usernames cost the same scrypt; an old, cheaper hash is upgraded.
   */
  async login(username: string, password: string, client?: string): Promise<{ token: string; expiresAt: Date; user: User }> {
    if (username.length > MAX_USERNAME) throw badInput('username', `username must be at most ${MAX_USERNAME} characters`);
    if (password.length > MAX_PASSWORD) throw badInput('password', `password must be at most ${MAX_PASSWORD} characters`);
    const keys = attemptKeys(username, client);
    const reserved = await this.throttle.reserve(keys);
    if (!reserved.allowed) {
      throw rateLimited(`too many sign-in attempts; try again in ${reserved.retryAfter} s`, reserved.retryAfter);
    }
    const user = await this.prisma.user.findUnique({ where: { username: username.trim() } });
    const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
    // The same message whether the user exists or not.
    if (!user || !ok) {
      await this.throttle.failed(keys);
      throw new AppError('UNAUTHENTICATED', 'wrong username or password');
    }
    await this.throttle.succeeded(keys);
    if (needsRehash(user.passwordHash)) {
      await this.prisma.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password) } });
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

  /** `more`: columns other services validated (the automatic vlog's setting), written in the same update. */
  async updateMe(userId: number, input: { timezone?: string | null; locale?: string | null }, more: object = {}): Promise<User> {
    const data: { timezone?: string; locale?: string } = { ...more };
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
