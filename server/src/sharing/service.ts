// Share links: create (validate, then one insert), list the ones that still work, revoke, and
// resolve a token for the public page. Resolution reads the database on every request — no
// cache — so a revocation or an expiry takes effect at once on every API process.
import type { Prisma } from '../db/database.js';
import type { ShareLink, User, Vlog } from '../generated/prisma/client.js';
import { badInput, notFound } from '../lib/errors.js';
import { isUuid, uuidv7 } from '../lib/uuid.js';
import { parseSettings } from '../vlogs/settings.js';
import { shareLinkIdOf, shareToken } from './token.js';

/** Expiry presets the owner chooses from, in days; the first default is 7. */
export const SHARE_EXPIRY_DAYS = [1, 7, 30] as const;
export const DEFAULT_SHARE_EXPIRY_DAYS = 7;
export const MAX_NOTE_LENGTH = 200;
/** Working links per vlog: enough for a family, and a bound on rows per request. */
export const MAX_LINKS_PER_VLOG = 20;
/** Where the public page lives; http/share.ts mounts it. */
export const SHARE_PATH = '/s';

/** A link as the API shows it: the row and its token (the URL needs the request's origin). */
export type ShareLinkView = ShareLink & { token: string };

/** What a working link opens: the vlog's title, date and files, nothing else. */
export interface SharedVlog {
  linkId: string;
  title: string;
  date: Date;
  videoKey: string;
  posterKey: string | null;
  /** The WebVTT captions the renderer stored, when the vlog has any. */
  captionsKey: string | null;
  aspect: string | null;
}

export class SharingService {
  constructor(
    private readonly prisma: Prisma,
    private readonly secret: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private view(link: ShareLink): ShareLinkView {
    return { ...link, token: shareToken(this.secret, link.id) };
  }

  urlOf(link: Pick<ShareLinkView, 'token'>, origin: string): string {
    return `${origin}${SHARE_PATH}/${link.token}`;
  }

  async create(user: User, vlogId: string, expiresInDays?: number | null, note?: string | null): Promise<ShareLinkView> {
    const days = expiresInDays ?? DEFAULT_SHARE_EXPIRY_DAYS;
    if (!(SHARE_EXPIRY_DAYS as readonly number[]).includes(days)) {
      throw badInput('expiresInDays', `expiresInDays must be one of ${SHARE_EXPIRY_DAYS.join(', ')}, got ${days}`);
    }
    const text = note?.trim() || null;
    if (text && text.length > MAX_NOTE_LENGTH) throw badInput('note', `note must be at most ${MAX_NOTE_LENGTH} characters`);
    const vlog = isUuid(vlogId) ? await this.prisma.vlog.findFirst({ where: { id: vlogId, userId: user.id } }) : null;
    if (!vlog) throw notFound('vlog', vlogId);
    if (vlog.status !== 'completed' || !vlog.storageKey) {
      throw badInput('vlogId', `only a finished vlog can be shared; this one is ${vlog.status}`);
    }
    const now = this.now();
    const working = await this.prisma.shareLink.count({ where: { vlogId: vlog.id, expiresAt: { gt: now } } });
    if (working >= MAX_LINKS_PER_VLOG) {
      throw badInput('vlogId', `a vlog can have at most ${MAX_LINKS_PER_VLOG} working links; turn one off first`);
    }
    const [, link] = await this.prisma.$transaction([
      // Expired links of the vlog open nothing any more; they go when a new one is made.
      this.prisma.shareLink.deleteMany({ where: { vlogId: vlog.id, expiresAt: { lte: now } } }),
      this.prisma.shareLink.create({
        data: { id: uuidv7(now.getTime()), vlogId: vlog.id, userId: user.id, note: text, expiresAt: new Date(now.getTime() + days * 86_400_000), createdAt: now },
      }),
    ]);
    return this.view(link);
  }

  /** The vlog's links that still work, newest first. */
  async listForVlog(user: User, vlog: Pick<Vlog, 'id'>): Promise<ShareLinkView[]> {
    return (await this.listForVlogs(user.id, [vlog.id]))[0]!;
  }

  /** Each vlog's links that still work, newest first, in the order of `vlogIds` (one query for a page of vlogs). */
  async listForVlogs(userId: number, vlogIds: readonly string[]): Promise<ShareLinkView[][]> {
    const links = await this.prisma.shareLink.findMany({
      where: { vlogId: { in: [...vlogIds] }, userId, expiresAt: { gt: this.now() } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    });
    const byVlog = new Map<string, ShareLinkView[]>(vlogIds.map((id) => [id, []]));
    for (const l of links) {
      const list = byVlog.get(l.vlogId)!;
      if (list.length < MAX_LINKS_PER_VLOG) list.push(this.view(l));
    }
    return vlogIds.map((id) => byVlog.get(id)!);
  }

  /** Deletes the link; NOT_FOUND for a missing or another user's id (an expired one may still be revoked). */
  async revoke(user: User, id: string): Promise<boolean> {
    const { count } = isUuid(id) ? await this.prisma.shareLink.deleteMany({ where: { id, userId: user.id } }) : { count: 0 };
    if (count === 0) throw notFound('share link', id);
    return true;
  }

  /** What a token opens right now, or null: unknown, forged, revoked, expired, or the vlog is gone. */
  async resolve(token: string): Promise<SharedVlog | null> {
    const id = shareLinkIdOf(this.secret, token);
    if (!id) return null;
    const link = await this.prisma.shareLink.findFirst({
      where: { id, expiresAt: { gt: this.now() } },
      select: { id: true, vlog: { select: { title: true, targetDate: true, status: true, storageKey: true, thumbnailKey: true, settings: true } } },
    });
    const vlog = link?.vlog;
    if (!link || !vlog || vlog.status !== 'completed' || !vlog.storageKey) return null;
    const settings = parseSettings(vlog.settings);
    return {
      linkId: link.id,
      title: vlog.title,
      date: vlog.targetDate,
      videoKey: vlog.storageKey,
      posterKey: vlog.thumbnailKey,
      captionsKey: settings.captions_key ?? null,
      aspect: settings.aspect ?? null,
    };
  }
}
