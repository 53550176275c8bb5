// Accounts and sessions. A session token is 32 random bytes; only its SHA-256 is stored.
import crypto from 'node:crypto';
import type { Prisma } from '../db/database.js';
import type { User } from '../generated/prisma/client.js';
import { AppError, badInput } from '../lib/errors.js';
import { isValidTimeZone } from '../lib/dates.js';
import { verifyPassword } from './password.js';

export const LOCALES = ['zh-TW', 'en'] as const;

function tokenHash(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

export class AuthService {
  constructor(
    private readonly prisma: Prisma,
    private readonly sessionDays: number,
  ) {}

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
    if (!token || token.length > 200) return null;
    const session = await this.prisma.session.findUnique({ where: { tokenHash: tokenHash(token) }, include: { user: true } });
    if (!session || session.expiresAt.getTime() <= Date.now()) return null;
    return session.user;
  }

  async logout(token: string | undefined): Promise<void> {
    if (token) await this.prisma.session.deleteMany({ where: { tokenHash: tokenHash(token) } });
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
    return this.prisma.user.update({ where: { id: userId }, data });
  }
}
