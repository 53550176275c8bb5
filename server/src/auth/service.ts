// Accounts and sessions. A session token is 32 random bytes; only its SHA-256 is stored.
import crypto from 'node:crypto';
import type { Prisma } from '../db/database.js';
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
 * polling) costs one database read, not one each. A logout or profile change here clears its
 * entries at once; on another API process a revoked token lives at most this long.
 */
const SESSION_CACHE_MS = 5000;
const SESSION_CACHE_SIZE = 10_000;
/** Longer names cannot exist (users.username is VARCHAR(64)); longer passwords only cost hashing time. */
const MAX_USERNAME = 64;
const MAX_PASSWORD = 1024;

export class AuthService {
  private readonly sessions = new Map<string, { user: User; expiresAt: number; until: number }>();
  private readonly throttle: LoginThrottle;

  constructor(
    private readonly prisma: Prisma,
    private readonly sessionDays: number,
    throttle: ThrottleLimits,
  ) {
    this.throttle = new LoginThrottle(prisma, throttle);
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
    if (!token || token.length > 200) return null;
    const hash = tokenHash(token);
    const now = Date.now();
    const cached = this.sessions.get(hash);
    if (cached && cached.until > now) return cached.expiresAt > now ? cached.user : null;
    const session = await this.prisma.session.findUnique({ where: { tokenHash: hash }, include: { user: true } });
    if (!session || session.expiresAt.getTime() <= now) {
      this.sessions.delete(hash);
      return null;
    }
    if (this.sessions.size >= SESSION_CACHE_SIZE) this.sessions.clear();
    this.sessions.set(hash, { user: session.user, expiresAt: session.expiresAt.getTime(), until: now + SESSION_CACHE_MS });
    return session.user;
  }

  async logout(token: string | undefined): Promise<void> {
    if (!token) return;
    this.sessions.delete(tokenHash(token));
    await this.prisma.session.deleteMany({ where: { tokenHash: tokenHash(token) } });
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
